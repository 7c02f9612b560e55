"""Uploaded records on disk: type by content, names made safe, size limits while copying.

Layout: ``<data_dir>/cases/<case id>/`` holds the records and the ``case.json`` the core
reads, so a worker briefs exactly what ``casebrief brief <that directory>`` would.  Uploads
are first copied into ``<data_dir>/incoming/`` and moved into place only when the whole
request is accepted: a rejected request leaves nothing behind, and an accepted case is on
disk before its row is committed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import BinaryIO

from casebrief.api.problems import Problem

CHUNK = 1024 * 1024
# media type -> the suffixes a record of that type may carry (the first is added if missing)
SUFFIXES = {
    "application/pdf": (".pdf",),
    "text/plain": (".txt", ".md", ".text"),
    "image/tiff": (".tif", ".tiff"),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
}


def sniff(head: bytes) -> str | None:
    """The record's type from its first bytes, or None when it is no record casebrief reads."""
    if b"%PDF-" in head[:1024]:
        return "application/pdf"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "image/tiff"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if not head or b"\x00" in head:
        return None
    for enc in ("utf-8", "cp1252"):
        try:
            text = head.decode(enc)
        except UnicodeDecodeError as exc:
            if enc == "utf-8" and exc.start >= len(head) - 3:  # a character cut by the window
                text = head[: exc.start].decode(enc)
            else:
                continue
        controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t\f")
        if controls <= len(text) // 100:
            return "text/plain"
    return None


def safe_name(name: str | None, media_type: str, taken: set[str]) -> str:
    """A plain file name for an upload: its last path part, no control characters, the
    suffix its content calls for, and unique within the case."""
    raw = (name or "").strip()
    base = PureWindowsPath(PurePosixPath(raw).name).name
    base = re.sub(r"[\x00-\x1f\x7f/\\:]", "_", base).strip(". ") or "record"
    if len(base.encode()) > 180:
        stem, dot, suf = base.rpartition(".")
        base = (stem.encode()[:160].decode(errors="ignore") + dot + suf[:10]) if dot else base[:160]
    if PurePosixPath(base).suffix.lower() not in SUFFIXES[media_type]:
        base += SUFFIXES[media_type][0]
    return unique_name(base, taken)


def unique_name(base: str, taken: set[str]) -> str:
    """``base``, or ``stem-2.ext``, ``stem-3.ext``...: the first not in ``taken`` (compared
    without case, as some file systems do); added to ``taken``."""
    lowered = {t.lower() for t in taken}
    candidate, n = base, 1
    while candidate.lower() in lowered or candidate.lower() == "case.json":
        n += 1
        candidate = f"{PurePosixPath(base).stem}-{n}{PurePosixPath(base).suffix}"
    taken.add(candidate)
    return candidate


@dataclass
class StoredFile:
    file: str
    original: str | None
    media_type: str
    size: int
    sha256: str
    pages: int | None


def pdf_pages(path: Path) -> int | None:
    """Page count of a PDF, or None when it cannot be opened (the brief will say why)."""
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(str(path))
    except Exception:  # noqa: BLE001 - corrupt or encrypted: accepted, reported in the brief
        return None
    try:
        return len(pdf)
    finally:
        pdf.close()


def copy_upload(
    src: BinaryIO, name: str | None, dest_dir: Path, taken: set[str], max_bytes: int
) -> StoredFile:
    """Copy one upload into ``dest_dir`` under a safe name, within ``max_bytes``."""
    shown = PurePosixPath(name or "record").name
    head = src.read(8192)
    media = sniff(head)
    if media is None:
        raise Problem(
            415,
            f"{shown}: not a record casebrief accepts (PDF, plain text, TIFF, PNG or JPEG, "
            "judged by content, not by name)",
            file=shown,
            kind="unsupported-record",
        )
    fname = safe_name(name, media, taken)
    tmp = dest_dir / f".{uuid.uuid4().hex}.part"
    digest, size = hashlib.sha256(), 0
    with open(tmp, "wb") as out:
        chunk = head
        while chunk:
            size += len(chunk)
            if size > max_bytes:
                out.close()
                tmp.unlink(missing_ok=True)
                raise Problem(
                    413,
                    f"{shown}: over the {max_bytes // (1024 * 1024)} MB limit for one record",
                    file=shown,
                    kind="record-too-large",
                )
            digest.update(chunk)
            out.write(chunk)
            chunk = src.read(CHUNK)
    if size == 0:
        tmp.unlink(missing_ok=True)
        raise Problem(422, f"{shown}: the file is empty", file=shown, kind="empty-record")
    final = dest_dir / fname
    os.replace(tmp, final)
    pages = (
        pdf_pages(final) if media == "application/pdf" else (1 if media != "text/plain" else None)
    )
    return StoredFile(fname, name, media, size, digest.hexdigest(), pages)


def write_case_json(case_dir: Path, data: dict) -> None:
    """Write case.json atomically (a worker may be reading the previous one)."""
    tmp = case_dir / f".case.{uuid.uuid4().hex}.json"
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, case_dir / "case.json")


def read_case_json(case_dir: Path) -> dict:
    return json.loads((case_dir / "case.json").read_text(encoding="utf-8"))


def remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def sweep(data_dir: Path, known: set[str], min_age_seconds: float = 600.0) -> int:
    """Remove what a crash left where no row points: staged uploads (``incoming/``) and case
    directories without a case row older than ``min_age_seconds`` (a submission moves its
    directory in place just before committing its row).  Records nobody can reach or
    delete must not stay on disk.  The number of directories removed."""
    import time

    removed, now = 0, time.time()
    for parent, keep in ((data_dir / "incoming", set()), (data_dir / "cases", known)):
        if not parent.is_dir():
            continue
        for d in parent.iterdir():
            if d.name in keep or not d.is_dir():
                continue
            if now - d.stat().st_mtime >= min_age_seconds:
                remove_tree(d)
                removed += 1
    return removed
