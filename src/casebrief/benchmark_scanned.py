"""``casebrief benchmark --scanned``: OCR speed and accuracy on generated fax pages.

Why a benchmark and not a timed test: speed depends on the machine; this prints figures a
reader can compare (README, "OCR") and re-run.  It generates the same synthetic packet as
the text benchmark, rasterizes it as a fax would be sent (204 x 98 dpi, 1-bit, CCITT G4
TIFF) and as an office scanner would (300 dpi grayscale), then measures:

- seconds per page on one core, per engine installed, at fax resolution and at 300 dpi,
  with the character error rate (CER) against the packet's own text;
- the whole-packet time of a 10-page faxed packet briefed from cold cache, with the
  parallel OCR pool on every core.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

from casebrief.benchmark import brief_once, write_packet
from casebrief.extract.ocr import OcrSettings, PageSource, assemble, read_page
from casebrief.extract.page_image import content_hash

TARGET_FAX_S = 1.2  # per fax page, per core (issue 9)


def cer(reference: str, hypothesis: str) -> float:
    """Character error rate (Levenshtein distance / reference length), whitespace-normalized:
    line breaks and runs of spaces are layout, not characters read."""
    from rapidfuzz.distance import Levenshtein

    ref, hyp = " ".join(reference.split()), " ".join(hypothesis.split())
    return Levenshtein.distance(ref, hyp) / max(1, len(ref))


def fax_pages(pdf: Path, out: Path) -> tuple[Path, Path, list[str]]:
    """The packet as a G4 fax TIFF (204 x 98 dpi) and a 300 dpi grayscale TIFF, and each
    page's text-layer text (the reference)."""
    import pypdfium2 as pdfium
    from PIL import Image

    doc = pdfium.PdfDocument(pdf)
    fax, scan, texts = [], [], []
    try:
        for i in range(len(doc)):
            page = doc[i]
            tp = page.get_textpage()
            texts.append(tp.get_text_range())
            tp.close()
            gray = page.render(scale=300 / 72, grayscale=True).to_pil().convert("L")
            scan.append(gray)
            w, h = page.get_size()
            small = gray.resize((round(w * 204 / 72), round(h * 98 / 72)), Image.Resampling.BOX)
            fax.append(small.point(lambda v: 255 if v > 150 else 0).convert("1"))
            page.close()
    finally:
        doc.close()
    fax_path, scan_path = out / "fax.tif", out / "scan300.tif"
    fax[0].save(fax_path, save_all=True, append_images=fax[1:], compression="group4", dpi=(204, 98))
    scan[0].save(
        scan_path, save_all=True, append_images=scan[1:], compression="tiff_lzw", dpi=(300, 300)
    )
    return fax_path, scan_path, texts


def time_pages(path: Path, texts: list[str], engine: str) -> tuple[float, float, float]:
    """Median seconds per page on this core (cache off), mean CER and mean confidence."""
    settings = OcrSettings(engine=engine, cache_dir="off", workers=1)
    digest = content_hash(path)
    seconds, errors, confs = [], [], []
    for i, ref in enumerate(texts):
        page = read_page(PageSource(str(path), "image", i, digest), settings)
        seconds.append(page.seconds)
        errors.append(cer(ref, assemble(page.words).text))
        confs.append(page.confidence or 0.0)
    return statistics.median(seconds), statistics.mean(errors), statistics.mean(confs)


def run_scanned_benchmark(pages: int = 10) -> int:
    from casebrief.extract.ocr_engines import ENGINES, EngineUnavailable, get_engine

    os.environ["OMP_THREAD_LIMIT"] = "1"
    with tempfile.TemporaryDirectory(prefix="casebrief-scan-bench-") as tmp:
        tmp_path = Path(tmp)
        case = write_packet(tmp_path / "text", pages)
        fax, scan, texts = fax_pages(case / "packet.pdf", tmp_path)
        print(f"casebrief benchmark --scanned: {pages} generated pages, {os.cpu_count()} cores")
        fax_s = None
        for name in ENGINES:
            try:
                get_engine(name)  # load the models outside the timing
            except EngineUnavailable as exc:
                print(f"  {name}: not installed ({exc})")
                continue
            for label, path in (("fax 204x98 dpi G4", fax), ("scan 300 dpi gray", scan)):
                s, err, conf = time_pages(path, texts, name)
                if name == "tesseract" and label.startswith("fax"):
                    fax_s = s
                print(
                    f"  {name:9s} {label:18s} {s:6.2f} s/page/core (median)  "
                    f"CER {err:6.2%}  mean confidence {conf:.0%}"
                )
        packet = tmp_path / "faxcase"
        packet.mkdir()
        (packet / "packet.tif").write_bytes(fax.read_bytes())
        meta = (case / "case.json").read_text(encoding="utf-8").replace("packet.pdf", "packet.tif")
        (packet / "case.json").write_text(meta, encoding="utf-8")
        os.environ["CASEBRIEF_OCR_CACHE"] = "off"
        brief_once(packet)  # warm the language pipeline and the OCR pool
        t = time.perf_counter()
        _, stages, brief = brief_once(packet)
        whole = time.perf_counter() - t
        q = brief.packet_quality
        extraction = stages.get("extraction", 0.0)
        print(
            f"  whole {pages}-page faxed packet (tesseract, OCR on {os.cpu_count()} cores, "
            f"no cache, warm pipeline): {whole:.2f} s; extraction {extraction:.2f} s; "
            f"{q.pages_ocr} pages OCR'd, mean confidence {q.ocr_confidence:.0%}; status "
            f"{brief.summary.status}"
        )
        if fax_s is not None:
            verdict = "MET" if fax_s <= TARGET_FAX_S else "NOT MET"
            print(f"  target <= {TARGET_FAX_S} s per fax page per core: {verdict}")
    return 0
