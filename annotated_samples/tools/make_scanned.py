"""Render labelled cases as faxed, scanned packets, so the OCR path is scored on real pixels.

Why: the records of ``test/`` and ``real/test/`` are text (.txt/.md) or text-layer PDFs, but
real packets mostly arrive as faxes: 1-bit, 204x98 dpi, skewed, speckled, a page upside down,
sideways or sent twice, no text layer. This turns each labelled case into such a packet, with
the same case.json and expected.json, so the OCR path can be scored against the text
originals. The images are never committed: this script regenerates them identically.

How: text records are drawn as an EHR print by ``render_pdf.py`` (font and size per record);
each PDF page is rasterized by pypdfium2 at 200 dpi grayscale, skewed (+-1.5 deg, white fill),
box-resampled to 204x98 dpi, thresholded to 1 bit, salted, peppered and blotted; ~1 record in
4 gets a fax header on each page (date, sender, page counter of the whole packet). In each set
~1 record in 8 gets a page turned 180 deg, ~1 in 10 a page turned 90 deg counter-clockwise,
~1 in 10 its last page sent again at the end. Records alternate between image-only PDFs (page
size = the image's physical size) and CCITT Group 4 multi-page TIFFs (dpi 204x98). Each choice
comes from a hash of --seed, set, case, file and page (a record's fate ignores --cases); pages
are processed one at a time. ``DIR/manifest.json`` gives per output record its source record
(relative to the repo, for a character-error-rate scorer) and per page the skew, rotation,
duplicate and fax header; nothing of the ground truth goes into the case directories.

Usage::

    python annotated_samples/tools/make_scanned.py --out DIR [--sets test real/test] \\
        [--seed 7] [--dpi-x 204 --dpi-y 98] [--cases ID ...]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import importlib.util
import json
import random
import re
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFont, TiffImagePlugin

HERE = Path(__file__).resolve().parent
SAMPLES = HERE.parent
REPO = SAMPLES.parent
RECORD_EXTS = {".pdf", ".txt", ".md"}
FONTS = ("Courier", "Helvetica", "Times-Roman")
SIZES = (9, 9.5, 10, 10.5, 11)
SCAN_DPI = 200
FIXED_TIME = time.gmtime(0)  # PDF dates fixed so that outputs are byte-identical
PAGE_KEYS = ("page", "source_page", "skew_deg", "rotation", "duplicate_of", "fax_header")
RECORD_KEYS = ("file", "source", "source_format", "format", "font", "font_size", "pages")


def _load_render_pdf():
    spec = importlib.util.spec_from_file_location("render_pdf", HERE / "render_pdf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


render_pdf = _load_render_pdf()


def rng(*key: object) -> random.Random:
    """A generator seeded by a stable hash of ``key`` (``hash()`` is salted per process)."""
    return random.Random(int.from_bytes(hashlib.sha256(repr(key).encode()).digest()[:8], "big"))


def plan_set(seed: int, set_name: str, records: list[tuple[str, str]]) -> dict:
    """Per (case, file) of a set: output format, page rotation, duplicate last page, header."""
    n, plan = len(records), {}
    for i, r in enumerate(records):
        plan[r] = {"format": ("pdf", "tif")[i % 2], "rotate": 0, "duplicate": 0, "header": 0}
    for tag, picks in (
        ("rotate", (180,) * round(n / 8) + (90,) * round(n / 10)),
        ("duplicate", (1,) * round(n / 10)),
        ("header", (1,) * round(n / 4)),
    ):
        order = list(records)
        rng(seed, set_name, tag).shuffle(order)
        for r, value in zip(order, picks, strict=False):
            plan[r][tag] = value
    return plan


def packet_header(case: dict, r: random.Random) -> str:
    """The part of a fax header line before the page counter: date, time, sender."""
    req = case.get("request", {})
    try:
        day = dt.date.fromisoformat(req.get("request_date", ""))
    except ValueError:
        day = dt.date(2026, 1, 1) + dt.timedelta(days=r.randrange(365))
    sender = req.get("requesting_provider") or "MEDICAL RECORDS"
    sender = re.sub(r"[^A-Z0-9&. ]+", " ", sender.split(" - ")[-1].upper())
    sender = " ".join(sender.split())
    sender = sender if len(sender) <= 30 else sender[:31].rsplit(" ", 1)[0]
    fax_no = f"(555) 0{r.randrange(10, 99)}-{r.randrange(1000, 9999)}"
    clock = f"{r.randrange(8, 18):02d}:{r.randrange(60):02d}"
    return f"{day.strftime('%b').upper()}-{day:%d-%Y} {clock} FROM: {sender} {fax_no}"


def draw_header(black: np.ndarray, text: str, dpi_x: float, dpi_y: float) -> None:
    """Clear a band at the top of the page and write ``text`` into it, as a fax machine does."""
    h_iso = round(0.15 * dpi_x)
    strip = Image.new("L", (black.shape[1], h_iso), 255)
    font = ImageFont.load_default(size=round(0.1 * dpi_x))
    ImageDraw.Draw(strip).text((round(0.25 * dpi_x), round(0.02 * dpi_x)), text, 0, font=font)
    strip = strip.resize((strip.width, max(1, round(h_iso * dpi_y / dpi_x))), Image.BOX)
    y0 = round(0.06 * dpi_y)
    black[y0 : y0 + strip.height] = np.asarray(strip) < 128


def fax_page(gray: Image.Image, r: random.Random, rotation: int, dpi_x: float, dpi_y: float):
    """A 200 dpi grayscale page -> (1-bit fax-resolution array of black pixels, skew)."""
    skew = round(r.uniform(-1.5, 1.5), 2)
    if rotation:
        gray = gray.rotate(rotation, expand=True)
    gray = gray.rotate(skew, resample=Image.BILINEAR, fillcolor=255)
    size = (round(gray.width * dpi_x / SCAN_DPI), round(gray.height * dpi_y / SCAN_DPI))
    black = np.asarray(gray.resize(size, Image.BOX)) < r.randint(140, 185)
    g = np.random.default_rng(r.getrandbits(64))
    h, w = black.shape
    n = int(black.size * g.uniform(0.0005, 0.002))
    ys, xs, salt = g.integers(0, h, n), g.integers(0, w, n), g.random(n) < 0.3
    black[ys[~salt], xs[~salt]] = True
    black[ys[salt], xs[salt]] = False
    for _ in range(g.integers(3, 16)):
        y, x = g.integers(0, h - 3), g.integers(0, w - 3)
        black[y : y + g.integers(2, 4), x : x + g.integers(2, 4)] = True
    return black, skew


def rasterize(pdf: pdfium.PdfDocument, index: int) -> Image.Image:
    page = pdf[index]
    img = page.render(scale=SCAN_DPI / 72, grayscale=True).to_pil().convert("L")
    page.close()
    return img


def write_pages(path: Path, fmt: str, dpi: tuple[float, float], pages) -> None:
    """Append the 1-bit pages one at a time to an image-only PDF or a Group 4 TIFF."""
    if fmt == "tif":
        with TiffImagePlugin.AppendingTiffWriter(str(path), new=True) as tif:
            for img in pages:
                img.save(tif, format="TIFF", compression="group4", dpi=dpi)
                tif.newFrame()
        return
    info = {"creationDate": FIXED_TIME, "modDate": FIXED_TIME, "title": path.stem}
    for i, img in enumerate(pages):
        img.save(path, format="PDF", dpi=dpi, append=i > 0, **info)


def record_files(case_dir: Path) -> list[Path]:
    return sorted(p for p in case_dir.iterdir() if p.is_file() and p.suffix in RECORD_EXTS)


def rel(p: Path) -> str:
    p = p.resolve()
    return str(p.relative_to(REPO)) if p.is_relative_to(REPO) else str(p)


def fax_pages(pdf, key: tuple, pl: dict, header: str | None, first: int, a, pages: list):
    """Yield the fax pages of one record (last page again if planned); log them in ``pages``."""
    n = len(pdf)
    rotate_at = rng(*key, "rotate").randrange(n) if pl["rotate"] else -1
    for i, sp in enumerate(list(range(n)) + [n - 1] * pl["duplicate"]):
        rotation = pl["rotate"] if i == rotate_at else 0
        black, skew = fax_page(rasterize(pdf, sp), rng(*key, i), rotation, a.dpi_x, a.dpi_y)
        line = header and header.replace("{page}", f"{first + i:03d}")
        if line:
            draw_header(black, line, a.dpi_x, a.dpi_y)
        values = (i + 1, sp + 1, skew, rotation, n if i >= n else None, line)
        pages.append(dict(zip(PAGE_KEYS, values, strict=True)))
        yield Image.fromarray(~black)


def convert_case(src: Path, out: Path, set_name: str, plan: dict, a, tmp: Path, report: dict):
    case_id, case_path = src.name, src / "case.json"
    case = json.loads(case_path.read_text(encoding="utf-8")) if case_path.exists() else {}
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    for p in sorted(src.iterdir()):
        if p.is_file() and p.suffix not in RECORD_EXTS and p.name != "case.json":
            shutil.copy2(p, out / p.name)
    prepared = []  # phase 1: a PDF per record, so the packet's page count is known
    for p in record_files(src):
        r = rng(a.seed, set_name, case_id, p.name)
        font, size, pdf_path = None, None, p
        try:
            if p.suffix != ".pdf":
                font, size = r.choice(FONTS), r.choice(SIZES)
                pdf_path = tmp / f"{set_name.replace('/', '_')}-{case_id}-{p.stem}.pdf"
                render_pdf.render(pdf_path, [p], None, "Page {n} of {N}", font, size, wrap=True)
            prepared.append((p, font, size, pdfium.PdfDocument(pdf_path)))
        except Exception as exc:  # report it, and go on with the other records
            report["failed"].append({"source": rel(p), "error": repr(exc)})
    total = sum(len(pdf) + plan[(case_id, p.name)]["duplicate"] for p, *_, pdf in prepared)
    head = f"{packet_header(case, rng(a.seed, set_name, case_id))}   P.{{page}}/{total:03d}"
    renamed, first = {}, 1
    for p, font, size, pdf in prepared:
        pl, pages = plan[(case_id, p.name)], []
        name, key = f"{p.stem}.{pl['format']}", (a.seed, set_name, case_id, p.name)
        header = head if pl["header"] else None
        try:
            images = fax_pages(pdf, key, pl, header, first, a, pages)
            write_pages(out / name, pl["format"], (a.dpi_x, a.dpi_y), images)
        except Exception as exc:
            (out / name).unlink(missing_ok=True)
            report["failed"].append({"source": rel(p), "error": repr(exc)})
            continue
        finally:
            first += len(pdf) + pl["duplicate"]
            pdf.close()
        renamed[p.name] = name
        values = (f"{set_name}/{case_id}/{name}", rel(p), p.suffix[1:], pl["format"], font, size)
        report["records"].append(dict(zip(RECORD_KEYS, (*values, len(pages)), strict=True)))
        report["records"][-1]["per_page"] = pages
        report["pages"] += len(pages)
    if isinstance(case.get("documents"), list):
        case["documents"] = [
            {**d, "file": renamed.get(d["file"], d["file"])}
            if isinstance(d, dict)
            else renamed.get(d, d)
            for d in case["documents"]
        ]
    if case_path.exists():
        (out / "case.json").write_text(json.dumps(case, indent=2) + "\n", encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--sets", nargs="+", default=["test", "real/test"])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--dpi-x", type=float, default=204.0)
    ap.add_argument("--dpi-y", type=float, default=98.0)
    ap.add_argument("--cases", nargs="+", help="only these case ids (the plan is per set)")
    a = ap.parse_args()
    start, n_cases = time.perf_counter(), 0
    report = {"records": [], "failed": [], "pages": 0}
    with tempfile.TemporaryDirectory(prefix="make_scanned-") as tmp:
        for set_name in a.sets:
            cases = sorted(d for d in (SAMPLES / set_name).iterdir() if d.is_dir())
            plan = plan_set(
                a.seed, set_name, [(d.name, p.name) for d in cases for p in record_files(d)]
            )
            for d in cases:
                if not a.cases or d.name in a.cases:
                    convert_case(d, a.out / set_name / d.name, set_name, plan, a, Path(tmp), report)
                    n_cases += 1
    a.out.mkdir(parents=True, exist_ok=True)
    manifest = {"seed": a.seed, "dpi": [a.dpi_x, a.dpi_y], "scan_dpi": SCAN_DPI, "sets": a.sets}
    manifest |= {"rotation": "degrees counter-clockwise the page content was turned"}
    manifest |= {"records": report["records"], "failed": report["failed"]}
    (a.out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    print(
        f"make_scanned: {n_cases} cases, {len(report['records'])} records, {report['pages']} pages,"
        f" {time.perf_counter() - start:.1f}s, {len(report['failed'])} failed -> {a.out}"
    )


if __name__ == "__main__":
    main()
