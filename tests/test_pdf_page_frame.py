"""Character boxes of a text-layer PDF lie where the page shows the characters, whatever the
page's /Rotate and CropBox: a landscape fax stored as a turned portrait page, or a scan
cropped by its sender, must be boxed (and highlighted) on its words.

The check is independent of casebrief's geometry: the page is rendered by PDFium as a viewer
shows it, and the pixels under each word's box must be ink while the page around is paper.
"""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import RectangleObject
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from casebrief.extract.pdf import extract_pdf

WORDS = ["Lumbar", "radiculopathy", "physical", "therapy", "weeks"]


def _pdf(path: Path, rotate: int = 0, crop: tuple | None = None) -> Path:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter)
    c.setFont("Helvetica-Bold", 22)
    c.drawString(150, 620, "Lumbar radiculopathy")
    c.drawString(150, 560, "physical therapy for 8 weeks")
    c.save()
    reader = PdfReader(io.BytesIO(buf.getvalue()))
    writer = PdfWriter()
    page = reader.pages[0]
    if crop:
        page.cropbox = RectangleObject(crop)
    if rotate:
        page.rotate(rotate)
    writer.add_page(page)
    with path.open("wb") as fh:
        writer.write(fh)
    return path


def _ink(image, box, width_pt, height_pt) -> float:
    """The dark share of the pixels inside ``box`` (page points of the shown page)."""
    sx, sy = image.width / width_pt, image.height / height_pt
    x0, y0, x1, y1 = (
        round(box[0] * sx),
        round(box[1] * sy),
        round(box[2] * sx),
        round(box[3] * sy),
    )
    region = image.crop((x0, y0, max(x1, x0 + 1), max(y1, y0 + 1)))
    pixels = list(region.getdata())
    return sum(p < 128 for p in pixels) / max(len(pixels), 1)


@pytest.mark.parametrize(
    ("rotate", "crop"),
    [
        (0, None),
        (90, None),
        (180, None),
        (270, None),
        (0, (100, 300, 600, 790)),
        (90, (100, 300, 600, 790)),
    ],
)
def test_word_boxes_land_on_the_words_as_the_page_is_shown(tmp_path, rotate, crop):
    path = _pdf(tmp_path / "p.pdf", rotate, crop)
    record = extract_pdf(path, name="p.pdf")
    span = record.pages[0]
    pdf = pdfium.PdfDocument(str(path))
    try:
        image = pdf[0].render(scale=2, grayscale=True).to_pil().convert("L")
    finally:
        pdf.close()
    # the record's page size is the page as shown (turned, cropped)
    assert abs(image.width / image.height - span.width / span.height) < 0.01
    for word in WORDS:
        start = record.text.index(word)
        box = record.bbox(start, start + len(word))
        assert box is not None
        assert 0 <= box[0] < box[2] <= span.width + 1 and 0 <= box[1] < box[3] <= span.height + 1
        assert _ink(image, box, span.width, span.height) > 0.12, (word, box)
    # and a box-sized patch beside the text is paper, so the check can fail
    start = record.text.index("Lumbar")
    x0, y0, x1, y1 = record.bbox(start, start + 6)
    if rotate in (0, 180):
        off = (x0, y0 + 3 * (y1 - y0) + 80, x1, y1 + 3 * (y1 - y0) + 80)
    else:
        off = (x0 + 3 * (x1 - x0) + 80, y0, x1 + 3 * (x1 - x0) + 80, y1)
    off = tuple(max(0.0, v) for v in off)
    assert _ink(image, off, span.width, span.height) < 0.05
