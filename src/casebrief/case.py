"""A case: the request (case.json) plus its records, read from a directory or one packet file.

Why per-file errors are collected, not raised: one corrupt or encrypted record must not
cost the reviewer the rest of the packet.  Each problem names the file and carries its
code; the brief lists them.  A problem with the case as a whole (a malformed case.json, no
records, a request date that is not a date) is a :class:`~casebrief.errors.CaseError`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from casebrief.case_file import CaseFile, DocumentEntry, read_case_file
from casebrief.documents import Document, split_record
from casebrief.errors import CaseError, RecordError, problem
from casebrief.extract import Record, load_record
from casebrief.lexicon import cue
from casebrief.nlp.dates import find_dates, parse_full_date
from casebrief.timing import Stopwatch

log = logging.getLogger(__name__)
RECORD_SUFFIXES = {".pdf", ".txt", ".md", ".tif", ".tiff", ".png", ".jpg", ".jpeg"}


@dataclass
class Request:
    request_date: date | None = None
    request_type: str = "initial"
    cpt: list[str] = field(default_factory=list)
    icd10: list[str] = field(default_factory=list)
    requesting_provider: str | None = None
    request_date_source: str = "case.json"
    urgency: str = "standard"


@dataclass
class Case:
    case_id: str
    policy_id: str | None
    request: Request
    records: list[Record]
    documents: list[Document]
    problems: list[dict[str, str]] = field(default_factory=list)
    path: Path | None = None


def load_case(
    path: Path | str,
    *,
    request_date: str | None = None,
    policy: str | None = None,
    record_seconds: float = 25.0,
    stopwatch: Stopwatch | None = None,
) -> Case:
    """Read a case directory (or a single packet file) into records and documents.

    ``request_date`` (a full date, YYYY-MM-DD) and ``policy`` override case.json.
    ``record_seconds`` bounds the extraction of one record (later PDF pages are skipped, E006).
    """
    path = Path(path)
    sw = stopwatch or Stopwatch()
    if not path.exists():
        raise CaseError("E205", path=path)
    override = None
    if request_date is not None:
        override = parse_full_date(str(request_date))
        if override is None:
            raise CaseError("E209", value=request_date)
    if path.is_file():
        if path.suffix.lower() not in RECORD_SUFFIXES:
            raise CaseError("E214", path=path)
        meta, base, entries = CaseFile(), path.parent, [DocumentEntry(file=path.name)]
    elif path.is_dir():
        meta = read_case_file(path / "case.json") if (path / "case.json").is_file() else CaseFile()
        base = path
        entries = (
            meta.documents
            if meta.documents
            else [
                DocumentEntry(file=p.name)
                for p in sorted(base.iterdir())
                if p.suffix.lower() in RECORD_SUFFIXES and p.is_file()
            ]
        )
        if not entries:
            raise CaseError("E208", path=path)
    else:
        raise CaseError("E214", path=path)
    problems = [problem("W105", "case.json", field=f) for f in meta.unknown_fields()]
    problems += [problem("W112", "case.json", field=f, value=v) for f, v in meta.unknown_types()]
    records: list[Record] = []
    documents: list[Document] = []
    for entry in entries:
        record = _read_record(base, entry.file, record_seconds, problems, sw)
        if record is None:
            continue
        records.append(record)
        with sw.stage("splitting"):
            docs = split_record(record, first_id=len(documents) + 1)
        if len(docs) == 1:  # what the sender already knows about a record overrides detection
            care = _date_of_care(docs[0], entry.date) if entry.date else None
            if care is not None:
                # the sender indexed the record by the day the chart filed it (a scan, an
                # import); its care was earlier, on the day the record itself states
                docs[0].date = care
                docs[0].date_source = "record (case.json gave the day it was filed)"
            elif entry.date:
                docs[0].date, docs[0].date_source = entry.date, "case.json"
            if entry.doc_type:
                docs[0].type = entry.doc_type
            if entry.title:
                docs[0].title = entry.title
        documents.extend(docs)
    req = meta.request
    request = Request(
        request_date=override or req.request_date,
        request_type=req.request_type,
        cpt=list(req.cpt),
        icd10=list(req.icd10),
        requesting_provider=req.requesting_provider,
        urgency=req.urgency,
        request_date_source="command line" if override else "case.json",
    )
    case_id = meta.case_id or (path.stem if path.is_file() else path.name)
    return Case(
        case_id=case_id,
        policy_id=policy or meta.policy,
        request=request,
        records=records,
        documents=documents,
        problems=problems,
        path=path,
    )


FILING_HEAD_LINES = 12  # a chart's header: patient, media type, scan or import date, who filed it


def _date_of_care(doc: Document, given: date) -> date | None:
    """The record's own date of care when ``given`` (case.json's date for a one-document
    record) is only the day the chart filed it; else None.

    Two ways a record tells it, in its header: it labels ``given`` as the day it was scanned
    or imported ("Media type: Outside Records   Scan date: 10/09/2025") and its text dates
    the care earlier ("Date of evaluation: 03/14/2022"); or it states an earlier original
    date of service ("Encounter date = import date.  Original date of service: 06/23/2025").
    Why: an EHR migration indexes scanned outside records by their scan date and re-imported
    encounters by their import date.  Dated so, a 2022 psychological clearance read as one of
    October 2025 and stood against the evaluation of February 2026 that declined to clear
    (dev17mg-04)."""
    head = doc.text.splitlines()[:FILING_HEAD_LINES]
    original = cue("documents.original_service_date_label")
    for line in head:
        for x in find_dates(line, dmy=doc.day_first):
            if x.precision == "day" and x.value < given and original.search(line[: x.start]):
                return x.value
    if doc.date is None or doc.date >= given:
        return None
    filed = cue("documents.filing_date_label")
    for line in head:
        for x in find_dates(line, dmy=doc.day_first):
            if x.precision == "day" and x.value == given and filed.search(line[: x.start]):
                return doc.date
    return None


def _read_record(
    base: Path, name: str, seconds: float, problems: list[dict[str, str]], sw: Stopwatch
) -> Record | None:
    """One record, or None with its problem noted (missing, unreadable, not a record)."""
    fpath = base / name
    try:
        exists = fpath.is_file()
    except (OSError, ValueError) as exc:  # a name the file system cannot even look up
        problems.append(
            problem("E017", name, reason=getattr(exc, "strerror", None) or type(exc).__name__)
        )
        return None
    if not exists:
        problems.append(problem("E008", name))
        return None
    try:
        with sw.stage("extraction"):
            record = load_record(fpath, name=name, time_budget_s=seconds)
    except RecordError as exc:
        log.warning(
            "record skipped: %s", exc.code
        )  # the code only: file names can carry patient names
        problems.append(exc.as_problem())
        return None
    for code, fields in record.warnings:
        problems.append(problem(code, name, **fields))
    return record
