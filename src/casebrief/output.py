"""Writing what a command produces: one clear error naming the path, never a traceback."""

from __future__ import annotations

import os
from pathlib import Path

from casebrief.errors import CaseError


def check_writable(path: str | Path) -> Path:
    """``path`` as a Path, or :class:`CaseError` E212 when it is a directory or its directory
    does not exist (checked before a command spends time on its work)."""
    path = Path(path)
    if path.is_dir():
        raise CaseError("E212", path=path, reason="it is a directory; give a file name")
    if not path.parent.exists():
        raise CaseError("E212", path=path, reason=f"directory {path.parent} does not exist")
    return path


def write_text(path: str | Path, text: str) -> None:
    """Write ``text`` to ``path`` (UTF-8) through a temporary file, so a failure leaves no half
    file.
    """
    path = check_writable(path)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise CaseError("E212", path=path, reason=exc.strerror or type(exc).__name__) from None
