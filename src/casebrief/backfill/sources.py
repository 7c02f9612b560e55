"""What to brief: a folder of cases, or a CSV/Parquet manifest of case paths with the
decisions that were made -> :class:`CaseEntry` items, each with a content hash.

Why a content hash: the ledger records a case as done under its id *and* the hash of the
files it was briefed from, so a re-run skips exactly the cases whose files have not changed
and briefs again a case whose records changed since.  Hashing every file of a million cases
at every re-run would cost as much reading as briefing them, so a cheap stat signature
(names, sizes, modification times) stands in front of it: when the ledger already holds the
same signature for the case, its stored hash is reused (:func:`fingerprint`).

A bad manifest is one clear line naming the manifest, the line or row and the column at
fault (E303/E304): an unknown column, a missing or empty path, a path that does not exist, a
decision outside the vocabulary of :mod:`casebrief.backfill.decisions`, a date that is not a
date, a case id given twice.  Relative paths in a manifest are relative to the manifest's
folder.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from casebrief.backfill.decisions import normalize_decision
from casebrief.backfill.messages import BackfillError, message
from casebrief.case import RECORD_SUFFIXES

MANIFEST_SUFFIXES = {".csv", ".parquet"}
MANIFEST_COLUMNS = ("case_id", "path", "decision", "decided_on")
HASH_THREADS = 8  # hashing is file reading; hashlib releases the GIL on large buffers
HASH_CHUNK = 10_000
_SAFE = re.compile(r"[^A-Za-z0-9._-]")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(slots=True)
class CaseEntry:
    """One case of the source.  ``case_id`` is the key of the ledger and of the output: the
    manifest's ``case_id`` (else its path), or the case's path relative to the source
    folder."""

    case_id: str
    path: Path
    decision: str | None = None
    decided_on: str | None = None
    stat_sig: str | None = None
    content_hash: str | None = None
    error: str | None = None  # the files could not be read to hash them (E322)

    @property
    def brief_name(self) -> str:
        return brief_name(self.case_id)


def brief_name(case_id: str) -> str:
    """The brief's path under ``briefs/``: the case id, its folders kept (a source's own
    folders shard a large output), other characters replaced; a replaced name carries a
    short hash of the id so two ids never share a file."""
    parts = [p for p in case_id.replace("\\", "/").split("/") if p not in {"", ".", ".."}]
    safe = [_SAFE.sub("_", p)[:120] for p in parts] or ["case"]
    name = "/".join(safe)
    if name != case_id:
        name += "-" + hashlib.sha256(case_id.encode()).hexdigest()[:8]
    return name + ".json"


# --------------------------------------------------------------------------- reading a source


def read_source(source: Path | str) -> list[CaseEntry]:
    """The cases of ``source`` (a folder or a manifest), in a stable order; E301-E305."""
    source = Path(source)
    if not source.exists():
        raise BackfillError("E301", path=source)
    if source.is_dir():
        entries = list(scan_folder(source))
    elif source.suffix.lower() in MANIFEST_SUFFIXES:
        entries = read_manifest(source)
    else:
        raise BackfillError("E302", path=source)
    if not entries:
        raise BackfillError("E305", path=source)
    _check_brief_names(entries)
    return entries


def _is_case_dir(d: Path) -> bool:
    return (d / "case.json").is_file() or any(
        p.suffix.lower() in RECORD_SUFFIXES and p.is_file() and not p.name.startswith(".")
        for p in d.iterdir()
    )


def scan_folder(root: Path) -> Iterator[CaseEntry]:
    """Every case below ``root``: a folder holding ``case.json`` or record files is one case
    (its subfolders are not looked into); a record file outside such a folder is a one-file
    packet; any other folder is searched (``2019/03/...``).  Hidden names are skipped."""
    stack = [root]
    while stack:
        folder = stack.pop()
        children = sorted(
            (p for p in folder.iterdir() if not p.name.startswith(".")), key=lambda p: p.name
        )
        subfolders = []
        for p in children:
            rel = p.relative_to(root).as_posix()
            if p.is_dir():
                if _is_case_dir(p):
                    yield CaseEntry(rel, p.resolve())
                else:
                    subfolders.append(p)
            elif p.is_file() and p.suffix.lower() in RECORD_SUFFIXES:
                yield CaseEntry(rel, p.resolve())
        stack.extend(reversed(subfolders))


def read_manifest(path: Path) -> list[CaseEntry]:
    """A CSV or Parquet manifest (columns ``case_id, path, decision, decided_on``; only
    ``path`` is required) -> entries, each row checked."""
    if path.suffix.lower() == ".csv":
        header, rows = _csv_rows(path)
    else:
        header, rows = _parquet_rows(path)
    columns = [str(c).strip().lower() for c in header]
    for c in columns:
        if c not in MANIFEST_COLUMNS:
            raise BackfillError(
                "E303",
                path=path,
                problem=f"unknown column '{c}' (known columns: {', '.join(MANIFEST_COLUMNS)})",
            )
    if len(set(columns)) != len(columns):
        dup = next(c for c in columns if columns.count(c) > 1)
        raise BackfillError("E303", path=path, problem=f"column '{dup}' is given twice")
    if "path" not in columns:
        raise BackfillError(
            "E303", path=path, problem="no 'path' column (the case folder or packet file)"
        )
    base = path.parent
    entries: list[CaseEntry] = []
    seen: dict[str, str] = {}
    for where, values in rows:
        row = dict(zip(columns, values, strict=False))
        entries.append(_entry_of_row(path, base, where, row, seen))
    return entries


def _entry_of_row(
    manifest: Path, base: Path, where: str, row: dict, seen: dict[str, str]
) -> CaseEntry:
    def bad(problem: str) -> BackfillError:
        return BackfillError("E304", path=manifest, row=where, problem=problem)

    raw = _text(row.get("path"))
    if not raw:
        raise bad("column 'path' is empty")
    case_path = Path(raw) if Path(raw).is_absolute() else base / raw
    if not case_path.exists():
        raise bad(f"column 'path': {raw} does not exist")
    if not case_path.is_dir() and case_path.suffix.lower() not in RECORD_SUFFIXES:
        raise bad(
            f"column 'path': {raw} is neither a case folder nor a record file "
            f"({', '.join(sorted(RECORD_SUFFIXES))})"
        )
    case_id = _text(row.get("case_id")) or raw
    if case_id in seen:
        raise bad(f"case_id '{case_id}' is given twice (first at {seen[case_id]})")
    seen[case_id] = where
    decision = _text(row.get("decision")) or None
    if decision is not None:
        normal = normalize_decision(decision)
        if normal is None:
            from casebrief.backfill.decisions import DECISIONS

            raise bad(
                f"column 'decision': '{decision}' is not a known decision "
                f"(known: {', '.join(DECISIONS)})"
            )
        decision = normal
    decided_on = row.get("decided_on")
    if hasattr(decided_on, "isoformat"):  # a Parquet date or timestamp
        decided_on = decided_on.isoformat()[:10]
    decided_on = _text(decided_on) or None
    if decided_on is not None and not _is_date(decided_on):
        raise bad(f"column 'decided_on': '{decided_on}' is not a date (expected YYYY-MM-DD)")
    return CaseEntry(case_id, case_path.resolve(), decision, decided_on)


def _is_date(value: str) -> bool:
    if not _ISO_DATE.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _csv_rows(path: Path) -> tuple[list[str], Iterable[tuple[str, list[str]]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BackfillError(
            "E303", path=path, problem=f"not UTF-8 text (byte {exc.start}); save it as UTF-8"
        ) from None
    except OSError as exc:
        raise BackfillError("E303", path=path, problem=exc.strerror or type(exc).__name__) from None
    reader = csv.reader(text.splitlines())
    try:
        header = next(reader)
    except StopIteration:
        raise BackfillError("E303", path=path, problem="the file is empty (no header)") from None
    except csv.Error as exc:
        raise BackfillError("E303", path=path, problem=f"not CSV ({exc})") from None
    rows: list[tuple[str, list[str]]] = []
    try:
        for values in reader:
            if not any(v.strip() for v in values):
                continue  # a blank line
            where = f"line {reader.line_num}"
            if len(values) > len(header):
                raise BackfillError(
                    "E304",
                    path=path,
                    row=where,
                    problem=f"{len(values)} values for {len(header)} columns",
                )
            rows.append((where, values))
    except csv.Error as exc:
        raise BackfillError(
            "E304", path=path, row=f"line {reader.line_num}", problem=f"not CSV ({exc})"
        ) from None
    return header, rows


def _parquet_rows(path: Path) -> tuple[list[str], Iterable[tuple[str, list]]]:
    try:
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise BackfillError(
            "E306", what="pyarrow to read a Parquet manifest", module=exc.name
        ) from None
    try:
        table = pq.read_table(path)
    except Exception as exc:  # noqa: BLE001 - pyarrow raises several types for a bad file
        raise BackfillError(
            "E303", path=path, problem=f"not a readable Parquet file ({type(exc).__name__})"
        ) from None
    header = list(table.column_names)
    columns = [table.column(c).to_pylist() for c in header]
    rows = [(f"row {i + 1}", [col[i] for col in columns]) for i in range(table.num_rows)]
    return header, rows


def _check_brief_names(entries: list[CaseEntry]) -> None:
    seen: dict[str, str] = {}
    for e in entries:
        name = e.brief_name
        if name in seen:
            raise BackfillError("E310", first=seen[name], second=e.case_id, name=name)
        seen[name] = e.case_id


# --------------------------------------------------------------------------- content hash


def case_files(path: Path) -> list[Path]:
    """The files a briefing may read: ``case.json`` and every record file of a case folder
    (its subfolders too, since ``case.json`` may list a record there; hidden names, like the
    service's ``.ocr-cache``, skipped), or the one packet file."""
    if path.is_file():
        return [path]
    return sorted(
        p
        for p in path.rglob("*")
        if not any(part.startswith(".") for part in p.relative_to(path).parts)
        and p.is_file()
        and (p.name == "case.json" or p.suffix.lower() in RECORD_SUFFIXES)
    )


def _name(path: Path, f: Path) -> str:
    return f.name if f == path else f.relative_to(path).as_posix()


def stat_signature(path: Path, files: list[Path]) -> str:
    h = hashlib.sha256()
    for f in files:
        st = f.stat()
        h.update(f"{_name(path, f)}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def content_hash(path: Path, files: list[Path]) -> str:
    """SHA-256 over each file's name (relative to the case), size and SHA-256, in order."""
    h = hashlib.sha256()
    for f in files:
        fh = hashlib.sha256()
        size = 0
        with f.open("rb") as stream:
            while chunk := stream.read(1 << 20):
                fh.update(chunk)
                size += len(chunk)
        h.update(f"{_name(path, f)}\0{size}\0{fh.hexdigest()}\n".encode())
    return h.hexdigest()


def fingerprint(
    entries: list[CaseEntry], known: dict[str, tuple[str, str]], threads: int = HASH_THREADS
) -> None:
    """Fill in each entry's stat signature and content hash; ``known`` maps a case id to the
    (stat signature, hash) the ledger holds, reused when the signature is unchanged.  A case
    whose files cannot be read gets ``error`` (E322) instead: recorded failed, the batch goes
    on."""

    def one(e: CaseEntry) -> None:
        try:
            files = case_files(e.path)
            e.stat_sig = stat_signature(e.path, files)
            cached = known.get(e.case_id)
            if cached and cached[0] == e.stat_sig and cached[1]:
                e.content_hash = cached[1]
            else:
                e.content_hash = content_hash(e.path, files)
        except OSError as exc:
            e.error = message("E322", reason=exc.strerror or type(exc).__name__)

    with ThreadPoolExecutor(max(1, min(threads, len(entries)))) as pool:
        for i in range(0, len(entries), HASH_CHUNK):  # bounded: not a future per case at once
            list(pool.map(one, entries[i : i + HASH_CHUNK]))
