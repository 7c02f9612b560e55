"""Tables of PDF pages, read with pdfplumber (ruled cells, header rows, key/value grids).

Why pdfplumber here and not for text: it is ~90 ms a page where PDFium is ~5, so it runs
only on pages whose text announces a table we read (device downloads: "days used",
"% nights >= 4 h", "usage"), and each page is closed after use to keep memory flat.
Cell text is kept as pdfplumber gives it; criteria find the row again in the document text
to quote it with offsets.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from casebrief.lexicon import cue

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Table:
    page: int
    rows: tuple[tuple[str, ...], ...]


def pdf_tables(path: Path, page_texts: dict[int, str], max_pages: int = 12) -> list[Table]:
    """Tables on the pages (1-based numbers -> text) that look like device downloads."""
    announce = cue("sleep.download_page")
    hits = [n for n, text in sorted(page_texts.items()) if announce.search(text)]
    # a table that runs onto the next page repeats no heading there: read that page too
    wanted = sorted({m for n in hits for m in (n, n + 1) if m in page_texts})[:max_pages]
    if not wanted:
        return []
    import pdfplumber

    out: list[Table] = []
    try:
        with pdfplumber.open(path) as pdf:
            for n in wanted:
                page = pdf.pages[n - 1]
                try:
                    for rows in page.extract_tables():
                        clean = tuple(
                            tuple((c or "").replace("\n", " ").strip() for c in row)
                            for row in rows
                            if row
                        )
                        if len(clean) >= 2:
                            out.append(Table(n, clean))
                finally:
                    page.close()
    except Exception as exc:  # noqa: BLE001 - tables are an extra reading; text extraction already succeeded
        log.warning("table extraction skipped for a record (%s)", type(exc).__name__)
    return out
