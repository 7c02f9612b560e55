"""A clinical document: a slice of one record, with its type, date and title."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any, Literal, get_args

from casebrief.extract.record import Record
from casebrief.nlp.dates import day_first

_SPACE_RUN = re.compile(r"\s{2,}")

DocType = Literal[
    "request_form",
    "office_note",
    "therapy_note",
    "imaging_report",
    "sleep_study",
    "procedure_note",
    "letter",
    "fax_cover",
    "lab",
    "other",
]
DOC_TYPES: tuple[str, ...] = get_args(DocType)


@dataclass
class Document:
    """One document inside a record.  ``start``/``end`` are offsets into ``record.text``."""

    id: str
    record: Record
    start: int
    end: int
    type: str = "other"
    date: date | None = None
    title: str | None = None
    date_source: str = "detected"
    doc: Any = field(default=None, repr=False)  # the processed spaCy Doc

    @property
    def file(self) -> str:
        return self.record.file

    @cached_property
    def text(self) -> str:
        return self.record.text[self.start : self.end]

    @cached_property
    def day_first(self) -> bool:
        """Whether the document writes its numeric dates day first (:func:`~casebrief.nlp.dates.
        day_first`): a line or quote of it read alone ("Final session:  10/11/2025") is read in
        the order the whole document shows, as its own dates are."""
        return day_first(self.text)

    def head(self, chars: int) -> str:
        """The document's opening ``chars`` characters, each run of white space counted as one.

        Why: evaluators look near the top of a document for its heading ("PAP FOLLOW-UP",
        "weight management program"), and OCR lays a page out with blank lines between
        paragraphs and wide gaps between columns; a plain slice of a faxed copy held less of
        the page than the same slice of its text layer, and the heading fell outside it."""
        text, end = self.text, chars
        for m in _SPACE_RUN.finditer(text):
            if m.start() >= end:
                break
            end += m.end() - m.start() - 1
        return text[:end]

    @property
    def pages(self) -> tuple[int, int]:
        return self.record.page_of(self.start), self.record.page_of(max(self.start, self.end - 1))

    def truncate(self, length: int) -> None:
        """Keep only the first ``length`` characters (the part the language analysis read)."""
        self.end = min(self.end, self.start + length)
        self.__dict__.pop("text", None)  # the cached slice
        self.__dict__.pop("day_first", None)

    def locate(self, start: int, end: int) -> dict[str, Any]:
        """Page and box of a span given in document offsets."""
        rs, re_ = self.start + start, self.start + end
        box = self.record.bbox(rs, re_)
        return {"page": self.record.page_of(rs), "bbox": list(box) if box else None}
