"""What both engines share: a pool of warm workers, one case in hand each, with every case's
hard time limit and every worker's death handled the same way.

Why one case per worker at a time (not a queue per worker): the driver then knows when each
case started, so a case past its hard limit is stopped by killing just its worker (a hang
inside a PDF library cannot be interrupted any other way), and a worker's death costs at
most the one case it held.  The round trip between cases is milliseconds against a second
or more of briefing.

An engine implements four primitives (:meth:`_spawn`, :meth:`_send`, :meth:`_events`,
:meth:`_kill`); this class turns their events into :class:`Finished` cases: a result, a
``timeout`` or a ``died``.  A worker that stops or dies is replaced at once; workers that
keep dying before they are even warm mean the engine cannot start (E312), not a loop.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from dataclasses import dataclass

from casebrief.backfill.messages import BackfillError
from casebrief.backfill.work import WorkerConfig

MAX_COLD_DEATHS = 3  # workers dying before they are warm: the engine cannot run here


@dataclass
class Finished:
    task: dict
    result: dict | None  # None: the worker did not return one
    failure: str | None = None  # "timeout" | "died"
    reason: str = ""


class WorkerPool(ABC):
    name = "?"

    def __init__(self, workers: int, config: WorkerConfig, case_timeout: float) -> None:
        self.workers = workers
        self.config = config
        self.case_timeout = case_timeout
        self.idle: list[int] = []  # warm workers without a case
        self.busy: dict[int, tuple[dict, float]] = {}  # slot -> (task, started)
        self.warm: dict[int, dict] = {}  # slot -> what warm_worker returned
        self.peak_rss: dict[str, float] = {}  # worker name -> peak RSS MiB seen
        self.cold_deaths = 0
        self.replaced = 0
        self.started_at = time.monotonic()
        self.all_warm_s: float | None = None  # from start() until every worker was warm

    # ------------------------------------------------------------------ engine primitives

    @abstractmethod
    def _spawn(self, slot: int) -> None:
        """Start worker ``slot``; it reports ("ready", info) once warm."""

    @abstractmethod
    def _send(self, slot: int, task: dict) -> None: ...

    @abstractmethod
    def _events(self, timeout: float) -> list[tuple[int, str, object]]:
        """Wait up to ``timeout`` s; (slot, "ready" | "result" | "died", payload) events."""

    @abstractmethod
    def _kill(self, slot: int) -> None: ...

    @abstractmethod
    def stop(self) -> None: ...

    # ------------------------------------------------------------------ the pool

    def start(self) -> None:
        self.started_at = time.monotonic()
        for slot in range(self.workers):
            self._spawn(slot)

    def wait_warm(self, timeout: float = 600.0) -> float:
        """Block until every worker is warm (the benchmark's start-up figure); seconds."""
        deadline = time.monotonic() + timeout
        while len(self.warm) < self.workers and time.monotonic() < deadline:
            self.poll(1.0)
        return time.monotonic() - self.started_at

    def free(self) -> int:
        return len(self.idle)

    def in_flight(self) -> int:
        return len(self.busy)

    def submit(self, task: dict) -> None:
        slot = self.idle.pop()
        self._send(slot, task)
        self.busy[slot] = (task, time.monotonic())

    def poll(self, timeout: float) -> list[Finished]:
        out: list[Finished] = []
        for slot, kind, payload in self._events(timeout):
            if kind == "ready":
                self.warm[slot] = payload  # type: ignore[assignment]
                self._note_rss(payload)  # type: ignore[arg-type]
                self.idle.append(slot)
                if len(self.warm) == self.workers and self.all_warm_s is None:
                    self.all_warm_s = time.monotonic() - self.started_at
            elif kind == "result":
                task, _ = self.busy.pop(slot)
                self._note_rss(payload)  # type: ignore[arg-type]
                self.idle.append(slot)
                out.append(Finished(task, payload))  # type: ignore[arg-type]
            elif kind == "died":
                held = self.busy.pop(slot, None)
                if slot in self.idle:
                    self.idle.remove(slot)
                if slot not in self.warm and held is None:
                    self.cold_deaths += 1
                    if self.cold_deaths >= MAX_COLD_DEATHS:
                        self.stop()
                        raise BackfillError(
                            "E312",
                            engine=self.name,
                            reason=f"they die while loading the pipeline ({payload}); is "
                            "casebrief installed alike on every node?",
                        )
                self.warm.pop(slot, None)
                if held is not None:
                    out.append(Finished(held[0], None, "died", str(payload)))
                self.replaced += 1
                self._spawn(slot)
        now = time.monotonic()
        for slot, (task, started) in list(self.busy.items()):
            if now - started > self.case_timeout:
                self._kill(slot)
                del self.busy[slot]
                self.warm.pop(slot, None)
                out.append(Finished(task, None, "timeout", f"{self.case_timeout:g}"))
                self.replaced += 1
                self._spawn(slot)
        return out

    def _note_rss(self, payload: dict) -> None:
        if isinstance(payload, dict) and payload.get("worker") and payload.get("rss_mib"):
            name = payload["worker"]
            self.peak_rss[name] = max(self.peak_rss.get(name, 0.0), float(payload["rss_mib"]))
