"""The worker pool's lifetime inside ``casebrief serve``: start, watch, stop.

Workers are spawned (not forked: a forked copy of a server with threads and open database
connections is unsafe) and restarted if one dies.  On shutdown each gets SIGTERM and stops
after its current case; one still busy after the grace period is killed and its job put back
in the queue, so a stop never loses an accepted case and never counts against its attempts.
Nothing is shared with a worker but one byte (its readiness, written once, no lock): a
worker killed at any moment can leave no lock or condition held.

Waking: a worker with nothing to do waits ``poll_seconds`` between claims; a route that has
just queued a job calls :meth:`WorkerPool.wake`, which sends each warm worker ``SIGUSR1`` so
an idle one claims the job at once instead of up to half a second later (see
:func:`casebrief.api.worker.idle_wait`).  A signal, again, because it holds no lock; a lost
or extra one costs nothing but a poll (workers of another server process, on a shared
PostgreSQL queue, still find the job by polling).
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import threading
import time

from sqlalchemy.orm import Session, sessionmaker

from casebrief.api import queue
from casebrief.api.settings import Settings
from casebrief.api.worker import WAKE_SIGNAL, run_worker

log = logging.getLogger("casebrief.api.pool")


class WorkerPool:
    def __init__(self, settings: Settings, factory: sessionmaker[Session]) -> None:
        self.settings, self.factory = settings, factory
        self.ctx = mp.get_context("spawn")
        self.stopping = threading.Event()
        self.procs: dict[str, mp.process.BaseProcess] = {}
        self.ready: dict[str, object] = {}  # name -> shared byte, 1 once the pipeline is warm
        self.lock = threading.Lock()  # spawning: the watcher thread and shutdown
        self._watch_stop = threading.Event()
        self._watcher: threading.Thread | None = None
        self.restarts = 0

    def _spawn(self, name: str) -> None:
        self.ready[name] = self.ctx.Value("b", 0, lock=False)
        p = self.ctx.Process(
            target=run_worker,
            args=(self.settings.model_dump_json(), name, os.getpid(), self.ready[name]),
            name=name,
            daemon=True,
        )
        p.start()
        self.procs[name] = p

    def start(self) -> None:
        for i in range(self.settings.workers):
            self._spawn(f"w{os.getpid()}-{i}")
        self._watcher = threading.Thread(target=self._watch, daemon=True)
        self._watcher.start()

    def _watch(self) -> None:
        while not self._watch_stop.wait(1.0):
            with self.lock:
                if self.stopping.is_set():
                    return
                for name, p in list(self.procs.items()):
                    if not p.is_alive():
                        log.warning(
                            "worker died; restarting it",
                            extra={"worker": name, "exitcode": p.exitcode},
                        )
                        p.join(0)
                        self.restarts += 1
                        self._spawn(name)  # its job's lease expires and the job is retried

    def wake(self) -> int:
        """Tell every warm worker a job is waiting; returns how many were told.  Only a warm
        worker: it blocks the signal before it reports ready (a signal's default action would
        end a worker still loading)."""
        told = 0
        for name, p in list(self.procs.items()):
            if p.pid and p.is_alive() and self.ready[name].value:
                try:
                    os.kill(p.pid, WAKE_SIGNAL)
                    told += 1
                except (ProcessLookupError, PermissionError):  # it just ended: the watcher
                    pass
        return told

    def alive(self) -> int:
        """Workers alive with a warm pipeline (a worker still loading is not counted)."""
        return sum(1 for n, p in self.procs.items() if p.is_alive() and self.ready[n].value)

    def shutdown(self) -> None:
        with self.lock:  # no restart from here on
            self.stopping.set()
            self._watch_stop.set()
        for p in self.procs.values():
            if p.is_alive():
                p.terminate()  # SIGTERM: finish the case in hand, then exit
        deadline = time.monotonic() + self.settings.shutdown_grace_seconds
        for p in self.procs.values():
            p.join(max(0.0, deadline - time.monotonic()))
        for name, p in self.procs.items():
            if p.is_alive():
                p.kill()
                p.join(5)
            released = queue.release(self.factory, name)
            if released:
                log.info("released running jobs", extra={"worker": name, "jobs": released})
