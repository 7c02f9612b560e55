"""``GET /v1/cases/{id}/notice`` against a real server (SQLite, one worker): JSON by default,
the fax PDF for ``Accept: application/pdf``, FHIR CDex Tasks for ``application/fhir+json``,
406 for anything else; the office of the case's organization reads it, another
organization's office gets 404, a reviewer 403, no key 401."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from service_harness import Server, submit, wait_done

from casebrief.api.routes.notice import FHIR, JSON, PDF, negotiate

pytestmark = [pytest.mark.api]
ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "annotated_samples/dev/summ-04"  # missing and not_met criteria


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = Server(tmp_path_factory.mktemp("notice"), None, workers=1, lease_seconds=10).start()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def keys(server):
    roles = ("nurse", "reviewer", "office", "admin")
    return {r: server.key("acme", r) for r in roles} | {
        "other_office": server.key("globex", "office"),
        "other_nurse": server.key("globex", "nurse"),
    }


@pytest.fixture(scope="module")
def case(server, keys):
    with server.client(keys["nurse"]) as c:
        r = submit(c, SAMPLE)
        assert r.status_code == 202, r.text
        cid = r.json()["id"]
        assert wait_done(c, cid)["status"] == "done"
        brief = c.get(f"/v1/cases/{cid}/brief").json()
        row = c.get(f"/v1/cases/{cid}").json()
    return cid, brief, row


def test_office_of_the_case_reads_json_by_default(server, keys, case):
    cid, brief, row = case
    with server.client(keys["office"]) as o:
        r = o.get(f"/v1/cases/{cid}/notice")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/json")
    n = r.json()
    # today's fields, unchanged
    assert {"case_id", "external_id", "version", "policy", "items", "text"} <= set(n)
    assert n["case_id"] == cid and n["version"] == 1 and n["external_id"] == "summ-04"
    assert n["policy"] == f"{brief['policy']['id']} v{brief['policy']['version']}"
    asked = [c["id"] for c in brief["criteria"] if c["status"] in ("missing", "not_met")]
    assert [i["criterion_id"] for i in n["items"]] == asked
    # the new ones: reply-by from the service's own clock, groups with LOINC codes
    assert n["due_at"][:19] == row["due_at"][:19]
    assert n["reply_by"] < n["due_at"] and n["received_at"][:19] == row["received_at"][:19]
    assert n["groups"] and all(g["loinc"]["code"] for g in n["groups"])
    assert n["policy_version"] == brief["policy"]["version"]


def test_pdf_for_accept_pdf(server, keys, case):
    cid, brief, _ = case
    with server.client(keys["office"]) as o:
        r = o.get(f"/v1/cases/{cid}/notice", headers={"Accept": "application/pdf"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/pdf"
    assert r.headers["content-disposition"] == f'inline; filename="notice-{cid}.pdf"'
    assert r.content.startswith(b"%PDF")
    import pdfplumber

    with pdfplumber.open(io.BytesIO(r.content)) as pdf:
        text = " ".join((p.extract_text() or "") for p in pdf.pages)
    assert brief["policy"]["id"] in text and cid in text


def test_fhir_tasks_for_accept_fhir_json(server, keys, case):
    cid, _, _ = case
    with server.client(keys["office"]) as o:
        r = o.get(f"/v1/cases/{cid}/notice", headers={"Accept": "application/fhir+json"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/fhir+json")
    bundle = r.json()
    from fhir.resources.R4B.bundle import Bundle

    Bundle.model_validate(bundle)
    tasks = [e["resource"] for e in bundle["entry"]]
    assert tasks and all(t["resourceType"] == "Task" for t in tasks)
    assert {t["groupIdentifier"]["value"] for t in tasks} == {cid}


def test_format_query_overrides_accept(server, keys, case):
    cid, _, _ = case
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    with server.client(keys["office"]) as o:
        pdf = o.get(f"/v1/cases/{cid}/notice?format=pdf", headers={"Accept": browser})
        fhir = o.get(f"/v1/cases/{cid}/notice?format=fhir", headers={"Accept": "text/csv"})
        bad = o.get(f"/v1/cases/{cid}/notice?format=docx")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert fhir.status_code == 200 and fhir.json()["resourceType"] == "Bundle"
    assert bad.status_code == 422 and bad.json()["field"] == "format"


def test_who_may_read_it(server, keys, case):
    cid, _, _ = case
    for role in ("nurse", "admin"):
        with server.client(keys[role]) as c:
            assert c.get(f"/v1/cases/{cid}/notice").status_code == 200, role
    for key in ("other_office", "other_nurse"):  # another organization: as if it did not exist
        with server.client(keys[key]) as c:
            theirs = c.get(f"/v1/cases/{cid}/notice")
            none = c.get("/v1/cases/00000000-0000-0000-0000-000000000000/notice")
        assert theirs.status_code == none.status_code == 404
        assert theirs.json()["title"] == none.json()["title"]
    with server.client(keys["reviewer"]) as c:
        r = c.get(f"/v1/cases/{cid}/notice")
    assert r.status_code == 403 and "reviewer" in r.json()["detail"]
    with server.client(None) as c:
        r = c.get(f"/v1/cases/{cid}/notice")
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    with server.client(keys["admin"]) as a:
        events = a.get("/v1/audit", params={"action": "notice.read", "case": cid}).json()
    assert events["events"]


def test_an_accept_it_cannot_serve_is_406(server, keys, case):
    cid, _, _ = case
    with server.client(keys["office"]) as o:
        for accept in ("text/csv", "image/png, text/html", "application/pdf;q=0"):
            r = o.get(f"/v1/cases/{cid}/notice", headers={"Accept": accept})
            assert r.status_code == 406, accept
            assert r.headers["content-type"].startswith("application/problem+json")
            assert "application/pdf" in r.json()["detail"]


def test_openapi_declares_every_rendering(server):
    import httpx

    spec = httpx.get(f"{server.url}/openapi.json").json()
    op = spec["paths"]["/v1/cases/{case_id}/notice"]["get"]
    assert set(op["responses"]["200"]["content"]) == {JSON, PDF, FHIR}
    assert "application/problem+json" in op["responses"]["406"]["content"]


@pytest.mark.parametrize(
    ("accept", "chosen"),
    [
        (None, JSON),
        ("", JSON),
        ("*/*", JSON),
        ("application/json", JSON),
        ("application/pdf", PDF),
        ("application/pdf, */*", PDF),
        ("application/pdf;q=0.5, application/json", JSON),
        ("APPLICATION/PDF", PDF),
        ("application/fhir+json", FHIR),
        ("application/*", JSON),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", JSON),
        ("application/json;q=0, application/pdf;q=0.2", PDF),
        ("text/csv", None),
        ("application/pdf;q=0", None),
        ("application/pdf;q=abc", None),
    ],
)
def test_negotiation(accept, chosen):
    assert negotiate(accept) == chosen
