"""``casebrief benchmark-page``: how fast the reviewer page paints, and how heavy it is.

A benchmark, not a test: it prints figures.  It starts a real server (SQLite, one worker)
on a temporary data directory, submits the generated N-page text packet of
``casebrief benchmark``, waits for its brief, then opens the case page in headless Chromium
(Debian's) and reads the browser's own timings:

- first paint of the first view (the view map is computed then: the records are read again
  to place every quote line by line) and of later views (the map is cached);
- the page's weight: HTML, CSS and script as transferred;
- a page image rendered on first request, and served from the case's cache after.

Target (issue 10): first paint of a 30-page case under 1 s, page images cached.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from pathlib import Path

TARGET_FIRST_PAINT_S = 1.0


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def run_page_benchmark(pages: int = 30, repeats: int = 5) -> int:
    import httpx

    from casebrief.api import benchmark as api_bench

    chromium = _chromium()
    if chromium is None:
        print("benchmark-page needs Debian's chromium: apt-get install -y chromium")
        return 2
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("benchmark-page needs playwright: pip install 'casebrief[test]'")
        return 2
    with tempfile.TemporaryDirectory(prefix="casebrief-page-") as tmp_name:
        tmp = Path(tmp_name)
        data_dir = tmp / "data"
        data_dir.mkdir()
        url = api_bench.server_database_url(data_dir, None)
        key = api_bench.make_key(url)
        server = api_bench.start_server(tmp, data_dir, url, workers=1, queue_max=10)
        try:
            api_bench.wait_ready(httpx, server, 120)
            api_bench.wait_workers_warm(server, 1, 180)
            upload = api_bench.build_upload(tmp / "packet", pages)
            headers = {"Authorization": f"Bearer {key}"}
            with httpx.Client(base_url=server.base, headers=headers, timeout=120) as client:
                case_id = _briefed_case(client, upload)
                brief = client.get(f"/v1/cases/{case_id}/brief").json()
                # the page first: its first view is the one that computes the view map
                with sync_playwright() as pw:
                    browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
                    try:
                        views = _page_timings(browser, server.base, key, case_id, repeats)
                    finally:
                        browser.close()
                image = _image_timings(client, case_id, brief)
        finally:
            api_bench.stop_server(server)
    _print(pages, brief, views, image)
    return 0


def _briefed_case(client, upload) -> str:  # noqa: ANN001
    r = client.post("/v1/cases", files=upload.files, data={"case": upload.case})
    r.raise_for_status()
    case_id = r.json()["id"]
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        status = client.get(f"/v1/cases/{case_id}").json()["status"]
        if status in ("done", "failed"):
            if status == "failed":
                raise SystemExit("the benchmark packet failed to brief")
            return case_id
        time.sleep(0.2)
    raise SystemExit("the benchmark packet was not briefed within 300 s")


def _image_timings(client, case_id: str, brief: dict) -> dict:  # noqa: ANN001
    """A page image on first request (rendered) and on the second (from the cache)."""
    path = f"/cases/{case_id}/v1/records/0/pages/1.png"
    t0 = time.perf_counter()
    first = client.get(path)
    cold = time.perf_counter() - t0
    if first.status_code != 200 or not first.content.startswith(b"\x89PNG"):
        raise SystemExit(f"the page image answered {first.status_code}, not a PNG")
    t0 = time.perf_counter()
    client.get(path)
    warm = time.perf_counter() - t0
    return {
        "cold_s": cold,
        "cached_s": warm,
        "bytes": len(first.content),
        "status": first.status_code,
    }


PAINT_JS = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const fcp = performance.getEntriesByName('first-contentful-paint')[0]
    || performance.getEntriesByType('paint')[0];
  const res = performance.getEntriesByType('resource');
  return {
    first_paint: fcp ? fcp.startTime / 1000 : null,
    response_end: nav.responseEnd / 1000,
    dom_content_loaded: nav.domContentLoadedEventEnd / 1000,
    load: nav.loadEventEnd / 1000,
    html_bytes: nav.transferSize || nav.encodedBodySize,
    html_decoded: nav.decodedBodySize,
    sub_bytes: res.reduce((s, r) => s + (r.transferSize || r.encodedBodySize), 0),
    sub_count: res.length,
  };
}"""


def _page_timings(browser, base: str, key: str, case_id: str, repeats: int) -> list[dict]:  # noqa: ANN001
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/login?next=/cases/{case_id}")
    page.fill("#key", key)
    with page.expect_navigation():
        page.click("form[action='/login'] button[type=submit]")
    views = [_measure(page) | {"view": "first (view map computed)"}]
    context.close()
    for _ in range(repeats):
        context = browser.new_context(viewport={"width": 1440, "height": 900})
        page = context.new_page()
        page.goto(f"{base}/login?next=/cases/{case_id}")
        page.fill("#key", key)
        with page.expect_navigation():
            page.click("form[action='/login'] button[type=submit]")
        views.append(_measure(page) | {"view": "later (cached map, cold browser)"})
        context.close()
    return views


def _measure(page) -> dict:  # noqa: ANN001
    page.wait_for_load_state("load")
    deadline = time.monotonic() + 10
    while True:  # the paint entry may land a moment after the load event
        out = page.evaluate(PAINT_JS)
        if out["first_paint"] is not None or time.monotonic() > deadline:
            return out
        time.sleep(0.05)


def _print(pages: int, brief: dict, views: list[dict], image: dict) -> None:
    quotes = sum(
        len(c.get("evidence", [])) + len(c.get("more_evidence", [])) for c in brief["criteria"]
    )
    print(
        f"reviewer page: {pages}-page text packet, {len(brief['criteria'])} criteria, "
        f"{quotes} quotes"
    )
    first, later = views[0], views[1:]
    print(
        f"  first view : first paint {first['first_paint']:.3f} s, HTML received "
        f"{first['response_end']:.3f} s, load {first['load']:.3f} s"
    )
    if later:
        fp = [v["first_paint"] for v in later]
        print(
            f"  later views: first paint median {statistics.median(fp):.3f} s "
            f"(max {max(fp):.3f} s) over {len(later)} cold browsers"
        )
    print(
        f"  page weight: HTML {first['html_bytes'] / 1024:.1f} KiB transferred "
        f"({first['html_decoded'] / 1024:.1f} KiB decoded), CSS + script "
        f"{first['sub_bytes'] / 1024:.1f} KiB in {first['sub_count']} requests"
    )
    print(
        f"  page image : {image['bytes'] / 1024:.0f} KiB PNG; rendered in {image['cold_s']:.3f} s, "
        f"from the cache in {image['cached_s']:.3f} s"
    )
    worst = max(v["first_paint"] for v in views)
    verdict = "met" if worst < TARGET_FIRST_PAINT_S else "NOT met"
    print(
        f"  target: first paint < {TARGET_FIRST_PAINT_S:.0f} s on every view: {verdict} "
        f"(worst {worst:.3f} s)"
    )
