"""Worker processes: each holds a warm pipeline and briefs cases taken from the queue.

Why processes: briefing is CPU-bound Python; threads would share one interpreter lock.
Each worker loads spaCy/medspaCy and the evidence model once, then loops: claim a job,
brief the case directory with the same ``brief_case`` as the command line, store the
brief (only while it still holds the job's lease), repeat.  A thread renews the lease
while the brief runs.  On Linux a worker dies with its server (``PR_SET_PDEATHSIG``), so a
``kill -9`` of the server leaves no orphan holding a case; the leases expire and the
restarted server's workers take the cases again (a worker checks its parent between jobs and
exits once the server is gone).

Waiting: an idle worker waits for ``SIGUSR1`` (sent by the server when it queues a job), or at
most ``poll_seconds``, then claims again; the signal is blocked outside that wait, so it never
interrupts a brief, and a wake sent mid-brief leaves the next wait at once.

Stopping: the server sends SIGTERM; the worker finishes the case in hand and exits.  A plain
signal is used, not a shared multiprocessing Event: a worker killed while waiting on a shared
Event leaves it unusable, and the server's shutdown would hang on it.

A hard time limit bounds each job beyond the core's own budgets (a hang inside a PDF library
would otherwise keep renewing its lease forever): past it the heartbeat records the error,
puts the job back (or fails it, attempts spent) and ends the worker process.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import threading
import time
from pathlib import Path

from casebrief.api import queue
from casebrief.api.db import make_engine, session_factory
from casebrief.api.logs import configure
from casebrief.api.settings import Settings
from casebrief.errors import CasebriefError

log = logging.getLogger("casebrief.api.worker")

# the server's "a job is queued" nudge (WorkerPool.wake)
WAKE_SIGNAL = signal.SIGUSR1

WARM_TEXT = (
    "Office visit 01/02/2026. Low back pain for 8 weeks. Physical therapy since 11/01/2025, "
    "no improvement. Denies bowel or bladder changes."
)


def warm() -> None:
    """Load the pipeline and the evidence model before the first case (seconds, once)."""
    from casebrief.evidence_model.scorer import get_scorer
    from casebrief.nlp.pipeline import process

    process(WARM_TEXT, None)
    get_scorer()


OCR_CACHE_DIR = ".ocr-cache"


def brief_job(settings: Settings, case_dir: Path) -> dict:
    from casebrief.service import Budget, brief_case

    budget = Budget(record_seconds=settings.record_seconds, case_seconds=settings.case_seconds)
    # OCR readings are patient text: kept inside the case's own directory, so a re-brief
    # (late records, a new policy version) does not OCR a page again, and deleting the case
    # deletes them with its records
    os.environ["CASEBRIEF_OCR_CACHE"] = str(Path(case_dir).resolve() / OCR_CACHE_DIR)
    brief = brief_case(case_dir, budget=budget)
    return json.loads(brief.model_dump_json())


class Heartbeat(threading.Thread):
    """Renews a claimed job's lease every third of its length until stopped; past the hard
    limit it gives the job up and ends the process."""

    def __init__(self, factory, claimed: queue.Claimed, settings: Settings) -> None:  # noqa: ANN001
        super().__init__(daemon=True)
        self.factory, self.claimed = factory, claimed
        self.settings, self.lease = settings, settings.lease_seconds
        self.deadline = time.monotonic() + settings.job_limit_seconds
        self.done = threading.Event()
        self.lost = False

    def run(self) -> None:
        renewed = time.monotonic()
        while not self.done.wait(min(self.lease / 3, 5.0)):  # wakes often for the deadline
            now = time.monotonic()
            if now > self.deadline:
                self._give_up()
            if now - renewed < self.lease / 3:
                continue  # renew every third of the lease: each renewal takes SQLite's lock
            renewed = now
            try:
                if not queue.renew(self.factory, self.claimed, self.lease):
                    self.lost = True
                    return
            except Exception as exc:  # noqa: BLE001 - a database hiccup: try again next beat
                log.warning("lease renewal failed (%s)", type(exc).__name__)

    def _give_up(self) -> None:
        limit = self.settings.job_limit_seconds
        try:
            queue.fail(
                self.factory,
                self.claimed,
                f"briefing did not finish within the hard time limit of {limit:g} s",
                retry=True,
                max_attempts=self.settings.max_attempts,
            )
        finally:
            log.error(
                "job over the hard time limit; worker exits",
                extra={"job": self.claimed.job_id, "case": self.claimed.case_id},
            )
            logging.shutdown()
            os._exit(70)  # the pool starts a fresh worker


def run_one(settings: Settings, factory, name: str) -> bool:  # noqa: ANN001
    """Claim and brief one job; False when the queue was empty."""
    c = queue.claim(factory, name, settings.lease_seconds, settings.max_attempts)
    if c is None:
        return False
    case_dir = settings.cases_dir / c.case_id
    beat = Heartbeat(factory, c, settings)
    beat.start()
    t0 = time.monotonic()
    try:
        brief = brief_job(settings, case_dir)
    except CasebriefError as exc:  # the case itself cannot be briefed: say why, no retry
        beat.done.set()
        queue.fail(factory, c, str(exc), retry=False, max_attempts=settings.max_attempts)
        log.info("job failed", extra={"job": c.job_id, "case": c.case_id, "code": exc.code})
        return True
    except Exception as exc:  # noqa: BLE001 - unexpected: retried, then failed with its type
        beat.done.set()
        queue.fail(
            factory,
            c,
            f"briefing failed unexpectedly ({type(exc).__name__}); please report this case",
            retry=True,
            max_attempts=settings.max_attempts,
        )
        log.error(
            "job error", extra={"job": c.job_id, "case": c.case_id, "error": type(exc).__name__}
        )
        return True
    beat.done.set()
    seconds = time.monotonic() - t0
    version = queue.finish(factory, c, brief, seconds, len(brief.get("documents", [])))
    log.info(
        "job done" if version else "job result discarded (lease lost)",
        extra={
            "job": c.job_id,
            "case": c.case_id,
            "version": version,
            "attempt": c.attempt,
            "seconds": round(seconds, 3),
            "criteria": len(brief.get("criteria", [])),
            "documents": len(brief.get("documents", [])),
        },
    )
    return True


def block_wake() -> None:
    """Hold the wake signal pending until :func:`idle_wait` takes it.  Called first thing in
    the worker's main thread, so threads started later (the heartbeat) inherit the mask and the
    default action (ending the process) never applies."""
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_BLOCK, {WAKE_SIGNAL})


def ask_stop(stop: threading.Event) -> None:
    """SIGTERM's handler: stop after the case in hand; an idle wait ends at once (the wake
    signal sent to ourselves is taken by it, or stays pending and is harmless)."""
    stop.set()
    os.kill(os.getpid(), WAKE_SIGNAL)


def idle_wait(stop: threading.Event, seconds: float) -> None:
    """Wait until a job is queued (the wake signal), a stop is asked, or ``seconds`` pass.
    A stop wakes it too (:func:`ask_stop`)."""
    if stop.is_set():
        return
    if hasattr(signal, "sigtimedwait"):
        signal.sigtimedwait({WAKE_SIGNAL}, seconds)
    else:  # pragma: no cover - platforms without POSIX signal waits poll only
        stop.wait(seconds)


def run_worker(settings_json: str, name: str, parent_pid: int, ready=None) -> None:  # noqa: ANN001
    """A worker process's main: warm up, then take jobs until SIGTERM or the server is gone.
    ``ready`` (a shared byte) is set to 1 once the pipeline is warm."""
    block_wake()
    stop = threading.Event()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server decides when workers stop
    signal.signal(signal.SIGTERM, lambda *_: ask_stop(stop))  # finish the case in hand, exit
    settings = Settings.model_validate_json(settings_json)
    configure(settings.log_level)
    engine = make_engine(settings.url)
    factory = session_factory(engine)
    warm()
    if ready is not None:
        ready.value = 1
    log.info("worker ready", extra={"worker": name, "pid": os.getpid()})
    while not stop.is_set() and os.getppid() == parent_pid:
        try:
            busy = run_one(settings, factory, name)
        except Exception as exc:  # noqa: BLE001 - the database went away: wait and retry
            log.error("worker loop error", extra={"worker": name, "error": type(exc).__name__})
            busy = False
        if not busy:
            idle_wait(stop, settings.poll_seconds)
    engine.dispose()
    log.info("worker stopped", extra={"worker": name})
