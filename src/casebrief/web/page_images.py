"""Page images for the reviewer page, rendered server-side from the stored record, cached.

The image must be drawn in the same frame as the quote boxes (:mod:`casebrief.web.highlights`):
a text-layer PDF page as the PDF draws it; an OCR'd page as OCR read it, turned upright and
straightened by the same angles (``PageSpan.rotation``/``skew``), so the boxes land on the
words.  Images are grayscale PNG (sharp text, small files), cached in the case's own
directory (``.page-cache``, private to the service's user, deleted with the case).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import tempfile
from pathlib import Path

from PIL import Image

PAGE_CACHE_DIR = ".page-cache"
IMAGE_SUFFIXES = {".tif", ".tiff", ".png", ".jpg", ".jpeg"}


class PageNotShown(ValueError):
    """A page that has no image: a text record, or a page number the record lacks."""


def cache_path(case_dir: Path, file: str, page: int, width: int, page_info: dict) -> Path:
    turn = "0:0"  # the turn is applied to OCR'd pages only (_render)
    if page_info.get("source") == "ocr":
        turn = f"{page_info.get('rotation', 0)}:{page_info.get('skew', 0.0)}"
    digest = hashlib.sha256(f"{file}|{page}|{width}|{turn}".encode()).hexdigest()[:32]
    return case_dir / PAGE_CACHE_DIR / f"{digest}.png"


def page_png(case_dir: Path, file: str, page: int, width: int, page_info: dict) -> bytes:
    """The PNG of ``page`` (1-based) of record ``file``, ``width`` pixels wide."""
    path = cache_path(case_dir, file, page, width, page_info)
    try:
        return path.read_bytes()
    except OSError:
        pass
    data = _render(case_dir / file, page, width, page_info)
    try:
        path.parent.mkdir(mode=0o700, exist_ok=True)
        write_private(path, data)
    except OSError:
        pass  # served uncached: a full disk must not hide the page
    return data


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically, readable by the service's user only (mkstemp
    makes the file 0600 and gives each writer, thread or process, its own temporary name)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _render(path: Path, page: int, width: int, info: dict) -> bytes:
    suffix = path.suffix.lower()
    ocr = info.get("source") == "ocr"
    if suffix == ".pdf":
        image = _pdf_page(path, page, width, ocr)
    elif suffix in IMAGE_SUFFIXES:
        image = _image_page(path, page)
    else:
        raise PageNotShown("a text record has no page image")
    if ocr:  # the frame OCR read the page in: turned upright, then straightened
        image = _as_read(image, int(info.get("rotation") or 0), float(info.get("skew") or 0.0))
    if image.width != width:
        height = max(1, round(image.height * width / image.width))
        image = image.resize((width, height), Image.Resampling.LANCZOS)
    buf = io.BytesIO()
    image.save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def _pdf_page(path: Path, page: int, width: int, ocr: bool) -> Image.Image:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        if not 1 <= page <= len(pdf):
            raise PageNotShown(f"no page {page}")
        p = pdf[page - 1]
        try:
            w, _ = p.get_size()
            # a scan is rendered larger than shown, then turned and scaled down, so the turn
            # does not blur the text
            scale = (width * (1.5 if ocr else 1.0)) / max(w, 1.0)
            return p.render(scale=scale, grayscale=True).to_pil().convert("L")
        finally:
            p.close()
    finally:
        pdf.close()


def _image_page(path: Path, page: int) -> Image.Image:
    """A frame of an image record, grayscale with square pixels, as OCR loads it."""
    from casebrief.extract.ocr import OcrSettings, PageSource, load_page_image

    with Image.open(path) as im:
        if not 1 <= page <= getattr(im, "n_frames", 1):
            raise PageNotShown(f"no page {page}")
    image, _ = load_page_image(PageSource(str(path), "image", page - 1, ""), OcrSettings())
    return image


def _as_read(image: Image.Image, rotation: int, skew: float) -> Image.Image:
    from casebrief.extract import page_image as pi
    from casebrief.extract.ocr import turn  # the turn OCR applied, the same way

    image = turn(image, rotation)
    return pi.rotate(image, skew) if skew else image
