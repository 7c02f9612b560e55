"""What the reviewer page shows, gathered from the stored brief, its versions and reviews.

The page reads in the order a physician reviewer works: the criteria table first (status,
value, one-sentence rationale), then each criterion's ranked quotes (the decisive one
first, the rest behind a count), then the therapy timeline, the documents, the packet's
quality and the brief's versions.  Nothing here decides anything: the page shows what the
brief found and records what the reviewer says.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from casebrief.web import timeline
from casebrief.web.highlights import evidence_key, record_files, view_map

SHOWN_QUOTES = 5  # issue 7: at most five quotes per criterion in view, the rest behind a count
LOW_CONFIDENCE = 0.60  # an OCR'd quote under this is flagged "check against the page"
STATUS_WORDS = {
    "met": "Met",
    "not_met": "Not met",
    "missing": "Missing",
    "not_applicable": "Not applicable",
    "needs_review": "Needs review",
}
SUMMARY_WORDS = {
    "criteria_met": "Every criterion documented as met",
    "documentation_incomplete": "Documentation incomplete",
    "criteria_not_met": "Some criteria documented as not met",
    "needs_review": "Needs a reviewer's judgement",
}


@dataclass
class Quote:
    key: str
    quote: str
    document_id: str
    file: str
    page: int
    record: int | None
    assertion: str
    source: str
    confidence: float | None
    boxes: list
    start: int | None
    end: int | None
    kind: str | None  # "pdf" | "image" | "text" | None: how the record is shown
    found_by: str = "rules"  # "model": a sentence only the evidence model found

    @property
    def low_confidence(self) -> bool:
        return self.confidence is not None and self.confidence < LOW_CONFIDENCE

    @property
    def data(self) -> str:
        """The attributes the page's script needs to open the page, as JSON."""
        return json.dumps(
            {
                "record": self.record,
                "page": self.page,
                "boxes": self.boxes,
                "start": self.start,
                "end": self.end,
                "kind": self.kind,
            }
        )


@dataclass
class CriterionRow:
    id: str
    title: str
    kind: str
    status: str
    value: str | None
    rationale: str
    missing_documentation: str | None
    quotes: list[Quote]
    more: list[Quote]
    reviews: list = field(default_factory=list)

    @property
    def status_word(self) -> str:
        return STATUS_WORDS.get(self.status, self.status)


def _value(c: dict) -> str | None:
    if c.get("value") is None:
        return None
    return f"{c['value']:g} {c.get('unit') or ''}".strip()


def build(case_dir: Path, version: int, brief: dict, policy, reviews: list) -> dict:  # noqa: ANN001
    """The template's context for one brief version."""
    vmap = view_map(case_dir, version, brief)
    kinds = [r.get("kind") for r in vmap.get("records", [])]

    def quote(ev: dict) -> Quote:
        loc = vmap["quotes"].get(evidence_key(ev), {})
        rec = loc.get("record")
        return Quote(
            key=evidence_key(ev),
            quote=ev["quote"],
            document_id=ev["document_id"],
            file=ev["file"],
            page=loc.get("page") or ev["page"],
            record=rec,
            assertion=ev.get("assertion", "present"),
            source=ev.get("source", "text_layer"),
            confidence=ev.get("ocr_confidence"),
            boxes=loc.get("boxes") or [],
            start=loc.get("start"),
            end=loc.get("end"),
            kind=kinds[rec] if rec is not None and rec < len(kinds) else None,
            found_by=ev.get("found_by", "rules"),
        )

    by_criterion: dict[str | None, list] = {}
    for r in reviews:
        by_criterion.setdefault(r.criterion_id, []).append(r)
    rows = []
    for c in brief.get("criteria", []):
        ranked = [quote(e) for e in c.get("evidence", [])]
        ranked += [quote(e) for e in c.get("more_evidence", [])]
        rows.append(
            CriterionRow(
                id=c["id"],
                title=c["title"],
                kind=c.get("kind", "requirement"),
                status=c["status"],
                value=_value(c),
                rationale=c.get("rationale", ""),
                missing_documentation=c.get("missing_documentation")
                if c["status"] in ("missing", "not_met")
                else None,
                quotes=ranked[:SHOWN_QUOTES],
                more=ranked[SHOWN_QUOTES:],
                reviews=by_criterion.get(c["id"], []),
            )
        )
    files = record_files(brief)
    documents = [
        {
            **d,
            "record": files.index(d["file"]) if d["file"] in files else None,
            "type_word": d["type"].replace("_", " "),
        }
        for d in brief.get("documents", [])
    ]
    summary = brief.get("summary", {})
    return {
        "version": version,
        "brief": brief,
        "summary_word": SUMMARY_WORDS.get(summary.get("status"), summary.get("status")),
        "criteria": rows,
        "documents": documents,
        "records": [
            {"index": i, "file": f, **(vmap["records"][i] if i < len(vmap["records"]) else {})}
            for i, f in enumerate(files)
        ],
        "quality": _quality(brief.get("packet_quality")),
        "problems": brief.get("problems", []),
        "timeline_svg": timeline.svg(brief, policy),
        "timeline_rows": timeline.bars(brief),
        "case_reviews": by_criterion.get(None, []),
    }


def _quality(q: dict | None) -> dict | None:
    """The packet-quality flags a reviewer must see: pages not read, OCR'd pages and their
    confidence, missing pages, duplicates."""
    if not q:
        return None
    flagged = [
        p
        for p in q.get("pages", [])
        if p.get("status") not in ("text_layer",) or p.get("duplicate_of")
    ]
    return {**q, "flagged": flagged}


def due_words(due_at: dt.datetime | None, now: dt.datetime) -> str | None:
    if due_at is None:
        return None
    hours = (due_at - now).total_seconds() / 3600
    if hours < 0:
        return f"decision was due {-hours:.0f} h ago"
    if hours < 48:
        return f"decision due in {hours:.0f} h"
    return f"decision due in {hours / 24:.0f} days"
