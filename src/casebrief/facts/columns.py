"""Columns of a table typed as plain text (a printout, a fax, a form's grid): the cell of a row
that stands under a header's label.

A printout's columns line up under their labels, so a row is read by position, not by
splitting on spaces: a cell may hold spaces ("MELOXICAM 15 MG TAB"), a header label may be
two words ("Days supply"), and a column may be left- or right-aligned under its label.
"""

from __future__ import annotations

import re

COLUMN_SLACK = 2  # characters a cell may stand off its header label (right- or left-aligned)
# two cells of a printout's row set apart: a run of two or more spaces, or a tab, between words
# (a line of prose has single spaces only)
CELL_GAP = re.compile(r"\S(?: {2,}|\t)\S")


def lines_of(text: str) -> list[tuple[int, int]]:
    """Each line's (start, end) in ``text``, without its line break."""
    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        out.append((pos, pos + len(line.rstrip("\r\n"))))
        pos += len(line)
    return out


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """How many characters two spans share (negative: how far apart they are)."""
    return min(a[1], b[1]) - max(a[0], b[0])


def cell_under(
    line: str, column: tuple[int, int], pattern: re.Pattern[str], slack: int = COLUMN_SLACK
) -> re.Match[str] | None:
    """The match of ``pattern`` in ``line`` that stands under ``column`` (a label's span in
    its header line): the one sharing most characters with the label widened by ``slack``."""
    lo, hi = column[0] - slack, column[1] + slack
    best, best_overlap = None, 0
    for m in pattern.finditer(line):
        ov = overlap(m.span(), (lo, hi))
        if ov > best_overlap:
            best, best_overlap = m, ov
    return best
