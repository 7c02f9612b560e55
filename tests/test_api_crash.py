"""Durability: ``kill -9`` of the server and its workers mid-run loses no accepted case and
duplicates no brief; a graceful stop releases running jobs; a case whose worker dies every
time ends ``failed`` with a clear error.  On SQLite and PostgreSQL."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import httpx
import pytest
from service_harness import BACKENDS, Server, database_url, wait_done
from sqlalchemy import func, select

pytestmark = [pytest.mark.api]
NOTE = (
    "Office visit {d}. Low back pain radiating to the right leg for {w} weeks. "
    "Physical therapy since 11/0{k}/2025 without improvement. Ibuprofen daily. "
    "Denies bowel or bladder changes. Straight leg raise positive on the right.\n"
)


@pytest.fixture(params=BACKENDS)
def database(request):
    with database_url(request.param) as url:
        yield url


def _submit_many(srv: Server, key: str, n: int, visits: int = 1) -> list[str]:
    """``n`` cases of one note each; ``visits`` repeats the visit in the note, so a briefing
    lasts long enough for a kill to find it running (one visit briefs in a few hundredths
    of a second since the faster core)."""
    ids = []
    with srv.client(key) as c:
        for i in range(n):
            text = "\n".join(
                NOTE.format(d=f"01/{10 + i % 18:02d}/2026", w=6 + i % 9, k=1 + i % 8)
                for _ in range(visits)
            )
            r = c.post(
                "/v1/cases",
                files=[("files", (f"note_{i:02d}.txt", text))],
                data={
                    "case": '{"policy": "lumbar-spine-mri", "request": '
                    '{"request_date": "2026-02-20"}}'
                },
            )
            assert r.status_code == 202, r.text
            ids.append(r.json()["id"])
    return ids


def _assert_one_brief_per_version(srv: Server, ids: list[str]) -> None:
    from casebrief.api.models import BriefVersion, Job

    with srv.sessions()() as db:
        per_case = dict(
            db.execute(
                select(BriefVersion.case_id, func.count()).group_by(BriefVersion.case_id)
            ).all()
        )
        versions = set(db.scalars(select(BriefVersion.version)))
        states = dict(db.execute(select(Job.state, func.count()).group_by(Job.state)).all())
        jobs_per_case = dict(
            db.execute(select(Job.case_id, func.count()).group_by(Job.case_id)).all()
        )
    assert set(per_case) == set(ids)
    assert set(per_case.values()) == {1}
    assert versions == {1}
    assert states == {"done": len(ids)}
    assert set(jobs_per_case.values()) == {1}


def test_kill_9_mid_run_loses_nothing_and_duplicates_nothing(tmp_path, database):
    data = tmp_path / "data"
    srv = Server(data, database, workers=2, lease_seconds=4).start()
    key = srv.key("acme", "nurse")
    ids = _submit_many(srv, key, 30, visits=60)
    # wait until the run is under way: some briefs stored, most not, and one being briefed
    with srv.client(key) as c:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            statuses = [
                x["status"] for x in c.get("/v1/cases", params={"limit": 100}).json()["cases"]
            ]
            done = statuses.count("done")
            if done >= 3 and "running" in statuses:
                break
            time.sleep(0.05)
    assert 3 <= done < 30
    srv.kill()  # the server and both workers, with leases held
    again = Server(data, database, workers=2, lease_seconds=4).start()
    try:
        with again.client(key) as c:
            finals = [wait_done(c, i, timeout=300) for i in ids]
        assert {f["status"] for f in finals} == {"done"}
        assert any(f["attempts"] >= 2 for f in finals)  # a killed lease was taken again
        _assert_one_brief_per_version(again, ids)
    finally:
        again.stop()


def test_graceful_stop_finishes_or_releases_running_jobs(tmp_path, database):
    data = tmp_path / "data"
    srv = Server(data, database, workers=2, shutdown_grace_seconds=1).start()
    key = srv.key("acme", "nurse")
    ids = _submit_many(srv, key, 8)
    time.sleep(1.0)
    assert srv.stop(timeout=60) in (0, -signal.SIGTERM)  # uvicorn re-raises the signal
    assert '"msg": "service stopped"' in srv.log()
    from casebrief.api.models import Job

    with srv.sessions()() as db:
        assert db.scalar(select(func.count()).select_from(Job).where(Job.state == "running")) == 0
    again = Server(data, database, workers=2).start()
    try:
        with again.client(key) as c:
            assert {wait_done(c, i)["status"] for i in ids} == {"done"}
        _assert_one_brief_per_version(again, ids)
    finally:
        again.stop()


def test_a_case_whose_worker_dies_every_time_ends_failed(tmp_path, database):
    """The queue itself, on a real database: a claimed job whose lease runs out is taken
    again; after ``max_attempts`` claims it ends failed, saying why."""
    from casebrief.api import queue
    from casebrief.api.db import transaction
    from casebrief.api.models import Case, Job, utcnow

    srv = Server(tmp_path / "q", database)
    factory = srv.sessions()
    with transaction(factory) as db:
        case = Case(id="c-dies", org="acme", created_by="k", due_at=utcnow(), urgency="standard")
        db.add(case)
        db.flush()
        queue.enqueue(db, case)
    tokens = set()
    for attempt in (1, 2, 3):
        c = queue.claim(factory, "w", lease_seconds=0.5, max_attempts=3)
        assert c is not None and c.attempt == attempt
        assert queue.claim(factory, "w2", lease_seconds=5, max_attempts=3) is None  # leased
        tokens.add(c.token)
        time.sleep(0.6)  # the worker "died": its lease expires unrenewed
    assert len(tokens) == 3
    assert queue.claim(factory, "w", lease_seconds=0.05, max_attempts=3) is None
    with factory() as db:
        job = db.scalar(select(Job).where(Job.case_id == "c-dies"))
    assert job.state == "failed" and "gave up after 3 attempts" in job.error
    # and a stale worker's late result is not stored
    assert queue.finish(factory, c, {"criteria": []}, 1.0, 1) is None


def _workers(server_pid: int) -> list[int]:
    """The worker processes of a server (its children running the worker entry point)."""
    out = []
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            cmd = (d / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):
            continue
        if ppid == server_pid and b"multiprocessing.spawn" in cmd:
            out.append(int(d.name))
    return out


def test_a_killed_worker_is_replaced_and_a_later_stop_is_still_graceful(tmp_path):
    """kill -9 of one idle worker: the pool starts another, cases are briefed, and SIGTERM
    still stops the server (a worker killed while waiting must leave nothing shared
    behind that shutdown would wait on)."""
    srv = Server(tmp_path / "data", None, workers=2, shutdown_grace_seconds=5).start()
    key = srv.key("acme", "nurse")
    before = _workers(srv.proc.pid)
    assert len(before) >= 2
    os.kill(before[0], signal.SIGKILL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        now = _workers(srv.proc.pid)
        ready = httpx.get(f"{srv.url}/readyz").json()["workers"]
        if before[0] not in now and len(now) >= 2 and ready == 2:
            break
        time.sleep(0.5)
    assert before[0] not in now and ready == 2
    ids = _submit_many(srv, key, 4)
    with srv.client(key) as c:
        assert {wait_done(c, i)["status"] for i in ids} == {"done"}
    t0 = time.monotonic()
    assert srv.stop(timeout=60) in (0, -signal.SIGTERM)
    assert time.monotonic() - t0 < 30
    assert '"msg": "service stopped"' in srv.log()


def test_one_briefing_of_a_case_at_a_time(tmp_path):
    """Late records while a briefing runs queue a second job; no worker takes it until the
    first is done, so versions follow the order the records came in."""
    from casebrief.api import queue
    from casebrief.api.db import transaction
    from casebrief.api.models import Case, utcnow

    factory = Server(tmp_path / "q", None).sessions()
    with transaction(factory) as db:
        case = Case(id="c-two", org="acme", created_by="k", due_at=utcnow(), urgency="standard")
        db.add(case)
        db.flush()
        queue.enqueue(db, case)
    first = queue.claim(factory, "w1", lease_seconds=30, max_attempts=3)
    with transaction(factory) as db:
        assert queue.enqueue(db, db.get(Case, "c-two")) is not None  # records came in
    assert queue.claim(factory, "w2", lease_seconds=30, max_attempts=3) is None
    assert queue.finish(factory, first, {"criteria": []}, 1.0, 1) == 1
    second = queue.claim(factory, "w2", lease_seconds=30, max_attempts=3)
    assert second is not None and second.job_id != first.job_id
    assert queue.finish(factory, second, {"criteria": []}, 1.0, 2) == 2
