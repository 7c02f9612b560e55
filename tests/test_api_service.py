"""The HTTP API against a real server (uvicorn on loopback, worker processes), on SQLite and
on PostgreSQL: submit → brief equal to the command line's, idempotent retry, late records
as version 2 with its diff, reviews, deletion with the audit kept, urgency and deadlines, a
corrupt PDF inside a case, and logs and audit rows free of patient text."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from service_harness import BACKENDS, Server, database_url, submit, wait_done

from casebrief.service import brief_case

pytestmark = [pytest.mark.api]
ROOT = Path(__file__).resolve().parents[1]
SAMPLES = [
    ROOT / "annotated_samples/dev/ccd-01",
    ROOT / "annotated_samples/dev/flow-11",  # carries a PDF
    ROOT / "annotated_samples/real/dev/real-bari-01",
]

OFFICE = """Office visit 01/12/2026
Chief complaint: low back pain radiating to the left leg for 10 weeks.
Exam: positive straight leg raise on the left. Strength 5/5. Reflexes symmetric.
Denies bowel or bladder changes, saddle anesthesia, fever or weight loss.
Plan: MRI lumbar spine requested.
"""
THERAPY = """Physical Therapy Discharge Summary 03/02/2026
Diagnosis: lumbar radiculopathy.
Patient attended 14 sessions of physical therapy from 12/01/2025 to 02/27/2026.
Home exercise program daily. Outcome: no improvement in pain or function; Oswestry 48%.
"""


@pytest.fixture(scope="module", params=BACKENDS)
def server(request, tmp_path_factory):
    with database_url(request.param) as url:
        srv = Server(
            tmp_path_factory.mktemp(f"api-{request.param}"), url, workers=2, lease_seconds=10
        ).start()
        yield srv
        srv.stop()


@pytest.fixture(scope="module")
def keys(server):
    return {role: server.key("acme", role) for role in ("nurse", "reviewer", "office", "admin")} | {
        "other_nurse": server.key("globex", "nurse"),
        "other_admin": server.key("globex", "admin"),
    }


def _case_dir(tmp_path: Path, records: dict[str, str], **request) -> Path:
    d = tmp_path / "case"
    d.mkdir()
    for name, text in records.items():
        (d / name).write_text(text)
    case = {
        "case_id": "late-1",
        "policy": "lumbar-spine-mri",
        "request": {"request_date": "2026-03-05", "cpt": ["72148"], **request},
    }
    (d / "case.json").write_text(json.dumps(case))
    return d


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_brief_equals_command_line(server, keys, sample):
    with server.client(keys["nurse"]) as c:
        r = submit(c, sample)
        assert r.status_code == 202, r.text
        body = r.json()
        assert body["status"] == "queued"  # the 202 says what was accepted
        assert r.headers["location"] == f"/v1/cases/{body['id']}"
        done = wait_done(c, body["id"])
        assert done["status"] == "done", done
        api = c.get(f"/v1/cases/{body['id']}/brief").json()
    cli = json.loads(brief_case(sample).model_dump_json())
    assert api == cli


def test_a_faxed_tiff_is_read_by_ocr_in_the_worker(server, keys, tmp_path):
    """A fax server's multi-page G4 TIFF goes through the API like any record: the worker
    OCRs it, the brief equals the command line's, and its packet quality says how it read."""
    from test_ocr_pages import write_fax_tiff

    d = _case_dir(tmp_path, {"02_pt_discharge.txt": THERAPY})
    write_fax_tiff(d / "01_office_fax.tif", [OFFICE.splitlines()[:3], OFFICE.splitlines()[3:]])
    with server.client(keys["nurse"]) as c:
        r = submit(c, d)
        assert r.status_code == 202, r.text
        done = wait_done(c, r.json()["id"])
        assert done["status"] == "done", done
        api = c.get(f"/v1/cases/{r.json()['id']}/brief").json()
    q = api["packet_quality"]
    assert (q["pages_total"], q["pages_ocr"], q["complete"]) == (3, 2, True)
    assert [p["status"] for p in q["pages"] if p["file"] == "01_office_fax.tif"] == ["ocr"] * 2
    assert any(d["file"] == "01_office_fax.tif" for d in api["documents"])
    assert api == json.loads(brief_case(d).model_dump_json())
    # the OCR readings (patient text) live in the case's own directory, and go with it
    cache = server.data_dir / "cases" / r.json()["id"] / ".ocr-cache"
    assert list(cache.rglob("*.json"))


def test_idempotent_retry_returns_the_first_case(server, keys, tmp_path):
    d = _case_dir(tmp_path, {"01_office.txt": OFFICE})
    with server.client(keys["nurse"]) as c:
        before = len(c.get("/v1/cases", params={"limit": 1000}).json()["cases"])
        first = submit(c, d, **{"Idempotency-Key": "retry-abc"})
        again = submit(c, d, **{"Idempotency-Key": "retry-abc"})
        other = submit(c, d, **{"Idempotency-Key": "retry-xyz"})
        after = len(c.get("/v1/cases", params={"limit": 1000}).json()["cases"])
    assert first.status_code == again.status_code == 202
    assert again.json()["id"] == first.json()["id"]
    assert again.headers.get("idempotent-replayed") == "true"
    assert other.json()["id"] != first.json()["id"]
    assert after == before + 2


def test_late_records_make_version_two_with_the_diff(server, keys, tmp_path):
    d = _case_dir(tmp_path, {"01_office.txt": OFFICE})
    with server.client(keys["nurse"]) as c:
        cid = submit(c, d).json()["id"]
        assert wait_done(c, cid)["status"] == "done"
        v1 = c.get(f"/v1/cases/{cid}/brief").json()
        r = c.post(f"/v1/cases/{cid}/records", files=[("files", ("02_pt_discharge.txt", THERAPY))])
        assert r.status_code == 202, r.text
        assert [x["batch"] for x in r.json()["records"]] == [1, 2]
        done = wait_done(c, cid, version=2)
        assert done["latest_version"] == 2
        v2 = c.get(f"/v1/cases/{cid}/brief").json()
        assert c.get(f"/v1/cases/{cid}/brief", params={"version": 1}).json() == v1
        versions = c.get(f"/v1/cases/{cid}/brief/versions").json()["versions"]
    assert [v["version"] for v in versions] == [1, 2]
    assert [d["file"] for d in v2["documents"]][-1] == "02_pt_discharge.txt"
    was = {x["id"]: x["status"] for x in v1["criteria"]}
    now = {x["id"]: x["status"] for x in v2["criteria"]}
    expected = [{"criterion": k, "from": was[k], "to": now[k]} for k in now if was[k] != now[k]]
    assert expected, "the therapy record should change a status"
    assert versions[1]["changes"] == expected
    assert versions[1]["policy_version"] == v2["policy"]["version"]
    assert "conservative-therapy: " in versions[1]["changes_text"]


def test_reviews_are_stored_as_given_and_only_reviewers_record_them(server, keys, tmp_path):
    d = _case_dir(tmp_path, {"01_office.txt": OFFICE})
    with server.client(keys["nurse"]) as nurse:
        cid = submit(nurse, d).json()["id"]
        wait_done(nurse, cid)
        assert nurse.get(f"/v1/cases/{cid}/reviews").json() == {"reviews": []}  # none pre-filled
        assert nurse.post(f"/v1/cases/{cid}/reviews", json={"verdict": "agree"}).status_code == 403
    with server.client(keys["reviewer"]) as rev:
        ok = rev.post(
            f"/v1/cases/{cid}/reviews",
            json={"criterion_id": "red-flags", "verdict": "disagree", "note": "see p.2"},
        )
        assert ok.status_code == 201, ok.text
        bad = rev.post(
            f"/v1/cases/{cid}/reviews", json={"criterion_id": "no-such", "verdict": "agree"}
        )
        assert bad.status_code == 422 and bad.json()["field"] == "criterion_id"
        listed = rev.get(f"/v1/cases/{cid}/reviews").json()["reviews"]
    assert [(x["criterion_id"], x["verdict"], x["version"]) for x in listed] == [
        ("red-flags", "disagree", 1)
    ]


def test_corrupt_pdf_inside_a_case_is_a_problem_in_the_brief(server, keys, tmp_path):
    d = _case_dir(tmp_path, {"01_office.txt": OFFICE})
    (d / "02_scan.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n garbage \x00\xff")
    with server.client(keys["nurse"]) as c:
        r = submit(c, d)
        assert r.status_code == 202
        done = wait_done(c, r.json()["id"])
        assert done["status"] == "done"
        brief = c.get(f"/v1/cases/{r.json()['id']}/brief").json()
    assert any(p["file"] == "02_scan.pdf" and p["severity"] == "error" for p in brief["problems"])
    assert len(brief["criteria"]) == 5


def test_expedited_request_is_due_in_72_hours_and_listed(server, keys, tmp_path):
    d = _case_dir(tmp_path, {"01_office.txt": OFFICE}, urgency="expedited")
    with server.client(keys["nurse"]) as c:
        body = submit(c, d).json()
        wait_done(c, body["id"])
        brief = c.get(f"/v1/cases/{body['id']}/brief").json()
        worklist = c.get("/v1/cases", params={"order": "due"}).json()["cases"]
        newest = c.get("/v1/cases").json()["cases"]
    assert body["urgency"] == "expedited"
    assert worklist[0]["id"] == body["id"]  # before standard cases received earlier
    assert newest[0]["id"] == body["id"] and len(worklist) == len(newest) > 1
    assert worklist[1]["urgency"] == "standard" or worklist[1]["due_at"] >= body["due_at"]
    from datetime import datetime

    hours = (
        datetime.fromisoformat(body["due_at"]) - datetime.fromisoformat(body["received_at"])
    ).total_seconds() / 3600
    assert hours == pytest.approx(72)
    assert brief["priority"]["level"] == "expedited"
    assert brief["request"]["urgency"] == "expedited"
    with server.client(keys["admin"]) as a:
        listed = a.get("/v1/admin/deadlines", params={"within_hours": 100}).json()["cases"]
        metrics = a.get("/metrics").text
    assert body["id"] in [x["id"] for x in listed]
    assert all(x["clock"] in ("due_soon", "past_due") for x in listed)
    assert re.search(r'casebrief_jobs\{state="done"\} [1-9]', metrics)
    assert "casebrief_brief_latency_seconds_bucket" in metrics


def test_delete_removes_records_and_briefs_but_keeps_the_audit(server, keys, tmp_path):
    d = _case_dir(tmp_path, {"01_office.txt": OFFICE})
    with server.client(keys["nurse"]) as c:
        cid = submit(c, d).json()["id"]
        wait_done(c, cid)
        c.get(f"/v1/cases/{cid}/brief")
        assert c.delete(f"/v1/cases/{cid}").status_code == 403
    assert (server.data_dir / "cases" / cid).is_dir()
    with server.client(keys["admin"]) as a:
        assert a.delete(f"/v1/cases/{cid}").status_code == 204
        assert a.get(f"/v1/cases/{cid}").status_code == 404
        assert a.get(f"/v1/cases/{cid}/brief").status_code == 404
        events = a.get("/v1/audit", params={"case": cid}).json()["events"]
    assert not (server.data_dir / "cases" / cid).exists()
    actions = [e["action"] for e in events]
    assert actions[0] == "case.submit"
    after = events[actions.index("case.delete") + 1 :]
    assert [e["outcome"] for e in after] == [404, 404]  # reads of the deleted case, audited
    assert {"case.submit", "brief.read", "denied", "case.delete"} <= set(actions)
    assert {e["key_id"] for e in events} >= {
        keys["nurse"].split("_")[1],
        keys["admin"].split("_")[1],
    }


def test_policies_are_listed_with_criteria(server, keys):
    with server.client(keys["office"]) as c:
        pols = c.get("/v1/policies").json()["policies"]
    ids = {p["id"] for p in pols}
    assert {"lumbar-spine-mri", "total-knee-arthroplasty", "cpap-osa"} <= ids
    mri = next(p for p in pols if p["id"] == "lumbar-spine-mri")
    assert "conservative-therapy" in [c["id"] for c in mri["criteria"]]


def test_office_reads_only_the_notice(server, keys, tmp_path):
    d = _case_dir(tmp_path, {"01_office.txt": OFFICE})
    with server.client(keys["nurse"]) as c:
        cid = submit(c, d).json()["id"]
        wait_done(c, cid)
        brief = c.get(f"/v1/cases/{cid}/brief").json()
    with server.client(keys["office"]) as o:
        n = o.get(f"/v1/cases/{cid}/notice")
        pdf_only = o.get(f"/v1/cases/{cid}/notice", headers={"Accept": "application/pdf"})
        assert pdf_only.status_code == 200 and pdf_only.content.startswith(b"%PDF")
        csv_only = o.get(f"/v1/cases/{cid}/notice", headers={"Accept": "text/csv"})
        assert csv_only.status_code == 406
        assert o.get(f"/v1/cases/{cid}/brief").status_code == 403
        assert o.get(f"/v1/cases/{cid}").status_code == 403
    assert n.status_code == 200
    missing = [x["id"] for x in brief["criteria"] if x["status"] == "missing"]
    assert [i["criterion_id"] for i in n.json()["items"] if i["status"] == "missing"] == missing


LOG_SAMPLES = [  # every 20th labelled case of each dev set: many writers, many record kinds
    p
    for root in ("annotated_samples/dev", "annotated_samples/real/dev")
    for p in sorted((ROOT / root).iterdir())[::20]
    if p.is_dir()
]


def test_logs_and_audit_carry_no_patient_text(server, keys, tmp_path):
    """Every sentence of every record sent through the service (the labelled samples
    above and this module's own), and a sender's case id that is a medical record number,
    must be absent from the server's log and from the audit table."""
    d = _case_dir(tmp_path, {"01_office.txt": OFFICE, "02_pt.txt": THERAPY})
    case = json.loads((d / "case.json").read_text())
    (d / "case.json").write_text(json.dumps({**case, "case_id": "MRN-4471-DOE-JOHN"}))
    with server.client(keys["nurse"]) as c:
        cid = submit(c, d).json()["id"]
        ids = [submit(c, s).json()["id"] for s in LOG_SAMPLES]
        assert wait_done(c, cid)["status"] == "done"
        assert c.get(f"/v1/cases/{cid}/brief").json()["case_id"] == "MRN-4471-DOE-JOHN"
        assert {wait_done(c, i)["status"] for i in ids} == {"done"}
    with server.client(keys["admin"]) as a:
        events = a.get("/v1/audit", params={"limit": 5000}).json()["events"]
    audit_text = json.dumps(events)
    log = server.log()
    assert '"msg": "job done"' in log  # the log did record the work
    texts = [OFFICE, THERAPY]
    for sample in SAMPLES + LOG_SAMPLES:
        texts += [p.read_text(errors="ignore") for p in sample.glob("*.txt")]
        texts += [p.read_text(errors="ignore") for p in sample.glob("*.md")]
    sentences = {
        s.strip() for t in texts for s in re.split(r"(?<=[.!?])\s+|\n", t) if len(s.strip()) >= 25
    }
    assert len(LOG_SAMPLES) >= 20 and len(sentences) > 500
    leaked = [s for s in sentences if s in log or s in audit_text]
    assert leaked == []
    assert "MRN-4471" not in log and "MRN-4471" not in audit_text


def test_the_per_case_time_budget_is_reported_in_the_brief(tmp_path):
    """A case over ``CASEBRIEF_CASE_SECONDS`` is still briefed: the documents not read are
    listed as problems (E013), never a hung worker or a 500."""
    srv = Server(tmp_path / "data", None, workers=1, case_seconds=0.000001).start()
    try:
        with srv.client(srv.key("acme", "nurse")) as c:
            d = _case_dir(tmp_path, {"01_office.txt": OFFICE, "02_pt.txt": THERAPY})
            cid = submit(c, d).json()["id"]
            assert wait_done(c, cid)["status"] == "done"
            brief = c.get(f"/v1/cases/{cid}/brief").json()
    finally:
        srv.stop()
    assert {p["code"] for p in brief["problems"]} >= {"E013"}
    assert len(brief["criteria"]) == 5


def test_concurrent_late_records_never_share_a_name(server, keys, tmp_path):
    """Six uploads of a same-named record at once: six records, six names, each file holding
    the bytes its row describes, case.json listing each once."""
    import hashlib
    from concurrent.futures import ThreadPoolExecutor

    d = _case_dir(tmp_path, {"01_office.txt": OFFICE})
    with server.client(keys["nurse"]) as c:
        cid = submit(c, d).json()["id"]

    def late(i: int) -> int:
        with server.client(keys["nurse"]) as c:
            text = THERAPY.replace("14 sessions", f"{i + 10} sessions") * (200 + i)
            r = c.post(f"/v1/cases/{cid}/records", files=[("files", ("late.txt", text))])
            return r.status_code

    with ThreadPoolExecutor(6) as pool:
        codes = list(pool.map(late, range(6)))
    assert codes == [202] * 6
    with server.client(keys["nurse"]) as c:
        records = c.get(f"/v1/cases/{cid}").json()["records"]
    names = [r["file"] for r in records]
    assert len(names) == len(set(names)) == 7
    case_dir = server.data_dir / "cases" / cid
    for r in records:
        assert hashlib.sha256((case_dir / r["file"]).read_bytes()).hexdigest() == r["sha256"]
    listed = json.loads((case_dir / "case.json").read_text())["documents"]
    listed = [e if isinstance(e, str) else e["file"] for e in listed]
    assert sorted(listed) == sorted(names)
