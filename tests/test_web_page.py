"""The reviewer page in a real headless Chromium (Debian's, driven by Playwright) against a
real server: log in with a key, open a case, click a quote and find its highlight over the
quoted words of the rendered page, record a review and find it in the audit trail, and
keep other organizations, other roles and pages without a login out.

Chromium comes from Debian (``apt-get install -y chromium``, done by ``.ci/run``);
Playwright's own browser download cannot work here.  Without it these tests skip, saying so.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from service_harness import BACKENDS, Server, database_url, submit, wait_done

pytestmark = [pytest.mark.api]
ROOT = Path(__file__).resolve().parents[1]
PDF_CASE = ROOT / "annotated_samples/dev/flow-11"  # a text-layer PDF flowsheet among notes
PDF_FILE = "02_pt_flowsheet_lumbar.pdf"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

OFFICE = [
    "Spine clinic follow-up 01/12/2026",
    "Low back pain radiating to the left leg for 10 weeks.",
    "Physical therapy 12/01/2025 to 02/27/2026, no improvement.",
    "Exam: positive straight leg raise on the left.",
]


def _browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    if CHROMIUM is None:
        pytest.skip(
            "Debian's chromium is not installed (apt-get install -y chromium; .ci/run does)"
        )
    pw = sync_api.sync_playwright().start()
    browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
    return pw, browser


@pytest.fixture(scope="module", params=BACKENDS)
def server(request, tmp_path_factory):
    with database_url(request.param) as url:
        srv = Server(
            tmp_path_factory.mktemp(f"web-{request.param}"), url, workers=1, lease_seconds=30
        ).start()
        yield srv
        srv.stop()


@pytest.fixture(scope="module")
def keys(server):
    return {r: server.key("acme", r) for r in ("nurse", "reviewer", "office", "admin")} | {
        "other_office": server.key("globex", "office"),
        "other_reviewer": server.key("globex", "reviewer"),
    }


@pytest.fixture(scope="module")
def cases(server, keys, tmp_path_factory):
    """Three briefed cases: one with a text-layer PDF; one faxed (a TIFF read by OCR); one
    faxed sideways and a little crooked (OCR turns and straightens the page)."""
    from PIL import Image
    from test_ocr_pages import draw_page, to_fax, write_fax_tiff

    case_json = json.dumps(
        {
            "policy": "lumbar-spine-mri",
            "request": {"request_date": "2026-01-20", "cpt": ["72148"]},
        }
    )
    fax = tmp_path_factory.mktemp("fax-case")
    write_fax_tiff(fax / "01_clinic_fax.tif", [OFFICE])
    (fax / "case.json").write_text(case_json)
    turned = tmp_path_factory.mktemp("turned-case")
    page = draw_page(OFFICE, height_in=3.2).rotate(90, expand=True)
    page = page.rotate(-1.5, expand=True, fillcolor=255, resample=Image.Resampling.BILINEAR)
    to_fax(page).save(turned / "01_clinic_fax.tif", compression="group4", dpi=(204, 98))
    (turned / "case.json").write_text(case_json)
    out = {}
    with server.client(keys["nurse"]) as c:
        for name, d in (("pdf", PDF_CASE), ("fax", fax), ("turned", turned)):
            r = submit(c, d)
            assert r.status_code == 202, r.text
            out[name] = r.json()["id"]
        for cid in out.values():
            assert wait_done(c, cid, timeout=300)["status"] == "done"
        out["briefs"] = {k: c.get(f"/v1/cases/{v}/brief").json() for k, v in out.items()}
    return out


@pytest.fixture(scope="module")
def browser():
    pw, b = _browser()
    yield b
    b.close()
    pw.stop()


def _login(browser, server, key: str, path: str):
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    urls: list[str] = []
    page.on("request", lambda req: urls.append(req.url))
    page.goto(f"{server.url}{path}")
    assert "/login" in page.url  # no session yet: sent to the login form, then back
    page.fill("#key", key)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_load_state()
    return page, urls


def _evidence(brief: dict, file: str) -> dict:
    for c in brief["criteria"]:
        for ev in c["evidence"]:
            if ev["file"] == file:
                return ev
    raise AssertionError(f"no quote of {file} among the shown quotes")


def _key(ev: dict) -> str:
    return f"{ev['document_id']}:{ev['char_start']}:{ev['char_end']}"


def _rect_overlap(a, b) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return max(w, 0) * max(h, 0)


def _quoted_words(pdf_path: Path, page_no: int, quote: str) -> tuple[list, float, float]:
    """The boxes pdfplumber (not casebrief) finds for the quote's words on the page."""
    import pdfplumber

    tokens = quote.split()
    with pdfplumber.open(pdf_path) as pdf:
        page = pdf.pages[page_no - 1]
        words = page.extract_words()
        texts = [w["text"] for w in words]
        k = min(3, len(tokens))
        for i in range(len(texts) - k + 1):
            if texts[i : i + k] == tokens[:k]:
                hit = words[i : i + len(tokens)]
                return (
                    [(w["x0"], w["top"], w["x1"], w["bottom"]) for w in hit],
                    page.width,
                    page.height,
                )
    raise AssertionError("the quote's first words are not on the page")


def test_a_quote_opens_its_page_with_the_quoted_words_highlighted(server, keys, cases, browser):
    ev = _evidence(cases["briefs"]["pdf"], PDF_FILE)
    page, urls = _login(browser, server, keys["reviewer"], f"/cases/{cases['pdf']}")
    try:
        assert page.locator("h1").inner_text().startswith("Case flow-11")
        assert "recommends nothing" in page.locator("header").inner_text()
        # the criteria table comes first, with every criterion of the brief
        rows = page.locator("table.criteria tbody tr")
        assert rows.count() == len(cases["briefs"]["pdf"]["criteria"])
        # a quote shown for one criterion may sit behind another's "more" count: click a shown one
        page.locator(f"button.quote[data-key='{_key(ev)}']:visible").first.click()
        page.wait_for_selector("#viewer[data-loaded='1']", timeout=20000)
        img = page.locator("#viewer img.page-image").bounding_box()
        assert img and img["width"] > 300
        hls = [h.bounding_box() for h in page.locator("#viewer .hl").all()]
        assert hls, "no highlight drawn"
        words, pw_, ph = _quoted_words(PDF_CASE / PDF_FILE, ev["page"], ev["quote"])
        sx, sy = img["width"] / pw_, img["height"] / ph
        word_px = [
            (img["x"] + x0 * sx, img["y"] + y0 * sy, img["x"] + x1 * sx, img["y"] + y1 * sy)
            for x0, y0, x1, y1 in words
        ]
        hl_px = [(h["x"], h["y"], h["x"] + h["width"], h["y"] + h["height"]) for h in hls]
        # every highlight lies on quoted words, and every quoted word is highlighted
        for h in hl_px:
            assert any(_rect_overlap(h, w) > 0 for w in word_px), (h, word_px)
        for w in word_px:
            area = (w[2] - w[0]) * (w[3] - w[1])
            assert sum(_rect_overlap(w, h) for h in hl_px) >= 0.6 * area, (w, hl_px)
        # no patient text in any address the page asked for: ids and numbers only
        for url in urls:
            path = httpx.URL(url).path
            assert re.fullmatch(r"[/A-Za-z0-9._-]*", path), path
            assert "flowsheet" not in url and "%20" not in url
    finally:
        page.close()


def test_an_ocr_quote_shows_the_scan_with_its_confidence(server, keys, cases, browser):
    ev = _evidence(cases["briefs"]["fax"], "01_clinic_fax.tif")
    assert ev.get("source") == "ocr"
    page, _ = _login(browser, server, keys["reviewer"], f"/cases/{cases['fax']}")
    try:
        button = page.locator(f"button.quote[data-key='{_key(ev)}']:visible").first
        assert "OCR" in button.inner_text()
        assert f"{ev['ocr_confidence'] * 100:.0f}%" in button.inner_text()
        button.click()
        page.wait_for_selector("#viewer[data-loaded='1']", timeout=60000)
        natural = page.eval_on_selector("#viewer img.page-image", "i => i.naturalWidth")
        assert natural > 300
        img = page.locator("#viewer img.page-image").bounding_box()
        hls = [h.bounding_box() for h in page.locator("#viewer .hl").all()]
        assert hls
        for h in hls:  # on the page, in its upper part where the text was drawn
            assert img["x"] <= h["x"] and h["x"] + h["width"] <= img["x"] + img["width"] + 2
            assert img["y"] <= h["y"] <= img["y"] + img["height"] * 0.8
    finally:
        page.close()


def test_a_turned_crooked_fax_is_shown_as_ocr_read_it_and_the_boxes_hold_ink(
    server, keys, cases, browser
):
    """The page image is turned and straightened as OCR read it, so the quote's boxes lie on
    the words: the pixels under them are far darker than the page on average."""
    import io

    from PIL import Image

    brief = cases["briefs"]["turned"]
    pq = next(p for p in brief["packet_quality"]["pages"] if p["file"] == "01_clinic_fax.tif")
    assert pq["status"] == "ocr" and pq["rotated"] in (90, 270)  # the case exercises the turn
    ev = _evidence(brief, "01_clinic_fax.tif")
    page, _ = _login(browser, server, keys["reviewer"], f"/cases/{cases['turned']}")
    try:
        button = page.locator(f"button.quote[data-key='{_key(ev)}']:visible").first
        data = json.loads(button.get_attribute("data-quote"))
        button.click()
        page.wait_for_selector("#viewer[data-loaded='1']", timeout=60000)
        src = page.locator("#viewer img.page-image").get_attribute("src")
        png = page.request.get(f"{server.url}{src}").body()
    finally:
        page.close()
    image = Image.open(io.BytesIO(png)).convert("L")
    assert image.width > image.height  # shown upright: the sideways fax is landscape again

    def ink(box) -> float:
        x0, y0 = round(box[0] * image.width), round(box[1] * image.height)
        x1, y1 = round(box[2] * image.width), round(box[3] * image.height)
        px = list(image.crop((x0, y0, max(x1, x0 + 1), max(y1, y0 + 1))).getdata())
        return sum(p < 128 for p in px) / len(px)

    overall = ink((0, 0, 1, 1))
    assert data["boxes"]
    for box in data["boxes"]:
        assert ink(box) > max(0.08, 3 * overall), (box, ink(box), overall)


def test_a_review_recorded_on_the_page_reaches_the_api_and_the_audit_trail(
    server, keys, cases, browser
):
    cid = cases["pdf"]
    crit = cases["briefs"]["pdf"]["criteria"][0]["id"]
    page, _ = _login(browser, server, keys["reviewer"], f"/cases/{cid}")
    try:
        form = page.locator(f"#crit-{crit} form.review-form")
        # never pre-filled: no verdict chosen, no note written
        assert form.locator("input[name=verdict]:checked").count() == 0
        assert form.locator("textarea").input_value() == ""
        form.locator("input[value=disagree]").check()
        form.locator("textarea").fill("Therapy dates need checking against the flowsheet.")
        form.locator("button[type=submit]").click()
        page.wait_for_function("f => f.dataset.saved", arg=form.element_handle(), timeout=10000)
        saved = int(form.get_attribute("data-saved"))
    finally:
        page.close()
    with server.client(keys["admin"]) as admin:
        reviews = admin.get(f"/v1/cases/{cid}/reviews").json()["reviews"]
        mine = next(r for r in reviews if r["id"] == saved)
        assert (mine["criterion_id"], mine["verdict"]) == (crit, "disagree")
        events = admin.get("/v1/audit", params={"case": cid}).json()["events"]
    reviewer_id = keys["reviewer"].split("_")[1]
    assert any(e["action"] == "review.add" and e["key_id"] == reviewer_id for e in events)
    assert any(e["action"] == "page.read" and e["key_id"] == reviewer_id for e in events)
    assert any(e["action"] == "page.image" and e["key_id"] == reviewer_id for e in events)


def test_keyboard_opens_and_closes_a_quote(server, keys, cases, browser):
    page, _ = _login(browser, server, keys["nurse"], f"/cases/{cases['pdf']}")
    try:
        first = page.locator("button.quote").first
        first.focus()
        page.keyboard.press("Enter")
        page.wait_for_selector("#viewer:not([hidden])")
        page.keyboard.press("Escape")
        assert page.locator("#viewer").is_hidden()
        assert page.evaluate("document.activeElement.classList.contains('quote')")
        # a nurse reads but does not review
        assert page.locator("form.review-form").count() == 0
    finally:
        page.close()


def test_an_office_key_cannot_open_another_organizations_case(server, keys, cases, browser):
    page, _ = _login(browser, server, keys["other_office"], f"/cases/{cases['pdf']}")
    try:
        assert "Case not found" in page.locator("main").inner_text()
        assert page.locator("button.quote").count() == 0
        r = page.request.get(f"{server.url}/cases/{cases['pdf']}")
        assert r.status == 404
        r = page.request.get(f"{server.url}/cases/{cases['pdf']}/v1/records/0/pages/1.png")
        assert r.status == 404
    finally:
        page.close()
    # and its own organization's office key sees the notice, not the brief
    page, _ = _login(browser, server, keys["office"], f"/cases/{cases['pdf']}")
    try:
        assert page.locator("button.quote").count() == 0
        assert "notice" in page.locator("main").inner_text().lower()
    finally:
        page.close()


# ---------------------------------------------------------------- without a browser


@contextmanager
def _session(server, key: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, follow_redirects=False, timeout=30) as c:
        r = c.post("/login", data={"key": key, "next": "/cases"})
        assert r.status_code == 303
        yield c


def test_login_sets_a_private_session_cookie(server, keys):
    with httpx.Client(base_url=server.url, follow_redirects=False, timeout=30) as c:
        r = c.post("/login", data={"key": keys["reviewer"], "next": "//evil.example/x"})
        assert r.status_code == 303
        assert r.headers["location"] == "/cases"  # never another site's address
        cookie = r.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=strict" in cookie
        assert keys["reviewer"].lower() not in cookie  # the cookie is not the key
        r = c.post("/login", data={"key": "cb_nope_nope", "next": "/cases"})
        assert r.status_code == 401 and "unknown or revoked" in r.text


def test_pages_without_a_login_go_to_the_login_form(server, cases):
    with httpx.Client(base_url=server.url, follow_redirects=False, timeout=30) as c:
        r = c.get(f"/cases/{cases['pdf']}")
        assert r.status_code == 303
        assert r.headers["location"] == f"/login?next=/cases/{cases['pdf']}"
        r = c.get(f"/cases/{cases['pdf']}/v1/records/0/pages/1.png")
        assert r.status_code == 303


def test_a_page_login_writes_through_the_api_only_with_its_csrf_token(server, keys, cases):
    cid = cases["pdf"]
    with _session(server, keys["reviewer"]) as c:
        body = {"verdict": "agree"}
        assert c.post(f"/v1/cases/{cid}/reviews", json=body).status_code == 403
        page = c.get(f"/cases/{cid}").text
        csrf = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
        r = c.post(f"/v1/cases/{cid}/reviews", json=body, headers={"X-CSRF-Token": csrf})
        assert r.status_code == 201, r.text
        assert c.get(f"/v1/cases/{cid}/brief").status_code == 200  # reads need no token
        c.post("/logout")
        assert c.get(f"/cases/{cid}").status_code == 303  # the session is gone
        assert c.get(f"/v1/cases/{cid}/brief").status_code == 401


def test_page_roles_and_organizations(server, keys, cases):
    cid = cases["pdf"]
    with _session(server, keys["other_reviewer"]) as c:
        assert c.get(f"/cases/{cid}").status_code == 404
        assert c.get("/cases").status_code == 200 and cid not in c.get("/cases").text
    with _session(server, keys["office"]) as c:
        assert c.get(f"/cases/{cid}").status_code == 200  # the office page: a notice link
        assert c.get(f"/cases/{cid}/v1/records/0/pages/1.png").status_code == 403
        assert c.get(f"/cases/{cid}/v1/records/0/text").status_code == 403
    with _session(server, keys["nurse"]) as c:
        r = c.get(f"/cases/{cid}")
        assert r.status_code == 200
        assert "default-src 'self'" in r.headers["content-security-policy"]
        assert c.get(f"/cases/{cid}/v1/records/99/pages/1.png").status_code == 404
        assert c.get(f"/cases/{cid}/v9/records/0/pages/1.png").status_code == 404


def test_page_images_are_cached_in_the_case_directory(server, keys, cases):
    cid = cases["pdf"]
    brief = cases["briefs"]["pdf"]
    files = list(dict.fromkeys(d["file"] for d in brief["documents"]))
    index = files.index(PDF_FILE)
    with _session(server, keys["nurse"]) as c:
        r = c.get(f"/cases/{cid}/v1/records/{index}/pages/1.png")
        assert r.status_code == 200 and r.content.startswith(b"\x89PNG")
        assert "private" in r.headers["cache-control"]
        cached = list((server.data_dir / "cases" / cid / ".page-cache").glob("*.png"))
        assert cached and cached[0].stat().st_mode & 0o077 == 0
        assert c.get(f"/cases/{cid}/v1/records/{index}/pages/1.png").content == r.content
        # a text record has its text, with the quote's offsets, instead of an image
        text_index = next(i for i, f in enumerate(files) if f.endswith(".txt"))
        assert c.get(f"/cases/{cid}/v1/records/{text_index}/pages/1.png").status_code == 404
        t = c.get(f"/cases/{cid}/v1/records/{text_index}/text").json()
        ev = next(
            e for cr in brief["criteria"] for e in cr["evidence"] if e["file"] == files[text_index]
        )
        doc = next(d for d in brief["documents"] if d["id"] == ev["document_id"])
        start = doc["char_start"] + ev["char_start"]
        assert t["text"][start : start + len(ev["quote"])] == ev["quote"]


def test_denials_on_the_page_are_audited(server, keys, cases):
    cid = cases["pdf"]
    with _session(server, keys["other_reviewer"]) as c:
        assert c.get(f"/cases/{cid}").status_code == 404
    with _session(server, keys["office"]) as c:
        assert c.get(f"/cases/{cid}/v1/records/0/text").status_code == 403
        assert c.get("/cases").status_code == 403  # an office key does not list cases
    with server.client(keys["admin"]) as admin:
        events = admin.get("/v1/audit", params={"case": cid}).json()["events"]
    with server.client(server.key("globex", "admin")) as admin:  # each org audits its own keys
        theirs = admin.get("/v1/audit", params={"case": cid}).json()["events"]
    other = keys["other_reviewer"].split("_")[1]
    office = keys["office"].split("_")[1]
    assert any(e["key_id"] == other and e["outcome"] == 404 for e in theirs)
    assert any(
        e["key_id"] == office and e["action"] == "page.text" and e["outcome"] == 403 for e in events
    )


def test_a_revoked_keys_page_session_ends(server, cases):
    key = server.key("acme", "reviewer")
    cid = cases["pdf"]
    with _session(server, key) as c:
        assert c.get(f"/cases/{cid}").status_code == 200
        assert _revoke_in_db(server, key.split("_")[1])
        assert c.get(f"/cases/{cid}").status_code == 303
        assert c.get(f"/v1/cases/{cid}/brief").status_code == 401


def _revoke_in_db(server, key_id: str) -> bool:
    """Revoke as ``casebrief keys revoke`` does, in the server's database."""
    from casebrief.api.keys import revoke

    with server.sessions()() as db, db.begin():
        return revoke(db, key_id) is not None


def test_login_from_another_site_is_refused(server, keys):
    with httpx.Client(base_url=server.url, follow_redirects=False, timeout=30) as c:
        r = c.post(
            "/login",
            data={"key": keys["reviewer"], "next": "/cases"},
            headers={"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"},
        )
        assert r.status_code == 403 and "set-cookie" not in r.headers


def test_an_unknown_version_is_not_shown_as_the_latest(server, keys, cases):
    with _session(server, keys["nurse"]) as c:
        assert c.get(f"/cases/{cases['pdf']}", params={"version": 99}).status_code == 404
        r = c.get(f"/cases/{cases['pdf']}", params={"version": 1})
        assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
