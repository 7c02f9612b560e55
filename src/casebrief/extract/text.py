"""Plain-text records (.txt, .md) in any common encoding.

Why: faxed-then-OCR'd and EHR-exported text arrives as UTF-8, UTF-16 (with BOM),
Windows-1252 or Latin-1.  We try the strict, unambiguous decodings first and only then
ask charset-normalizer, so a UTF-8 file is never mis-guessed as something else.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from charset_normalizer import from_bytes

from casebrief.errors import RecordError
from casebrief.extract.record import PageSpan, Record

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


_SINGLE_BYTE_WESTERNISH = {
    "cp1250",
    "cp1252",
    "cp1254",
    "cp1257",
    "latin1",
    "latin-1",
    "iso88591",
    "iso885915",
    "iso88592",
    "iso88599",
    "macroman",
    "maclatin2",
    "cp850",
    "cp858",
}


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


# What a file that is not text begins with, and what to tell the sender.
_SIGNATURES = (
    (b"%PDF-", "it is a PDF: name it .pdf"),
    (b"PK\x03\x04", "it is a ZIP archive, such as a Word .docx file"),
    (b"\xd0\xcf\x11\xe0", "it is a Microsoft Office document"),
    (b"{\\rtf", "it is an RTF document"),
    (b"\x89PNG", "it is a PNG image"),
    (b"\xff\xd8\xff", "it is a JPEG image"),
    (b"GIF8", "it is a GIF image"),
    (b"II*\x00", "it is a TIFF image"),
    (b"MM\x00*", "it is a TIFF image"),
    (b"\x1f\x8b", "it is gzip-compressed"),
)
_TEXT_CONTROLS = set("\t\n\r\f\v")
MAX_CONTROL_SHARE = 0.005  # real text has almost no control characters; binary data is full of them


def not_text_reason(data: bytes) -> str | None:
    """Why ``data`` is not a text file (a known binary format, NUL bytes), or None."""
    for signature, reason in _SIGNATURES:
        if data.startswith(signature):
            return reason
    if (
        b"\x00" in data[:65536]
        and not any(data.startswith(bom) for bom, _ in _BOMS)
        and _utf16_without_bom(data) is None
    ):
        return "it contains binary data (NUL bytes)"
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when every other byte of the start is NUL (UTF-16 text without a
    BOM).
    """
    head = data[:4096]
    if len(head) < 4:
        return None
    odd, even = head[1::2], head[0::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return None


def _control_share(text: str) -> float:
    sample = text[:200_000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in _TEXT_CONTROLS)
    return controls / max(len(sample), 1)


def extract_text(path: Path, *, name: str) -> Record:
    data = path.read_bytes()
    reason = not_text_reason(data)
    if reason:
        raise RecordError(name, "E015", reason=reason)
    has_bom = any(data.startswith(bom) for bom, _ in _BOMS)
    bare16 = _utf16_without_bom(data) if b"\x00" in data[:4096] and not has_bom else None
    text, encoding = (
        (data.decode(bare16, errors="replace"), bare16) if bare16 else decode_bytes(data)
    )
    if _control_share(text) > MAX_CONTROL_SHARE:
        raise RecordError(
            name, "E015", reason="it is full of control characters, as binary data is"
        )
    text = normalize_newlines(text).replace("\x00", "")
    if not text.strip():
        raise RecordError(name, "E009")
    warnings = (
        [] if encoding in {"utf-8", "utf-8-sig", "ascii"} else [("W103", {"encoding": encoding})]
    )
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
