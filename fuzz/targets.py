"""Fuzz targets: bytes in, and nothing but casebrief's own coded errors may come out.

Each target takes one input (``bytes``) the way a user would hand it to casebrief and runs
the public code on it.  A :class:`~casebrief.errors.CasebriefError` (an encrypted PDF, a
malformed case.json) is a correct answer; any other exception is a bug, and so is a run
that outlives its time budget.  The same functions serve three drivers:

* ``fuzz/run.py`` -- coverage-guided fuzzing with atheris (libFuzzer), for CI and for long runs;
* ``tests/test_fuzz.py`` -- every file of ``fuzz/corpus`` and ``fuzz/regressions`` replayed;
* hypothesis property tests in the same test module.

Targets:
  pdf       the bytes as a .pdf record: extraction, document splitting, the language pipeline
  text      the bytes as a .txt record: decoding, splitting, the language pipeline
  case_json the bytes as case.json beside one note: the case contract
  pipeline  the bytes as UTF-8 text of one document: the language pipeline, the case view and
            every evaluator of every bundled policy, called directly (the policy engine's
            guard, which turns an evaluator's exception into needs_review, is bypassed so
            that the fuzzer sees it)
"""

from __future__ import annotations

import tempfile
import time
from datetime import date
from pathlib import Path

from casebrief.errors import CasebriefError

REQUEST_DATE = date(2026, 3, 1)
NOTE = "OFFICE VISIT 02/20/2026\nLow back pain. Naproxen since 12/01/2025. SLR positive.\n"
SECONDS = 20.0  # one input must finish well within this (a hang is a bug too)


class TooSlow(AssertionError):
    """An input ran past its time budget."""


def _nlp_documents(record) -> None:
    from casebrief.documents import split_record
    from casebrief.nlp.pipeline import DocumentCut, process

    deadline = time.monotonic() + SECONDS
    for d in split_record(record, first_id=1):
        try:
            d.doc = process(d.text, d.date or REQUEST_DATE, deadline=deadline)
        except DocumentCut:
            return


def _record(data: bytes, suffix: str) -> None:
    from casebrief.extract import load_record

    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / f"record{suffix}"
        f.write_bytes(data)
        try:
            record = load_record(f, time_budget_s=SECONDS)
        except CasebriefError:
            return
        _nlp_documents(record)


def pdf(data: bytes) -> None:
    _record(data, ".pdf")


def text(data: bytes) -> None:
    _record(data, ".txt")


def case_json(data: bytes) -> None:
    from casebrief.case import load_case

    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "case.json").write_bytes(data)
        (Path(tmp) / "note.txt").write_text(NOTE, encoding="utf-8")
        try:
            load_case(tmp)
        except CasebriefError:
            return


def pipeline(data: bytes) -> None:
    from casebrief.documents import Document
    from casebrief.extract.record import PageSpan, Record
    from casebrief.facts.mentions import CaseView
    from casebrief.facts.summary import case_facts
    from casebrief.nlp.pipeline import process
    from casebrief.policy import list_policies
    from casebrief.policy.evaluators import EVALUATORS, Context

    body = data.decode("utf-8", errors="replace")
    record = Record(file="fuzz.txt", kind="text", text=body, pages=[PageSpan(1, 0, len(body))])
    doc = Document(
        id="d1", record=record, start=0, end=len(body), type="office_note", date=date(2026, 2, 20)
    )
    started = time.monotonic()
    doc.doc = process(doc.text, doc.date)
    view = CaseView([doc], REQUEST_DATE)
    for request_type in ("initial", "continuation"):
        ctx = Context(REQUEST_DATE, request_type)
        for policy in list_policies():
            for c in policy.criteria:
                EVALUATORS[c.evaluator](
                    view, c.params, ctx.for_criterion(c.evaluator, c.rationales)
                )
    case_facts(view)
    if time.monotonic() - started > SECONDS:
        raise TooSlow(f"{len(body)} characters took {time.monotonic() - started:.1f} s")


TARGETS = {"pdf": pdf, "text": text, "case_json": case_json, "pipeline": pipeline}
