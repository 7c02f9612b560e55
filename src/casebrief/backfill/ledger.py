"""The exactly-once record of a backfill: a SQLite database in the output folder, one row per
case (keyed by its id, holding the content hash it was briefed from), its criteria rows, and
the runs.

Why SQLite and this order of writes: a run can be killed at any instant (Ctrl-C, ``kill -9``,
a lost node), and a re-run must find every case either done -- its row committed and its brief
in place -- or not done at all, never half of each and never twice.  Only the driver writes
(workers return results), in three steps per case:

1. the brief is written to ``.incoming/<hash>-<id key>.json`` (a temporary name);
2. the case row and its criteria rows are committed in one transaction (the case is done);
3. the temporary file is renamed to ``briefs/<case>.json`` (atomic on one file system).

A kill before 2 leaves a temporary file and no row: the next run deletes the file and briefs
the case again.  A kill between 2 and 3 leaves a row and a temporary file: the next run finishes
the rename (:meth:`Ledger.recover`); the case is not briefed again.  A done case is never
re-briefed and its brief never rewritten, unless its files change (another content hash).

WAL journal with ``synchronous=NORMAL``: a committed row survives the process being killed
(the operating system has it); a power cut may lose the last few commits, which the next run
simply briefs again.  An exclusive ``flock`` on ``.lock`` keeps a second backfill out of the
same folder; the operating system releases it when the holder dies, however it dies.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from casebrief.backfill.messages import BackfillError
from casebrief.backfill.tables import CASE_COLUMNS, CRITERIA_COLUMNS

LEDGER_FILE = "ledger.sqlite"
LOOKUP_CHUNK = 500  # ids per IN (...) query, well under SQLite's variable limit


def _id_key(case_id: str) -> str:
    return hashlib.sha256(case_id.encode()).hexdigest()[:16]


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class Ledger:
    def __init__(self, out: Path) -> None:
        self.out = Path(out)
        if self.out.exists() and not self.out.is_dir():
            raise BackfillError("E308", path=self.out, problem="exists and is not a folder")
        try:
            self.out.mkdir(parents=True, exist_ok=True)
            self.briefs = self.out / "briefs"
            self.incoming = self.out / ".incoming"
            self.briefs.mkdir(exist_ok=True)
            self.incoming.mkdir(exist_ok=True)
            self._lock_file = (self.out / ".lock").open("a+")
        except OSError as exc:
            raise BackfillError(
                "E308", path=self.out, problem=exc.strerror or type(exc).__name__
            ) from None
        try:
            fcntl.flock(self._lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self._lock_file.seek(0)
            pid = self._lock_file.read().strip() or "?"
            self._lock_file.close()
            raise BackfillError("E307", path=self.out, pid=pid) from None
        self._lock_file.seek(0)
        self._lock_file.truncate()
        self._lock_file.write(str(os.getpid()))
        self._lock_file.flush()
        self.db = sqlite3.connect(self.out / LEDGER_FILE, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self._create()

    # ------------------------------------------------------------------ schema

    def _create(self) -> None:
        cases = ", ".join(
            f"{c.name} {c.sql}{' PRIMARY KEY' if c.name == 'case_id' else ''}" for c in CASE_COLUMNS
        )
        criteria = ", ".join(f"{c.name} {c.sql}" for c in CRITERIA_COLUMNS)
        self.db.executescript(
            f"""
            CREATE TABLE IF NOT EXISTS cases ({cases}, stat_sig TEXT);
            CREATE INDEX IF NOT EXISTS cases_hash ON cases (content_hash);
            CREATE TABLE IF NOT EXISTS criteria ({criteria}, PRIMARY KEY (case_id, criterion));
            CREATE TABLE IF NOT EXISTS runs (
                run INTEGER PRIMARY KEY, started_at TEXT, finished_at TEXT, state TEXT,
                version TEXT, engine TEXT, workers INTEGER, source TEXT,
                total INTEGER, skipped INTEGER, briefed INTEGER, failed INTEGER);
            """
        )

    def close(self) -> None:
        self.db.close()
        self._lock_file.close()  # releases the flock

    # ------------------------------------------------------------------ recovery

    def recover(self) -> tuple[int, int]:
        """Finish what a killed run left between its commit and its rename; delete the
        briefs whose case was never committed.  (renamed, deleted)"""
        renamed = deleted = 0
        for tmp in sorted(self.incoming.glob("*")):
            content_hash, _, key = tmp.stem.partition("-")
            rows = self.db.execute(
                "SELECT case_id, brief FROM cases WHERE content_hash = ? AND state = 'done'",
                (content_hash,),
            ).fetchall()
            target = next((b for cid, b in rows if _id_key(cid) == key and b), None)
            if target and tmp.suffix == ".json":
                final = self.out / target
                final.parent.mkdir(parents=True, exist_ok=True)
                os.replace(tmp, final)
                renamed += 1
            else:
                tmp.unlink(missing_ok=True)
                deleted += 1
        return renamed, deleted

    # ------------------------------------------------------------------ runs

    def start_run(self, version: str, engine: str, workers: int, source: str) -> int:
        cur = self.db.execute(
            "INSERT INTO runs (started_at, state, version, engine, workers, source) "
            "VALUES (?, 'running', ?, ?, ?, ?)",
            (now_iso(), version, engine, workers, source),
        )
        return int(cur.lastrowid)

    def finish_run(self, run: int, state: str, **counts: int) -> None:
        self.db.execute(
            "UPDATE runs SET finished_at = ?, state = ?, total = ?, skipped = ?, briefed = ?, "
            "failed = ? WHERE run = ?",
            (
                now_iso(),
                state,
                counts.get("total"),
                counts.get("skipped"),
                counts.get("briefed"),
                counts.get("failed"),
                run,
            ),
        )

    def runs(self) -> list[dict]:
        cur = self.db.execute("SELECT * FROM runs ORDER BY run")
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]

    # ------------------------------------------------------------------ lookups

    def known(self, case_ids: list[str]) -> dict[str, tuple[str, str, str]]:
        """case id -> (stat signature, content hash, state) for the ids the ledger holds."""
        out: dict[str, tuple[str, str, str]] = {}
        for i in range(0, len(case_ids), LOOKUP_CHUNK):
            chunk = case_ids[i : i + LOOKUP_CHUNK]
            marks = ",".join("?" * len(chunk))
            for cid, sig, h, state in self.db.execute(
                f"SELECT case_id, stat_sig, content_hash, state FROM cases "
                f"WHERE case_id IN ({marks})",
                chunk,
            ):
                out[cid] = (sig, h, state)
        return out

    def update_decisions(self, rows: list[tuple[str | None, str | None, str]]) -> None:
        """(decision, decided_on, case_id): a manifest's decisions may arrive after a case was
        briefed; the tables show the manifest's latest."""
        self.db.execute("BEGIN IMMEDIATE")
        self.db.executemany("UPDATE cases SET decision = ?, decided_on = ? WHERE case_id = ?", rows)
        self.db.execute("COMMIT")

    def core_share(self, run: int) -> float | None:
        """CPU seconds / wall seconds of the cases briefed in ``run``: how much of a core a
        worker had (under 1: the machine had other work, or the cases waited on I/O)."""
        cpu, wall = self.db.execute(
            "SELECT SUM(cpu_seconds), SUM(seconds) FROM cases WHERE run = ? AND state = 'done'",
            (run,),
        ).fetchone()
        return cpu / wall if cpu and wall else None

    def median_seconds(self, run: int) -> float | None:
        """The median seconds a worker spent on the cases briefed in ``run``."""
        where = "run = ? AND state = 'done' AND seconds IS NOT NULL"
        n = self.db.execute(f"SELECT COUNT(*) FROM cases WHERE {where}", (run,)).fetchone()[0]
        if not n:
            return None
        return self.db.execute(
            f"SELECT seconds FROM cases WHERE {where} ORDER BY seconds LIMIT 1 OFFSET ?",
            (run, n // 2),
        ).fetchone()[0]

    def iter_rows(self, table: str, columns: list[str], batch: int) -> Iterator[list[dict]]:
        order = "case_id, position" if table == "criteria" else "case_id"
        cur = self.db.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {order}")
        while rows := cur.fetchmany(batch):
            yield [dict(zip(columns, r, strict=True)) for r in rows]

    def query(self, sql: str, args: tuple = ()) -> list[tuple]:
        return self.db.execute(sql, args).fetchall()

    # ------------------------------------------------------------------ recording a case

    def record(self, row: dict, criteria: list[dict], brief_json: str | None) -> None:
        """Record one case exactly once (see the module doc for the order of writes).
        ``row`` holds the case's columns; ``brief_json`` is None for a failed case."""
        case_id = row["case_id"]
        old = self.db.execute("SELECT brief FROM cases WHERE case_id = ?", (case_id,)).fetchone()
        tmp = None
        if brief_json is not None:
            tmp = self.incoming / f"{row['content_hash']}-{_id_key(case_id)}.json"
            try:
                tmp.write_text(brief_json, encoding="utf-8")
            except OSError as exc:  # a full disk: stop the run with the reason
                tmp.unlink(missing_ok=True)
                raise BackfillError(
                    "E308", path=self.out, problem=exc.strerror or type(exc).__name__
                ) from None
        names = [c.name for c in CASE_COLUMNS] + ["stat_sig"]
        crit = [c.name for c in CRITERIA_COLUMNS]
        committed = False
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self.db.execute("DELETE FROM criteria WHERE case_id = ?", (case_id,))
            self.db.execute(
                f"INSERT OR REPLACE INTO cases ({', '.join(names)}) "
                f"VALUES ({', '.join('?' * len(names))})",
                [row.get(n) for n in names],
            )
            self.db.executemany(
                f"INSERT INTO criteria ({', '.join(crit)}) VALUES ({', '.join('?' * len(crit))})",
                [[{"case_id": case_id, **c}.get(n) for n in crit] for c in criteria],
            )
            self.db.execute("COMMIT")
            committed = True
        finally:
            if not committed:
                if self.db.in_transaction:
                    self.db.execute("ROLLBACK")
                if tmp is not None:
                    tmp.unlink(missing_ok=True)
        if tmp is not None:
            final = self.out / row["brief"]
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp, final)
        elif old and old[0]:  # a case once briefed now fails (its files changed): no stale brief
            (self.out / old[0]).unlink(missing_ok=True)
