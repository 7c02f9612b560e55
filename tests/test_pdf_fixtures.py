"""PDF robustness: every real-world PDF gives a record/brief or a clear per-file error.

Two parts:

* ``slow``: the PDFs under ``../shared/fixtures/pdfs`` (malformed, encrypted, rotated,
  forms, non-Latin, image-only).  One worker subprocess (this file run as a script with
  ``--worker``) walks them all and reports each phase as JSON lines; the parent enforces a
  per-phase timeout, so a hang or a crash in native code fails that file's test instead of
  hanging CI, and a fresh worker carries on with the rest.  Skipped when ../shared is absent.
* not slow: small generated PDFs for each error path, asserting the exact
  :class:`casebrief.errors.Messages` text.

Run: ``pytest tests/test_pdf_fixtures.py -m slow -s`` (``-s`` prints the timing summary).
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FIXTURES = SHARED / "fixtures" / "pdfs"
FILES = (
    sorted(
        p.relative_to(FIXTURES).as_posix()
        for p in FIXTURES.rglob("*")
        if p.is_file() and p.suffix.lower() == ".pdf"
    )
    if FIXTURES.is_dir()
    else []
)

PHASE_TIMEOUT_S = 30.0  # each of load_record and brief_case, per file
STARTUP_TIMEOUT_S = 180.0  # worker import + pipeline build
MAX_FILE_RSS_GROWTH_MB = (
    1024.0  # a single file must not grow the worker's RSS high-water mark by more
)
POLICY, REQUEST_DATE = "lumbar-spine-mri", "2026-03-01"


# --------------------------------------------------------------------------- worker side


def _rss_mb() -> tuple[float, float]:
    """(current RSS, high-water RSS) in MiB."""
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux
    try:
        with open("/proc/self/statm") as fh:
            cur = int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        cur = peak
    return cur, peak


def _worker(root: Path, rels: list[str]) -> None:
    """Process ``rels`` in order, writing one JSON line per phase start/end to stdout."""
    import logging

    logging.disable(logging.CRITICAL)
    from casebrief.errors import CasebriefError, RecordError
    from casebrief.extract import Record, load_record
    from casebrief.nlp.pipeline import get_pipeline
    from casebrief.service import brief_case

    get_pipeline()

    def emit(**kw: object) -> None:
        sys.stdout.write(json.dumps(kw) + "\n")
        sys.stdout.flush()

    emit(event="ready")
    for rel in rels:
        path = root / rel
        # phase 1: extraction
        emit(event="start", file=rel, phase="load")
        _, before = _rss_mb()
        t0 = time.perf_counter()
        res: dict[str, object] = {}
        try:
            rec = load_record(path)
            res = {
                "outcome": "record" if isinstance(rec, Record) else "other",
                "type": type(rec).__name__,
                "pages": len(rec.pages),
                "chars": len(rec.text),
                "warnings": rec.warnings,
            }
        except RecordError as exc:
            res = {"outcome": "record_error", "type": type(exc).__name__, "message": str(exc)}
        except BaseException as exc:  # noqa: BLE001 - this is what the test is looking for
            res = {"outcome": "other", "type": type(exc).__name__, "message": repr(exc)[:500]}
        cur, peak = _rss_mb()
        emit(
            event="end",
            file=rel,
            phase="load",
            seconds=time.perf_counter() - t0,
            rss_mb=cur,
            rss_growth_mb=peak - before,
            **res,
        )
        # phase 2: the whole brief pipeline
        emit(event="start", file=rel, phase="brief")
        _, before = _rss_mb()
        t0 = time.perf_counter()
        try:
            brief = brief_case(path, policy=POLICY, request_date=REQUEST_DATE)
            res = {
                "outcome": "brief",
                "type": type(brief).__name__,
                "status": brief.summary.status,
                "documents": len(brief.documents),
                "problems": [p.message for p in brief.problems],
            }
        except CasebriefError as exc:
            res = {"outcome": "casebrief_error", "type": type(exc).__name__, "message": str(exc)}
        except BaseException as exc:  # noqa: BLE001
            res = {"outcome": "other", "type": type(exc).__name__, "message": repr(exc)[:500]}
        cur, peak = _rss_mb()
        emit(
            event="end",
            file=rel,
            phase="brief",
            seconds=time.perf_counter() - t0,
            rss_mb=cur,
            rss_growth_mb=peak - before,
            **res,
        )


# --------------------------------------------------------------------------- parent side


def _reader(stream, q: queue.Queue) -> None:
    for line in stream:
        q.put(line)
    q.put(None)  # EOF


def _sweep(root: Path, rels: list[str]) -> dict[str, dict[str, dict]]:
    """Run the worker over ``rels``; returns ``{rel: {"load": {...}, "brief": {...}}}``.

    A phase that reports nothing within its timeout is recorded as ``timeout``; a worker that
    dies mid-file is recorded as ``crash``.  Either way a new worker resumes after that file.
    """
    results: dict[str, dict[str, dict]] = {rel: {} for rel in rels}
    todo = list(rels)
    while todo:
        with tempfile.TemporaryFile() as listing, tempfile.TemporaryFile() as errlog:
            listing.write("\n".join(todo).encode())
            listing.seek(0)
            proc = subprocess.Popen(
                [sys.executable, str(Path(__file__).resolve()), "--worker", str(root)],
                stdin=listing,
                stdout=subprocess.PIPE,
                stderr=errlog,
                text=True,
                cwd=str(REPO),
                env={**os.environ, "PYTHONUNBUFFERED": "1", "OMP_NUM_THREADS": "1"},
            )
            q: queue.Queue = queue.Queue()
            threading.Thread(target=_reader, args=(proc.stdout, q), daemon=True).start()
            current: tuple[str, str] | None = None
            deadline = time.monotonic() + STARTUP_TIMEOUT_S
            failure = None
            while True:
                try:
                    line = q.get(timeout=max(deadline - time.monotonic(), 0.01))
                except queue.Empty:
                    failure = "timeout"
                    break
                if line is None:
                    failure = "crash" if current is not None or todo else None
                    break
                msg = json.loads(line)
                if msg["event"] == "ready":
                    deadline = time.monotonic() + PHASE_TIMEOUT_S
                elif msg["event"] == "start":
                    current = (msg["file"], msg["phase"])
                    deadline = time.monotonic() + PHASE_TIMEOUT_S
                elif msg["event"] == "end":
                    results[msg["file"]][msg["phase"]] = msg
                    if msg["phase"] == "brief":
                        todo.remove(msg["file"])
                    current = None
                    deadline = time.monotonic() + PHASE_TIMEOUT_S
            if proc.poll() is None:
                proc.kill()
            proc.wait()
            if failure is None:
                continue
            errlog.seek(0)
            tail = errlog.read()[-2000:].decode("utf-8", "replace")
            if current is None:  # died or hung outside any file: blame the next one
                if not todo:
                    break
                current = (todo[0], "load")
            rel, phase = current
            results[rel][phase] = {
                "outcome": failure,
                "seconds": PHASE_TIMEOUT_S if failure == "timeout" else None,
                "message": f"worker {failure} (exit {proc.returncode}) in {phase}; "
                f"stderr tail: {tail}",
            }
            if phase == "load":
                results[rel]["brief"] = {
                    "outcome": "skipped",
                    "message": "load phase did not finish",
                }
            todo.remove(rel)
    return results


@pytest.fixture(scope="module")
def sweep() -> dict[str, dict[str, dict]]:
    if not FILES:
        pytest.skip(f"no PDF fixtures under {FIXTURES}")
    t0 = time.perf_counter()
    results = _sweep(FIXTURES, FILES)
    total = time.perf_counter() - t0
    _print_summary(results, total)
    return results


def _print_summary(results: dict[str, dict[str, dict]], total: float) -> None:
    from collections import Counter

    loads = Counter(r.get("load", {}).get("outcome") for r in results.values())
    briefs = Counter(r.get("brief", {}).get("outcome") for r in results.values())
    times = sorted(
        ((sum(p.get("seconds") or 0 for p in r.values()), rel) for rel, r in results.items()),
        reverse=True,
    )
    growth = sorted(
        ((max(p.get("rss_growth_mb") or 0 for p in r.values()), rel) for rel, r in results.items()),
        reverse=True,
    )
    peak = max((p.get("rss_mb") or 0 for r in results.values() for p in r.values()), default=0)
    print(
        f"\n[pdf fixtures] {len(results)} files in {total:.1f} "
        f"s; load: {dict(loads)}; brief: {dict(briefs)}"
    )
    print(
        f"[pdf fixtures] worker RSS at most {peak:.0f} MiB; largest high-water growth: "
        + ", ".join(f"{rel} +{g:.0f} MiB" for g, rel in growth[:3])
    )
    print("[pdf fixtures] slowest (load + brief):")
    for s, rel in times[:8]:
        r = results[rel]
        print(
            f"    {s:6.2f} s  {rel}  (load {r.get('load', {}).get('seconds') or 0:.2f} s, "
            f"brief {r.get('brief', {}).get('seconds') or 0:.2f} s)"
        )


_FIXTURE_PARAMS = FILES or [
    pytest.param(None, marks=pytest.mark.skip(reason=f"no PDF fixtures under {FIXTURES}"))
]


@pytest.mark.slow
@pytest.mark.parametrize("rel", _FIXTURE_PARAMS)
def test_load_record_gives_record_or_named_error(sweep, rel):
    res = sweep[rel]["load"]
    name = Path(rel).name
    assert res["outcome"] in {"record", "record_error"}, (
        f"{rel}: load_record -> {res['outcome']}: {res.get('message')}"
    )
    if res["outcome"] == "record_error":
        assert name in res["message"], (
            f"{rel}: RecordError does not name the file: {res['message']}"
        )
    assert res["seconds"] < PHASE_TIMEOUT_S
    assert res["rss_growth_mb"] < MAX_FILE_RSS_GROWTH_MB, (
        f"{rel}: RSS grew {res['rss_growth_mb']:.0f} MiB"
    )


@pytest.mark.slow
@pytest.mark.parametrize("rel", _FIXTURE_PARAMS)
def test_brief_case_gives_brief_or_casebrief_error(sweep, rel):
    res = sweep[rel]["brief"]
    assert res["outcome"] in {"brief", "casebrief_error"}, (
        f"{rel}: brief_case -> {res['outcome']}: {res.get('message')}"
    )
    assert res["seconds"] < PHASE_TIMEOUT_S
    assert res["rss_growth_mb"] < MAX_FILE_RSS_GROWTH_MB, (
        f"{rel}: RSS grew {res['rss_growth_mb']:.0f} MiB"
    )
    load = sweep[rel]["load"]
    if load["outcome"] == "record_error" and res["outcome"] == "brief":
        # the unreadable record is not silently dropped: the brief lists the same message
        assert load["message"] in res["problems"], (
            f"{rel}: brief does not report {load['message']!r}"
        )


# --------------------------------------------------------------------------- generated error paths

from casebrief.errors import Messages, RecordError, problem  # noqa: E402
from casebrief.extract import load_record  # noqa: E402


def _text_pdf(path: Path, pages: list[str | None], **canvas_kw) -> Path:
    """A PDF with one page per entry: text lines, or ``None`` for a blank page."""
    canvas = pytest.importorskip(
        "reportlab.pdfgen.canvas", reason="reportlab (test extra) is needed"
    )
    c = canvas.Canvas(str(path), **canvas_kw)
    for text in pages:
        if text:
            y = 720
            for line in text.splitlines():
                c.drawString(72, y, line)
                y -= 14
        c.showPage()
    c.save()
    return path


NOTE = "OFFICE VISIT\nDate of service: 02/10/2026\nChief complaint: low back pain for 3 months."


def test_empty_file(tmp_path):
    p = tmp_path / "empty-record.pdf"
    p.write_bytes(b"")
    with pytest.raises(RecordError) as ei:
        load_record(p)
    assert str(ei.value) == Messages.E001.format(file=p.name)
    assert ei.value.file == p.name


def test_truncated_pdf(tmp_path):
    good = _text_pdf(tmp_path / "good.pdf", [NOTE])
    data = good.read_bytes()
    p = tmp_path / "truncated-record.pdf"
    p.write_bytes(data[: len(data) // 3])
    with pytest.raises(RecordError) as ei:
        load_record(p)
    assert ei.value.file == p.name
    assert str(ei.value) == Messages.E003.format(file=p.name, reason=Messages.R_PDF_FORMAT)


def test_not_a_pdf_at_all(tmp_path):
    p = tmp_path / "really-a-word-file.pdf"
    p.write_bytes(b"PK\x03\x04" + os.urandom(2000))
    with pytest.raises(RecordError) as ei:
        load_record(p)
    assert str(ei.value) == Messages.E003.format(file=p.name, reason=Messages.R_PDF_FORMAT)


def test_encrypted_pdf_reportlab(tmp_path):
    p = _text_pdf(tmp_path / "locked-record.pdf", [NOTE], encrypt="secret")
    with pytest.raises(RecordError) as ei:
        load_record(p)
    assert str(ei.value) == Messages.E002.format(file=p.name)
    assert "encrypted" in str(ei.value) and p.name in str(ei.value)


def test_encrypted_pdf_pypdf_aes256(tmp_path):
    pypdf = pytest.importorskip("pypdf", reason="pypdf not installed (optional: AES-256 variant)")
    src = _text_pdf(tmp_path / "plain.pdf", [NOTE])
    writer = pypdf.PdfWriter(clone_from=str(src))
    try:
        writer.encrypt("secret", algorithm="AES-256")
    except Exception as exc:  # pypdf needs `cryptography` or `pycryptodome` for AES
        pytest.skip(f"pypdf cannot write AES here: {exc}")
    p = tmp_path / "aes-locked.pdf"
    with open(p, "wb") as fh:
        writer.write(fh)
    with pytest.raises(RecordError) as ei:
        load_record(p)
    assert str(ei.value) == Messages.E002.format(file=p.name)


def test_image_only_page(tmp_path):
    pytest.importorskip("reportlab")
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    # a tiny grey raster (PPM via reportlab's own image reader needs PIL; draw an inline image
    # instead)
    p = tmp_path / "scanned-record.pdf"
    c = canvas.Canvas(str(p))
    try:
        from PIL import Image

        img = Image.new("L", (64, 64), 128)
        c.drawImage(ImageReader(img), 72, 500, width=200, height=200)
    except ImportError:
        c.drawInlineImage(_ppm_image(tmp_path), 72, 500, width=200, height=200)
    c.showPage()
    c.save()
    from casebrief.extract.ocr import OcrSettings

    # with OCR switched off the scanned page is reported, not read
    rec = load_record(p, ocr=OcrSettings(enabled=False))
    assert rec.text.strip() == ""
    assert rec.warnings == [("W101", {"page": 1})]
    assert problem("W101", p.name, page=1)["message"] == Messages.W101.format(file=p.name, page=1)
    assert rec.pages[0].has_text is False
    assert rec.pages[0].source == "no_ocr" and not rec.pages[0].read
    # with OCR on, a mid-grey picture holds no ink: a blank page, not an unread one
    rec = load_record(p, ocr=OcrSettings(cache_dir="off"))
    assert rec.warnings == [("W102", {"page": 1})]
    assert rec.pages[0].source == "blank" and rec.pages[0].read


def _ppm_image(tmp_path: Path) -> str:
    ppm = tmp_path / "grey.ppm"
    ppm.write_bytes(b"P6 8 8 255\n" + bytes([128]) * (8 * 8 * 3))
    return str(ppm)


def test_image_only_packet_briefs_with_warning(tmp_path):
    """A scanned-only packet still gives a brief, and the brief says why nothing was read."""
    from casebrief.service import brief_case

    pytest.importorskip("PIL", reason="Pillow draws the test image")
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    p = tmp_path / "scan-only.pdf"
    c = canvas.Canvas(str(p))
    c.drawImage(ImageReader(Image.new("L", (32, 32), 90)), 72, 500, width=200, height=200)
    c.showPage()
    c.save()
    brief = brief_case(p, policy=POLICY, request_date=REQUEST_DATE)
    # a dark picture with no words: OCR finds nothing, so the page is not read, and the
    # brief says so (W111) rather than reading it as an empty page
    assert "W111" in [pr.code for pr in brief.problems]
    assert brief.packet_quality.pages_unreadable == 1


def test_blank_pdf(tmp_path):
    p = _text_pdf(tmp_path / "blank-record.pdf", [None])
    with pytest.raises(RecordError) as ei:
        load_record(p)
    assert str(ei.value) == Messages.E005.format(file=p.name)


def test_blank_page_among_text_pages(tmp_path):
    p = _text_pdf(tmp_path / "with-blank.pdf", [NOTE, None, NOTE])
    rec = load_record(p)
    assert rec.warnings == [("W102", {"page": 2})]
    assert [pg.has_text for pg in rec.pages] == [True, False, True]


def test_unsupported_suffix(tmp_path):
    p = tmp_path / "scan.docx"
    p.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(RecordError) as ei:
        load_record(p)
    assert str(ei.value) == Messages.E004.format(file=p.name, suffix=".docx")


def test_pdf_without_pages(tmp_path):
    import pypdfium2 as pdfium

    p = tmp_path / "no-pages.pdf"
    doc = pdfium.PdfDocument.new()  # a well-formed PDF whose page tree is empty
    doc.save(p)
    doc.close()
    with pytest.raises(RecordError) as ei:
        load_record(p)
    assert str(ei.value) == Messages.E010.format(file=p.name)


def test_broken_page_is_skipped_with_warning(tmp_path, monkeypatch):
    import pypdfium2 as pdfium

    from casebrief.extract import pdf as pdf_mod

    p = _text_pdf(tmp_path / "one-bad-page.pdf", [NOTE, NOTE, NOTE])
    real = pdf_mod.extract_page

    def flaky(doc, index):
        if index == 1:
            raise pdfium.PdfiumError("Failed to load page.")
        return real(doc, index)

    monkeypatch.setattr(pdf_mod, "extract_page", flaky)
    rec = load_record(p)
    assert rec.warnings == [("W104", {"page": 2, "reason": Messages.R_PDF_FORMAT})]
    assert [pg.number for pg in rec.pages] == [1, 2, 3]
    assert rec.text.count("OFFICE VISIT") == 2


def test_unexpected_reader_error_names_the_file(tmp_path, monkeypatch):
    from casebrief.extract import pdf as pdf_mod

    p = _text_pdf(tmp_path / "reader-bug.pdf", [NOTE])

    def boom(*a, **kw):
        raise ValueError("patient text must not leak into messages")

    monkeypatch.setattr(pdf_mod, "extract_pdf", boom)
    with pytest.raises(RecordError) as ei:
        load_record(p)
    assert str(ei.value) == Messages.E011.format(file=p.name, error="ValueError")
    assert "patient" not in str(ei.value)


def test_boxes_follow_the_text(tmp_path):
    p = _text_pdf(tmp_path / "boxes.pdf", [NOTE])
    rec = load_record(p)
    assert len(rec.boxes) == len(rec.text)
    i = rec.text.index("Chief")
    left, top, right, bottom = rec.bbox(i, i + len("Chief"))
    assert 70 <= left <= 74 and left < right and top < bottom
    baseline = rec.pages[0].height - (720 - 2 * 14)  # third line, in top-left-origin points
    assert top < baseline <= bottom + 1 and baseline - top < 12


if __name__ == "__main__" and len(sys.argv) >= 3 and sys.argv[1] == "--worker":
    _worker(Path(sys.argv[2]), [ln for ln in sys.stdin.read().splitlines() if ln.strip()])
