"""``--engine local``: a plain pool of worker processes on this machine, for users without Ray;
the same :func:`casebrief.backfill.work.brief_one`, the same outputs.

Why not ``concurrent.futures.ProcessPoolExecutor``: it cannot stop one case past its time
limit without breaking the whole pool.  Here each worker is a spawned process (never forked:
a fork of a driver holding SQLite and threads is unsafe) with a pipe; a case past its limit
is ended by killing its worker, which is replaced.

Workers are daemonic, so they OCR pages inline (a daemon may not start children) and die
with the driver; a worker whose driver is gone (``kill -9`` of the driver alone) finds its
pipe closed and exits.  Ctrl-C is the driver's to handle: workers ignore SIGINT.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import signal
from multiprocessing.connection import wait

from casebrief.backfill.pool import WorkerPool
from casebrief.backfill.work import WorkerConfig, brief_one, warm_worker


def default_workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _worker_main(conn, config: dict) -> None:  # noqa: ANN001 - a multiprocessing Connection
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # a case's warnings (a record cut at its budget ...) are in its brief; the terminal keeps
    # the progress line (Ray's workers log to Ray's own files)
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(name)s: %(message)s")
    cfg = WorkerConfig.from_dict(config)
    try:
        conn.send(("ready", warm_worker(cfg)))
        while True:
            task = conn.recv()
            if task is None:
                return
            conn.send(("result", brief_one(task, cfg)))
    except (EOFError, OSError):  # the driver is gone
        return


class LocalPool(WorkerPool):
    name = "local"

    def __init__(self, workers: int, config: WorkerConfig, case_timeout: float) -> None:
        super().__init__(workers, config, case_timeout)
        self.ctx = mp.get_context("spawn")
        self.procs: dict[int, mp.process.BaseProcess] = {}
        self.conns: dict[int, object] = {}

    def _spawn(self, slot: int) -> None:
        parent, child = self.ctx.Pipe()
        p = self.ctx.Process(
            target=_worker_main,
            args=(child, self.config.to_dict()),
            name=f"casebrief-backfill-{slot}",
            daemon=True,
        )
        p.start()
        child.close()
        self.procs[slot], self.conns[slot] = p, parent

    def _send(self, slot: int, task: dict) -> None:
        self.conns[slot].send(task)  # type: ignore[attr-defined]

    def _events(self, timeout: float) -> list[tuple[int, str, object]]:
        by_conn = {id(c): s for s, c in self.conns.items()}
        by_sentinel = {p.sentinel: s for s, p in self.procs.items()}
        ready = wait([*self.conns.values(), *by_sentinel], timeout)
        events: list[tuple[int, str, object]] = []
        dead: set[int] = set()
        for obj in ready:
            if isinstance(obj, int):  # a process sentinel: handled below, after its messages
                dead.add(by_sentinel[obj])
                continue
            slot = by_conn[id(obj)]
            try:
                while obj.poll():  # type: ignore[attr-defined]
                    kind, payload = obj.recv()  # type: ignore[attr-defined]
                    events.append((slot, kind, payload))
            except (EOFError, OSError):
                dead.add(slot)
        for slot in dead:
            p = self.procs[slot]
            p.join(1.0)
            code = p.exitcode
            reason = f"exit code {code}" if code is not None and code >= 0 else None
            if code is not None and code < 0:
                reason = f"killed by signal {signal.Signals(-code).name}"
            self._close(slot)
            events.append((slot, "died", reason or "worker process ended"))
        return events

    def _close(self, slot: int) -> None:
        conn = self.conns.pop(slot, None)
        if conn is not None:
            conn.close()  # type: ignore[attr-defined]
        self.procs.pop(slot, None)

    def _kill(self, slot: int) -> None:
        p = self.procs.get(slot)
        if p is not None:
            p.kill()
            p.join(5.0)
        self._close(slot)

    def stop(self) -> None:
        for slot in list(self.procs):
            if slot in self.idle:
                try:
                    self.conns[slot].send(None)  # type: ignore[attr-defined]
                except OSError:
                    pass
            else:  # a case in hand is abandoned (not recorded: the next run has it), or the
                self.procs[slot].kill()  # worker is still loading: nothing to wait for
        for slot in list(self.procs):
            p = self.procs[slot]
            p.join(5.0)
            if p.is_alive():
                p.kill()
                p.join(1.0)
            self._close(slot)
