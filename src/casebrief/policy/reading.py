"""How much of the packet was read, and what that does to statuses decided by silence or by
doubtful OCR.

Why: a criterion met "because no infection is documented" is only as good as the reading of
the whole packet.  When pages could not be read (an unreadable fax page, a page OCR had no
time for, a corrupt file), the finding could be on exactly those pages, so a status that
rests on the absence of a finding goes to a reviewer (``needs_review``) instead.  Likewise
a ``met`` whose every quote comes from lines OCR read with low confidence: the words a
reviewer would rely on may not be the words on the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from casebrief.policy.evaluators.base import default_rationales
from casebrief.policy.result import Outcome

# problems that mean a whole file, or part of one, was not read
FILE_NOT_READ = {
    "E001", "E002", "E003", "E004", "E005", "E007", "E008",
    "E009", "E010", "E011", "E015", "E017", "E018", "E019",
}  # fmt: skip
PART_NOT_READ = {"E006", "E012", "E013", "E014", "E016"}


@dataclass(frozen=True)
class Reading:
    """What of the packet was read: pages and files that were not."""

    pages_total: int
    pages_unread: int
    files_unread: int
    parts_unread: int  # records or documents cut short (time budget, an analysis error)

    @property
    def whole(self) -> bool:
        return not (self.pages_unread or self.files_unread or self.parts_unread)

    def describe(self) -> str:
        """'2 of 12 pages and 1 file' -- numbers only, never record text."""
        parts = []
        if self.pages_unread:
            parts.append(f"{self.pages_unread} of {self.pages_total} pages")
        if self.files_unread:
            parts.append(f"{self.files_unread} file{'s' if self.files_unread > 1 else ''}")
        if self.parts_unread:
            n = self.parts_unread
            parts.append(f"{n} document part{'s' if n > 1 else ''} (cut short)")
        return " and ".join(parts) or "nothing"


def packet_reading(records: list, problems: list[dict]) -> Reading:
    pages = [p for r in records for p in r.pages]
    return Reading(
        pages_total=len(pages),
        pages_unread=sum(not p.read for p in pages),
        files_unread=len({p["file"] for p in problems if p.get("code") in FILE_NOT_READ}),
        parts_unread=sum(p.get("code") in PART_NOT_READ for p in problems),
    )


def _say(key: str, **fields) -> str:
    return default_rationales()["packet_reading"][key].format(**fields)


def evidence_confidence(outcome: Outcome) -> float | None:
    """The best OCR confidence among the outcome's quotes; None if any quote is not OCR."""
    confs = []
    for e in outcome.evidence:
        doc = e.document
        conf = doc.record.ocr_confidence(doc.start + e.start, doc.start + e.end)
        if conf is None:
            return None
        confs.append(conf)
    return max(confs) if confs else None


def temper(o: Outcome, reading: Reading, low_confidence: float) -> Outcome:
    """The outcome, or ``needs_review`` where the reading of the packet cannot carry it."""
    if o.by_silence and not reading.whole and o.status != "needs_review":
        return Outcome(
            "needs_review",
            _say("silence_unread", rationale=o.rationale, unread=reading.describe()),
            evidence=o.evidence,
            more_evidence=o.more_evidence,
            by_silence=True,
        )
    if o.status == "met" and o.evidence:
        conf = evidence_confidence(o)
        if conf is not None and conf < low_confidence:
            return Outcome(
                "needs_review",
                _say("low_confidence", rationale=o.rationale, confidence=conf),
                evidence=o.evidence,
                value=o.value,
                more_evidence=o.more_evidence,
            )
    return o
