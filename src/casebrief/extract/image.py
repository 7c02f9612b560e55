"""Image records: fax-server TIFFs (multi-page, CCITT G3/G4), PNG and JPEG, read by OCR.

Why the checks come first: an image file says its size and page count in its header, so
a decompression bomb (a 30,000 x 30,000 page), a truncated or corrupt file and an empty
one are refused with a message naming the file before anything is decoded.  Each page is
then OCR'd like a scanned PDF page (:mod:`casebrief.extract.ocr`).
"""

from __future__ import annotations

import time
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from casebrief.errors import RecordError
from casebrief.extract.ocr import OcrSettings, PageSource
from casebrief.extract.ocr_engines import check_engine
from casebrief.extract.page_image import MAX_PIXELS, ImageTooLarge, check_pixels, content_hash
from casebrief.extract.pages import PagePart, build_record, ocr_parts
from casebrief.extract.record import Record

IMAGE_SUFFIXES = {".tif", ".tiff", ".png", ".jpg", ".jpeg"}
MAX_FRAMES = 500  # pages in one image file

# Pillow's own guard warns at MAX_IMAGE_PIXELS and refuses at twice that; ours is checked
# before decoding, so Pillow's is only the backstop.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


def image_frames(path: Path, name: str) -> tuple[int, bool]:
    """How many pages the image holds (each checked against the pixel budget from its
    header), and whether its page directory was cut short (a truncated file)."""
    limit = MAX_PIXELS // 1_000_000
    try:
        with Image.open(path) as im:
            check_pixels(*im.size)
            return _count_frames(im, name)
    except ImageTooLarge as exc:
        raise RecordError(
            name, "E018", size=f"{exc.width} x {exc.height} pixels", limit=limit
        ) from None
    except Image.DecompressionBombError:  # Pillow's own guard, before ours could look
        raise RecordError(name, "E018", size=_header_size(path), limit=limit) from None
    except UnidentifiedImageError:
        raise RecordError(name, "E019", reason="not an image format casebrief reads") from None
    except (OSError, SyntaxError, ValueError, EOFError, TypeError) as exc:
        raise RecordError(
            name, "E019", reason=f"damaged or truncated ({type(exc).__name__})"
        ) from None


def _header_size(path: Path) -> str:
    """The size an image's header claims, read without decoding (Pillow's guard, which
    refused it, says only a pixel count)."""
    saved = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = None  # the header only: nothing is decoded here
    try:
        with Image.open(path) as im:
            return f"{im.width} x {im.height} pixels"
    except Exception:  # noqa: BLE001 - the size is a courtesy; the refusal stands
        return "too many pixels"
    finally:
        Image.MAX_IMAGE_PIXELS = saved


def _count_frames(im: Image.Image, name: str) -> tuple[int, bool]:
    """Pages of a (multi-page) image, each checked against the pixel budget.  A truncated
    TIFF keeps the pages before the cut: counting stops at the first that cannot be found
    (the pages it does find but cannot decode are reported one by one when read)."""
    # not im.n_frames: Pillow walks the whole page directory for it, in time that grows with
    # the square of the page count (35 s for an 8 MB file of 80,000 empty pages)
    count, cut = 0, False
    while True:
        try:
            im.seek(count)
        except EOFError:  # the last page was the one before
            break
        except (OSError, SyntaxError, ValueError, TypeError):
            if count == 0:
                raise
            cut = True  # the page directory is cut short: keep the pages before the cut
            break
        if count >= MAX_FRAMES:
            raise RecordError(name, "E019", reason=f"over {MAX_FRAMES} pages")
        check_pixels(*im.size)
        count += 1
    return count, cut


def extract_image(
    path: Path, *, name: str, time_budget_s: float = 25.0, ocr: OcrSettings | None = None
) -> Record:
    settings = ocr or OcrSettings.from_env()
    started = time.monotonic()
    frames, cut = image_frames(path, name)
    warnings: list[tuple[str, dict]] = [("W110", {"pages": frames})] if cut else []
    if not settings.enabled:
        warnings.extend(("W101", {"page": i + 1}) for i in range(frames))
        return build_record(
            name, "image", [PagePart(source="no_ocr") for _ in range(frames)], warnings
        )
    check_engine(settings.engine)
    digest = content_hash(path)
    sources = [PageSource(str(path), "image", i, digest) for i in range(frames)]
    parts = ocr_parts(sources, settings, started + time_budget_s, warnings, time_budget_s)
    if all(p.source == "failed" for p in parts):
        raise RecordError(name, "E019", reason="no page could be decoded")
    if all(p.source == "blank" for p in parts):
        raise RecordError(name, "E005")
    return build_record(name, "image", parts, warnings)
