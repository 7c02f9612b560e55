"""The lines a note states its own kind of contact and its day on.

Why: the evaluation criteria -- an in-person exam within the window (lumbar MRI), a
face-to-face visit before the sleep test, a re-evaluation between days 31 and 90 of CPAP -- are
decided on what kind of contact a note records and when, and a prior study on the day it was
done.  The rules read that from the note's head
(:func:`~casebrief.policy.evaluators.exams.virtual_visit`,
:func:`~casebrief.policy.evaluators.sleep.remote_contact`) but quoted only the exam elements or
the note's first sentence, often a clinic's name.  A reviewer checks the contact first: "Visit
type: telephone (audio-only).", "OFFICE VISIT (in person)", "DOS 04/30/2026", "Exam date:
05/14/2025".  On our dev sets such a line was a labelled decisive phrase that no shown quote
held about a hundred times.
"""

from __future__ import annotations

from collections.abc import Iterator

from casebrief.documents import Document
from casebrief.facts.evidence import Evidence, sentence_evidence
from casebrief.lexicon import cue

HEAD_CHARS = 800  # a note names its contact in its first lines
LINE_MAX = 160  # a longer line is prose that mentions a visit, not a heading that states one


def _head_lines(document: Document) -> Iterator[tuple[int, int, str]]:
    """(start, end, text) of the short lines in the document's head, past fax headers."""
    text = document.text
    fax = cue("documents.fax_header_line")
    head = text[: min(len(text), HEAD_CHARS)]
    if len(text) > HEAD_CHARS and "\n" in head:
        head = head[: head.rindex("\n") + 1]  # whole lines only: no fragment is quoted
    start = 0
    for line in head.splitlines(keepends=True):
        end = start + len(line.rstrip("\r\n"))
        body = text[start:end]
        if body.strip() and len(body.strip()) <= LINE_MAX and not fax.search(body):
            yield start, end, body
        start += len(line)


def kind_line(document: Document) -> Evidence | None:
    """The head line naming the kind of contact (``exams.visit_kind_line``); a labelled field
    ("Visit type: telephone") outranks a title that names it too ("... - TELEPHONE
    ENCOUNTER")."""
    kind, labelled = cue("exams.visit_kind_line"), cue("exams.visit_kind_label")
    first = None
    for start, end, body in _head_lines(document):
        if kind.search(body):
            if labelled.search(body):
                return sentence_evidence(document, start, end)
            first = first or (start, end)
    return sentence_evidence(document, *first) if first else None


def day_line(document: Document) -> Evidence | None:
    """The head line stating the day of the contact or study (``exams.visit_date_line``)."""
    day = cue("exams.visit_date_line")
    for start, end, body in _head_lines(document):
        if day.search(body):
            return sentence_evidence(document, start, end)
    return None


def visit_lines(document: Document, limit: int = 2) -> list[Evidence]:
    """:func:`kind_line` and :func:`day_line`, in the order they stand, at most ``limit``; a
    line naming both is one quote."""
    out: list[Evidence] = []
    for ev in sorted(
        (e for e in (kind_line(document), day_line(document)) if e), key=lambda e: e.start
    ):
        if not any(e.start == ev.start for e in out):
            out.append(ev)
    return out[:limit]
