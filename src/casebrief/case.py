"""A case: the request (case.json) plus its records, read from a directory or one packet file.

Why per-file errors are collected, not raised: one corrupt or encrypted record must not
cost the reviewer the rest of the packet.  Each problem names the file; the brief lists them.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from casebrief.documents import Document, split_record
from casebrief.errors import CaseError, Messages, RecordError
from casebrief.extract import Record, load_record
from casebrief.nlp.dates import parse_date

log = logging.getLogger(__name__)
RECORD_SUFFIXES = {".pdf", ".txt", ".md"}
DOC_TYPES = {"request_form", "office_note", "therapy_note", "imaging_report", "sleep_study", "procedure_note",
             "letter", "fax_cover", "lab", "other"}


@dataclass
class Request:
    request_date: date | None = None
    request_type: str = "initial"
    cpt: list[str] = field(default_factory=list)
    icd10: list[str] = field(default_factory=list)
    requesting_provider: str | None = None
    request_date_source: str = "case.json"


@dataclass
class Case:
    case_id: str
    policy_id: str | None
    request: Request
    records: list[Record]
    documents: list[Document]
    problems: list[dict[str, str]] = field(default_factory=list)
    path: Path | None = None


def _read_case_json(path: Path) -> dict[str, Any]:
    f = path / "case.json"
    if not f.exists():
        return {}
    try:
        return json.loads(f.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise CaseError(Messages.E206.format(path=f, reason=exc.msg)) from None


def load_case(path: Path | str, *, request_date: str | None = None, policy: str | None = None) -> Case:
    """Read a case directory (or a single packet file) into records and documents."""
    path = Path(path)
    if not path.exists():
        raise CaseError(Messages.E205.format(path=path))
    meta: dict[str, Any] = _read_case_json(path) if path.is_dir() else {}
    req_meta = meta.get("request", {}) or {}
    entries: list[dict[str, Any]]
    if path.is_file():
        entries = [{"file": path.name}]
        base = path.parent
    else:
        base = path
        listed = meta.get("documents")
        if listed:
            entries = [{"file": e} if isinstance(e, str) else dict(e) for e in listed]
        else:
            entries = [{"file": p.name} for p in sorted(base.iterdir()) if p.suffix.lower() in RECORD_SUFFIXES and p.is_file()]
        if not entries:
            raise CaseError(Messages.E208.format(path=path))
    records: list[Record] = []
    documents: list[Document] = []
    problems: list[dict[str, str]] = []
    for entry in entries:
        name = entry["file"]
        fpath = base / name
        if not fpath.exists():
            problems.append({"file": name, "severity": "error", "message": Messages.E008.format(file=name)})
            continue
        try:
            record = load_record(fpath, name=name)
        except RecordError as exc:
            log.warning("record skipped: %s", exc)
            problems.append({"file": name, "severity": "error", "message": str(exc)})
            continue
        for w in record.warnings:
            problems.append({"file": name, "severity": "warning", "message": w})
        records.append(record)
        docs = split_record(record, first_id=len(documents) + 1)
        if len(docs) == 1:  # what the sender already knows about a record overrides detection
            if entry.get("date"):
                docs[0].date = parse_date(str(entry["date"])) or docs[0].date
                docs[0].date_source = "case.json"
            if entry.get("type") in DOC_TYPES:
                docs[0].type = entry["type"]
            if entry.get("title"):
                docs[0].title = entry["title"]
        documents.extend(docs)
    req = Request(
        request_date=None,
        request_type=str(req_meta.get("request_type") or "initial").lower(),
        cpt=[str(c) for c in req_meta.get("cpt", []) or []],
        icd10=[str(c) for c in req_meta.get("icd10", []) or []],
        requesting_provider=req_meta.get("requesting_provider"),
    )
    rd = request_date or req_meta.get("request_date")
    if rd:
        req.request_date = parse_date(str(rd))
        if req.request_date is None:
            raise CaseError(Messages.E209.format(value=rd))
        req.request_date_source = "command line" if request_date else "case.json"
    case_id = str(meta.get("case_id") or (path.stem if path.is_file() else path.name))
    return Case(case_id=case_id, policy_id=policy or meta.get("policy"), request=req, records=records,
                documents=documents, problems=problems, path=path)
