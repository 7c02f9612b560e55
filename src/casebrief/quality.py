"""How completely a packet was read: pages not read, pages sent twice, pages never sent.

Why: a brief that says "no documentation of 6 weeks of therapy" is only as good as the pages
behind it.  A nurse must see at once that page 4 of 5 never arrived, that two fax pages could
not be read, or that the same page came twice, and the office must be asked for exactly the
pages that are missing.  Everything here is computed from the extracted records and the case's
problems, with no I/O, and never quotes record text (evidence is words and numbers only).

Missing pages come from two kinds of numbering: a document's own "Page n of N" marks and the
page counter a fax machine prints in its header ("P.002/012").  Both are read conservatively:
a run of marks that contradicts itself reports nothing, and a page read from an image on
which no mark was found (OCR misses small print) may be the page in a gap, so such a gap is
not reported either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from casebrief.brief.schema import MissingPage, PacketQuality, PageQuality, PageRef
from casebrief.documents.split import page_marks, page_words, words_agree
from casebrief.extract.record import PageSpan, Record
from casebrief.lexicon import cue
from casebrief.policy.reading import FILE_NOT_READ, PART_NOT_READ

SAME_IMAGE_BITS = 10  # fingerprints this close (of 256 bits) are the same page image...
SAME_WORDS = 0.33  # ...if this share of their OCR words agree (two scans of one page: 0.4-0.9)
MIN_WORDS = 20  # distinct words both pages need for their text to confirm or refute it
SAME_IMAGE_BITS_NO_TEXT = 4  # ...else (a page unreadable) only a closer image counts
MIN_INK_BITS = 24  # fewer dark cells: a near-empty page, whose hash matches any other
MIN_DUP_TEXT = 200  # characters of text two pages must share to count as the same page
_STATUSES = ("text_layer", "ocr", "blank", "unreadable")  # else "not_read"


def packet_quality(records: list[Record], problems: list) -> PacketQuality:
    """The packet's reading quality; ``problems`` are dicts (or models) with code and file."""
    pages: list[PageQuality] = []
    doc_slots: list[_Slot] = []
    fax_slots: list[_Slot] = []
    seen_images: list = []  # (fingerprint, its bits reversed, page, words)
    seen_texts: dict[str, PageRef | None] = {"": None}
    confs: list[float] = []  # unrounded, for the mean
    for rec in records:
        for span in rec.pages:
            text = rec.text[span.char_start : span.char_end]
            ref = PageRef(file=rec.file, page=span.number)
            counter, fax_lines = _fax_counter(text)
            body = "\n".join(ln for i, ln in enumerate(text.splitlines()) if i not in fax_lines)
            # a text file without form feeds is one "page" holding any number of pages
            elastic = rec.kind == "text" and len(rec.pages) == 1
            unsure = span.source != "text_layer" or elastic
            key = _text_key(text)  # "" for short text, which never matches
            dup = _same_image(span, ref, text, seen_images) or seen_texts.get(key)
            seen_texts.setdefault(key, ref)
            where = (rec.file, span.number)
            doc_slots.append(_Slot(*where, page_marks(body), unsure, elastic, bool(dup)))
            fax_slots.append(_Slot(*where, counter, unsure, elastic, bool(dup)))
            pages.append(_page_quality(rec.file, span, dup))
            if span.source == "ocr" and span.ocr_confidence is not None:
                confs.append(span.ocr_confidence)
    missing = _missing(doc_slots, fax=False) + _missing(fax_slots, fax=True)
    counts = {s: sum(p.status == s for p in pages) for s in _STATUSES}
    total = len(pages)
    read = counts["text_layer"] + counts["ocr"] + counts["blank"]
    not_read = [_get(p, "file") for p in problems if _get(p, "code") in FILE_NOT_READ]
    files_not_read, unread = list(dict.fromkeys(not_read)), total - read
    # records or documents cut short by a time budget or an analysis error (E006, E012, ...):
    # their unread pages are in no page list, so they are counted here
    parts = sum(_get(p, "code") in PART_NOT_READ for p in problems)
    return PacketQuality(
        pages_total=total,
        pages_read=read,
        pages_ocr=counts["ocr"],
        pages_unreadable=unread,
        pages_blank=counts["blank"],
        read_fraction=round(read / total, 3) if total else 1.0,
        ocr_confidence=round(sum(confs) / len(confs), 2) if confs else None,
        files_not_read=files_not_read,
        pages=pages,
        missing_pages=missing,
        parts_not_read=parts,
        complete=not unread and not files_not_read and not missing and not parts,
    )


def _get(item, key: str):
    return item.get(key) if isinstance(item, dict) else getattr(item, key, None)


def _page_quality(file: str, span: PageSpan, dup: PageRef | None) -> PageQuality:
    status = span.source if span.source in _STATUSES else "not_read"
    conf = span.ocr_confidence if status in {"ocr", "unreadable"} else None
    reason = span.source if status == "not_read" else None
    if status == "unreadable":
        reason = f"OCR confidence {conf:.0%}" if conf is not None else "no text found"
    return PageQuality(
        file=file,
        page=span.number,
        status=status,
        reason=reason,
        confidence=round(conf, 2) if conf is not None else None,
        rotated=span.rotation,
        skew=span.skew,
        duplicate_of=dup,
    )


# ---- pages sent twice


def _same_image(span: PageSpan, ref: PageRef, text: str, seen: list) -> PageRef | None:
    """The earliest page ``seen`` with nearly the same image; this page joins ``seen``.

    Pages of one form or table share a layout, so their coarse hashes can be close: where both
    pages have OCR text, the words must agree too; where one has none, the image must be closer
    and inked.  An upside-down copy OCR could not turn has its hash's bits reversed."""
    if span.source == "blank" or not re.fullmatch(r"[0-9a-fA-F]{64}", span.fingerprint or ""):
        return None
    fp, words = int(span.fingerprint or "", 16), page_words(text)
    same = next((r for other, turned, r, w in seen if _alike(fp, other, turned, words, w)), None)
    seen.append((fp, int(f"{fp:0256b}"[::-1], 2), ref, words))
    return same


def _alike(fp: int, other: int, turned: int, words: set[str], other_words: set[str]) -> bool:
    bits = min((fp ^ other).bit_count(), (fp ^ turned).bit_count())
    if bits > SAME_IMAGE_BITS:
        return False
    if min(len(words), len(other_words)) < MIN_WORDS:
        ink = min(fp.bit_count(), other.bit_count())
        return bits <= SAME_IMAGE_BITS_NO_TEXT and ink >= MIN_INK_BITS
    return words_agree(words, other_words, SAME_WORDS)


def _text_key(text: str) -> str:
    """The page's text without fax transmission lines at its top or bottom, case- and
    space-normalized; empty when too short to call two pages the same."""
    lines = text.splitlines()
    edge = set(range(3)) | set(range(len(lines) - 3, len(lines)))
    fax = cue("documents.fax_header_line")
    kept = [ln for i, ln in enumerate(lines) if not (i in edge and fax.search(ln))]
    key = " ".join(" ".join(kept).casefold().split())
    return key if len(key) >= MIN_DUP_TEXT else ""


# ---- page numbering


def _fax_counter(text: str) -> tuple[tuple[int, int] | None, set[int]]:
    """The fax page counter of a page and the indices of its fax header lines holding one.

    A counter counts only on a fax header line at the top (first 3 lines) or bottom (last 2):
    "P.002/012" is one by itself; "Page 2 of 12" only with more of a fax header on its line
    (a fax number, a date and time with FROM/TO/FAX), else it is the document's own mark."""
    lines = text.splitlines()
    filled = [i for i, ln in enumerate(lines) if ln.strip()]
    top = set(filled[:3])
    found, where = None, set()
    for i in sorted(top | set(filled[-2:])):
        m = cue("quality.fax_page_counter").search(lines[i])
        if not m or not 1 <= int(m.group(1)) <= int(m.group(2)):
            continue
        rest = lines[i][: m.start()] + " " + lines[i][m.end() :]
        if (
            not m.group(0).lower().startswith("page")
            or cue("documents.fax_header_line").search(rest)
            or (i in top and cue("quality.fax_stamp").search(lines[i]))
        ):
            found = found or (int(m.group(1)), int(m.group(2)))
            where.add(i)
    return found, where


@dataclass(frozen=True)
class _Slot:
    file: str
    page: int
    mark: tuple[int, int] | None
    unsure: bool  # read from an image (or not read): a mark on it may have been missed
    elastic: bool = False  # may hold several pages, the missing ones among them
    copy: bool = False  # the same page as an earlier one


@dataclass
class _Run:
    """Consecutive marks of one numbering: same N, not restarting at 1."""

    total: int
    items: list[tuple[int, int]]  # (slot index, n)
    clean_start: bool = True
    clean_end: bool = True
    ordered: bool = True  # never counts back (pages out of order, or a partial resend)


def _runs(slots: list[_Slot]) -> list[_Run]:
    runs: list[_Run] = []
    for i, s in enumerate(slots):
        if s.mark is None:
            continue
        n, total = s.mark
        cur = runs[-1] if runs else None
        if cur and total == cur.total:
            seen = {k for _, k in cur.items}
            if n != 1 or 1 not in seen or cur.items[-1][1] == 1:
                # counting back, or a number repeated on a page that is no copy: a misread
                cur.ordered &= n > cur.items[-1][1] or (n == cur.items[-1][1] and s.copy)
                cur.items.append((i, n))  # counting on, a repeated page, or out of order
                continue
        # a restart at 1 or a new file is a clean boundary; another N mid-count is not
        clean = cur is None or n == 1 or slots[cur.items[-1][0]].file != s.file
        if cur:
            cur.clean_end = clean
        runs.append(_Run(total, [(i, n)], clean_start=clean))
    return runs


def _missing(slots: list[_Slot], *, fax: bool) -> list[MissingPage]:
    out: list[MissingPage] = []
    runs = _runs(slots)
    for r, run in enumerate(runs):
        if not (run.clean_start and run.clean_end and run.ordered):
            continue  # its marks contradict each other or the next: say nothing
        if len(run.items) < 2 and slots[run.items[0][0]].unsure:
            continue  # one OCR'd digit ("Page 1 of 7" for "of 1") is too thin to ask on
        lo_bound = runs[r - 1].items[-1][0] if r else -1
        hi_bound = runs[r + 1].items[0][0] if r + 1 < len(runs) else len(slots)
        seen = {n for _, n in run.items}
        gaps: dict[tuple[int | None, int | None], list[int]] = {}
        for k in range(1, run.total + 1):
            if k not in seen:
                below = max((n for n in seen if n < k), default=None)
                above = min((n for n in seen if n > k), default=None)
                gaps.setdefault((below, above), []).append(k)
        for (below, above), ks in gaps.items():
            lo = max((i for i, n in run.items if n == below), default=lo_bound)
            hi = min((i for i, n in run.items if n == above), default=hi_bound)
            if any(slots[j].unsure for j in range(lo + 1, hi)) or any(
                slots[j].elastic for j in (lo, hi) if 0 <= j < len(slots)
            ):
                continue  # a page read from an image (its mark unseen) may be the one
            if below is not None:
                file, after = slots[lo].file, slots[lo].page
            else:
                file, after = slots[hi].file, (slots[hi].page - 1 or None)
            expected, evidence = _words(fax, ks, run.total, below, above, len(seen))
            out.append(
                MissingPage(file=file, after_page=after, expected=expected, evidence=evidence)
            )
    return out


def _words(fax: bool, ks: list[int], total: int, below, above, received: int) -> tuple[str, str]:
    """What to ask for and why, in words and numbers only."""
    span = f"{ks[0]}" if len(ks) == 1 else f"{ks[0]}-{ks[-1]}"
    expected = f"{'fax ' if fax else ''}page{'s' if len(ks) > 1 else ''} {span} of {total}"
    if fax:
        ev = f"fax header counts {total} pages, {received} received; the "
        ev += f"counter goes from {below} to {above}" if below and above else ""
        ev += f"last received is page {below}" if below and not above else ""
        ev += f"first received is page {above}" if above and not below else ""
    elif below and above:
        ev = f'pages say "Page {below} of {total}" then "Page {above} of {total}"'
    elif below:
        ev = f'the last page found says "Page {below} of {total}"'
    else:
        ev = f'the first page found says "Page {above} of {total}"'
    return expected, ev
