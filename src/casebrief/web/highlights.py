"""Where each quote of a brief lies on its page: the boxes a viewer highlights.

Why computed here and not kept in the brief: a brief carries one union box per quote (the
contract of ``case-format.md``), which for a quote that wraps covers whole lines it does not
touch.  A reviewer wants the quoted words marked line by line, so the page view extracts the
stored records again (text layers are fast; OCR'd pages come from the case's own OCR cache)
and cuts each quote into one box per line.  The result is kept per brief version in the
case's directory, so only the first view of a version pays for it.

Boxes are fractions of the page (0-1, top-left origin) in the frame of the page image the
viewer shows: the PDF page for a text layer, the turned and straightened scan for an OCR'd
page (:mod:`casebrief.web.page_images` renders that same frame).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

from casebrief.api.worker import OCR_CACHE_DIR  # the worker's per-case OCR cache
from casebrief.errors import CaseError, RecordError
from casebrief.extract.ocr import OcrSettings
from casebrief.extract.record import Box, Record, load_record
from casebrief.web.page_images import write_private

log = logging.getLogger("casebrief.web")

VIEW_CACHE_DIR = ".view-cache"
FORMAT = 1  # bump when the cached layout changes


def evidence_key(ev: dict) -> str:
    """How a quote is named in the page: its document and offsets (no patient text)."""
    return f"{ev['document_id']}:{ev['char_start']}:{ev['char_end']}"


def record_files(brief: dict) -> list[str]:
    """The brief's record files in reading order; a record's index here names it in URLs,
    so no file name (which may carry a patient's name) appears in one."""
    return list(dict.fromkeys(d["file"] for d in brief.get("documents", [])))


@dataclass(frozen=True)
class PageInfo:
    number: int
    width: float
    height: float
    source: str  # text_layer | ocr | blank | unreadable | ... (extract.record.PageSpan)
    rotation: int
    skew: float
    confidence: float | None


def line_boxes(record: Record, start: int, end: int) -> list[Box]:
    """One box per line of ``record.text[start:end]`` on the page of ``start``: a line ends at
    a newline or where the next character's box starts a new row."""
    if not record.boxes:
        return []
    page = record.pages[record.page_index(start)]
    stop = min(end, page.char_end) if page.char_end > start else end
    out: list[Box] = []
    cur: list[float] | None = None
    for i in range(start, stop):
        b = record.boxes[i] if i < len(record.boxes) else None
        if record.text[i] == "\n" or b is None:
            if record.text[i] == "\n" and cur is not None:
                out.append(tuple(cur))
                cur = None
            continue
        if cur is not None and _new_row(cur, b):
            out.append(tuple(cur))
            cur = None
        if cur is None:
            cur = list(b)
        else:
            cur = [min(cur[0], b[0]), min(cur[1], b[1]), max(cur[2], b[2]), max(cur[3], b[3])]
    if cur is not None:
        out.append(tuple(cur))
    return out


def _new_row(cur: list[float], b: Box) -> bool:
    """A character whose middle lies below (or above) the current line: a wrapped line.
    The middle, not the top: a comma's box sits low on its own line."""
    middle = (b[1] + b[3]) / 2
    return middle > cur[3] or middle < cur[1]


def load_records(case_dir: Path, files: list[str]) -> dict[str, Record | None]:
    """The case's records as the worker read them (its OCR cache, so no page is OCR'd again
    unless the cache was lost); a record that cannot be read is None."""
    settings = OcrSettings.from_env(cache_dir=str((case_dir / OCR_CACHE_DIR).resolve()))
    out: dict[str, Record | None] = {}
    for name in files:
        path = case_dir / name
        try:
            out[name] = load_record(path, name=name, ocr=settings) if path.is_file() else None
        except (RecordError, CaseError) as exc:
            log.warning("record not shown: %s", getattr(exc, "code", type(exc).__name__))
            out[name] = None
    return out


def compute(case_dir: Path, brief: dict) -> dict:
    """The view map of one brief: each record's pages and each quote's boxes."""
    files = record_files(brief)
    records = load_records(case_dir, files)
    starts = {d["id"]: (d["file"], d.get("char_start")) for d in brief.get("documents", [])}
    recs = []
    for name in files:
        rec = records.get(name)
        pages = []
        if rec is not None:
            pages = [
                PageInfo(
                    p.number,
                    p.width,
                    p.height,
                    p.source,
                    p.rotation,
                    p.skew,
                    p.ocr_confidence,
                ).__dict__
                for p in rec.pages
            ]
        recs.append({"kind": rec.kind if rec else None, "pages": pages})
    quotes: dict[str, dict] = {}
    for c in brief.get("criteria", []):
        for ev in [*c.get("evidence", []), *c.get("more_evidence", [])]:
            key = evidence_key(ev)
            if key in quotes:
                continue
            file, doc_start = starts.get(ev["document_id"], (ev["file"], None))
            index = files.index(file) if file in files else None
            rec = records.get(file)
            quotes[key] = _locate(rec, index, ev, doc_start)
    return {"format": FORMAT, "records": recs, "quotes": quotes}


def _locate(rec: Record | None, index: int | None, ev: dict, doc_start: int | None) -> dict:
    out = {"record": index, "page": ev["page"], "boxes": [], "start": None, "end": None}
    if rec is None or doc_start is None:
        return out
    start, end = doc_start + ev["char_start"], doc_start + ev["char_end"]
    if rec.text[start:end] != ev["quote"]:  # the record reads differently now: do not guess
        return out
    out["start"], out["end"] = start, end
    page = rec.pages[rec.page_index(start)]
    out["page"] = page.number
    if page.width and page.height:
        out["boxes"] = [
            [
                round(b[0] / page.width, 5),
                round(b[1] / page.height, 5),
                round(b[2] / page.width, 5),
                round(b[3] / page.height, 5),
            ]
            for b in line_boxes(rec, start, end)
        ]
    return out


def view_map(case_dir: Path, version: int, brief: dict) -> dict:
    """The view map of brief ``version``, from the case's cache or computed and cached."""
    folder = case_dir / VIEW_CACHE_DIR
    path = folder / f"v{version}.json"
    try:
        data = json.loads(path.read_text())
        if data.get("format") == FORMAT:
            return data
    except (OSError, ValueError):
        pass
    data = compute(case_dir, brief)
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        write_private(path, json.dumps(data).encode())
    except OSError:
        log.warning("view map not cached", extra={"version": version})
    return data
