"""Evidence: an exact quote of source text, located in its document, page and box."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from casebrief.documents import Document

MAX_QUOTE = 320
WHOLE_LINES_MAX = 200  # a quote is widened to the lines it touches while they stay this short


@dataclass(frozen=True)
class Evidence:
    document: Document
    start: int  # document offsets
    end: int
    assertion: str = "present"
    # "rules": a quote a rule read and judged; "model": a sentence only the evidence model
    # found (casebrief.evidence_model.ranking) -- shown to the reviewer, never read for status
    found_by: str = "rules"

    @property
    def quote(self) -> str:
        return self.document.text[self.start : self.end]

    def to_dict(self) -> dict[str, Any]:
        loc = self.document.locate(self.start, self.end)
        return {
            "document_id": self.document.id,
            "file": self.document.file,
            "page": loc["page"],
            "quote": self.quote,
            "char_start": self.start,
            "char_end": self.end,
            "bbox": loc["bbox"],
            "assertion": self.assertion,
            "found_by": self.found_by,
            **_provenance(self.document, self.start, self.end),
        }


def _provenance(document: Document, start: int, end: int) -> dict[str, Any]:
    """``source`` and, for OCR'd text, ``ocr_confidence``: text-layer quotes carry neither
    extra key, so their JSON reads as before."""
    record, rs = document.record, document.start + start
    if record.source_of(rs) != "ocr":
        return {}
    conf = record.ocr_confidence(rs, document.start + end)
    return {"source": "ocr", "ocr_confidence": round(conf, 2) if conf is not None else None}


def distinct(
    items: list[Evidence], limit: int, already: list[Evidence] | None = None
) -> list[Evidence]:
    """``items`` without exact duplicates (nor those in ``already``), in order, at most ``limit`` in
    all.
    """
    out = list(already or [])
    seen = {(e.document.id, e.start, e.end) for e in out}
    for ev in items:
        key = (ev.document.id, ev.start, ev.end)
        if key not in seen and len(out) < limit:
            out.append(ev)
            seen.add(key)
    return out[len(already or []) :]


def sentence_evidence(
    document: Document,
    start: int,
    end: int,
    focus: tuple[int, int] | None = None,
    assertion: str = "present",
) -> Evidence:
    """Trim whitespace from a sentence span; cap very long ones around ``focus``."""
    text = document.text
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start > MAX_QUOTE and focus is not None:
        mid = (focus[0] + focus[1]) // 2
        s = max(start, mid - MAX_QUOTE // 2)
        e = min(end, s + MAX_QUOTE)
        # snap to whitespace so no word is cut
        while s > start and not text[s - 1].isspace():
            s -= 1
        while e < end and not text[e].isspace():
            e += 1
        start, end = s, e
    return Evidence(document, start, end, assertion)


def whole_lines(items: list[Evidence], limit: int = WHOLE_LINES_MAX) -> list[Evidence]:
    """Each quote widened to the whole lines it touches, when those stay within ``limit``
    characters; duplicates this makes are dropped, order kept.

    Why: the rules cite the sentence that holds a concept, but a line is how notes are written
    and read -- a list item, a table row, "S: Worse over last 2 weeks. R leg pain 7/10", "Exam
    deferred - telephone visit. No vitals obtained."  The line keeps the clause a reviewer needs
    beside the one the rule found (on our dev sets a labelled decisive phrase is cited 0.026
    more often, and among the first three 0.015 more often).  Long lines -- wrapped prose
    paragraphs -- keep the sentence.
    """
    out: list[Evidence] = []
    seen: set[tuple[str, int, int]] = set()
    for ev in items:
        text = ev.document.text
        a = text.rfind("\n", 0, ev.start) + 1
        b = text.find("\n", ev.end)
        b = len(text) if b < 0 else b
        while b > a and text[b - 1].isspace():
            b -= 1
        while a < b and text[a].isspace():
            a += 1
        if a <= ev.start and b >= ev.end and b - a <= limit:
            ev = Evidence(ev.document, a, b, ev.assertion, ev.found_by)
        key = (ev.document.id, ev.start, ev.end)
        if key not in seen:
            seen.add(key)
            out.append(ev)
    return out
