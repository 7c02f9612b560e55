"""What casebrief read from one record, page by page: ``casebrief extract FILE``.

Why: when a brief looks wrong, the first question is what the reader saw -- which pages
came from a text layer, which from OCR and how sure it was, which could not be read.  This
prints exactly the text the rest of casebrief works on, with the same page numbers and
boxes, so a user can check it against the paper.
"""

from __future__ import annotations

from typing import Any

from casebrief.errors import problem
from casebrief.extract.record import Record

LABEL = {
    "text_layer": "text layer",
    "ocr": "OCR",
    "blank": "blank",
    "unreadable": "unreadable (OCR confidence under the threshold)",
    "too_large": "not read (image over the size limit)",
    "failed": "not read (could not be decoded)",
    "timeout": "not read (time budget spent)",
    "no_ocr": "not read (scanned page; OCR switched off)",
}


def page_label(page) -> str:
    label = LABEL.get(page.source, page.source)
    if page.source == "ocr" and page.ocr_confidence is not None:
        label += f", confidence {page.ocr_confidence:.0%}"
    elif page.source == "unreadable" and page.ocr_confidence is not None:
        label = f"unreadable (OCR confidence {page.ocr_confidence:.0%})"
    if page.rotation:
        label += f", turned {page.rotation} degrees to read"
    if abs(page.skew) >= 0.25:
        label += f", straightened {page.skew:+.2f} degrees"
    return label


def record_text(record: Record) -> str:
    out = []
    n = len(record.pages)
    for page in record.pages:
        out.append(f"=== {record.file} - page {page.number} of {n} - {page_label(page)} ===")
        out.append(record.text[page.char_start : page.char_end].rstrip())
        out.append("")
    for code, fields in record.warnings:
        out.append("! " + problem(code, record.file, **fields)["message"])
    return "\n".join(out) + "\n"


def record_json(record: Record) -> dict[str, Any]:
    pages = []
    for page in record.pages:
        lines = [
            {
                "text": record.text[s:e],
                "confidence": c,
                "page": page.number,
                "char_start": s - page.char_start,
                "char_end": e - page.char_start,
                "bbox": list(record.bbox(s, e) or []) or None,
            }
            for s, e, c in record.ocr_lines
            if page.char_start <= s < page.char_end or (s == e == page.char_start)
        ]
        pages.append(
            {
                "page": page.number,
                "source": page.source,
                "confidence": page.ocr_confidence,
                "rotation": page.rotation,
                "skew": page.skew,
                "width": page.width,
                "height": page.height,
                "text": record.text[page.char_start : page.char_end],
                "ocr_lines": lines,
            }
        )
    return {
        "file": record.file,
        "kind": record.kind,
        "pages": pages,
        "problems": [problem(code, record.file, **fields) for code, fields in record.warnings],
    }
