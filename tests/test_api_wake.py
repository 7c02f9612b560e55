"""An idle worker takes a newly queued job when the server queues it, not at its next poll,
and a stop ends an idle worker's wait at once.

The server runs with ``poll_seconds`` of an hour: had the route not woken a worker, neither
the submitted case nor its late records would be briefed within the test's deadlines, and the
stop would end in the pool's kill after its grace period instead of each worker's own
"worker stopped"."""

from __future__ import annotations

import pytest
from service_harness import Server, wait_done

pytestmark = [pytest.mark.api]
HOUR = 3600
NOTE = (
    "Office visit 01/12/2026. Low back pain radiating to the left leg for 10 weeks. "
    "Physical therapy since 11/03/2025 without improvement. Straight leg raise positive.\n"
)
CASE = '{"policy": "lumbar-spine-mri", "request": {"request_date": "2026-02-20"}}'


def test_queued_jobs_wake_an_idle_worker_and_a_stop_ends_its_wait(tmp_path):
    srv = Server(tmp_path / "data", None, workers=2, poll_seconds=HOUR).start()
    try:
        key = srv.key("acme", "nurse")
        with srv.client(key) as c:
            r = c.post("/v1/cases", files=[("files", ("note.txt", NOTE))], data={"case": CASE})
            assert r.status_code == 202, r.text
            cid = r.json()["id"]
            assert wait_done(c, cid, timeout=60)["status"] == "done"
            r = c.post(f"/v1/cases/{cid}/records", files=[("files", ("pt.txt", NOTE))])
            assert r.status_code == 202, r.text
            assert wait_done(c, cid, timeout=60, version=2)["latest_version"] == 2
    finally:
        code = srv.stop(timeout=60)
    assert code is not None, "the server did not stop within a minute"
    assert srv.log().count("worker stopped") == 2, srv.log()[-3000:]
