"""Page images for OCR: loaded within a pixel budget, made square-pixelled, upright and straight.

Why each step (each was measured on the fax copy of the labelled set, README "OCR"):

- **Pixel budget** before decoding: a 30,000 x 30,000 TIFF or a PDF page holding a huge
  embedded image would take gigabytes; the size is read from the header (or the PDF image
  object) and refused with a clear message instead (a decompression bomb).
- **Square pixels**: fax servers send 204 x 98 dpi ("standard") pages; recognizers expect
  square pixels, so the short axis is stretched back (TIFF resolution tags tell the ratio).
- **Orientation**: asked of the engine only when the upright reading is poor, so the
  common upright page pays nothing.
- **Deskew**: a projection-profile search over small angles on a reduced copy.
- **Blank detection**: a page with almost no ink is reported blank, not sent to OCR.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from PIL import Image, ImageOps

MAX_PIXELS = 80_000_000  # ~ a letter page at 900 dpi; far beyond any fax or scan
FAX_TARGET_DPI = 300  # images are brought to at most this resolution before OCR
MIN_DPI = 150  # below it the recognizer loses small print: upscale


class ImageTooLarge(ValueError):
    def __init__(self, width: int, height: int) -> None:
        super().__init__(f"{width} x {height} pixels")
        self.width, self.height = width, height


def check_pixels(width: int, height: int, limit: int = MAX_PIXELS) -> None:
    if width <= 0 or height <= 0 or width * height > limit:
        raise ImageTooLarge(width, height)


def to_gray(image: Image.Image) -> Image.Image:
    if image.mode in ("1", "L"):
        return image.convert("L")
    if image.mode.startswith(("I", "F")):  # 16-bit or float scans: stretch to 8 bits
        import numpy as np

        values = np.asarray(image, dtype=np.float64)
        low, high = float(values.min()), float(values.max())
        scaled = (values - low) * (255.0 / (high - low)) if high > low else values * 0 + 255
        return Image.fromarray(scaled.astype(np.uint8), "L")
    if image.mode in ("RGBA", "LA", "P", "PA"):
        # transparent areas are paper, not ink
        background = Image.new("RGBA", image.size, (255, 255, 255, 255))
        background.alpha_composite(image.convert("RGBA"))
        image = background
    return ImageOps.grayscale(image.convert("RGB"))


def square_pixels(image: Image.Image, dpi: tuple[float, float]) -> tuple[Image.Image, int]:
    """Stretch the lower-resolution axis to the higher one; scale into ``[MIN_DPI,
    FAX_TARGET_DPI]``.  Returns the image and its (now square) dpi."""
    dx, dy = (float(dpi[0] or 0), float(dpi[1] or 0))
    if dx <= 1 or dy <= 1:  # no usable tags: assume a 200 dpi scan, the commonest
        dx = dy = 200.0
    target = min(max(dx, dy, MIN_DPI), FAX_TARGET_DPI)
    w = max(1, round(image.width * target / dx))
    h = max(1, round(image.height * target / dy))
    check_pixels(w, h)
    if (w, h) != image.size:
        image = image.resize((w, h), Image.Resampling.BILINEAR)
    return image, round(target)


def ink_fraction(image: Image.Image) -> float:
    """Share of dark pixels, fax speckle left out.  A short page (a signature block, two
    lines of an addendum) inks well under 0.1% of a page, while a fax's salt-and-pepper
    speckle alone can reach that, so a page that looks nearly empty is measured again after
    a 3x3 median filter, which removes isolated specks and keeps strokes."""
    from PIL import ImageFilter

    pixels = max(1, image.width * image.height)
    raw = sum(image.histogram()[:128]) / pixels
    if raw >= 0.003:
        return raw
    return sum(image.filter(ImageFilter.MedianFilter(3)).histogram()[:128]) / pixels


def deskew_angle(image: Image.Image, limit: float = 3.0, step: float = 0.25) -> float:
    """The small rotation (degrees, counter-clockwise) that makes text lines horizontal:
    the angle whose row-ink profile is sharpest (largest variance of row sums)."""
    import numpy as np

    small = image.reduce(max(1, round(image.width / 800)))
    ink = (np.asarray(small) < 128).astype(np.float32)
    if ink.sum() < 100:
        return 0.0
    best, best_score = 0.0, -1.0
    pil_ink = Image.fromarray((ink * 255).astype(np.uint8))
    for i in range(int(-limit / step), int(limit / step) + 1):
        angle = i * step
        rows = np.asarray(pil_ink.rotate(angle, resample=Image.Resampling.NEAREST)).sum(axis=1)
        score = float(np.var(rows))
        if score > best_score:
            best, best_score = angle, score
    return best


def remove_rules(image: Image.Image, dpi: int) -> Image.Image | None:
    """The page with its ruled lines erased, or None when it has none.

    Why: a flowsheet or a device download is a ruled table; at fax resolution its rules
    break into dashes that touch the text, and the recognizer reads them as letters or
    loses whole rows (page confidence ~0.4 where plain notes read ~0.9).  A rule is a run
    of ink at least 0.2 in long (0.35 in tall for a vertical rule); letters at clinical
    print sizes have no such runs.  Found on a half-size copy with running sums
    (linear time), then erased at full size with its soft edges."""
    import numpy as np
    from scipy.ndimage import maximum_filter1d, uniform_filter1d

    small = image.reduce(2) if dpi >= 200 else image
    k = image.width / small.width
    sdpi = dpi / k
    ink = np.asarray(small) < 160
    edge = max(3, round(sdpi / 100)) | 1  # a rule's soft edges (rendering, fax blur) go too
    lines = np.zeros_like(ink)
    # horizontal rules: longer than any letter's bar up to ~18 pt headings; vertical ones:
    # taller than any letter's stem (a table's column rules run the table's height)
    for axis, inches in ((1, 0.2), (0, 0.35)):
        length = max(9, round(inches * sdpi)) | 1
        full = uniform_filter1d(ink.astype(np.float32), length, axis=axis) > 0.999
        rule = maximum_filter1d(full, length, axis=axis)
        lines |= maximum_filter1d(rule, edge, axis=1 - axis)
    if lines.sum() < sdpi:  # less than an inch of rule in all: nothing to erase
        return None
    mask = Image.fromarray(lines.astype(np.uint8) * 255).resize(
        image.size, Image.Resampling.NEAREST
    )
    out = image.copy()
    out.paste(255, mask=mask)
    return out


def rotate(image: Image.Image, degrees: float) -> Image.Image:
    """Turn counter-clockwise by ``degrees``, filling with paper white."""
    if not degrees:
        return image
    return image.rotate(degrees, expand=True, fillcolor=255, resample=Image.Resampling.BILINEAR)


def image_fingerprint(image: Image.Image) -> str:
    """A 256-bit average hash of the page, for spotting the same page sent twice."""
    small = image.resize((16, 16), Image.Resampling.BOX)
    pixels = list(small.getdata())
    mean = sum(pixels) / len(pixels)
    bits = "".join("1" if p < mean else "0" for p in pixels)
    return f"{int(bits, 2):064x}"


def content_hash(path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@dataclass(frozen=True)
class PageImage:
    """An image ready for OCR and what was done to it."""

    image: Image.Image
    dpi: int
    points_per_pixel: tuple[float, float]  # from this image back to page points (upright)
