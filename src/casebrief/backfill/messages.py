"""The backfill's coded messages (``E3xx``), in the style of :mod:`casebrief.errors`.

Why a code per message: batch operators grep logs and summaries for codes.  A message names
the manifest, its row and column, or the path at fault; never a record's content.
"""

from __future__ import annotations

from typing import Any

from casebrief.errors import CasebriefError


class BackfillMessages:
    E301 = "{path}: source does not exist"
    E302 = (
        "{path}: source is neither a folder of cases nor a manifest "
        "(.csv or .parquet with a 'path' column)"
    )
    E303 = "{path}: {problem}"  # the manifest as a whole
    E304 = "{path}, {row}: {problem}"  # one row of the manifest: "line 5" (CSV), "row 4"
    E305 = "{path}: no case found (no case folder or record file below it)"
    E306 = (
        "casebrief backfill needs {what} ({module} is not installed): "
        "pip install 'casebrief[backfill]'"
    )
    E307 = "{path}: output folder is in use by another backfill (process {pid}); wait for it"
    E308 = "--out {path}: {problem}"
    E309 = "could not start Ray ({reason})"
    E310 = "case ids '{first}' and '{second}' would write the same brief file {name}"
    E312 = "the {engine} workers could not start: {reason}"
    E311 = "--address names a Ray cluster; it needs --engine ray (or auto), not --engine local"
    # recorded against a case (the batch goes on)
    E320 = "briefing did not finish within the case's time limit of {seconds:g} s; it was stopped"
    E321 = "the worker briefing this case died {times} times ({reason}); the case was not briefed"
    E322 = "could not read the case's files to hash them ({reason})"
    E323 = "briefing failed unexpectedly ({error}); please report this case"


def message(code: str, **fields: Any) -> str:
    return getattr(BackfillMessages, code).format(**fields)


class BackfillError(CasebriefError):
    """The backfill as a whole cannot start: a bad source or manifest, a missing extra, an
    output folder in use.  One line, exit status 2 (see :func:`casebrief.cli.main`)."""

    def __init__(self, code: str, **fields: Any) -> None:
        super().__init__(message(code, **fields))
        self.code = code
