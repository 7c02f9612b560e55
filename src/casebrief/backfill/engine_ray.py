"""``--engine ray``: the same warm workers as Ray actors, on this machine (``ray.init()``
starts a local instance) or on an existing cluster (``--address``).

Why actors and not Ray Data or plain tasks: each actor loads the pipeline once and keeps it
(seconds of imports and model loading a task would pay, or share by luck of worker reuse),
and the driver holds each case as one call on one actor, so a case past its hard limit is
stopped with ``ray.kill`` of that actor alone and a lost node costs the cases its actors
held, which the driver gives to a fresh actor.  Measured against Ray Data's actor pool
(``map_batches`` over a ``ActorPoolStrategy``) on the same packets, see docs/backfill.md.

Actors ask for one CPU each (``num_cpus=1``) and never restart by themselves
(``max_restarts=0``): the pool replaces them, so it knows which case was lost.  When this
module started Ray it shuts it down at the end; an instance already running in this process
(tests, notebooks) or a cluster is left as it was.
"""

from __future__ import annotations

import logging
import os
import time

from casebrief.backfill.messages import BackfillError
from casebrief.backfill.pool import WorkerPool
from casebrief.backfill.work import WorkerConfig, brief_one, warm_worker


def import_ray():  # noqa: ANN201
    try:
        import ray
    except ImportError as exc:
        raise BackfillError(
            "E306", what="Ray for --engine ray (or use --engine local)", module=exc.name
        ) from None
    return ray


class BriefActor:
    """One warm worker: ``warm`` once, then ``brief`` one case per call."""

    def __init__(self, config: dict) -> None:
        self.config = WorkerConfig.from_dict(config)

    def warm(self) -> dict:
        return warm_worker(self.config)

    def brief(self, task: dict) -> dict:
        return brief_one(task, self.config)


class RayPool(WorkerPool):
    name = "ray"

    def __init__(
        self,
        workers: int | None,
        config: WorkerConfig,
        case_timeout: float,
        address: str | None = None,
    ) -> None:
        ray = import_ray()
        self.ray = ray
        t0 = time.monotonic()
        self.owns = not ray.is_initialized()
        if self.owns:
            # a local instance reports nothing home (Ray's usage statistics are on by default)
            os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
            options = {"include_dashboard": False, "logging_level": logging.WARNING}
            if address:
                options["address"] = address
            else:
                from casebrief.backfill.engine_local import default_workers

                options["num_cpus"] = max(workers or 0, default_workers())
            try:
                ray.init(log_to_driver=False, **options)
            except Exception as exc:  # noqa: BLE001 - Ray raises many types; say which
                raise BackfillError("E309", reason=f"{type(exc).__name__}: {exc}") from None
        self.ray_start_s = time.monotonic() - t0
        if not workers:
            workers = max(1, int(ray.cluster_resources().get("CPU", 1)))
        super().__init__(workers, config, case_timeout)
        self.actor_class = ray.remote(num_cpus=1, max_restarts=0, max_task_retries=0)(BriefActor)
        self.actors: dict[int, object] = {}
        self.refs: dict[object, tuple[int, str]] = {}  # pending call -> (slot, event kind)

    def _spawn(self, slot: int) -> None:
        actor = self.actor_class.remote(self.config.to_dict())
        self.actors[slot] = actor
        self.refs[actor.warm.remote()] = (slot, "ready")

    def _send(self, slot: int, task: dict) -> None:
        self.refs[self.actors[slot].brief.remote(task)] = (slot, "result")

    def _events(self, timeout: float) -> list[tuple[int, str, object]]:
        if not self.refs:
            time.sleep(timeout)
            return []
        ready, _ = self.ray.wait(list(self.refs), num_returns=1, timeout=timeout)
        if ready:  # and whatever else is done by now
            ready, _ = self.ray.wait(list(self.refs), num_returns=len(self.refs), timeout=0)
        events: list[tuple[int, str, object]] = []
        for ref in ready:
            slot, kind = self.refs.pop(ref)
            try:
                payload = self.ray.get(ref)
            except self.ray.exceptions.RayError as exc:  # the actor died, or its node
                self._forget(slot)
                events.append((slot, "died", type(exc).__name__))
                continue
            events.append((slot, kind, payload))
        return events

    def _forget(self, slot: int) -> None:
        self.actors.pop(slot, None)
        for ref, (s, _) in list(self.refs.items()):
            if s == slot:
                del self.refs[ref]

    def _kill(self, slot: int) -> None:
        actor = self.actors.get(slot)
        if actor is not None:
            self.ray.kill(actor, no_restart=True)
        self._forget(slot)

    def stop(self) -> None:
        for slot in list(self.actors):
            self._kill(slot)
        if self.owns and self.ray.is_initialized():
            self.ray.shutdown()
