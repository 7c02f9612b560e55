"""OCR of scanned pages: fax TIFFs, turned and skewed pages, scanned PDFs, the OCR cache, the
time budget, bad image input, ``casebrief extract`` and the assembly of words into lines.

Every image is drawn here (Bitstream Vera from reportlab's bundled fonts, 14 pt at 200 dpi)
and every test passes its own ``cache_dir``, so nothing depends on fixture files or on a
shared cache.  Pages are small (a few inches of text) and OCR runs in this process
(``workers=1``) except where the worker pool itself is under test.
"""

from __future__ import annotations

import io
import json
import os
import re
import resource
import struct
import time
import zlib
from pathlib import Path

import pytest
import reportlab
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from casebrief import cli
from casebrief.errors import RecordError, problem
from casebrief.extract import load_record
from casebrief.extract import ocr as ocr_mod
from casebrief.extract.image import extract_image
from casebrief.extract.ocr import OcrSettings, PageSource, assemble, read_pages
from casebrief.extract.page_image import MAX_PIXELS, content_hash
from casebrief.extract.pdf import extract_pdf

FONT = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
DPI = 200
PT = 14  # text size in points
SENTENCE = "Patient completed eight weeks of physical therapy for lumbar radiculopathy"
LINES = [
    "Patient completed eight weeks of physical",
    "therapy for lumbar radiculopathy. Pain",
    "persists despite conservative treatment.",
]
LEFT_IN = TOP_IN = 0.3  # where the first line is drawn, inches from the top-left corner


@pytest.fixture(scope="module", autouse=True)
def _no_pool_left_behind():
    yield
    ocr_mod.shutdown_pool()


# ---------------------------------------------------------------- drawing pages


def draw_page(lines: list[str], width_in: float = 6.5, height_in: float = 2.4) -> Image.Image:
    """A white grayscale page at ``DPI`` with ``lines`` in black, 14 pt, 1.6 line spacing."""
    img = Image.new("L", (round(width_in * DPI), round(height_in * DPI)), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(str(FONT), round(PT * DPI / 72))
    y = round(TOP_IN * DPI)
    for line in lines:
        draw.text((round(LEFT_IN * DPI), y), line, font=font, fill=0)
        y += round(PT * 1.6 * DPI / 72)
    return img


def to_fax(img: Image.Image, dpi_x: int = 204, dpi_y: int = 98) -> Image.Image:
    """The page as a fax server sends it: 1 bit, ``dpi_x`` x ``dpi_y`` (squashed vertically)."""
    size = (round(img.width * dpi_x / DPI), round(img.height * dpi_y / DPI))
    small = img.resize(size, Image.Resampling.BOX)
    return small.point(lambda p: 255 if p > 160 else 0).convert("1")


def write_fax_tiff(path: Path, pages: list[list[str]]) -> Path:
    frames = [to_fax(draw_page(lines)) for lines in pages]
    frames[0].save(
        path, compression="group4", dpi=(204, 98), save_all=True, append_images=frames[1:]
    )
    return path


def scanned_pdf(path: Path, images: list[Image.Image], stamp: str | None = None) -> Path:
    """An image-only PDF (reportlab): each image fills a page of its physical size at ``DPI``;
    ``stamp`` is a fax server's header line in the text layer, drawn over the image."""
    c = canvas.Canvas(str(path))
    for img in images:
        w, h = img.width * 72 / DPI, img.height * 72 / DPI
        c.setPageSize((w, h))
        c.drawImage(ImageReader(img), 0, 0, width=w, height=h)
        if stamp:
            c.setFont("Helvetica", 7)
            c.drawString(10, h - 10, stamp)
        c.showPage()
    c.save()
    return path


def raw_pdf(path: Path, pages: list[tuple[float, float, object]]) -> Path:
    """A PDF written by hand: ``(width_pt, height_pt, image)`` per page, where ``image`` is a
    grayscale PIL image, or ``(w, h)`` for a white 1-bit image of that many pixels whose
    Flate stream is a few KB (a decompression bomb: it says its size, it is never drawn)."""
    objs: list[bytes] = [b"", b""]  # 1: catalog, 2: page tree, filled in at the end
    kids = []
    for w, h, image in pages:
        if isinstance(image, tuple):
            iw, ih = image
            bpc, data = 1, zlib.compress(b"\xff" * ((iw + 7) // 8 * ih), 9)
        else:
            iw, ih = image.size
            bpc, data = 8, zlib.compress(image.tobytes(), 6)
        objs.append(
            b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
            b"/BitsPerComponent %d /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream"
            % (iw, ih, bpc, len(data), data)
        )
        image_id = len(objs)
        content = b"q %.2f 0 0 %.2f 0 0 cm /Im0 Do Q" % (w, h)
        objs.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
        objs.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] "
            b"/Resources << /XObject << /Im0 %d 0 R >> >> /Contents %d 0 R >>"
            % (w, h, image_id, len(objs))
        )
        kids.append(len(objs))
    objs[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    refs = b" ".join(b"%d 0 R" % k for k in kids)
    objs[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (refs, len(kids))
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objs, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % o for o in offsets))
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    )
    path.write_bytes(out.getvalue())
    return path


def settings(tmp_path: Path, **kw) -> OcrSettings:
    return OcrSettings(cache_dir=str(tmp_path / "cache"), **{"workers": 1, **kw})


def words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z]+", text)


def assert_reads(text: str, sentence: str = SENTENCE) -> None:
    """Every word of ``sentence`` was read, in order (other words may come between)."""
    found = iter(words(text))
    missing = [w for w in words(sentence) if not any(w == f for f in found)]
    assert not missing, f"not read in order: {missing} in {text!r}"


def phrase_span(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


# ---------------------------------------------------------------- 1. a fax TIFF


def test_multipage_g4_fax_tiff(tmp_path):
    path = write_fax_tiff(
        tmp_path / "fax.tif",
        [LINES, ["Second page: MRI of the lumbar spine", "showed a disc herniation at L4-L5."]],
    )
    with Image.open(path) as im:  # the fixture is what a fax server sends
        assert (im.n_frames, im.mode, im.info["compression"]) == (2, "1", "group4")
        assert tuple(round(v) for v in im.info["dpi"]) == (204, 98)

    record = load_record(path, ocr=settings(tmp_path, workers=2))  # the worker pool reads it

    assert record.kind == "image"
    assert [p.number for p in record.pages] == [1, 2]
    assert [p.source for p in record.pages] == ["ocr", "ocr"]
    assert record.warnings == []
    first, second = record.pages
    # square pixels: 6.5 x 2.4 inches whatever the fax's 204 x 98 dpi
    assert first.width == pytest.approx(6.5 * 72, abs=2)
    assert first.height == pytest.approx(2.4 * 72, abs=2)
    page1 = record.text[first.char_start : first.char_end]
    page2 = record.text[second.char_start : second.char_end]
    assert_reads(page1)
    assert_reads(page2, "MRI of the lumbar spine showed a disc herniation")
    assert "Patient" not in page2

    # boxes: in points of the page, where the text was drawn (a vertical stretch gone wrong
    # would put the second line at half its height)
    start, end = phrase_span(record.text, "Patient completed")
    x0, y0, x1, y1 = record.bbox(start, end)
    assert 0 <= x0 < x1 <= first.width and 0 <= y0 < y1 <= first.height
    assert x0 == pytest.approx(LEFT_IN * 72, abs=6)
    assert y0 == pytest.approx(TOP_IN * 72, abs=8)
    start2, end2 = phrase_span(record.text, "lumbar radiculopathy")
    _, ly0, lx1, ly1 = record.bbox(start2, end2)
    assert ly0 == pytest.approx(y0 + PT * 1.6, abs=6)  # the second line, one line lower
    assert lx1 <= first.width and ly1 <= first.height

    # a line per text row, each with its confidence, and a page confidence
    assert len(record.ocr_lines) == 5
    assert all(0 < c <= 1 for _, _, c in record.ocr_lines)
    assert all(0 < p.ocr_confidence <= 1 for p in record.pages)
    assert 0 < record.ocr_confidence(start, end) <= 1
    assert record.source_of(start) == "ocr"
    assert record.text[record.ocr_lines[0][0] : record.ocr_lines[0][1]].startswith("Patient")
    assert first.fingerprint and first.fingerprint != second.fingerprint


# ---------------------------------------------------------------- 2-3. turned and skewed pages


def _read_png(tmp_path: Path, image: Image.Image, name: str):
    path = tmp_path / name
    image.save(path, dpi=(DPI, DPI))
    record = load_record(path, ocr=settings(tmp_path))
    [page] = record.pages
    return record, page


def test_page_turned_upside_down(tmp_path):
    upside_down = draw_page(LINES, height_in=3).rotate(180)
    record, page = _read_png(tmp_path, upside_down, "upside_down.png")
    assert page.source == "ocr"
    assert page.rotation == 180
    assert_reads(record.text)
    # the boxes are on the upright page: "Patient" is near its top-left corner
    x0, y0, _, _ = record.bbox(*phrase_span(record.text, "Patient"))
    assert x0 < 72 and y0 < 72


@pytest.mark.parametrize(
    ("ccw", "turn"),
    [
        pytest.param(90, 90),
        pytest.param(270, 270),
    ],
    ids=["content-turned-90-ccw", "content-turned-90-cw"],
)
def test_page_turned_sideways(tmp_path, ccw, turn):
    """Content turned ``ccw`` degrees counter-clockwise must be turned ``turn`` degrees
    clockwise to read (``PageSpan.rotation``: clockwise degrees turned to read it)."""
    sideways = draw_page(LINES, height_in=3).rotate(ccw, expand=True)
    record, page = _read_png(tmp_path, sideways, f"sideways{ccw}.png")
    assert page.source == "ocr", record.warnings
    assert page.rotation == turn
    assert SENTENCE in " ".join(record.text.split()).replace(".", "")


@pytest.mark.parametrize("degrees", [2.0, -2.0])
def test_skewed_page_is_straightened(tmp_path, degrees):
    skewed = draw_page(LINES, height_in=3).rotate(
        degrees, expand=True, fillcolor=255, resample=Image.Resampling.BICUBIC
    )
    record, page = _read_png(tmp_path, skewed, "skewed.png")
    assert page.source == "ocr"
    # deskew_angle: the counter-clockwise turn that makes lines horizontal, so it undoes ours
    assert page.skew == pytest.approx(-degrees, abs=1.0)
    assert page.rotation == 0
    assert_reads(record.text)


def test_deskew_off_reads_no_skew(tmp_path):
    skewed = draw_page(LINES, height_in=3).rotate(2, expand=True, fillcolor=255)
    path = tmp_path / "skewed.png"
    skewed.save(path, dpi=(DPI, DPI))
    record = load_record(path, ocr=settings(tmp_path, deskew=False))
    assert record.pages[0].skew == 0.0


# ---------------------------------------------------------------- 4. blank pages


def test_blank_page_in_scanned_pdf(tmp_path):
    text = draw_page(LINES)
    blank = Image.new("L", text.size, 255)
    for x, y in [(50, 60), (400, 300), (900, 120)]:  # dust: a few specks are still blank
        blank.putpixel((x, y), 0)
    path = scanned_pdf(tmp_path / "scan.pdf", [text, blank, text])
    record = load_record(path, ocr=settings(tmp_path))
    assert [p.source for p in record.pages] == ["ocr", "blank", "ocr"]
    assert record.warnings == [("W102", {"page": 2})]
    assert problem("W102", record.file, page=2)["message"] == "scan.pdf: page 2 is blank"
    blank_span = record.pages[1]
    assert blank_span.char_start == blank_span.char_end and not blank_span.has_text
    assert blank_span.read  # a blank page was read: it holds nothing to read
    assert_reads(record.text[record.pages[2].char_start :])


def test_png_without_ink_is_e005(tmp_path):
    path = tmp_path / "white.png"
    Image.new("L", (1000, 600), 255).save(path, dpi=(DPI, DPI))
    with pytest.raises(RecordError) as err:
        load_record(path, ocr=settings(tmp_path))
    assert err.value.code == "E005"
    assert "white.png" in str(err.value)


# ---------------------------------------------------------------- 5. a stamp over a scan


def test_image_pdf_with_fax_stamp_text_layer_is_ocrd(tmp_path):
    stamp = "FROM: ACME FAX 555-0100  01/02/2024 10:15  P.001/001"
    path = scanned_pdf(tmp_path / "stamped.pdf", [draw_page(LINES)], stamp=stamp)
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)  # the fixture: a text layer holding only the stamp
    try:
        layer = pdf[0].get_textpage().get_text_range()
    finally:
        pdf.close()
    assert "ACME FAX" in layer and "Patient" not in layer

    record = load_record(path, ocr=settings(tmp_path))
    [page] = record.pages
    assert page.source == "ocr"
    assert_reads(record.text)
    assert_reads(record.text, "Pain persists despite conservative treatment")
    assert record.ocr_lines and record.source_of(record.text.index("Patient")) == "ocr"


# ---------------------------------------------------------------- 6. the cache


def test_cache_hit_and_miss_on_dpi(tmp_path):
    path = scanned_pdf(tmp_path / "scan.pdf", [draw_page(LINES)])
    sources = [PageSource(str(path), "pdf", 0, content_hash(path))]
    s200 = settings(tmp_path, dpi=200)

    first = read_pages(sources, s200)
    assert [p.status for p in first] == ["ocr"] and not first[0].cached
    assert list((tmp_path / "cache").rglob("*.json")), "the reading was not cached"

    again = read_pages(sources, s200)
    assert again[0].cached
    assert again[0].words == first[0].words
    assert again[0].confidence == first[0].confidence
    assert_reads(" ".join(w[0] for w in again[0].words))

    other = read_pages(sources, settings(tmp_path, dpi=250))
    assert not other[0].cached  # another dpi reads another image: a miss
    assert other[0].status == "ocr"
    assert len(list((tmp_path / "cache").rglob("*.json"))) == 2

    off = read_pages(sources, OcrSettings(cache_dir="off", workers=1, dpi=200))
    assert not off[0].cached


# ---------------------------------------------------------------- 7. bad input


def test_empty_tiff_is_e001(tmp_path):
    path = tmp_path / "empty.tif"
    path.write_bytes(b"")
    with pytest.raises(RecordError) as err:
        load_record(path, ocr=settings(tmp_path))
    assert err.value.code == "E001"
    assert "empty.tif" in str(err.value)


@pytest.mark.parametrize(
    "keep",
    [0.25, 0.5],
    ids=["quarter", "half"],
)
def test_truncated_tiff(tmp_path, keep):
    """A fax TIFF cut short is refused (E019) or read as far as it goes (later pages W107):
    never an 'unexpected error, please report this file' (E011)."""
    full = write_fax_tiff(
        tmp_path / "full.tif", [[f"Page {i + 1} of the fax", *LINES[:2]] for i in range(3)]
    )
    data = full.read_bytes()
    path = tmp_path / "cut.tif"
    path.write_bytes(data[: int(len(data) * keep)])
    started = time.monotonic()
    try:
        record = load_record(path, ocr=settings(tmp_path))
    except RecordError as exc:
        assert exc.code == "E019", str(exc)
        assert "cut.tif" in str(exc)
        outcome = "E019"
    else:
        # the pages before the cut are read; the file is reported as cut short (W110) so
        # the pages after it are asked for, and any page found but not decodable is W107
        assert record.pages[0].source == "ocr"
        codes = [c for c, _ in record.warnings]
        assert codes[0] == "W110"
        assert all(c == "W107" for c in codes[1:])
        assert len(codes) - 1 == sum(p.source == "failed" for p in record.pages)
        outcome = "W110"
    assert time.monotonic() - started < 30
    if keep == 0.25:
        assert outcome == "E019"  # the first frame's own data is cut: nothing to read


def test_random_bytes_png_is_e019(tmp_path):
    path = tmp_path / "noise.png"
    path.write_bytes(bytes(range(256)) * 8 + os.urandom(1024))
    with pytest.raises(RecordError) as err:
        load_record(path, ocr=settings(tmp_path))
    assert err.value.code == "E019"
    assert "noise.png" in str(err.value)


def _png_claiming(tmp_path: Path, width: int, height: int) -> Path:
    """A real 8 x 8 PNG whose IHDR says ``width`` x ``height`` (its CRC fixed)."""
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buf, format="PNG")
    data = bytearray(buf.getvalue())
    assert data[12:16] == b"IHDR"
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    path = tmp_path / "bomb.png"
    path.write_bytes(bytes(data))
    return path


def test_png_bomb_is_e018_without_decoding(tmp_path):
    path = _png_claiming(tmp_path, 30000, 30000)  # 2.7 GB as RGB
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    started = time.monotonic()
    with pytest.raises(RecordError) as err:
        load_record(path, ocr=settings(tmp_path))
    assert time.monotonic() - started < 5
    grown_mib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
    assert grown_mib < 256
    assert err.value.code == "E018"
    assert "bomb.png" in str(err.value)


def test_png_bomb_message_states_its_size(tmp_path):
    with pytest.raises(RecordError) as err:
        load_record(_png_claiming(tmp_path, 30000, 30000), ocr=settings(tmp_path))
    assert "30000 x 30000" in str(err.value)


def test_png_just_over_the_budget_states_its_size(tmp_path):
    assert 10000 * 9000 > MAX_PIXELS  # under Pillow's own backstop (2 x), over ours
    with pytest.raises(RecordError) as err:
        load_record(_png_claiming(tmp_path, 10000, 9000), ocr=settings(tmp_path))
    assert err.value.code == "E018"
    assert "10000 x 9000" in str(err.value)


def test_pdf_page_with_oversized_image_is_w108(tmp_path):
    """A real bomb: 10,000 x 10,000 pixels (over MAX_PIXELS) in a 12 KB Flate stream.  It is
    refused from the image object's size; the pages around it are still read."""
    side = 10_000
    assert side * side > MAX_PIXELS
    img = draw_page(LINES)
    w, h = img.width * 72 / DPI, img.height * 72 / DPI
    path = raw_pdf(tmp_path / "bomb.pdf", [(w, h, img), (w, h, (side, side)), (w, h, img)])
    assert path.stat().st_size < 200_000
    started = time.monotonic()
    record = load_record(path, ocr=settings(tmp_path))
    assert time.monotonic() - started < 20
    assert [p.source for p in record.pages] == ["ocr", "too_large", "ocr"]
    assert record.warnings == [("W108", {"page": 2, "reason": f"{side} x {side} pixels"})]
    message = problem("W108", record.file, **record.warnings[0][1])["message"]
    assert message.startswith("bomb.pdf: page 2 holds an image of 10000 x 10000 pixels")
    for page in (record.pages[0], record.pages[2]):
        assert_reads(record.text[page.char_start : page.char_end])
    assert record.pages[1].char_start == record.pages[1].char_end


# ---------------------------------------------------------------- 8. the time budget


@pytest.mark.parametrize("workers", [1, 2])
def test_read_pages_past_deadline_are_timeouts(tmp_path, workers):
    path = write_fax_tiff(tmp_path / "fax.tif", [LINES, LINES[1:]])
    digest = content_hash(path)
    sources = [PageSource(str(path), "image", i, digest) for i in range(2)]
    started = time.monotonic()
    pages = read_pages(sources, settings(tmp_path, workers=workers), deadline=started - 1)
    assert [p.status for p in pages] == ["timeout", "timeout"]
    assert [p.page for p in pages] == [1, 2]
    assert not any(p.words for p in pages)
    assert not list((tmp_path / "cache").rglob("*.json"))  # a timeout is never cached


def test_extract_image_with_spent_budget_is_w109(tmp_path):
    path = write_fax_tiff(tmp_path / "fax.tif", [LINES, LINES[1:]])
    record = extract_image(path, name="fax.tif", time_budget_s=0.0, ocr=settings(tmp_path))
    assert [p.source for p in record.pages] == ["timeout", "timeout"]
    assert record.warnings == [
        ("W109", {"page": 1, "seconds": 0.0}),
        ("W109", {"page": 2, "seconds": 0.0}),
    ]
    assert "time budget was spent" in problem("W109", "fax.tif", page=1, seconds=0.0)["message"]


def test_extract_pdf_budget_spent_during_ocr_is_w109(tmp_path, monkeypatch):
    """The text layer is read at once; OCR of page 1 outlasts the budget, so page 2 is W109."""
    path = scanned_pdf(tmp_path / "scan.pdf", [draw_page(LINES), draw_page(LINES[1:])])
    real = ocr_mod.read_page

    def slow_read_page(source, settings_):
        time.sleep(0.8)
        return real(source, settings_)

    monkeypatch.setattr(ocr_mod, "read_page", slow_read_page)
    record = extract_pdf(path, name="scan.pdf", time_budget_s=0.5, ocr=settings(tmp_path))
    assert [p.source for p in record.pages] == ["ocr", "timeout"]
    assert record.warnings == [("W109", {"page": 2, "seconds": 0.5})]
    assert_reads(record.text)


# ---------------------------------------------------------------- 9. casebrief extract


def test_cli_extract_json_and_text(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CASEBRIEF_OCR_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("CASEBRIEF_OCR_WORKERS", "1")
    monkeypatch.delenv("CASEBRIEF_OCR", raising=False)
    path = write_fax_tiff(tmp_path / "fax.tif", [LINES])

    assert cli.main(["extract", str(path), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["file"] == "fax.tif" and out["kind"] == "image"
    assert out["problems"] == []
    [page] = out["pages"]
    assert page["page"] == 1 and page["source"] == "ocr"
    assert 0 < page["confidence"] <= 1
    assert_reads(page["text"])
    assert len(page["ocr_lines"]) == 3
    line = page["ocr_lines"][0]
    assert line["text"].startswith("Patient") and 0 < line["confidence"] <= 1
    assert page["text"][line["char_start"] : line["char_end"]] == line["text"]
    assert len(line["bbox"]) == 4 and line["bbox"][2] <= page["width"]

    assert cli.main(["extract", str(path)]) == 0  # text is the default format
    text = capsys.readouterr().out
    header = text.splitlines()[0]
    assert re.fullmatch(r"=== fax\.tif - page 1 of 1 - OCR, confidence \d+% ===", header), header
    assert_reads(text)


# ---------------------------------------------------------------- 10. words -> lines


def test_assemble_rows_order_gaps_and_boxes():
    # [text, x0, y0, x1, y1, confidence] in points; given out of reading order
    words_in = [
        ["world", 46.0, 10.0, 76.0, 20.0, 0.9],  # one character's width after "hello"
        ["third", 10.0, 60.0, 40.0, 70.0, 0.5],
        ["hello", 10.0, 11.0, 40.0, 21.0, 0.8],  # same row as "world", a point lower
        ["next", 10.0, 24.0, 30.0, 34.0, 0.7],  # close below: the next line
    ]
    page = assemble(words_in)
    assert page.text == "hello world\nnext\n\nthird"  # a wide gap before "third"
    assert len(page.boxes) == len(page.text)
    for ch, box in zip(page.text, page.boxes, strict=True):
        assert (box is None) == (ch in " \n"), (ch, box)
    assert page.boxes[0] == (10.0, 11.0, 16.0, 21.0)  # "h": a fifth of "hello"
    assert page.boxes[page.text.index("w")][0] == 46.0
    assert page.boxes[len("hello world") - 1][2] == 76.0
    assert page.lines == [(0, 11, 0.85), (12, 16, 0.7), (18, 23, 0.5)]
    for start, end, _ in page.lines:
        assert "\n" not in page.text[start:end]


def test_assemble_sets_table_columns_apart():
    """Words far apart on a row are a table's cells: two or three spaces between them (as
    many of the page's spaces as fit the gap, at most three), so a typed-grid reader splits
    the row into cells and the sentence splitter reads it as a table's row; words of prose
    stay one space apart."""
    row = [
        ["Days", 10.0, 10.0, 34.0, 20.0, 0.9],
        [">=", 40.0, 10.0, 52.0, 20.0, 0.9],  # one character on: the same cell
        ["4h", 58.0, 10.0, 70.0, 20.0, 0.9],
        ["26", 150.0, 10.0, 162.0, 20.0, 0.9],  # far right: the next column
        ["87%", 240.0, 10.0, 258.0, 20.0, 0.9],
    ]
    page = assemble(row)
    assert page.text == "Days >= 4h   26   87%"
    from casebrief.facts.adherence import text_tables

    assert text_tables(page.text + "\n" + page.text) == [[("Days >= 4h", "26", "87%")] * 2]


def test_assemble_nothing():
    page = assemble([])
    assert (page.text, page.boxes, page.lines) == ("", [], [])


# ---------------------------------------------------------------- a dead worker


def test_dead_worker_does_not_break_later_records(tmp_path):
    path = write_fax_tiff(tmp_path / "fax.tif", [LINES, LINES[1:]])
    ocr_settings = OcrSettings(cache_dir="off", workers=2)
    try:
        # a worker dies (the kernel's OOM killer, a crash in libtesseract)
        with pytest.raises(Exception):  # noqa: B017 - BrokenProcessPool or its parent
            ocr_mod._executor(2).submit(os._exit, 1).result()
        record = load_record(path, ocr=ocr_settings)
        assert [p.source for p in record.pages] == ["ocr", "ocr"]
    finally:
        ocr_mod.shutdown_pool()


# ---------------------------------------------------------------- review mends


def test_a_tiff_of_too_many_pages_is_refused_quickly(tmp_path):
    """The page count is walked one page at a time and stops past the limit (Pillow's
    n_frames would walk every page directory entry first, in quadratic time)."""
    from casebrief.extract.image import MAX_FRAMES

    tiny = Image.new("1", (8, 8), 1)
    path = tmp_path / "many.tif"
    tiny.save(path, save_all=True, append_images=[tiny] * (MAX_FRAMES + 5), compression="group4")
    started = time.monotonic()
    with pytest.raises(RecordError) as err:
        load_record(path, ocr=settings(tmp_path))
    assert err.value.code == "E019" and "many.tif" in str(err.value)
    assert time.monotonic() - started < 10


def test_a_16_bit_scan_is_read_not_taken_for_blank(tmp_path):
    import numpy as np

    page = np.asarray(draw_page(LINES), dtype=np.uint16) * 257  # 8-bit ink -> 16-bit
    path = tmp_path / "scan16.png"
    Image.fromarray(page).save(path, dpi=(200, 200))
    with Image.open(path) as im:
        assert im.mode.startswith("I")
    record = load_record(path, ocr=settings(tmp_path))
    assert record.pages[0].source == "ocr"
    assert_reads(record.text)


def test_an_unknown_or_missing_engine_is_a_setting_error_not_a_bad_file(tmp_path):
    from casebrief.errors import CaseError

    path = write_fax_tiff(tmp_path / "fax.tif", [LINES])
    with pytest.raises(CaseError) as err:
        load_record(path, ocr=OcrSettings(engine="tesseractt", cache_dir="off"))
    assert err.value.code == "E219" and "tesseractt" in str(err.value)


def test_cached_readings_are_private_to_the_user(tmp_path):
    path = write_fax_tiff(tmp_path / "fax.tif", [LINES])
    load_record(path, ocr=settings(tmp_path))
    files = list((tmp_path / "cache").rglob("*.json"))
    assert files
    for f in files:
        assert f.stat().st_mode & 0o777 == 0o600
        assert f.parent.stat().st_mode & 0o077 == 0
    assert not list((tmp_path / "cache").rglob("*.tmp"))
