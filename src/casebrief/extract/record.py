"""The extracted form of one record file: text plus a map from offsets to page and box.

Why a map and not just text: every statement in a brief must be traceable to the page
and the place on the page it came from, so a reviewer can highlight it.  ``boxes`` is
parallel to ``text`` (one entry per character; ``None`` for characters the PDF does not
draw, such as generated line breaks), in PDF points with a top-left origin.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from pathlib import Path

from casebrief.errors import CaseError, RecordError

Box = tuple[float, float, float, float]
MAX_RECORD_BYTES = 512 * 1024 * 1024


@dataclass(frozen=True)
class PageSpan:
    """One page of a record: where its text lies in ``Record.text`` and what it holds."""

    number: int
    char_start: int
    char_end: int
    width: float = 0.0
    height: float = 0.0
    has_text: bool = True
    # how the page was read: "text_layer", "ocr", or why it was not ("blank", "unreadable",
    # "too_large", "failed", "timeout", "no_ocr": a scanned page read with OCR switched off)
    source: str = "text_layer"
    ocr_confidence: float | None = None  # the page's mean word confidence (0-1), OCR only
    rotation: int = 0  # clockwise degrees an OCR'd page was turned to read it upright
    skew: float = 0.0  # degrees an OCR'd page was straightened by
    fingerprint: str | None = None  # average hash of the page image (OCR'd pages)

    @property
    def read(self) -> bool:
        """Whether casebrief read this page's content (a blank page has none to read)."""
        return self.source in {"text_layer", "ocr", "blank"}


@dataclass
class Record:
    """A record file after extraction."""

    file: str
    kind: str  # "pdf" | "text" | "image"
    text: str
    pages: list[PageSpan]
    boxes: list[Box | None] | None = None
    warnings: list[tuple[str, dict]] = field(
        default_factory=list
    )  # (code, fields): read with a caveat
    tables: list = field(
        default_factory=list
    )  # list[extract.tables.Table] (PDF device-download tables)
    # (start, end, confidence) of every OCR'd line, in record offsets, in order
    ocr_lines: list[tuple[int, int, float]] = field(default_factory=list)
    _starts: list[int] | None = field(default=None, init=False, repr=False, compare=False)
    _line_starts: list[int] | None = field(default=None, init=False, repr=False, compare=False)

    def page_index(self, offset: int) -> int:
        """Index into ``pages`` of the page holding character ``offset``."""
        if self._starts is None:
            self._starts = [p.char_start for p in self.pages]
        return max(bisect.bisect_right(self._starts, offset) - 1, 0)

    def page_of(self, offset: int) -> int:
        """Page number (1-based) holding character ``offset``."""
        return self.pages[self.page_index(offset)].number

    def ocr_confidence(self, start: int, end: int) -> float | None:
        """The lowest confidence of the OCR'd lines in ``[start, end)``; None for text that
        came from a text layer or a text file."""
        if not self.ocr_lines:
            return None
        if self._line_starts is None:
            self._line_starts = [line[0] for line in self.ocr_lines]
        i = max(bisect.bisect_right(self._line_starts, start) - 1, 0)
        confs = []
        for line_start, line_end, conf in self.ocr_lines[i:]:
            if line_start >= end:
                break
            if line_end > start:
                confs.append(conf)
        return min(confs) if confs else None

    def source_of(self, offset: int) -> str:
        """``text_layer`` or ``ocr``: where the character at ``offset`` came from."""
        return "ocr" if self.pages[self.page_index(offset)].source == "ocr" else "text_layer"

    def bbox(self, start: int, end: int) -> Box | None:
        """Union box of the characters in ``[start, end)`` that lie on the page of ``start``."""
        if not self.boxes:
            return None
        page = self.pages[self.page_index(start)]
        stop = min(end, page.char_end if page.char_end > start else end)
        boxes = [b for b in self.boxes[start:stop] if b is not None]
        if not boxes:
            return None
        return (
            round(min(b[0] for b in boxes), 1),
            round(min(b[1] for b in boxes), 1),
            round(max(b[2] for b in boxes), 1),
            round(max(b[3] for b in boxes), 1),
        )


def load_record(
    path: Path, *, name: str | None = None, time_budget_s: float = 25.0, ocr=None
) -> Record:
    """Extract one record; raise :class:`RecordError` naming the file when it cannot be read.

    Anything else a reader raises is turned into a :class:`RecordError` too (E011), so one
    bad file costs the reviewer that file only, never the whole case.
    """
    name = name or path.name
    try:
        return _load_record(path, name=name, time_budget_s=time_budget_s, ocr=ocr)
    except (RecordError, CaseError):  # CaseError: a setting, not this file (E219)
        raise
    except MemoryError:
        raise RecordError(name, "E011", error="MemoryError") from None
    except Exception as exc:  # noqa: BLE001 - a reader bug must name the file, not abort the case
        # only the exception type: its text may quote record content
        raise RecordError(name, "E011", error=type(exc).__name__) from exc


def _load_record(path: Path, *, name: str, time_budget_s: float, ocr) -> Record:
    from casebrief.extract.image import IMAGE_SUFFIXES, extract_image
    from casebrief.extract.pdf import extract_pdf
    from casebrief.extract.text import extract_text

    size = path.stat().st_size
    if size == 0:
        raise RecordError(name, "E001")
    if size > MAX_RECORD_BYTES:
        raise RecordError(name, "E007", size_mb=size / 2**20, limit_mb=MAX_RECORD_BYTES / 2**20)
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return extract_pdf(path, name=name, time_budget_s=time_budget_s, ocr=ocr)
    if suffix in IMAGE_SUFFIXES:
        return extract_image(path, name=name, time_budget_s=time_budget_s, ocr=ocr)
    if suffix in {".txt", ".md", ".text"}:
        return extract_text(path, name=name)
    raise RecordError(name, "E004", suffix=suffix)
