"""Where lines start and end in a text, found once and looked up by bisection.

Why: rules look at "the line a mention sits on" all the time (checkbox answers, table rows,
letterheads).  ``text.rfind("\\n", 0, i)`` does that in time proportional to the line, which
on a record without line breaks is the whole record, once per mention: quadratic.  An index
of line starts makes every lookup logarithmic.
"""

from __future__ import annotations

import bisect
import re


class LineIndex:
    """Line boundaries of one text (a line ends before its ``\\n``)."""

    __slots__ = ("text", "starts")

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0, *(m.end() for m in re.finditer("\n", text))]

    def number(self, offset: int) -> int:
        """0-based number of the line holding character ``offset``."""
        return max(bisect.bisect_right(self.starts, offset) - 1, 0)

    def bounds(self, offset: int) -> tuple[int, int]:
        """``(start, end)`` of the line holding ``offset``; ``end`` is where its ``\\n`` is."""
        return self.line(self.number(offset))

    def line(self, number: int) -> tuple[int, int]:
        start = self.starts[number]
        end = self.starts[number + 1] - 1 if number + 1 < len(self.starts) else len(self.text)
        return start, end

    def start_of(self, offset: int) -> int:
        return self.starts[self.number(offset)]

    def end_of(self, offset: int) -> int:
        return self.bounds(offset)[1]

    def text_around(self, start: int, end: int) -> str:
        """The whole lines holding ``start`` .. ``end`` (a mention's line, a table row)."""
        return self.text[self.start_of(start) : self.end_of(end)]
