"""Plain-text records (.txt, .md) in any common encoding.

Why: faxed-then-OCR'd and EHR-exported text arrives as UTF-8, UTF-16 (with BOM),
Windows-1252 or Latin-1.  We try the strict, unambiguous decodings first and only then
ask charset-normalizer, so a UTF-8 file is never mis-guessed as something else.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from charset_normalizer import from_bytes

from casebrief.errors import Messages, RecordError
from casebrief.extract.record import PageSpan, Record

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


_SINGLE_BYTE_WESTERNISH = {"cp1250", "cp1252", "cp1254", "cp1257", "latin1", "latin-1", "iso88591", "iso885915", "iso88592", "iso88599", "macroman", "maclatin2", "cp850", "cp858"}


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)`` for raw record bytes."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc), enc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is not None and best.encoding:
        if best.encoding.replace("_", "").lower() in _SINGLE_BYTE_WESTERNISH:
            # short clinical texts carry too few accented letters to tell cp1250 from cp1252;
            # US/EU-West packets are overwhelmingly Windows-1252
            try:
                return data.decode("cp1252"), "cp1252"
            except UnicodeDecodeError:
                pass
        return str(best), best.encoding
    return data.decode("cp1252", errors="replace"), "cp1252"


def normalize_newlines(text: str) -> str:
    """CRLF/CR to LF; form feeds kept (they mark pages in text exports)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def extract_text(path: Path, *, name: str) -> Record:
    text, encoding = decode_bytes(path.read_bytes())
    text = normalize_newlines(text).replace("\x00", "")
    if not text.strip():
        raise RecordError(name, Messages.E009.format(file=name))
    warnings = [] if encoding in {"utf-8", "utf-8-sig", "ascii"} else [Messages.W103.format(file=name, encoding=encoding)]
    pages = _form_feed_pages(text)
    return Record(file=name, kind="text", text=text, pages=pages, warnings=warnings)


def _form_feed_pages(text: str) -> list[PageSpan]:
    """Text exports of multi-page documents keep form feeds between pages."""
    pages, start = [], 0
    for i, ch in enumerate(text):
        if ch == "\f":
            pages.append(PageSpan(len(pages) + 1, start, i))
            start = i + 1
    pages.append(PageSpan(len(pages) + 1, start, len(text)))
    return pages
