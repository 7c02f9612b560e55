"""PDF records: the text layer of every page, with a box for every character.

Why pypdfium2 and not pdfplumber for text: measured on this project's hardware, PDFium
gives text in ~1.5 ms/page and every character's box in ~5 ms/page, while pdfplumber takes
~90 ms/page and holds hundreds of MB on long files.  pdfplumber stays the tool for
tables (see :mod:`casebrief.extract.tables`).  Pages without a text layer are reported
(OCR comes later) rather than silently read as empty.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from casebrief.errors import Messages, RecordError
from casebrief.extract.record import Box, PageSpan, Record

_IMAGE = pdfium_c.FPDF_PAGEOBJ_IMAGE


_OPEN_REASONS = {
    pdfium_c.FPDF_ERR_FILE: Messages.R_PDF_FILE,
    pdfium_c.FPDF_ERR_FORMAT: Messages.R_PDF_FORMAT,
    pdfium_c.FPDF_ERR_SECURITY: Messages.R_PDF_SECURITY,
    pdfium_c.FPDF_ERR_PAGE: Messages.R_PDF_PAGE,
}


def _open(path: Path, name: str) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(path)
    except pdfium.PdfiumError:
        pass
    except OSError as exc:  # unreadable on disk (permissions, I/O error)
        raise RecordError(
            name, "E003", reason=f"{Messages.R_PDF_FILE}: {exc.strerror or type(exc).__name__}"
        ) from None
    code, fields = _open_failure(path)
    raise RecordError(name, code, **fields) from None


def _open_failure(path: Path) -> tuple[str, dict[str, str]]:
    """Why PDFium would not open ``path``.

    pypdfium2 reports ``FPDF_GetLastError()`` whenever a document has no pages, but PDFium
    sets that code only when parsing fails: for a well-formed PDF with an empty page tree it
    still holds the previous failure (e.g. "password" from the last encrypted file).  So
    load once more with the raw API: a handle that opens means "no pages"; a null handle
    comes with a fresh error code.
    """
    doc = pdfium_c.FPDF_LoadDocument(os.fsencode(path), None)
    if doc:
        pages = pdfium_c.FPDF_GetPageCount(doc)
        pdfium_c.FPDF_CloseDocument(doc)
        if pages < 1:
            return "E010", {}
        return "E003", {"reason": Messages.R_PDF_UNKNOWN}
    code = pdfium_c.FPDF_GetLastError()
    if code == pdfium_c.FPDF_ERR_PASSWORD:
        return "E002", {}
    return "E003", {"reason": _OPEN_REASONS.get(code, Messages.R_PDF_UNKNOWN)}


def _page_has_image(page: pdfium.PdfPage) -> bool:
    try:
        return any(obj.type == _IMAGE for obj in page.get_objects(max_depth=2))
    except Exception:  # noqa: BLE001 - a broken object tree only weakens the diagnosis
        return False


def extract_pdf(path: Path, *, name: str, time_budget_s: float = 25.0) -> Record:
    """Extract text and character boxes page by page, closing each page as we go."""
    pdf = _open(path, name)
    started = time.monotonic()
    parts: list[str] = []
    boxes: list[Box | None] = []
    pages: list[PageSpan] = []
    warnings: list[tuple[str, dict]] = []  # (code, fields) of W1xx/E006 problems
    offset = 0
    try:
        n_pages = len(pdf)
        if n_pages == 0:
            raise RecordError(name, "E010")
        for index in range(n_pages):
            if time.monotonic() - started > time_budget_s:
                warnings.append(
                    ("E006", {"seconds": time_budget_s, "page": index + 1, "pages": n_pages})
                )
                break
            try:
                text, page_boxes, width, height, has_image = extract_page(pdf, index)
            except pdfium.PdfiumError:  # one broken page must not cost the rest of the record
                warnings.append(("W104", {"page": index + 1, "reason": Messages.R_PDF_FORMAT}))
                text, page_boxes, width, height, has_image = "", [], 0.0, 0.0, False
            else:
                if not text.strip():
                    warnings.append(("W101" if has_image else "W102", {"page": index + 1}))
            has_text = bool(text.strip())
            if parts:  # page separator, not drawn on any page
                parts.append("\f")
                boxes.append(None)
                offset += 1
            pages.append(PageSpan(index + 1, offset, offset + len(text), width, height, has_text))
            parts.append(text)
            boxes.extend(page_boxes)
            offset += len(text)
    finally:
        pdf.close()
    full = "".join(parts)
    if not full.strip():
        if not any(code == "W101" for code, _ in warnings):
            raise RecordError(name, "E005")
    from casebrief.extract.tables import pdf_tables

    tables = pdf_tables(path, {p.number: full[p.char_start : p.char_end] for p in pages})
    return Record(
        file=name, kind="pdf", text=full, pages=pages, boxes=boxes, warnings=warnings, tables=tables
    )


def _char_indices(textpage: pdfium.PdfTextPage, raw: str, count: int) -> list[int]:
    """PDFium char index of every character of ``raw`` (``-1`` where none is known).

    ``get_text_range`` is not one character per PDFium index: it drops some control
    characters (0x02 line-end hyphens, 0x03, 0x00, ...) and writes others as U+FFFE, so
    boxes read at ``raw``'s own positions drift after the first such character.  Walking the
    per-index code points alongside ``raw`` gives each character its own index back.
    """
    if len(raw) == count:
        return list(range(count))
    get_unicode, handle = pdfium_c.FPDFText_GetUnicode, textpage.raw
    out: list[int] = []
    j = 0
    for i in range(count):
        if j >= len(raw):
            break
        code = get_unicode(handle, i)
        ch = raw[j]
        if code == ord(ch) or (code == 2 and ch == "\ufffe"):
            out.append(i)
            j += 1
    out.extend([-1] * (len(raw) - len(out)))
    return out


def _charbox(textpage: pdfium.PdfTextPage, index: int, height: float) -> Box | None:
    try:
        left, bottom, right, top = textpage.get_charbox(index)
    except pdfium.PdfiumError:  # a glyph PDFium cannot place keeps its text, loses its box
        return None
    return (left, height - top, right, height - bottom)


def extract_page(
    pdf: pdfium.PdfDocument, index: int
) -> tuple[str, list[Box | None], float, float, bool]:
    page = pdf[index]
    try:
        width, height = page.get_size()
        try:
            textpage = page.get_textpage()
        except pdfium.PdfiumError:
            return "", [], width, height, _page_has_image(page)
        try:
            count = textpage.count_chars()
            raw = textpage.get_text_range(0, count) if count > 0 else ""
            indices = _char_indices(textpage, raw, count)
            text_chars: list[str] = []
            page_boxes: list[Box | None] = []
            for ch, i in zip(raw, indices, strict=False):
                if ch == "\r":
                    continue  # PDFium's generated CRLF: keep the LF only
                if ch in "\n\x02" or ch == "\ufffe":
                    text_chars.append("\n")
                    page_boxes.append(None)
                    continue
                if ch == "\x00":
                    continue
                text_chars.append(ch)
                page_boxes.append(None if i < 0 or ch.isspace() else _charbox(textpage, i, height))
            text = "".join(text_chars)
        finally:
            textpage.close()
        has_image = False if text.strip() else _page_has_image(page)
        return text, page_boxes, width, height, has_image
    finally:
        page.close()
