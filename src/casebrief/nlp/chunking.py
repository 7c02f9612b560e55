"""Cut a long text into pieces the pipeline can take, at the most natural boundary available.

A boundary is sought, in order of preference, at a blank line (a paragraph or section
break), at a line break, after a sentence's final punctuation, at white space, and only
when the text offers none of these (a run of 50,000 characters without a space) at the
limit itself.  The pieces concatenate back to the text exactly, so offsets are preserved.
"""

from __future__ import annotations

import re

_BOUNDARIES = (
    re.compile(r"\n[ \t]*\n"),
    re.compile(r"\n"),
    re.compile(r"[.!?][\"')\]]*\s"),
    re.compile(r"\s"),
)


def chunk_spans(text: str, max_chars: int) -> list[tuple[int, int]]:
    """``(start, end)`` pieces of ``text``, each at most ``max_chars`` long, covering it exactly."""
    if len(text) <= max_chars:
        return [(0, len(text))]
    spans = []
    start = 0
    while len(text) - start > max_chars:
        end = _cut(text, start, start + max_chars)
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    return spans


def _cut(text: str, start: int, limit: int) -> int:
    """The last good boundary in the second half of ``text[start:limit]``, else ``limit``."""
    floor = start + (limit - start) // 2
    for rx in _BOUNDARIES:
        last = None
        for m in rx.finditer(text, floor, limit):
            last = m
        if last is not None:
            return last.end()
    return limit
