"""PDF records: the text layer of every page, with a box for every character.

Why pypdfium2 and not pdfplumber for text: measured on this project's hardware, PDFium
gives text in ~1.5 ms/page and every character's box in ~5 ms/page, while pdfplumber takes
~90 ms/page and holds hundreds of MB on long files.  pdfplumber stays the tool for
tables (see :mod:`casebrief.extract.tables`).  Pages without a usable text layer (a
scanned page, or a scan with only a fax server's stamp in its text layer) are OCR'd
(:mod:`casebrief.extract.ocr`).
"""

from __future__ import annotations

import os
import time
from ctypes import byref, c_double
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from casebrief.errors import Messages, RecordError
from casebrief.extract.ocr import OcrSettings, PageSource
from casebrief.extract.ocr_engines import check_engine
from casebrief.extract.page_image import content_hash
from casebrief.extract.pages import PagePart, build_record, ocr_parts
from casebrief.extract.record import Box, Record

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


def _image_cover(page: pdfium.PdfPage) -> float:
    """Share of the page's area under image objects (0 when none; 1 for a scanned page)."""
    try:
        width, height = page.get_size()
        area = 0.0
        for obj in page.get_objects(max_depth=2):
            if obj.type == _IMAGE:
                left, bottom, right, top = _bounds(obj)
                area += max(0.0, right - left) * max(0.0, top - bottom)
        return min(1.0, area / max(1.0, width * height))
    except Exception:  # noqa: BLE001 - a broken object tree only weakens the diagnosis
        return 0.0


def _bounds(obj) -> tuple[float, float, float, float]:
    # pypdfium2 5 renamed get_pos to get_bounds
    return (obj.get_bounds if hasattr(obj, "get_bounds") else obj.get_pos)()


# A page whose text layer holds less than this many letters and digits but is mostly image
# is a scan with a stamp on it (a fax server's header line, a Bates number): OCR it.
STAMP_CHARS = 160


def _needs_ocr(text: str, cover: float) -> bool:
    chars = sum(ch.isalnum() for ch in text)
    return (chars == 0 and cover > 0) or (chars < STAMP_CHARS and cover >= 0.5)


def extract_pdf(
    path: Path, *, name: str, time_budget_s: float = 25.0, ocr: OcrSettings | None = None
) -> Record:
    """Text and character boxes page by page (closing each page as we go); pages without a
    usable text layer are OCR'd, in parallel, within the same time budget."""
    settings = ocr or OcrSettings.from_env()
    pdf = _open(path, name)
    started = time.monotonic()
    parts: list[PagePart] = []
    scanned: list[int] = []  # indexes into parts of the pages to OCR
    warnings: list[tuple[str, dict]] = []  # (code, fields) of W1xx/E006 problems
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
                text, page_boxes, width, height, cover = extract_page(pdf, index)
            except pdfium.PdfiumError:  # one broken page must not cost the rest of the record
                warnings.append(("W104", {"page": index + 1, "reason": Messages.R_PDF_FORMAT}))
                parts.append(PagePart(source="failed"))
                continue
            if _needs_ocr(text, cover):
                if settings.enabled:
                    scanned.append(len(parts))
                    parts.append(PagePart(width=width, height=height, source="ocr"))
                    continue
                warnings.append(("W101", {"page": index + 1}))
                # the stamp (a fax header) is kept: it is all that was read of the page
                parts.append(PagePart(text, page_boxes, width, height, source="no_ocr"))
                continue
            if not text.strip():
                warnings.append(("W102", {"page": index + 1}))
            parts.append(
                PagePart(text, page_boxes, width, height, "text_layer" if text.strip() else "blank")
            )
    finally:
        pdf.close()
    if scanned:
        check_engine(settings.engine)
        digest = content_hash(path)
        sources = [PageSource(str(path), "pdf", i, digest) for i in scanned]
        read = ocr_parts(sources, settings, started + time_budget_s, warnings, time_budget_s)
        for i, part in zip(scanned, read, strict=True):
            parts[i] = part
        warnings.sort(key=lambda w: w[1].get("page", 0))
    unread_scans = any(p.source == "no_ocr" for p in parts)
    stopped = any(code == "E006" for code, _ in warnings)
    if not (scanned or unread_scans or stopped) and not any(p.text.strip() for p in parts):
        raise RecordError(name, "E005")
    from casebrief.extract.tables import pdf_tables

    record = build_record(name, "pdf", parts, warnings)
    layer = {
        p.number: record.text[p.char_start : p.char_end]
        for p in record.pages
        if p.source == "text_layer"
    }
    record.tables = pdf_tables(path, layer)
    return record


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


@dataclass(frozen=True)
class _Frame:
    """From PDF user space to the page as it is shown: its CropBox's top-left corner as the
    origin, turned by the page's /Rotate.  PDFium gives character boxes in user space, but a
    viewer (and a reviewer) sees the cropped, turned page: a landscape fax stored as a
    portrait page with /Rotate 90 must be boxed where its words are drawn."""

    left: float
    top: float
    width: float  # the CropBox, before the turn
    height: float
    rotation: int  # clockwise degrees: 0, 90, 180 or 270

    @classmethod
    def of(cls, page: pdfium.PdfPage) -> _Frame:
        left, bottom, right, top = page.get_cropbox()
        return cls(left, top, right - left, top - bottom, page.get_rotation() % 360)

    def point(self, x: float, y: float) -> tuple[float, float]:
        dx, dy = x - self.left, self.top - y  # top-left origin, unturned
        if self.rotation == 90:
            return self.height - dy, dx
        if self.rotation == 180:
            return self.width - dx, self.height - dy
        if self.rotation == 270:
            return dy, self.width - dx
        return dx, dy

    def box(self, left: float, bottom: float, right: float, top: float) -> Box:
        if not self.rotation:  # the common page, without the general case's calls
            return (left - self.left, self.top - top, right - self.left, self.top - bottom)
        (x0, y0), (x1, y1) = self.point(left, top), self.point(right, bottom)
        return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


class _CharBoxes:
    """Character boxes straight from PDFium, through one set of reused C doubles.

    Why not ``PdfTextPage.get_charbox``: it allocates four ``c_double`` per call, and a page
    has thousands of characters; reading the same PDFium function directly gives the same
    numbers at a fraction of the cost (extraction was 11 % of a warm brief)."""

    def __init__(self, textpage: pdfium.PdfTextPage, frame: _Frame) -> None:
        self.raw, self.frame = textpage.raw, frame
        self.l, self.r, self.b, self.t = c_double(), c_double(), c_double(), c_double()
        self.args = (byref(self.l), byref(self.r), byref(self.b), byref(self.t))

    def __call__(self, index: int) -> Box | None:
        if not pdfium_c.FPDFText_GetCharBox(self.raw, index, *self.args):
            return None  # a glyph PDFium cannot place keeps its text, loses its box
        return self.frame.box(self.l.value, self.b.value, self.r.value, self.t.value)


def extract_page(
    pdf: pdfium.PdfDocument, index: int
) -> tuple[str, list[Box | None], float, float, float]:
    """The page's text layer, a box per character, its size, and its image cover."""
    page = pdf[index]
    try:
        width, height = page.get_size()
        try:
            textpage = page.get_textpage()
        except pdfium.PdfiumError:
            return "", [], width, height, _image_cover(page)
        try:
            count = textpage.count_chars()
            raw = textpage.get_text_range(0, count) if count > 0 else ""
            indices = _char_indices(textpage, raw, count)
            charbox = _CharBoxes(textpage, _Frame.of(page))
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
                page_boxes.append(None if i < 0 or ch.isspace() else charbox(i))
            text = "".join(text_chars)
        finally:
            textpage.close()
        letters = sum(ch.isalnum() for ch in text)
        cover = _image_cover(page) if letters < STAMP_CHARS else 0.0
        return text, page_boxes, width, height, cover
    finally:
        page.close()
