"""Render plain-text record sources into a text-layer PDF the way a fax/EHR print looks.

Why: annotated packets need multi-page PDFs with fax header lines, "Page n of N" footers
and tables, so the extractor is exercised on real PDF text layers (not only .txt files).
Each source file becomes one document; pages inside a source are separated by a line
holding only a form feed (``\\f``) or ``<<<PAGE>>>``; long documents also flow onto new
pages automatically.  Several sources given together make one multi-document packet PDF
(the faxed-packet case), each document restarting its own "Page n of N".

Usage::

    python annotated_samples/tools/render_pdf.py OUT.pdf SRC1.txt [SRC2.txt ...] \\
        [--fax-header "03/04/2026 09:17 FROM: CEDAR RIDGE FM (555) 014-2290"] \\
        [--footer "Page {n} of {N}"] [--font Courier|Helvetica|Times-Roman] [--size 9]

A line starting with ``|`` inside a source is drawn as a ruled table row (cells split on
``|``), so flowsheets and download tables have real table geometry.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

PAGE_BREAKS = {"\f", "<<<PAGE>>>"}
MARGIN_X = 54.0
TOP = 60.0
BOTTOM = 54.0


def split_pages(text: str) -> list[list[str]]:
    pages: list[list[str]] = [[]]
    for line in text.splitlines():
        if line.strip() in PAGE_BREAKS:
            pages.append([])
        else:
            pages[-1].append(line.replace("\f", ""))
    return [p for p in pages if any(s.strip() for s in p)] or [[]]


def flow(pages: list[list[str]], lines_per_page: int) -> list[list[str]]:
    out: list[list[str]] = []
    for page in pages:
        for i in range(0, max(len(page), 1), lines_per_page):
            out.append(page[i : i + lines_per_page])
    return out


def draw_table_row(c: canvas.Canvas, line: str, y: float, font: str, size: float, width: float) -> None:
    cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
    col_w = width / max(len(cells), 1)
    c.setLineWidth(0.4)
    c.rect(MARGIN_X, y - 3, width, size + 5, stroke=1, fill=0)
    for i, cell in enumerate(cells):
        x = MARGIN_X + i * col_w
        if i:
            c.line(x, y - 3, x, y + size + 2)
        c.setFont(font, size)
        c.drawString(x + 3, y, cell)


def wrap_lines(page: list[str], font: str, size: float, width: float) -> list[str]:
    """Lines longer than the text width broken at spaces, as an EHR print breaks them (the
    continuation keeps the line's indent); table rows are left alone."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    out: list[str] = []
    for line in page:
        if line.lstrip().startswith("|") or stringWidth(line, font, size) <= width:
            out.append(line)
            continue
        indent = line[: len(line) - len(line.lstrip())]
        current = ""
        for word in line.split():
            trial = f"{current} {word}" if current else indent + word
            if current and stringWidth(trial, font, size) > width:
                out.append(current)
                current = indent + word
            else:
                current = trial
        out.append(current)
    return out


def render(
    out: Path,
    sources: list[Path],
    fax_header: str | None,
    footer: str | None,
    font: str,
    size: float,
    wrap: bool = False,
) -> None:
    width, height = letter
    leading = size * 1.35
    lines_per_page = int((height - TOP - BOTTOM) // leading)
    text_width = width - 2 * MARGIN_X
    docs = []
    for src in sources:
        pages = split_pages(src.read_text(encoding="utf-8"))
        if wrap:
            pages = [wrap_lines(p, font, size, text_width) for p in pages]
        docs.append(flow(pages, lines_per_page))
    total = sum(len(d) for d in docs)
    c = canvas.Canvas(str(out), pagesize=letter)
    c.setTitle(out.stem)
    fax_page = 0
    for doc_pages in docs:
        for n, page in enumerate(doc_pages, start=1):
            fax_page += 1
            if fax_header:
                c.setFont("Courier", 7.5)
                c.drawString(MARGIN_X - 20, height - 28, f"{fax_header}   P. {fax_page}/{total}")
            y = height - TOP
            for line in page:
                if line.lstrip().startswith("|"):
                    draw_table_row(c, line, y, font, size, width - 2 * MARGIN_X)
                else:
                    c.setFont(font, size)
                    c.drawString(MARGIN_X, y, line.rstrip())
                y -= leading
            if footer:
                c.setFont("Helvetica", 7.5)
                c.drawCentredString(width / 2, 30, footer.format(n=n, N=len(doc_pages)))
            c.showPage()
    c.save()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("sources", type=Path, nargs="+")
    ap.add_argument("--fax-header")
    ap.add_argument("--footer", default="Page {n} of {N}")
    ap.add_argument("--font", default="Courier")
    ap.add_argument("--size", type=float, default=9.0)
    a = ap.parse_args()
    render(a.out, a.sources, a.fax_header, a.footer or None, a.font, a.size)


if __name__ == "__main__":
    main()
