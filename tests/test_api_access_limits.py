"""Who may do what, and every limit's error, against a real server with no workers (the
cases stay queued; nothing here needs a brief).  On SQLite and PostgreSQL."""

from __future__ import annotations

import io
import json
import re
import uuid
from pathlib import Path

import httpx
import pytest
from service_harness import BACKENDS, Server, database_url

pytestmark = [pytest.mark.api]
NOTE = "Office visit 01/12/2026. Low back pain for 10 weeks. Denies bowel or bladder changes.\n"
ROLES = ("nurse", "reviewer", "office", "admin")
# (method, path) -> the roles the spec (api.md) admits; admin is always admitted
ACCESS = {
    ("POST", "/v1/cases"): {"nurse"},
    ("GET", "/v1/cases"): {"nurse", "reviewer"},
    ("GET", "/v1/cases/{case_id}"): {"nurse", "reviewer"},
    ("DELETE", "/v1/cases/{case_id}"): set(),
    ("GET", "/v1/cases/{case_id}/brief"): {"nurse", "reviewer"},
    ("GET", "/v1/cases/{case_id}/brief/versions"): {"nurse", "reviewer"},
    ("POST", "/v1/cases/{case_id}/records"): {"nurse"},
    ("POST", "/v1/cases/{case_id}/reviews"): {"reviewer"},
    ("GET", "/v1/cases/{case_id}/reviews"): {"nurse", "reviewer"},
    ("GET", "/v1/cases/{case_id}/notice"): {"nurse", "office"},
    ("GET", "/v1/cases/{case_id}/fhir"): {"nurse", "reviewer"},
    ("GET", "/v1/policies"): {"nurse", "reviewer", "office"},
    ("GET", "/v1/policies/{policy_id}/questionnaire"): {"nurse", "reviewer", "office"},
    ("GET", "/v1/audit"): set(),
    ("GET", "/v1/admin/deadlines"): set(),
    ("GET", "/metrics"): set(),
}
OPEN = {("GET", "/healthz"), ("GET", "/readyz")}


def _payer_policies(root: Path) -> Path:
    """Two dated versions of the CPAP policy, as a payer keeps them."""
    from casebrief.resources import RESOURCES

    text = RESOURCES.joinpath("policies/cpap-osa.yaml").read_text()
    root.mkdir()
    for version, period in (
        ("2025.2", "effective_from: 2025-07-01\neffective_to: 2025-12-31\n"),
        ("2026.1", "effective_from: 2026-01-01\n"),
    ):
        body = re.sub(r"(?m)^version: .*$", f"version: '{version}'\n{period.rstrip()}", text)
        (root / f"cpap-{version}.yaml").write_text(body)
    return root


@pytest.fixture(scope="module", params=BACKENDS)
def server(request, tmp_path_factory):
    base = tmp_path_factory.mktemp(f"limits-{request.param}")
    with database_url(request.param) as url:
        srv = Server(
            base / "data",
            url,
            policy_dir=_payer_policies(base / "payer"),
            workers=0,
            max_file_mb=0.05,
            max_request_mb=0.2,
            max_records=3,
            max_pages=5,
        ).start(wait_workers=False)
        yield srv
        srv.stop()


@pytest.fixture(scope="module")
def keys(server):
    out = {role: server.key("acme", role) for role in ROLES}
    out |= {f"other_{role}": server.key("globex", role) for role in ROLES}
    return out


@pytest.fixture(scope="module")
def case_id(server, keys):
    with server.client(keys["nurse"]) as c:
        r = c.post("/v1/cases", files=[("files", ("note.txt", NOTE))])
    assert r.status_code == 202, r.text
    return r.json()["id"]


def _call(client: httpx.Client, method: str, path: str, case_id: str) -> httpx.Response:
    url = path.replace("{case_id}", case_id)
    if method == "POST" and url.endswith(("/cases", "/records")):
        return client.post(url, files=[("files", ("note.txt", NOTE))])
    if method == "POST":
        return client.post(url, json={"verdict": "agree"})
    return client.request(method, url)


def test_the_table_covers_every_route(server):
    spec = httpx.get(f"{server.url}/openapi.json").json()
    served = {(m.upper(), p) for p, ops in spec["paths"].items() for m in ops}
    assert served == set(ACCESS) | OPEN


@pytest.mark.parametrize("route", sorted(ACCESS), ids=lambda r: f"{r[0]} {r[1]}")
def test_401_without_a_valid_key(server, keys, case_id, route):
    method, path = route
    revoked = server.key("acme", "admin")
    from casebrief.api.db import transaction
    from casebrief.api.keys import revoke

    with transaction(server.sessions()) as db:
        revoke(db, revoked.split("_")[1])
    bad = keys["admin"][:-4] + "AAAA"
    for key in (None, bad, revoked, "not-a-key"):
        with server.client(key) as c:
            r = _call(c, method, path, case_id)
        assert r.status_code == 401, (key, r.text)
        assert r.headers["content-type"].startswith("application/problem+json")
        assert r.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize("route", sorted(ACCESS), ids=lambda r: f"{r[0]} {r[1]}")
def test_403_for_a_role_the_route_does_not_admit(server, keys, case_id, route):
    method, path = route
    denied = [r for r in ROLES if r not in ACCESS[route] | {"admin"}]
    for role in denied:
        with server.client(keys[role]) as c:
            r = _call(c, method, path, case_id)
        assert r.status_code == 403, (role, r.text)
        assert role in r.json()["detail"]


@pytest.mark.parametrize(
    "route", [r for r in sorted(ACCESS) if "{case_id}" in r[1]], ids=lambda r: f"{r[0]} {r[1]}"
)
def test_another_organizations_case_is_404_like_a_missing_one(server, keys, case_id, route):
    method, path = route
    role = sorted(ACCESS[route])[0] if ACCESS[route] else "admin"
    with server.client(keys[f"other_{role}"]) as c:
        theirs = _call(c, method, path, case_id)
        missing = _call(c, method, path, str(uuid.uuid4()))
    assert theirs.status_code == missing.status_code == 404
    assert theirs.json()["title"] == missing.json()["title"]
    assert set(theirs.json()) == set(missing.json())


def test_open_routes_and_openapi(server):
    assert httpx.get(f"{server.url}/healthz").json()["status"] == "ok"
    r = httpx.get(f"{server.url}/readyz").json()
    assert r["database"] == "ok"
    spec = httpx.get(f"{server.url}/openapi.json").json()
    assert spec["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    assert httpx.get(f"{server.url}/docs").status_code == 200


def _post(server, key, files, **data):
    with server.client(key) as c:
        return c.post("/v1/cases", files=files, data=data)


def test_a_record_over_the_file_limit_is_413_naming_it(server, keys):
    r = _post(server, keys["nurse"], [("files", ("big_note.txt", "x" * 60_000 + "\n"))])
    assert r.status_code == 413
    assert r.json()["file"] == "big_note.txt" and "big_note.txt" in r.json()["detail"]


def test_a_request_over_the_upload_limit_is_413_before_it_is_read(server, keys):
    r = _post(server, keys["nurse"], [("files", ("a.txt", "y" * 300_000))])
    assert r.status_code == 413 and "limit" in r.json()["detail"]

    def endless():  # no Content-Length: cut off while it streams
        yield (
            b'--xyz\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\n'
            b"Content-Type: text/plain\r\n\r\n"
        )
        for _ in range(100):
            yield b"z" * 65536

    with server.client(keys["nurse"]) as c:
        r = c.post(
            "/v1/cases",
            content=endless(),
            headers={"Content-Type": "multipart/form-data; boundary=xyz"},
        )
    assert r.status_code == 413


def test_type_is_judged_by_content_not_name(server, keys):
    zip_bytes = b"PK\x03\x04" + bytes(range(256)) * 4
    r = _post(server, keys["nurse"], [("files", ("scan.pdf", zip_bytes))])
    assert r.status_code == 415 and r.json()["file"] == "scan.pdf"
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf)
    pdf.drawString(72, 720, "Office visit 01/12/2026")
    pdf.save()
    r = _post(
        server,
        keys["nurse"],
        [("files", ("note.pdf", NOTE)), ("files", ("scan.txt", buf.getvalue()))],
    )
    assert r.status_code == 202, r.text
    stored = {x["file"]: x["media_type"] for x in r.json()["records"]}
    assert stored == {"note.pdf.txt": "text/plain", "scan.txt.pdf": "application/pdf"}


def test_too_many_records_or_pages_is_422(server, keys):
    r = _post(server, keys["nurse"], [("files", (f"n{i}.txt", NOTE)) for i in range(4)])
    assert r.status_code == 422 and r.json()["field"] == "files"
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf)
    for i in range(6):
        pdf.drawString(72, 720, f"page {i + 1}")
        pdf.showPage()
    pdf.save()
    r = _post(server, keys["nurse"], [("files", ("long.pdf", buf.getvalue()))])
    assert r.status_code == 422 and "6 pages" in r.json()["detail"]


@pytest.mark.parametrize(
    ("case", "field", "words"),
    [
        ("{not json", "case", "not valid JSON"),
        ("[1, 2]", "case", "JSON object"),
        ('{"request": {"request_date": "2026-13-45"}}', "case.request.request_date", "date"),
        ('{"request": {"cpt": {"a": 1}}}', "case.request.cpt", "codes"),
        ('{"policy": "no-such-policy"}', "case.policy", "no-such-policy"),
        ('{"request": {"urgency": "whenever"}}', "case.request.urgency", "expedited"),
    ],
)
def test_a_malformed_case_field_is_422_naming_the_field(server, keys, case, field, words):
    r = _post(server, keys["nurse"], [("files", ("note.txt", NOTE))], case=case)
    assert r.status_code == 422, r.text
    body = r.json()
    assert body["field"] == field and words in body["detail"]
    assert r.headers["content-type"].startswith("application/problem+json")


def test_no_files_is_422(server, keys):
    with server.client(keys["nurse"]) as c:
        r = c.post("/v1/cases", data={"case": json.dumps({"case_id": "x"})})
    assert r.status_code == 422 and r.json()["field"] == "files"


def test_a_full_queue_is_429_with_retry_after(tmp_path):
    srv = Server(tmp_path / "q", None, workers=0, queue_max=2).start(wait_workers=False)
    try:
        key = srv.key("acme", "nurse")
        codes = [_post(srv, key, [("files", ("n.txt", NOTE))]) for _ in range(3)]
        assert [r.status_code for r in codes] == [202, 202, 429]
        assert int(codes[2].headers["retry-after"]) > 0
        assert len(list((tmp_path / "q" / "cases").iterdir())) == 2  # nothing kept of the 429
    finally:
        srv.stop()


def test_payer_policy_versions_are_served_and_checked_by_date(server, keys):
    with server.client(keys["nurse"]) as c:
        pols = [p for p in c.get("/v1/policies").json()["policies"] if p["id"] == "cpap-osa"]
        assert [(p["version"], p["effective_from"], p["effective_to"]) for p in pols] == [
            ("2025.2", "2025-07-01", "2025-12-31"),
            ("2026.1", "2026-01-01", None),
        ]
        assert {p["source"] for p in pols} == {"cpap-2025.2.yaml", "cpap-2026.1.yaml"}

        def case(day: str) -> str:
            return json.dumps({"policy": "cpap-osa", "request": {"request_date": day}})

        old = _post(server, keys["nurse"], [("files", ("n.txt", NOTE))], case=case("2025-11-20"))
        assert old.status_code == 202, old.text
        before = _post(server, keys["nurse"], [("files", ("n.txt", NOTE))], case=case("2025-03-01"))
        assert before.status_code == 422 and before.json()["field"] == "case.policy"
        assert "2025-03-01" in before.json()["detail"]
