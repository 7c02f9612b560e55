"""The page templates (Jinja2, autoescaped) and the filters they use."""

from __future__ import annotations

import datetime as dt
from importlib.resources import files

from fastapi.templating import Jinja2Templates

from casebrief.api.versions import describe

templates = Jinja2Templates(directory=str(files("casebrief.web") / "templates"))


def _when(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


templates.env.filters["when"] = _when
templates.env.filters["changes"] = describe
