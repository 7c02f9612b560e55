"""What a worker does: warm the pipeline once, then brief one case at a time with the same
:func:`casebrief.service.brief_case` as ``casebrief brief``, under the same time budgets, and
hand back a plain dict (the brief's JSON text and its table rows) for the driver to record.

Why the worker computes the table rows: the driver records every case of the batch, so
whatever can be done in parallel is done here, and the driver only writes.

A case that raises is a failed result naming its error (the case's own coded error, or the
type of an unexpected one: its message could quote a record), never an exception out of
the worker, so one case never stops a batch.  A case that runs past its hard time limit is
stopped by the driver (see :mod:`casebrief.backfill.runner`).

OCR: each worker reads its pages itself (``CASEBRIEF_OCR_WORKERS=1``), since the batch
already runs one worker per core; a case's readings are cached under
``<out>/.ocr-cache/<content hash>`` while it is being briefed, so a case interrupted by a kill
is not OCR'd again when the run resumes, and the folder is removed once the case is briefed
(readings are patient text; the brief is what is kept).
"""

from __future__ import annotations

import os
import resource
import shutil
import socket
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

# one core per worker: the batch's parallelism is across cases
SINGLE_THREAD_ENV = {
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "OMP_THREAD_LIMIT": "1",
    "CASEBRIEF_OCR_WORKERS": "1",
}


@dataclass(frozen=True)
class WorkerConfig:
    """What every worker needs to brief like ``casebrief brief`` would, as plain data (it
    travels to other processes and Ray nodes)."""

    record_seconds: float = 30.0
    case_seconds: float = 120.0
    ocr_cache_root: str | None = None  # None: the user's cache (CASEBRIEF_OCR_CACHE)
    env: dict[str, str] = field(default_factory=dict)  # CASEBRIEF_OCR, _ENGINE, POLICY_DIR

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> WorkerConfig:
        return cls(**d)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def rss_peak_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024


def warm_worker(config: WorkerConfig) -> dict:
    """Set the worker's environment and load the pipeline and the evidence model (seconds,
    once per worker)."""
    os.environ.update(SINGLE_THREAD_ENV)
    os.environ.update(config.env)
    t0 = time.monotonic()
    from casebrief.api.worker import warm

    warm()
    return {
        "worker": worker_name(),
        "seconds": time.monotonic() - t0,
        "rss_mib": rss_peak_mib(),
    }


def brief_one(task: dict, config: WorkerConfig) -> dict:
    """Brief ``task["path"]``; a result dict, ``ok`` False with ``error`` when it failed."""
    from casebrief.backfill.messages import message
    from casebrief.backfill.tables import case_summary, criterion_rows
    from casebrief.errors import CasebriefError
    from casebrief.service import Budget, brief_case

    t0, cpu0 = time.monotonic(), time.process_time()
    cache = None
    if config.ocr_cache_root:
        cache = Path(config.ocr_cache_root) / task["content_hash"]
        os.environ["CASEBRIEF_OCR_CACHE"] = str(cache)
    result: dict = {"case_id": task["case_id"], "ok": False}
    try:
        brief = brief_case(
            task["path"],
            budget=Budget(record_seconds=config.record_seconds, case_seconds=config.case_seconds),
        )
        result.update(
            ok=True,
            brief=brief.model_dump_json(indent=2) + "\n",  # byte for byte `casebrief brief`'s
            case=case_summary(brief),
            criteria=criterion_rows(brief),
        )
    except CasebriefError as exc:  # the case itself cannot be briefed: its coded error
        result.update(error=str(exc), code=getattr(exc, "code", None))
    except Exception as exc:  # noqa: BLE001 - one case must never stop the batch
        result.update(error=message("E323", error=type(exc).__name__), code="E323")
    if result["ok"] and cache is not None:
        shutil.rmtree(cache, ignore_errors=True)
    result.update(
        seconds=round(time.monotonic() - t0, 3),
        cpu_seconds=round(time.process_time() - cpu0, 3),
        worker=worker_name(),
        rss_mib=rss_peak_mib(),
    )
    return result
