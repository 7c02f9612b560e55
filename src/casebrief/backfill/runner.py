"""The driver of a backfill: read the source, skip what the ledger holds as done, keep every
worker busy with one case, record each result exactly once, and rebuild the tables and the
report at the end of every run (finished, interrupted or failed).

Why the driver is the only writer: workers on other machines need no access to the output
folder's database, and the ledger's order of writes (:mod:`casebrief.backfill.ledger`) makes
every case either wholly recorded or not at all, whenever the driver is killed.

Failures are data, not stops: a case whose briefing raises is recorded ``failed`` with its
error; a case past its hard time limit (``case_timeout``, beyond the core's own record and
case budgets, which cut reading and still brief) has its worker killed and is recorded
failed (E320); a case whose worker dies is given to a fresh worker once more (a lost node
is not the case's fault), and recorded failed (E321) if that one dies too.

Ctrl-C or SIGTERM: stop taking cases, abandon the ones in hand (not recorded: the next run
briefs them), write the tables and report of what is done; a second Ctrl-C stops at once.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from casebrief.backfill.ledger import Ledger, now_iso
from casebrief.backfill.messages import BackfillError, message
from casebrief.backfill.pool import Finished, WorkerPool
from casebrief.backfill.progress import Progress, duration
from casebrief.backfill.sources import CaseEntry, fingerprint, read_source
from casebrief.backfill.work import WorkerConfig

log = logging.getLogger("casebrief.backfill")
MAX_ATTEMPTS = 2  # a case whose worker dies is tried on one more worker
POLL_S = 0.25


@dataclass
class Options:
    source: Path
    out: Path
    engine: str = "auto"  # auto | ray | local
    workers: int | None = None
    address: str | None = None
    record_seconds: float = 30.0
    case_seconds: float = 120.0
    case_timeout: float | None = None  # None: 2 x case_seconds + 60
    retry_failed: bool = False
    env: dict[str, str] = field(default_factory=dict)  # CASEBRIEF_OCR ... for the workers
    progress: bool = True
    warm_first: bool = False  # the benchmark: time the cases only, once every worker is warm
    report: bool = True

    @property
    def hard_limit(self) -> float:
        return self.case_timeout or 2 * self.case_seconds + 60


@dataclass
class RunStats:
    run: int = 0
    engine: str = ""
    workers: int = 0
    total: int = 0
    skipped: int = 0
    briefed: int = 0
    failed: int = 0
    requeued: int = 0
    interrupted: bool = False
    seconds: float = 0.0  # the whole run, reading the source to the report
    engine_start_s: float | None = None  # Ray's own start (ray engine, when it started Ray)
    warm_s: float | None = None  # from starting the workers until all were warm
    cases_s: float | None = None  # first case handed out to the last recorded
    peak_rss_mib: dict[str, float] = field(default_factory=dict)
    median_case_s: float | None = None  # of a worker, for the cases briefed in this run
    core_share: float | None = None  # CPU / wall seconds of those cases: 1.0, a whole core
    tables: tuple[int, int] = (0, 0)
    report: Path | None = None

    @property
    def cases_per_min(self) -> float | None:
        n = self.briefed + self.failed
        return 60.0 * n / self.cases_s if self.cases_s and n else None


def need_pyarrow() -> None:
    try:
        import pyarrow  # noqa: F401
        import pyarrow.parquet  # noqa: F401
    except ImportError as exc:
        raise BackfillError("E306", what="pyarrow to write its tables", module=exc.name) from None


def make_pool(opts: Options, config: WorkerConfig) -> WorkerPool:
    engine = opts.engine
    if engine == "auto":
        try:
            import ray  # noqa: F401

            engine = "ray"
        except ImportError:
            engine = "local"
    if engine == "ray":
        from casebrief.backfill.engine_ray import RayPool

        return RayPool(opts.workers, config, opts.hard_limit, address=opts.address)
    from casebrief.backfill.engine_local import LocalPool, default_workers

    return LocalPool(opts.workers or default_workers(), config, opts.hard_limit)


def _is_done(e: CaseEntry, known: dict, retry_failed: bool) -> bool:
    row = known.get(e.case_id)
    if row is None or row[1] != e.content_hash:
        return False
    return row[2] == "done" or (row[2] == "failed" and not retry_failed)


class _Stop:
    """SIGINT/SIGTERM set a flag the loop checks between cases (a write is never cut in
    half); a second signal stops at once."""

    def __init__(self) -> None:
        self.event = threading.Event()
        self.saved: dict[int, object] = {}

    def _handler(self, signum, frame) -> None:  # noqa: ANN001
        if self.event.is_set():
            raise KeyboardInterrupt
        self.event.set()

    def __enter__(self) -> _Stop:
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                self.saved[sig] = signal.signal(sig, self._handler)
        return self

    def __exit__(self, *exc: object) -> None:
        for sig, handler in self.saved.items():
            signal.signal(sig, handler)


def run_backfill(opts: Options, stream=None) -> RunStats:  # noqa: ANN001
    """Run one backfill of ``opts.source`` into ``opts.out``; the figures of the run."""
    from casebrief._version import __version__

    stream = stream or sys.stderr
    t_run = time.monotonic()
    need_pyarrow()
    entries = read_source(opts.source)
    ledger = Ledger(opts.out)
    stats = RunStats(total=len(entries))
    try:
        renamed, deleted = ledger.recover()
        if renamed or deleted:
            print(
                f"backfill: recovered after an interrupted run: {renamed} briefs put in place, "
                f"{deleted} unrecorded ones removed",
                file=stream,
            )
        older = {r["version"] for r in ledger.runs()} - {__version__}
        if older:
            print(
                f"backfill: warning: {opts.out} holds briefs made by casebrief "
                f"{', '.join(sorted(v or '?' for v in older))}; new cases are briefed by "
                f"{__version__} (use a new --out to brief everything again)",
                file=stream,
            )
        known = ledger.known([e.case_id for e in entries])
        fingerprint(entries, {cid: (sig, h) for cid, (sig, h, _) in known.items()})
        ledger.update_decisions(
            [(e.decision, e.decided_on, e.case_id) for e in entries if e.case_id in known]
        )
        todo = [e for e in entries if not _is_done(e, known, opts.retry_failed)]
        stats.skipped = len(entries) - len(todo)
        _drive(opts, ledger, todo, stats, stream, __version__)
        stats.tables = _finish(opts, ledger, stats)
    finally:
        ledger.close()
    stats.seconds = time.monotonic() - t_run
    return stats


def _drive(
    opts: Options,
    ledger: Ledger,
    todo: list[CaseEntry],
    stats: RunStats,
    stream,  # noqa: ANN001
    version: str,
) -> None:
    # the engine and its workers are recorded once they start (nothing to brief: none)
    stats.run = run = ledger.start_run(version, "", 0, str(opts.source))
    state = "failed"
    progress = Progress(len(todo), stats.skipped, stream, enabled=opts.progress)
    by_id = {e.case_id: e for e in todo}

    def record(e: CaseEntry, attempt: int, result: dict | None, error: str = "", code="") -> None:
        row = {
            "case_id": e.case_id,
            "path": str(e.path),
            "content_hash": e.content_hash,
            "stat_sig": e.stat_sig,
            "decision": e.decision,
            "decided_on": e.decided_on,
            "attempts": attempt,
            "run": run,
            "briefed_at": now_iso(),
        }
        ok = bool(result and result.get("ok"))
        if result:
            row.update(
                seconds=result.get("seconds"),
                cpu_seconds=result.get("cpu_seconds"),
                worker=result.get("worker"),
            )
        if ok:
            row.update(result["case"], state="done", brief=f"briefs/{e.brief_name}")
            ledger.record(row, result["criteria"], result["brief"])
            stats.briefed += 1
        else:
            if result:
                error, code = result.get("error") or error, result.get("code") or code
            row.update(state="failed", error=error, error_code=code or None)
            ledger.record(row, [], None)
            stats.failed += 1
        progress.case(ok)

    unreadable = [e for e in todo if e.error]
    for e in unreadable:  # files that could not even be hashed: failed without a worker
        record(e, 0, None, e.error or "", "E322")
    queue: deque[tuple[CaseEntry, int]] = deque((e, 1) for e in todo if not e.error)
    pool: WorkerPool | None = None
    try:
        if queue:  # Ray installs signal handlers of its own when it starts: start it first
            config = WorkerConfig(
                record_seconds=opts.record_seconds,
                case_seconds=opts.case_seconds,
                ocr_cache_root=str((opts.out / ".ocr-cache").resolve()),
                env=dict(opts.env),
            )
            pool = make_pool(opts, config)
            stats.engine, stats.workers = pool.name, pool.workers
            stats.engine_start_s = getattr(pool, "ray_start_s", None)
            ledger.db.execute(
                "UPDATE runs SET engine = ?, workers = ? WHERE run = ?",
                (pool.name, pool.workers, run),
            )
        with _Stop() as stop:
            if pool is not None:
                pool.start()
                if opts.warm_first:
                    pool.wait_warm()
                t_cases: float | None = None
                t_last = time.monotonic()
                while (queue or pool.in_flight()) and not stop.event.is_set():
                    while queue and pool.free():
                        if t_cases is None:
                            t_cases = time.monotonic()
                        e, attempt = queue.popleft()
                        pool.submit(_task(e, attempt))
                    for f in pool.poll(POLL_S):
                        _handle(f, by_id, queue, record, stats)
                        t_last = time.monotonic()
                    progress.tick()
                stats.warm_s = pool.all_warm_s
                if t_cases is not None:
                    stats.cases_s = t_last - t_cases
                stats.peak_rss_mib = dict(pool.peak_rss)
                stats.interrupted = stop.event.is_set()
        state = "interrupted" if stats.interrupted else "finished"
    except KeyboardInterrupt:
        stats.interrupted = True
        state = "interrupted"
        raise
    finally:
        if pool is not None:
            pool.stop()
        progress.close()
        ledger.finish_run(
            run,
            state,
            total=stats.total,
            skipped=stats.skipped,
            briefed=stats.briefed,
            failed=stats.failed,
        )


def _task(e: CaseEntry, attempt: int) -> dict:
    """What a worker is sent: plain data (it may travel to another machine)."""
    return {
        "case_id": e.case_id,
        "path": str(e.path),
        "content_hash": e.content_hash,
        "attempt": attempt,
    }


def _handle(f: Finished, by_id: dict, queue: deque, record, stats: RunStats) -> None:  # noqa: ANN001
    task = f.task
    e = by_id[task["case_id"]]
    if f.result is not None:
        record(e, task["attempt"], f.result)
    elif f.failure == "timeout":
        record(e, task["attempt"], None, message("E320", seconds=float(f.reason)), "E320")
    elif task["attempt"] < MAX_ATTEMPTS:  # the worker died: once more, on a fresh worker
        stats.requeued += 1
        log.warning("worker died (%s); case handed to another worker", f.reason)
        queue.append((e, task["attempt"] + 1))
    else:
        record(e, task["attempt"], None, message("E321", times=task["attempt"], reason=f.reason))


def _finish(opts: Options, ledger: Ledger, stats: RunStats) -> tuple[int, int]:
    from casebrief.backfill.tables import write_tables

    counts = write_tables(ledger, opts.out)
    stats.median_case_s = ledger.median_seconds(stats.run)
    stats.core_share = ledger.core_share(stats.run)
    if opts.report:
        from casebrief.backfill.report import write_report

        stats.report = write_report(ledger, opts.out, stats)
    return counts


def summary_lines(stats: RunStats, out: Path) -> list[str]:
    """The final summary: counts, rate, start-up and where everything went."""
    rate = stats.cases_per_min
    done_now = stats.briefed + stats.failed
    head = "backfill interrupted" if stats.interrupted else "backfill done"
    lines = [
        f"{head}: run {stats.run}, {stats.total} cases in the source; "
        f"briefed {stats.briefed}, failed {stats.failed}, "
        f"skipped {stats.skipped} (already done)"
        + (
            f", {stats.total - stats.skipped - done_now} left for the next run"
            if stats.interrupted
            else ""
        ),
    ]
    if stats.engine:
        start = []
        if stats.engine_start_s is not None:
            start.append(f"Ray started in {stats.engine_start_s:.1f} s")
        if stats.warm_s is not None:
            start.append(f"workers warm in {stats.warm_s:.1f} s")
        lines.append(
            f"  engine {stats.engine}, {stats.workers} workers"
            + (f" ({'; '.join(start)})" if start else "")
        )
    if rate:
        median = stats.median_case_s
        lines.append(
            f"  {rate:.1f} cases/min over {duration(stats.cases_s)}"
            + (f"; median {median:.2f} s of a worker per case" if median is not None else "")
        )
    if stats.peak_rss_mib:
        lines.append(f"  peak memory per worker: {max(stats.peak_rss_mib.values()):.0f} MiB")
    n_cases, n_criteria = stats.tables
    lines.append(
        f"  wrote {out}/briefs/, cases.parquet ({n_cases} rows), "
        f"criteria.parquet ({n_criteria} rows)"
        + (f", {stats.report.name}" if stats.report else "")
        + f" in {duration(stats.seconds)}"
    )
    if stats.interrupted:
        lines.append("  re-run the same command to continue; done cases are not briefed again")
    return lines
