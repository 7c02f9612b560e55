"""Split a record into documents at document boundaries.

A faxed packet is one file holding a cover sheet, notes and reports.  A page starts a new
document when it says "Page 1 of N", when the previous page said "Page N of N", or when a
document title appears in its first lines that differs from the current document's
type (a new letterhead/title) or its date of service differs.  Pages are the unit: real
packets do not change document mid-page often enough to justify the false splits.
"""

from __future__ import annotations

import re

from casebrief.documents.classify import classify, document_date, title_type
from casebrief.documents.model import Document
from casebrief.extract.record import Record
from casebrief.lexicon import cue

MARK_WINDOW = 400  # a page's own "Page n of N" sits in its first or last characters


def page_marks(text: str) -> tuple[int, int] | None:
    """The page's own "Page n of N", from its first or last characters (also read by the
    packet-quality report, casebrief.quality)."""
    mark = cue("documents.page_n_of")
    m = mark.search(text[:MARK_WINDOW]) or mark.search(text[-MARK_WINDOW:])
    if m:
        a, b = int(m.group(1)), int(m.group(2))
        if 1 <= a <= b:
            return a, b
    return None


def _all_page_marks(text: str) -> set[tuple[int, int]]:
    """Every "Page n of N" in the page's first or last characters: a fax header's, a report's
    own footer quoted on the page, and the page's own."""
    mark = cue("documents.page_n_of")
    out = set()
    for part in (text[:MARK_WINDOW], text[-MARK_WINDOW:]):
        for m in mark.finditer(part):
            a, b = int(m.group(1)), int(m.group(2))
            if 1 <= a <= b:
                out.add((a, b))
    return out


def _continues(before: str, page: str) -> bool:
    """Whether a page goes on from the page before it: a mark of the page before ("2 of 3")
    is continued by one of this page's ("3 of 3"), whichever mark each page shows first.  On
    fax copies the first mark read is often a fax header's or a quoted report's "Page 1 of 1",
    and the record was cut where its text copy is one document (dev12sp-02's fax, sample P:
    the cut parts lost the record's date and the re-evaluation read as not met)."""
    ahead = {(a + 1, b) for a, b in _all_page_marks(before)}
    return bool(ahead & _all_page_marks(page))


_WORD = re.compile(r"[a-z0-9]{2,}")
SAME_PAGE_WORDS = 0.75  # share of two pages' distinct words they hold in common: a page sent twice
SAME_PAGE_MIN_WORDS = 20


def page_words(text: str) -> set[str]:
    """A page's distinct words (case-folded, two characters or more), for telling a page sent
    twice (here and in casebrief.quality)."""
    return set(_WORD.findall(text.casefold()))


def words_agree(a: set[str], b: set[str], share: float) -> bool:
    """Whether two pages' words overlap by at least ``share`` of all the words of both."""
    shared = len(a & b)
    return shared >= share * (len(a) + len(b) - shared)


def _repeats(before: str, page: str) -> bool:
    """A page sent twice (a fax resends a page): most of its distinct words are the page
    before's.  A new document never shares three quarters of its words with the one before;
    a page sent again, read again by OCR, shares most of them (its misreadings differ)."""
    a, b = page_words(before), page_words(page)
    if min(len(a), len(b)) < SAME_PAGE_MIN_WORDS:
        return False
    return words_agree(a, b, SAME_PAGE_WORDS)


def _strip_fax_header(text: str) -> str:
    """Drop fax transmission lines so title and date detection see the document's own first
    lines: a fax machine's header ("02/10/2026 14:03 FROM: ... P. 4/12") usually starts with
    the date it was sent, which is not the date of service."""
    lines = text.splitlines()
    keep = []
    for ln in lines[:4]:
        if not cue("documents.fax_header_line").search(ln):
            keep.append(ln)
            continue
        # "Procedure Authorization Request          Page 1 of 1": a form's title with its page
        # mark is the title (dev35ms-05: the line was dropped as a fax header, and the
        # procedure the form requests typed it a procedure note)
        rest = _PAGE_MARK.sub(" ", ln)
        if (
            rest.strip()
            and not cue("documents.fax_header_line").search(rest)
            and title_type(rest)[0] == "request_form"
        ):
            # only a request form's: a treatment log's "Daily Treatment Log ... Page 1 of 1"
            # typed as a therapy note changed how dev23ri-03's disputed course was read
            keep.append(rest.rstrip())
    return "\n".join(keep + lines[4:])


_PAGE_MARK = re.compile(r"\bpage\s*\d+\s*of\s*\d+\b", re.IGNORECASE)


def split_record(record: Record, first_id: int) -> list[Document]:
    """Documents of one record, numbered from ``first_id``."""
    spans: list[tuple[int, int]] = []
    pages = record.pages if len(record.pages) > 1 else []
    if not pages:
        spans = [(0, len(record.text))]
    else:
        cur_start = pages[0].char_start
        cur_type, _ = title_type(
            _strip_fax_header(record.text[pages[0].char_start : pages[0].char_end])
        )
        cur_date = document_date(
            _strip_fax_header(record.text[pages[0].char_start : pages[0].char_end])
        )
        prev_text = record.text[pages[0].char_start : pages[0].char_end]
        prev_marks = page_marks(prev_text)
        for page in pages[1:]:
            ptext = record.text[page.char_start : page.char_end]
            marks = page_marks(ptext)
            new = False
            if cur_type != "fax_cover" and (
                _continues(prev_text, ptext) or _repeats(prev_text, ptext)
            ):
                pass  # its marks go on from the page before, or it is that page sent again
            elif marks and marks[0] == 1:
                new = True
            elif prev_marks and prev_marks[0] == prev_marks[1] and not (marks and marks[0] > 1):
                new = True
            elif cur_type == "fax_cover" or not (marks and marks[0] > 1):
                # a fax cover is one page; otherwise "Page k of N" (k > 1) continues a document
                ttype, _ = title_type(_strip_fax_header(ptext))
                pdate = document_date(_strip_fax_header(ptext))
                if ttype and (ttype != cur_type or (pdate and cur_date and pdate != cur_date)):
                    new = True
            if new:
                spans.append((cur_start, page.char_start))
                cur_start = page.char_start
                cur_type, _ = title_type(_strip_fax_header(ptext))
                cur_date = document_date(_strip_fax_header(ptext))
            prev_marks = marks
            prev_text = ptext
        spans.append((cur_start, len(record.text)))
    docs = []
    for i, (s, e) in enumerate(spans):
        text = record.text[s:e]
        dtype, title = classify(_strip_fax_header(text))
        docs.append(
            Document(
                id=f"d{first_id + i}",
                record=record,
                start=s,
                end=e,
                type=dtype,
                title=title,
                date=document_date(_strip_fax_header(text)),
            )
        )
    return docs
