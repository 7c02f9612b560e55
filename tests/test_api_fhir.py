"""The FHIR routes of a real server (SQLite): a case's Bundle with the brief's access rules
(roles, organization scoping, audit, 404 until there is a brief) and a policy's Questionnaire
for any role."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from service_harness import Server, submit, wait_done
from sqlalchemy import select
from test_fhir_export import validate

from casebrief.export.fhir_bundle import brief_to_bundle
from casebrief.export.fhir_questionnaire import policy_to_questionnaire, served_policy

pytestmark = [pytest.mark.api]

OFFICE = """Office visit 01/12/2026
Chief complaint: low back pain radiating to the left leg for 10 weeks.
Exam: positive straight leg raise on the left. Strength 5/5. Reflexes symmetric.
Denies bowel or bladder changes, saddle anesthesia, fever or weight loss.
Plan: MRI lumbar spine requested.
"""
FHIR_JSON = "application/fhir+json"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = Server(tmp_path_factory.mktemp("api-fhir"), None, workers=1).start()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def keys(server):
    return {r: server.key("acme", r) for r in ("nurse", "reviewer", "office", "admin")} | {
        "other": server.key("globex", "nurse")
    }


def _case_dir(root: Path) -> Path:
    d = root / "case"
    d.mkdir()
    (d / "01_office.txt").write_text(OFFICE)
    case = {
        "case_id": "fhir-1",
        "policy": "lumbar-spine-mri",
        "request": {"request_date": "2026-03-05", "cpt": ["72148"]},
    }
    (d / "case.json").write_text(json.dumps(case))
    return d


def test_case_bundle_with_the_brief_access_rules(server, keys, tmp_path):
    with server.client(keys["nurse"]) as c:
        cid = submit(c, _case_dir(tmp_path)).json()["id"]
        assert wait_done(c, cid)["status"] == "done"
        r = c.get(f"/v1/cases/{cid}/fhir")
        brief = c.get(f"/v1/cases/{cid}/brief").json()
        made = c.get(f"/v1/cases/{cid}/brief/versions").json()["versions"][0]["created_at"]
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith(FHIR_JSON)
    assert r.headers["x-brief-version"] == "1"
    bundle = r.json()
    validate(bundle)
    for entry in bundle["entry"]:
        validate(entry["resource"])
    assert bundle == brief_to_bundle(brief, case_ref=cid, recorded=made)

    with server.client(keys["reviewer"]) as c:
        assert c.get(f"/v1/cases/{cid}/fhir").json() == bundle
    with server.client(keys["admin"]) as c:
        assert c.get(f"/v1/cases/{cid}/fhir").status_code == 200
    with server.client(keys["office"]) as c:
        r = c.get(f"/v1/cases/{cid}/fhir")
        assert r.status_code == 403 and r.headers["content-type"].startswith("application/problem")
    with server.client(keys["other"]) as c:  # another organization: as if it did not exist
        assert c.get(f"/v1/cases/{cid}/fhir").status_code == 404
    with server.client() as c:
        assert c.get(f"/v1/cases/{cid}/fhir").status_code == 401

    from casebrief.api.models import AuditEvent

    with server.sessions()() as db:
        rows = db.scalars(select(AuditEvent).where(AuditEvent.action == "fhir.read")).all()
    # nurse, reviewer and admin read version 1; the other organization was answered 404
    assert sorted((a.org, a.outcome, a.version) for a in rows if a.case_id == cid) == [
        ("acme", 200, 1),
        ("acme", 200, 1),
        ("acme", 200, 1),
        ("globex", 404, None),
    ]


def test_no_bundle_before_the_brief(tmp_path):
    srv = Server(tmp_path / "data", None, workers=0).start(wait_workers=False)
    try:
        with srv.client(srv.key("acme", "nurse")) as c:
            cid = submit(c, _case_dir(tmp_path)).json()["id"]
            r = c.get(f"/v1/cases/{cid}/fhir")
        assert r.status_code == 404
        assert r.json()["type"].endswith("/no-brief")
    finally:
        srv.stop()


def test_policy_questionnaire_for_any_role(server, keys):
    expected = policy_to_questionnaire(served_policy("cpap-osa"))
    for role in ("nurse", "reviewer", "office", "admin"):
        with server.client(keys[role]) as c:
            r = c.get("/v1/policies/cpap-osa/questionnaire")
            assert r.status_code == 200, (role, r.text)
            assert r.headers["content-type"].startswith(FHIR_JSON)
            assert r.json() == expected
    validate(expected)
    with server.client(keys["office"]) as c:
        assert (
            c.get(
                "/v1/policies/cpap-osa/questionnaire", params={"version": expected["version"]}
            ).json()
            == expected
        )
        for url, params in (
            ("/v1/policies/no-such-policy/questionnaire", {}),
            ("/v1/policies/cpap-osa/questionnaire", {"version": "1999"}),
        ):
            r = c.get(url, params=params)
            assert r.status_code == 404
            assert r.headers["content-type"].startswith("application/problem+json")
            assert "unknown policy" in r.json()["detail"]
    with server.client() as c:
        assert c.get("/v1/policies/cpap-osa/questionnaire").status_code == 401
