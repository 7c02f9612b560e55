"""Shared fixtures: small dated packets briefed by the real pipeline."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from casebrief.policy.engine import FALLBACK_RATIONALE
from casebrief.service import brief_case

Records = dict[str, tuple[str | None, str]]  # file name -> (record date or None, text)


@pytest.fixture(autouse=True, scope="session")
def _ocr_cache_of_this_run(tmp_path_factory):
    """OCR readings of this test run go to its own folder, never the user's cache, so a run
    reads every page itself; a test that needs a cold cache sets its own."""
    import os

    saved = os.environ.get("CASEBRIEF_OCR_CACHE")
    os.environ["CASEBRIEF_OCR_CACHE"] = str(tmp_path_factory.mktemp("ocr-cache"))
    yield
    if saved is None:
        os.environ.pop("CASEBRIEF_OCR_CACHE", None)
    else:
        os.environ["CASEBRIEF_OCR_CACHE"] = saved


def write_packet(
    root: Path,
    policy: str,
    request_date: str,
    records: Records,
    request_type: str = "initial",
    **request: object,
) -> Path:
    """A case directory: the records, and a case.json dating each (an undated one is listed
    without a date)."""
    root.mkdir()
    docs = []
    for name, (day, text) in records.items():
        (root / name).write_text(text)
        docs.append({"file": name, "date": day} if day else {"file": name})
    meta = {
        "case_id": root.name,
        "policy": policy,
        "request": {"request_date": request_date, "request_type": request_type, **request},
        "documents": docs,
    }
    (root / "case.json").write_text(json.dumps(meta))
    return root


@pytest.fixture
def brief_packet(tmp_path: Path) -> Callable[[str, str, Records], dict]:
    """Brief a small packet; returns its criteria by id.  An evaluator that crashed says
    needs_review with the fallback text: that is never a pass, so it fails here."""

    def run(
        policy: str,
        request_date: str,
        records: Records,
        request_type: str = "initial",
        **request: object,
    ) -> dict:
        case = write_packet(
            tmp_path / "case", policy, request_date, records, request_type, **request
        )
        criteria = {c.id: c for c in brief_case(case).criteria}
        assert not [c.id for c in criteria.values() if c.rationale == FALLBACK_RATIONALE]
        return criteria

    return run
