"""OCR of page images: pages in parallel across cores, results cached by file content.

Why this shape:

- A page is one task (``PageSource``: a file, a page, the file's content hash), run in a
  worker process with its own warm engine, so a 10-page fax uses every core; results are
  plain JSON so they cross processes and go to the cache unchanged.
- The cache key is the file's SHA-256, the page, the engine's version and the settings that
  change the reading: a re-brief (late records, a new policy version) never OCRs again,
  and a new engine or setting never reuses a stale reading.
- Reading order is ours, not the engine's: words are grouped into rows by vertical overlap
  and read left to right, with a blank line where the gap between rows is wide and two
  spaces where the gap between words is (a table's columns).  On forms,
  flowsheets and sleep-study tables (ruled cells broken by fax resolution) this keeps a
  table row on one line, where the engine's own block layout reads column by column.
- Boxes are in page points (1/72 inch, top-left origin) of the upright page, like the text
  layer's, so a quote from a scanned page is highlighted the same way.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import re
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from pathlib import Path
from statistics import median

from casebrief.extract.ocr_fixes import repair_text, repair_word
from casebrief.extract.ocr_spelling import capitals_heading, correct_word, split_word

log = logging.getLogger(__name__)
READER_VERSION = "4"  # bump when preparation or assembly changes what a page reads as
BLANK_INK = 0.0002  # share of dark pixels (speckle removed) under which a page is blank


@dataclass(frozen=True)
class OcrSettings:
    """How pages are read; from ``CASEBRIEF_OCR_*`` variables unless given."""

    enabled: bool = True
    engine: str = "tesseract"
    dpi: int = 300  # PDF pages are rendered at this resolution
    deskew: bool = True
    remove_rules: bool = True  # erase ruled table lines before reading (page_image)
    denoise: bool = True  # a 3x3 median filter against fax speckle before reading
    unreadable_below: float = 0.50  # a page under this confidence is unreadable
    low_line_below: float = 0.60  # a quote whose lines are under this is low-confidence
    workers: int = 0  # 0: one per core
    cache_dir: str | None = None  # None: ~/.cache/casebrief/ocr; "off": no cache

    @classmethod
    def from_env(cls, **overrides) -> OcrSettings:
        env = os.environ
        values = {
            "enabled": env.get("CASEBRIEF_OCR", "on").lower() not in {"off", "0", "false", "no"},
            "engine": env.get("CASEBRIEF_OCR_ENGINE", "tesseract"),
            "dpi": int(env.get("CASEBRIEF_OCR_DPI", "300")),
            "deskew": env.get("CASEBRIEF_OCR_DESKEW", "on").lower() not in {"off", "0", "false"},
            "remove_rules": env.get("CASEBRIEF_OCR_RULES", "remove").lower() != "keep",
            "denoise": env.get("CASEBRIEF_OCR_DENOISE", "on").lower() not in {"off", "0", "false"},
            "workers": int(env.get("CASEBRIEF_OCR_WORKERS", "0")),
            "cache_dir": env.get("CASEBRIEF_OCR_CACHE") or None,
            "low_line_below": float(env.get("CASEBRIEF_OCR_LOW_LINE", "0.60")),
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def signature(self) -> str:
        steps = f"deskew{int(self.deskew)}-rules{int(self.remove_rules)}-dn{int(self.denoise)}"
        return f"r{READER_VERSION}-dpi{self.dpi}-{steps}-u{self.unreadable_below:g}"

    def cache_path(self) -> Path | None:
        if self.cache_dir == "off":
            return None
        if self.cache_dir:
            return Path(self.cache_dir)
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        return Path(base) / "casebrief" / "ocr"


@dataclass(frozen=True)
class PageSource:
    path: str
    kind: str  # "pdf" | "image"
    index: int  # 0-based page or frame
    file_hash: str


@dataclass
class OcrPage:
    """What OCR made of one page.  ``words``: ``[text, x0, y0, x1, y1, confidence]`` in
    points of the upright page."""

    page: int
    status: str  # "ocr" | "blank" | "unreadable" | "too_large" | "failed" | "timeout"
    width: float = 0.0
    height: float = 0.0
    words: list[list] = field(default_factory=list)
    confidence: float | None = None
    rotation: int = 0  # clockwise degrees the page was turned to read it
    skew: float = 0.0
    fingerprint: str | None = None
    engine: str | None = None
    seconds: float = 0.0
    reason: str | None = None
    cached: bool = False

    def to_json(self) -> dict:
        out = asdict(self)
        out.pop("cached")
        return out


# ---------------------------------------------------------------- reading one page


def read_page(source: PageSource, settings: OcrSettings) -> OcrPage:
    """OCR one page (runs in a worker process).  Never raises: a failure is a status."""
    from casebrief.extract.page_image import ImageTooLarge

    started = time.monotonic()
    try:
        page = _read_page(source, settings)
    except ImageTooLarge as exc:
        page = OcrPage(source.index + 1, "too_large", reason=f"{exc.width} x {exc.height} pixels")
    except MemoryError:
        page = OcrPage(source.index + 1, "failed", reason="out of memory")
    except Exception as exc:  # noqa: BLE001 - a broken page costs that page only
        page = OcrPage(source.index + 1, "failed", reason=type(exc).__name__)
    page.seconds = round(time.monotonic() - started, 3)
    return page


def _render_dpi(page, width: float, most: int) -> int:
    """The resolution to render a scanned PDF page at: its scan's own (a fax's 204 dpi, an
    office scanner's 300), between 200 and ``most``; rendering a 204 dpi fax at 300 dpi
    adds no detail and costs the recognizer half as much time again.  Every image's pixel
    size is checked against the budget first (a PDF page can hold a decompression bomb)."""
    import pypdfium2.raw as pdfium_c

    from casebrief.extract import page_image as pi
    from casebrief.extract.pdf import _bounds

    found = 0.0
    for obj in page.get_objects(max_depth=3):
        if obj.type != pdfium_c.FPDF_PAGEOBJ_IMAGE:
            continue
        px_w, px_h = obj.get_px_size() if hasattr(obj, "get_px_size") else obj.get_size()
        pi.check_pixels(px_w, px_h)
        left, _, right, _ = _bounds(obj)
        if right - left > 0.5 * width:  # a page-sized image: the scan itself
            found = max(found, px_w / ((right - left) / 72))
    if not found:
        return most
    return round(min(max(found, 200), most))


def load_page_image(source: PageSource, settings: OcrSettings):
    """The page as a grayscale image with square pixels, and its dpi."""
    from casebrief.extract import page_image as pi

    if source.kind == "pdf":
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(source.path)
        try:
            page = pdf[source.index]
            try:
                width, height = page.get_size()
                scale = _render_dpi(page, width, settings.dpi) / 72
                pixels = width * height * scale * scale
                if pixels > pi.MAX_PIXELS:  # a poster-sized page: render it smaller
                    scale *= (pi.MAX_PIXELS / pixels) ** 0.5
                bitmap = page.render(scale=scale, grayscale=True)
                image = pi.to_gray(bitmap.to_pil())
            finally:
                page.close()
        finally:
            pdf.close()
        return image, round(scale * 72)
    from PIL import Image

    with Image.open(source.path) as im:
        im.seek(source.index)
        pi.check_pixels(*im.size)
        dpi = im.info.get("dpi") or (0, 0)
        if isinstance(dpi, (int, float)):
            dpi = (dpi, dpi)
        image = pi.to_gray(im)
    return pi.square_pixels(image, dpi)


def _quality(words) -> tuple[float, int]:
    chars = sum(len(w.text) for w in words)
    if not chars:
        return 0.0, 0
    return sum(w.confidence * len(w.text) for w in words) / chars, chars


# clockwise turn -> PIL transpose (PIL's ROTATE_n turn counter-clockwise)
_TURN = {90: "ROTATE_270", 180: "ROTATE_180", 270: "ROTATE_90"}


def turn(image, degrees: int):  # noqa: ANN001, ANN201 - PIL images
    """The page turned clockwise by ``degrees`` (0, 90, 180 or 270), as OCR turns it to read
    it (the reviewer page draws an OCR'd page the same way)."""
    from PIL import Image

    if degrees not in _TURN:
        return image
    return image.transpose(getattr(Image.Transpose, _TURN[degrees]))


def _sideways(words) -> bool:
    """Most words taller than wide: a page turned by 90 degrees, which Tesseract may read
    with high confidence as vertical text, words in the wrong order."""
    long = [w for w in words if len(w.text) >= 3]
    tall = sum((w.box[3] - w.box[1]) > (w.box[2] - w.box[0]) for w in long)
    return bool(long) and tall > len(long) / 2


def _clean(image, dpi: int, settings: OcrSettings):
    """Rules erased, then speckle: each step measured on the fax copy of the dev set (README,
    "OCR"), where it lowered the character error rate."""
    from PIL import ImageFilter

    from casebrief.extract import page_image as pi

    if settings.remove_rules:
        image = pi.remove_rules(image, dpi) or image
    if settings.denoise:
        image = image.filter(ImageFilter.MedianFilter(3))
    return image


def _prepare(image, dpi: int, settings: OcrSettings):
    """The page straightened (deskew) and cleaned, and the skew taken out of it."""
    from casebrief.extract import page_image as pi

    skew = pi.deskew_angle(image) if settings.deskew else 0.0
    return _clean(pi.rotate(image, skew) if skew else image, dpi, settings), skew


def _score(words) -> float:
    """How well a reading went: confidence times (capped) length; a sideways reading,
    however confident, scores nothing."""
    conf, chars = _quality(words)
    return 0.0 if _sideways(words) else conf * min(chars, 400)


def _turn_needed(engine, image, dpi: int, words) -> int:
    """Clockwise degrees the page must be turned to read upright (0 for most pages).

    Asked only when the upright reading is poor.  Each candidate turn is read on a
    half-size copy and the best reading wins (by a margin).  Tesseract's own orientation
    detector (OSD) was tried first and called upside-down fax pages upright with high
    confidence, so the readings themselves decide."""

    conf, chars = _quality(words)
    sideways = _sideways(words)
    if conf >= 0.80 and chars >= 40 and not sideways:
        return 0
    if sideways:
        turns = (90, 270)
    elif conf < 0.60 or chars < 40:
        turns = (180, 90, 270)
    else:
        turns = (180,)
    probe, probe_dpi = image.reduce(2), max(1, dpi // 2)
    best, best_score = 0, _score(engine.read(probe, probe_dpi))
    for degrees in turns:
        score = _score(engine.read(turn(probe, degrees), probe_dpi))
        if score > 1.2 * best_score + 1:
            best, best_score = degrees, score
    return best


def _read_page(source: PageSource, settings: OcrSettings) -> OcrPage:

    from casebrief.extract import page_image as pi
    from casebrief.extract.ocr_engines import get_engine

    image, dpi = load_page_image(source, settings)
    number = source.index + 1
    ink = pi.ink_fraction(image)
    if ink < BLANK_INK:
        return _page(number, "blank", image, dpi, fingerprint=pi.image_fingerprint(image))
    engine = get_engine(settings.engine)
    upright, skew = _prepare(image, dpi, settings)
    words = engine.read(upright, dpi)
    rotation = _turn_needed(engine, upright, dpi, words)
    if rotation:
        turned = turn(image, rotation)
        upright, skew = _prepare(turned, dpi, settings)
        words = engine.read(upright, dpi)
    conf, chars = _quality(words)
    status = "ocr" if chars and conf >= settings.unreadable_below else "unreadable"
    if not chars and ink < 5 * BLANK_INK:  # a mark or two and nothing to read: blank
        status = "blank"
    k = 72 / dpi
    return _page(
        number,
        status,
        upright,
        dpi,
        words=[[w.text, *(round(v * k, 1) for v in w.box), round(w.confidence, 3)] for w in words],
        confidence=round(conf, 3) if chars else None,
        rotation=rotation,
        skew=round(skew, 2),
        fingerprint=pi.image_fingerprint(upright),
        engine=engine.version,
        reason=None if status == "ocr" else f"confidence {conf:.0%}" if chars else "no text found",
    )


def _page(number: int, status: str, image, dpi: int, **fields) -> OcrPage:
    k = 72 / dpi
    return OcrPage(
        number, status, width=round(image.width * k, 2), height=round(image.height * k, 2), **fields
    )


# ---------------------------------------------------------------- many pages, cache, pool

_pool: ProcessPoolExecutor | None = None
_pool_size = 0


def _worker_init() -> None:
    os.environ["OMP_THREAD_LIMIT"] = "1"


def pool_size(settings: OcrSettings) -> int:
    """Workers: ``settings.workers``, else one per core this process may run on."""
    if settings.workers:
        return settings.workers
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _executor(size: int) -> ProcessPoolExecutor | None:
    """The shared OCR pool of ``size`` warm workers, kept across records (a smaller batch
    uses fewer of them, it does not start a new pool), or None where pages must be read in
    this process (one worker wanted, or this process is a daemon that may not have
    children)."""
    global _pool, _pool_size
    if size <= 1 or mp.current_process().daemon:
        return None
    if _pool is None or _pool_size != size:
        shutdown_pool()
        _pool = ProcessPoolExecutor(
            size, mp_context=mp.get_context("spawn"), initializer=_worker_init
        )
        _pool_size = size
    return _pool


def shutdown_pool(kill: bool = False) -> None:
    """Stop the pool; ``kill`` also ends pages still being read (past their deadline), so
    they do not hold the workers the next record needs."""
    global _pool
    if _pool is None:
        return
    pool, _pool = _pool, None
    processes = list(getattr(pool, "_processes", {}).values()) if kill else []
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()


def _cache_file(settings: OcrSettings, source: PageSource) -> Path | None:
    base = settings.cache_path()
    if base is None:
        return None
    from casebrief.extract.ocr_engines import engine_release

    key = f"{settings.engine}-{engine_release(settings.engine)}-{settings.signature()}"
    name = f"{source.file_hash}-{source.kind}{source.index}-{key}"
    return base / source.file_hash[:2] / f"{name}.json"


def _from_cache(path: Path | None) -> OcrPage | None:
    import json

    if path is None or not path.is_file():
        return None
    try:
        page = OcrPage(**json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None
    page.cached = True
    return page


def _to_cache(path: Path | None, page: OcrPage) -> None:
    import json

    if path is None or page.status in {"timeout", "failed"}:
        return
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    try:
        # readings are patient text: folders and files for this user only
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(json.dumps(page.to_json()))
        os.replace(tmp, path)
    except OSError as exc:  # a read-only cache only costs speed
        tmp.unlink(missing_ok=True)
        log.warning("OCR cache not written (%s)", type(exc).__name__)


def read_pages(
    sources: list[PageSource], settings: OcrSettings, deadline: float | None = None
) -> list[OcrPage]:
    """OCR the pages (cached ones are not read again), in parallel where there are cores,
    stopping at ``deadline`` (``time.monotonic()``): pages not read by then are ``timeout``."""
    out: dict[int, OcrPage] = {}
    todo: list[tuple[int, PageSource, Path | None]] = []
    for i, src in enumerate(sources):
        cpath = _cache_file(settings, src)
        hit = _from_cache(cpath)
        if hit is not None:
            out[i] = hit
        else:
            todo.append((i, src, cpath))
    size = pool_size(settings)
    pool = _executor(size) if len(todo) > 1 else None
    if pool is None:
        for i, src, cpath in todo:
            if deadline is not None and time.monotonic() > deadline:
                out[i] = OcrPage(src.index + 1, "timeout")
                continue
            out[i] = read_page(src, settings)
            _to_cache(cpath, out[i])
    else:
        broken = _in_pool(pool, todo, settings, deadline, out)
        if broken:
            # a worker died (killed, out of memory, a crash in a native library): the pool
            # is unusable, so start a new one and give each page it took down one more try,
            # alone, so a page that kills its worker again costs only itself
            shutdown_pool()
            for item in broken:
                i, src, _ = item
                if deadline is not None and time.monotonic() > deadline:
                    out[i] = OcrPage(src.index + 1, "timeout")
                    continue
                retry = _executor(size)
                if retry is None or _in_pool(retry, [item], settings, deadline, out):
                    out[i] = OcrPage(src.index + 1, "failed", reason="the OCR worker died")
                    shutdown_pool()
    return [out[i] for i in range(len(sources))]


def _in_pool(pool, todo, settings, deadline, out) -> list:
    """Read ``todo`` in the pool into ``out``; the items lost to a dead worker are returned."""
    from concurrent.futures.process import BrokenProcessPool

    broken = []
    try:
        futures = {pool.submit(read_page, item[1], settings): item for item in todo}
    except (BrokenProcessPool, OSError, RuntimeError):  # no worker could start
        return list(todo)
    pending = set(futures)
    while pending:
        timeout = None if deadline is None else max(0.0, deadline - time.monotonic())
        done, pending = wait(pending, timeout=timeout, return_when=FIRST_COMPLETED)
        for fut in done:
            i, src, cpath = futures[fut]
            try:
                out[i] = fut.result()
            except BrokenProcessPool:
                broken.append(futures[fut])
                continue
            except Exception as exc:  # noqa: BLE001 - a failed page costs that page
                out[i] = OcrPage(src.index + 1, "failed", reason=type(exc).__name__)
            _to_cache(cpath, out[i])
        if not done:  # the deadline passed
            running = [fut for fut in pending if not fut.cancel()]
            for fut in pending:
                i, src, _ = futures[fut]
                out[i] = OcrPage(src.index + 1, "timeout")
            if running:  # pages still being read would hold the next record's workers
                shutdown_pool(kill=True)
            break
    return broken


# ---------------------------------------------------------------- words -> text


@dataclass
class PageText:
    """A page's OCR words as text: one box per character (None for spaces and breaks) and
    the ``(start, end, confidence)`` of every line, in offsets of ``text``."""

    text: str
    boxes: list
    lines: list[tuple[int, int, float]]


def _char_width(row: list[list]) -> float:
    return sum(w[3] - w[1] for w in row) / max(1, sum(len(w[0]) for w in row))


def _row_gaps(row: list[list], char_w: float) -> list[float]:
    """The gaps between a row's neighbouring words, in character widths."""
    return [
        (b[1] - a[3]) / char_w if char_w > 0 else 0.0 for a, b in zip(row, row[1:], strict=False)
    ]


def _spacing(widths: list[float], gaps: list[list[float]]) -> tuple[float, float]:
    """The page's word spacing, in character widths: (the gap that sets columns apart, one
    space's gap).

    2.5 character widths always sets columns apart.  A page whose words stand closer than
    usual (a proportional font, whose space is narrow beside its digits) also splits at twice
    its own median gap between words, but never under 1.6: there a table's three-space gap
    measured 1.9 character widths beside prose gaps of 0.7 to 0.8, and was read as prose.
    One space is the page's median gap between words (prose outnumbers columns), 1.0 where
    the page has too few words to tell."""
    every = [
        g for row_gaps, char_w in zip(gaps, widths, strict=True) if char_w > 0 for g in row_gaps
    ]
    if len(every) < 20:  # too few words to know the page's spacing
        return 2.5, 1.0
    space = median(every)
    return min(2.5, max(1.6, 2.0 * space)), max(space, 0.3)


MOST_SPACES = 3  # a column's gap is written as at most this many spaces
# a row's first word that reads as a date, or as a date with its slashes misread ("1171025")
_DATED_CELL = re.compile(
    r"^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}$|^\d{1,2}[/71|lI]\d{2}[/71|lI]?\d{2,4}$"
)


SIDEWAYS_UNSURE = 0.5  # a sideways word read with less confidence than this is left out


def _sideways_noise(w: list) -> bool:
    """A word of three or more characters whose box is more than twice as tall as it is wide,
    read with little confidence: text running up the page's margin (a fax machine's sideways
    stamp), read as garbage ("UUYL-6UU", confidence 0).  Set beside a line of the note by a
    column's gap, it made the line a table's row and cut a sentence ("No  UUYL-6UU /
    history of hypertension") from its negation."""
    return len(w[0]) >= 3 and (w[4] - w[2]) > 2 * (w[3] - w[1]) and w[5] < SIDEWAYS_UNSURE


NOISE_ROW = 0.30  # a row read with less confidence than this is noise, not text


def _noise_row(row: list[list]) -> bool:
    """A row whose words OCR read with under 30% confidence on average: a shaded band, a
    logo, a smudge read as letters ("EEE eal EE Ee DE EE ee", 16%).  Left out of the text:
    its letters matched a dietitian's "LD" and made an evaluation of nothing.  On fax copies
    of 145 dev cases, 0.30 lowered the character error rate (5.41% to 5.35% and 6.05% to
    5.91%) and lost no status; 0.40 lost one."""
    chars = sum(len(w[0]) for w in row)
    conf = sum(w[5] * len(w[0]) for w in row) / max(1, chars)
    return conf < NOISE_ROW


_MARK = re.compile(r"^[^A-Za-z0-9]{1,2}$")
_SPECK = re.compile(r"^[.,:;'`~_=*\-]{1,2}$")  # no bracket or bar: a box's edge is read as one


_MARKS_ONLY = re.compile(r"^[^A-Za-z0-9\[\]]+$")  # a box's edge is no speck
UNSURE_MARK = 0.5


def _row_of_unsure_marks(row: list[list]) -> bool:
    """A row of marks only (no letter, digit or box edge), each read under 50% confidence: a
    speck between two lines.  A lone ")" between the two lines of a download's header (the
    fax copy of dev13sl-01, sample P) stood as a row and ended the table, whose periods
    went unread."""
    return all(_MARKS_ONLY.match(w[0]) and w[5] < UNSURE_MARK for w in row)


def _without_trailing_speck(row: list[list]) -> list[list]:
    """A row less its last word when that is a speck: one or two marks with no letter,
    digit or bracket, read under 30% confidence, set off by more than two line heights.
    Its gap reads as a table's column, a table row is a sentence of its own, and the prose
    line before it was cut from its continuation: on the fax copy of dev5ac-04 (sample O)
    "... send the dietitian / note after? I'm on the cancellation list ... called.   :" lost
    "note after?", and a pending dietitian visit read as a done one."""
    if len(row) < 2:
        return row
    last, before = row[-1], row[-2]
    far = last[1] - before[3] > 2 * (before[4] - before[2])
    if far and last[5] < NOISE_ROW and _SPECK.match(last[0]):
        return row[:-1]
    return row


def _leading_mark(row: list[list], j: int) -> bool:
    """Is the word before ``row[j]`` the row's first, a lone mark of one or two characters
    with no letter or digit (a bullet, an arrow, a speck read as "=", "«" or "-")?  Its gap to
    the next word is a list item's indent, not a column's: written as three spaces it made
    the line a table row, and a row is a sentence of its own.  On the fax copy of dev11sd-05
    the plan's "-> R TKA. Risks, benefits, alternatives discussed incl." read "=   RPKAL
    Risks, ..." and was cut from its wrapped line "infection, DVT/PE, stiffness, ...", so
    the consent's risk list read as an active infection."""
    return j == 1 and bool(_MARK.match(row[0][0]))


_SHORT_TOKEN = re.compile(r"^(?!.*\d\d)\S{1,3}$")


def _date_cell(row: list[list]) -> int:
    """Where a row's date cell stands: its first word, or its second after a short token of
    no two digits (a visit-number column, "1", "8", read "iN" or "|") before a long word with
    a digit and a value after it (a numbered log's row: number, date, weight; "MRN 1171025"
    is a label and its number).  dict-04's visit table on its fax copy (sample O), numbered,
    read "iN   107/09/2025   290.6" and "8   102/24/2026   279.4": the row-start repairs
    never saw the date cells, and the log lost its first and last visits."""
    if len(row) > 2 and _SHORT_TOKEN.match(row[0][0]):
        second, third = row[1][0], row[2][0]
        digits = any(ch.isdigit() for ch in second) and any(ch.isdigit() for ch in third)
        if len(second) >= 7 and digits:
            return 1
    return 0


def _dated_cell(word: str) -> bool:
    """A date cell as read, or once the row-start repairs made it one ("107/09/2025")."""
    return bool(_DATED_CELL.match(word) or _DATED_CELL.match(repair_word(word, row_start=True)))


RULE_LOST = 3.2  # a gap between grid rows up to this many line heights is one lost rule line


def _cells(row_gaps: list[float], column_gap: float) -> int:
    """How many cells a row reads as: one more than its gaps wide enough to set columns apart."""
    return 1 + sum(g > column_gap for g in row_gaps)


def assemble(words: list[list]) -> PageText:
    """Words into rows (vertical overlap), rows into lines of text, read top to bottom and
    left to right; a blank line marks a wide gap between rows (a paragraph or a section).
    Garbage read from text running sideways up a margin, and rows of noise, are left out.

    A grid's rule line ("------   -----   ---------") is often not read at all at fax
    resolution, and the gap it leaves between the header and the first row read as a blank
    line: the grid reader (``facts.adherence.text_tables``) takes a blank line as the grid's
    end, so the header stood alone and its rows were read without it (the fax copy of
    dev11sd-01: "Period  Dates  Days used  Days >=4h  % >=4h", then a blank line, then
    "31-60  03/12/2026 - 04/10/2026  27/30  22/30  73.3%": the qualifying 30-day period
    unread).  Between two rows of three cells or more, a gap of one lost line at most is a
    line break, not a paragraph's."""
    return _assemble(words)


def _assemble(words: list[list]) -> PageText:
    items = sorted(
        (w for w in words if not _sideways_noise(w)), key=lambda w: ((w[2] + w[4]) / 2, w[1])
    )
    rows: list[list[list]] = []
    for w in items:
        h = w[4] - w[2]
        mid = (w[2] + w[4]) / 2
        if rows:
            row = rows[-1]
            top = median(x[2] for x in row)
            bottom = median(x[4] for x in row)
            if top - 0.2 * h <= mid <= bottom + 0.2 * h:
                row.append(w)
                continue
        rows.append([w])
    heights = [w[4] - w[2] for w in items] or [10.0]
    line_h = median(heights)
    for row in rows:
        row.sort(key=lambda w: w[1])
    rows = [
        _without_trailing_speck(row)
        for row in rows
        if not _noise_row(row) and not _row_of_unsure_marks(row)
    ]
    widths = [_char_width(row) for row in rows]  # a character's width, row by row
    gaps = [_row_gaps(row, char_w) for row, char_w in zip(rows, widths, strict=True)]
    column_gap, space = _spacing(widths, gaps)
    parts: list[str] = []
    boxes: list = []
    lines: list[tuple[int, int, float]] = []
    offset = 0
    prev_bottom = None
    prev_cells = 0
    # a visit log's date cells are repaired only on a page where rows open with dates
    date_cells = [_date_cell(row) for row in rows]
    log_page = sum(_dated_cell(row[k][0]) for row, k in zip(rows, date_cells, strict=True)) >= 2
    for row, row_gaps, date_cell in zip(rows, gaps, date_cells, strict=True):
        top = min(w[2] for w in row)
        if prev_bottom is not None:
            gap = top - prev_bottom
            brk = "\n\n" if gap > 1.2 * line_h else "\n"
            if brk == "\n\n" and gap <= RULE_LOST * line_h and prev_cells >= 3:
                if _cells(row_gaps, column_gap) >= 3:
                    brk = "\n"  # a grid's rule line lost between two of its rows
            parts.append(brk)
            boxes.extend([None] * len(brk))
            offset += len(brk)
        start = offset
        chars = 0
        conf = 0.0
        depth = 0  # brackets opened on the row and not yet closed
        heading = capitals_heading([w[0] for w in row])
        for j, w in enumerate(row):
            if j:
                # a gap wider than two characters sets columns apart: written as as many
                # spaces as the page's own spacing fits in it (two or three), as the typed
                # grid had it, so a table row read by OCR splits into its cells
                # (facts.adherence.text_tables) and a diary's "1/24   back feels better"
                # reads as a row, not as prose run into the next line (nlp.sentences, three
                # spaces); prose, its words one character apart, reads as before.  (A gap
                # stretched to three spaces in justified prose reads as a row too: none was
                # seen on the fax copies of dev cases.)
                width = row_gaps[j - 1]
                spaces = min(MOST_SPACES, max(2, round(width / space)))
                gap = " " * spaces if width > column_gap and not _leading_mark(row, j) else " "
                if gap == " " and split_word(row[j - 1][0], w[0]):
                    gap = ""  # "QUE STIONNAIRE": one word OCR split in two
                parts.append(gap)
                boxes.extend([None] * len(gap))
                offset += len(gap)
            fixed = repair_word(w[0], row_start=j == date_cell and log_page)
            text = correct_word(
                fixed, w[5], bracket_open=depth > 0, heading=heading, row_start=j == 0
            )
            depth = max(
                0, depth + sum(text.count(c) for c in "([") - sum(text.count(c) for c in ")]")
            )
            x0, y0, x1, y1 = w[1], w[2], w[3], w[4]
            step = (x1 - x0) / max(1, len(text))
            for k in range(len(text)):
                boxes.append((round(x0 + k * step, 1), y0, round(x0 + (k + 1) * step, 1), y1))
            parts.append(text)
            offset += len(text)
            chars += len(text)
            conf += w[5] * len(text)
        lines.append((start, offset, round(conf / max(1, chars), 3)))
        prev_bottom = max(w[4] for w in row)
        prev_cells = _cells(row_gaps, column_gap)
    return PageText(repair_text("".join(parts)), boxes, lines)
