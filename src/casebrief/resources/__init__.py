"""Packaged rules, lexicons and policies, loaded with importlib.resources (never __file__ paths)."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

import yaml

RESOURCES = files("casebrief.resources")
# libyaml's parser (PyYAML's wheels carry it): the same objects for our files, 8x faster, and
# parsing the lexicons was a third of the pipeline's cold build
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def load_yaml(relpath: str) -> Any:
    """Parse one packaged YAML file (cached: resources are read-only)."""
    return yaml.load(RESOURCES.joinpath(relpath).read_text(encoding="utf-8"), Loader=FAST_LOADER)


@cache
def load_lines(relpath: str) -> tuple[str, ...]:
    """Non-comment, non-blank lines of a packaged text file."""
    text = RESOURCES.joinpath(relpath).read_text(encoding="utf-8")
    return tuple(ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#"))
