"""Screenshots of the reviewer page for the docs: ``python -m casebrief.web.screenshots
--out docs/screenshots NAME=CASE_DIR ...``.

Starts a real server on a temporary data directory, submits each case, waits for its brief,
logs in with a reviewer key in headless Chromium (Debian's), opens the case page and the
first quote of a record with a page image (else the first quote), and saves
``NAME.png``.  A maintainer's tool: the committed screenshots under ``docs/`` were made
with it (README, "The reviewer page").
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path


def _submit(client, case_dir: Path) -> str:  # noqa: ANN001
    files = [
        ("files", (p.name, p.read_bytes()))
        for p in sorted(case_dir.iterdir())
        if p.is_file() and p.name not in ("case.json", "expected.json")
    ]
    data = (
        {"case": (case_dir / "case.json").read_text()} if (case_dir / "case.json").is_file() else {}
    )
    r = client.post("/v1/cases", files=files, data=data)
    r.raise_for_status()
    case_id = r.json()["id"]
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if client.get(f"/v1/cases/{case_id}").json()["status"] in ("done", "failed"):
            return case_id
        time.sleep(0.3)
    raise SystemExit(f"{case_dir.name}: not briefed within 600 s")


def _key(url: str, role: str) -> str:
    from casebrief.api.db import make_engine, migrate, session_factory, transaction
    from casebrief.api.keys import create_key

    engine = make_engine(url)
    try:
        migrate(engine)
        with transaction(session_factory(engine)) as db:
            _, key = create_key(db, "docs", role, "screenshots")
    finally:
        engine.dispose()
    return key


def main(argv: list[str] | None = None) -> int:
    import httpx
    from playwright.sync_api import sync_playwright

    from casebrief.api import benchmark as api_bench
    from casebrief.web.benchmark import _chromium

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("cases", nargs="+", help="NAME=CASE_DIR")
    ap.add_argument("--width", type=int, default=1440)
    ap.add_argument("--height", type=int, default=1000)
    a = ap.parse_args(argv)
    a.out.mkdir(parents=True, exist_ok=True)
    chromium = _chromium()
    if chromium is None:
        raise SystemExit("needs Debian's chromium: apt-get install -y chromium")
    with tempfile.TemporaryDirectory(prefix="casebrief-shots-") as tmp_name:
        tmp = Path(tmp_name)
        data_dir = tmp / "data"
        data_dir.mkdir()
        url = api_bench.server_database_url(data_dir, None)
        nurse, key = _key(url, "nurse"), _key(url, "reviewer")
        server = api_bench.start_server(tmp, data_dir, url, workers=1, queue_max=10)
        try:
            api_bench.wait_ready(httpx, server, 120)
            headers = {"Authorization": f"Bearer {nurse}"}
            with httpx.Client(base_url=server.base, headers=headers, timeout=120) as client:
                ids = {}
                for spec in a.cases:
                    name, _, path = spec.partition("=")
                    ids[name] = _submit(client, Path(path))
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
                page = browser.new_page(viewport={"width": a.width, "height": a.height})
                page.goto(f"{server.base}/login")
                page.fill("#key", key)
                with page.expect_navigation():
                    page.click("form[action='/login'] button[type=submit]")
                for name, case_id in ids.items():
                    page.goto(f"{server.base}/cases/{case_id}")
                    buttons = page.locator("button.quote")
                    pick = None
                    for i in range(buttons.count()):
                        kind = json.loads(buttons.nth(i).get_attribute("data-quote"))["kind"]
                        if kind in ("pdf", "image"):
                            pick = buttons.nth(i)
                            break
                    if pick is None and buttons.count():
                        pick = buttons.first
                    if pick is not None:
                        pick.click()
                        page.wait_for_selector("#viewer[data-loaded='1']", timeout=60000)
                        page.evaluate("window.scrollTo(0, 0)")
                        time.sleep(0.3)
                    page.screenshot(path=str(a.out / f"{name}.png"))
                    print(f"{name}: {a.out / (name + '.png')}")
                browser.close()
        finally:
            api_bench.stop_server(server)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
