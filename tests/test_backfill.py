"""``casebrief backfill``: labelled cases briefed by real Ray actors give the command line's
briefs row for row; a run killed with ``kill -9`` and run again records every case exactly
once and briefs no done case again (local process pool and Ray); failing and over-long cases
are recorded failed with their error while the rest are briefed; a 5 MB record does not
stall a batch; a bad manifest is one line; the report's charts render in Chromium.

One Ray instance serves the module (started once, 2 CPUs); the Ray kill test's driver joins
it with ``--address``, as a driver joins a cluster.  Cases are few and small: the module
takes about a minute on 2 cores.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

pq = pytest.importorskip("pyarrow.parquet", reason="the backfill extra is not installed")

from casebrief.backfill.decisions import agreement  # noqa: E402
from casebrief.backfill.ledger import Ledger, _id_key  # noqa: E402
from casebrief.backfill.runner import Options, run_backfill  # noqa: E402
from casebrief.cli import main  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "annotated_samples" / "dev"
LABELLED = ["dev2ai-03", "dev3ap-06", "flow-06", "ccd-03"]  # four policies, a PDF among them
DECISIONS = {"dev2ai-03": "approved", "dev3ap-06": "Approved", "flow-06": "denied"}
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SECTIONS = (
    "statuses-per-criterion",
    "most-common-missing-documentation",
    "briefs-against-the-recorded-decisions",
    "processing-time",
    "failures",
)


def cli_brief(case: Path, tmp: Path) -> str:
    """The command line's brief JSON of ``case``, as ``casebrief brief --format json`` writes it."""
    out = tmp / f"{case.name}.cli.json"
    assert main(["brief", str(case), "--format", "json", "-o", str(out)]) == 0
    return out.read_text(encoding="utf-8")


def rows(path: Path) -> list[dict]:
    return pq.read_table(path).to_pylist()


def ledger_rows(out: Path, sql: str) -> list[tuple]:
    path = out / "ledger.sqlite"
    if not path.exists():
        return []
    db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=5)  # never creates it
    try:
        return db.execute(sql).fetchall()
    except sqlite3.OperationalError:  # its tables are not created yet
        return []
    finally:
        db.close()


def backfill_cmd(source: Path, out: Path, *args: str) -> list[str]:
    command = [sys.executable, "-m", "casebrief.cli", "backfill", str(source)]
    return [*command, "--out", str(out), "--quiet", *args]


@pytest.fixture(scope="module")
def ray_address():
    """One local Ray instance for the module (2 CPUs); its GCS address for other drivers."""
    ray = pytest.importorskip("ray", reason="Ray is not installed (the backfill extra)")
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray.get_runtime_context().gcs_address
    ray.shutdown()


@pytest.fixture(scope="module")
def labelled_backfill(ray_address, tmp_path_factory):
    """Four labelled dev cases from a CSV manifest with recorded decisions, backfilled with
    Ray actors in this process; (output folder, the command line's brief of each case)."""
    tmp = tmp_path_factory.mktemp("labelled")
    manifest = tmp / "manifest.csv"
    with manifest.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["case_id", "path", "decision", "decided_on"])
        for name in LABELLED:
            w.writerow([name, str(DEV / name), DECISIONS.get(name, ""), "2026-03-02"])
    out = tmp / "out"
    stats = run_backfill(Options(manifest, out, engine="ray", workers=2, progress=False))
    assert (stats.engine, stats.briefed, stats.failed) == ("ray", 4, 0)
    expected = {name: cli_brief(DEV / name, tmp) for name in LABELLED}
    return out, expected


def test_labelled_cases_match_the_command_line(labelled_backfill):
    out, expected = labelled_backfill
    assert sorted(p.name for p in (out / "briefs").iterdir()) == sorted(
        f"{n}.json" for n in LABELLED
    )
    cases = {r["case_id"]: r for r in rows(out / "cases.parquet")}
    criteria = rows(out / "criteria.parquet")
    assert sorted(cases) == sorted(LABELLED)
    for name in LABELLED:
        text = (out / "briefs" / f"{name}.json").read_text(encoding="utf-8")
        assert text == expected[name], f"{name}: the backfill's brief differs from the CLI's"
        brief = json.loads(expected[name])
        row = cases[name]
        assert row["state"] == "done" and row["error"] is None
        assert (row["policy"], row["policy_version"], row["summary"]) == (
            brief["policy"]["id"],
            brief["policy"]["version"],
            brief["summary"]["status"],
        )
        assert row["documents"] == len(brief["documents"])
        assert row["brief"] == f"briefs/{name}.json"
        for status, n in brief["summary"]["counts"].items():
            assert row[status] == n
        decision = (DECISIONS.get(name) or "").lower() or None
        assert row["decision"] == decision
        assert row["agreement"] == agreement(decision, brief["summary"]["status"])
        got = [
            (c["criterion"], c["status"], c["value"], c["evidence"], c["more_evidence"])
            for c in sorted(
                (c for c in criteria if c["case_id"] == name), key=lambda c: c["position"]
            )
        ]
        want = [
            (c["id"], c["status"], c["value"], len(c["evidence"]), len(c["more_evidence"]))
            for c in brief["criteria"]
        ]
        assert got == want, name
        assert all(c["policy"] == brief["policy"]["id"] for c in criteria if c["case_id"] == name)


def test_report_renders_its_charts_in_chromium(labelled_backfill):
    out, _ = labelled_backfill
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html and "<script" not in html  # self-contained
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    if CHROMIUM is None:
        pytest.skip(
            "Debian's chromium is not installed (apt-get install -y chromium; .ci/run does)"
        )
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1000, "height": 900})
        page.goto((out / "report.html").as_uri())
        charts = page.locator("svg.chart")
        assert charts.count() >= 4  # statuses per policy (4 policies), missing, time
        for i in range(charts.count()):
            box = charts.nth(i).bounding_box()
            assert box and box["width"] > 100 and box["height"] > 10
            assert charts.nth(i).locator("rect").count() > 0
        for section in SECTIONS:
            assert page.locator(f"section#{section}").is_visible()
        shot = os.environ.get("CASEBRIEF_REPORT_SCREENSHOT")  # docs/backfill-report.png
        page.screenshot(path=shot or str(out / "report.png"), full_page=True)
        browser.close()


# --------------------------------------------------------------------------- kill and resume


def generated_cases(root: Path, n: int) -> Path:
    """``n`` twenty-page text-PDF packets (about half a second each to brief: time for the
    kill to land midway)."""
    pytest.importorskip("reportlab")
    from casebrief.backfill.benchmark import write_varied_packet

    for i in range(n):
        write_varied_packet(root / f"case-{i:02d}", 20, seed=i)
    return root


def session_alive(sid: int) -> list[int]:
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == sid and fields[0] != "Z":
            pids.append(int(stat.parent.name))
    return pids


N_KILL = 10


@pytest.mark.parametrize("engine", ["local", "ray"])
def test_kill_9_midway_then_rerun_records_every_case_once(engine, tmp_path, request):
    source = generated_cases(tmp_path / "cases", N_KILL)
    out = tmp_path / "out"
    args = ["--engine", engine, "--workers", "2"]
    if engine == "ray":
        args += ["--address", request.getfixturevalue("ray_address")]
    proc = subprocess.Popen(
        backfill_cmd(source, out, *args),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: kill -9 takes it and its workers
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if len(ledger_rows(out, "SELECT case_id FROM cases WHERE state = 'done'")) >= 2:
            break
        time.sleep(0.02)
    assert proc.poll() is None, proc.stderr.read().decode()
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(10)
    for _ in range(100):  # the group's processes are gone (local workers included)
        if not session_alive(proc.pid):
            break
        time.sleep(0.05)
    assert not session_alive(proc.pid)
    before = dict(ledger_rows(out, "SELECT case_id, briefed_at FROM cases WHERE state = 'done'"))
    assert 2 <= len(before) < N_KILL, "the kill should land midway"

    rerun = subprocess.run(
        backfill_cmd(source, out, *args), capture_output=True, text=True, timeout=300
    )
    assert rerun.returncode == 0, rerun.stderr
    cases = rows(out / "cases.parquet")
    ids = [r["case_id"] for r in cases]
    assert sorted(ids) == [f"case-{i:02d}" for i in range(N_KILL)]  # each exactly once
    assert all(r["state"] == "done" for r in cases)
    crit = [(r["case_id"], r["criterion"]) for r in rows(out / "criteria.parquet")]
    assert len(crit) == len(set(crit)) and {c for c, _ in crit} == set(ids)
    assert sorted(p.name for p in (out / "briefs").iterdir()) == sorted(f"{i}.json" for i in ids)
    assert not list((out / ".incoming").iterdir())
    # the cases done before the kill were not briefed again: same run, same time
    after = {r["case_id"]: r for r in cases}
    for case_id, briefed_at in before.items():
        assert (after[case_id]["run"], after[case_id]["briefed_at"]) == (1, briefed_at)
    runs = ledger_rows(out, "SELECT run, state, skipped, briefed FROM runs ORDER BY run")
    assert runs[0][:2] == (1, "running")  # killed: never finished
    assert runs[1] == (2, "finished", len(before), N_KILL - len(before))
    # and a third run has nothing to do
    again = subprocess.run(
        backfill_cmd(source, out, *args), capture_output=True, text=True, timeout=120
    )
    assert again.returncode == 0 and f"briefed 0, failed 0, skipped {N_KILL}" in again.stdout


# --------------------------------------------------------------------------- failures


def small_case(root: Path, name: str, meta: object, text: str | None = None) -> Path:
    case = root / name
    shutil.copytree(DEV / "summ-04", case)
    if text is not None:
        for f in case.glob("*.txt"):
            f.unlink()
        (case / "record.txt").write_text(text, encoding="utf-8")
    if meta is not None:
        body = meta if isinstance(meta, str) else json.dumps(meta)
        (case / "case.json").write_text(body, encoding="utf-8")
    return case


def five_mb_text() -> str:
    from casebrief.benchmark_long import long_text

    return long_text(int(5 * 2**20 / 6.2))[: 5 * 2**20]


MRI = {"policy": "lumbar-spine-mri", "request": {"request_date": "2026-03-01", "cpt": ["72148"]}}


def test_failing_and_overtime_cases_are_recorded_and_the_rest_briefed(tmp_path):
    src = tmp_path / "cases"
    src.mkdir()
    small_case(src, "good-1", None)
    small_case(src, "good-2", None)
    small_case(src, "corrupt", '{"policy": "lumbar-spine-mri", "request": ')
    small_case(src, "unknown-policy", {**MRI, "policy": "no-such-policy"})
    small_case(src, "overtime", MRI, five_mb_text())
    out = tmp_path / "out"
    flags = "--engine local --workers 2 --quiet --record-seconds 60 --case-timeout 6"
    code = main(["backfill", str(src), "--out", str(out), *flags.split()])
    assert code == 0
    cases = {r["case_id"]: r for r in rows(out / "cases.parquet")}
    assert {k: r["state"] for k, r in cases.items()} == {
        "good-1": "done",
        "good-2": "done",
        "corrupt": "failed",
        "unknown-policy": "failed",
        "overtime": "failed",
    }
    assert "case.json is not valid JSON" in cases["corrupt"]["error"]
    assert cases["corrupt"]["error_code"] == "E206"
    assert "unknown policy 'no-such-policy'" in cases["unknown-policy"]["error"]
    assert cases["overtime"]["error_code"] == "E320"
    assert "time limit of 6 s" in cases["overtime"]["error"]
    assert sorted(p.name for p in (out / "briefs").iterdir()) == ["good-1.json", "good-2.json"]
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "E320" in report and "unknown policy" in report
    # failed cases are recorded, so a re-run has nothing to do (--retry-failed would retry)
    again = run_backfill(Options(src, out, engine="local", progress=False))
    assert (again.skipped, again.briefed, again.failed, again.engine) == (5, 0, 0, "")


def test_a_5mb_record_does_not_stall_the_batch(tmp_path):
    src = tmp_path / "cases"
    src.mkdir()
    for i in range(4):
        small_case(src, f"small-{i}", None)
    small_case(src, "long-record", MRI, five_mb_text())
    out = tmp_path / "out"
    t0 = time.monotonic()
    stats = run_backfill(
        Options(
            src,
            out,
            engine="local",
            workers=2,
            record_seconds=1.0,
            case_seconds=3.0,
            case_timeout=60.0,
            progress=False,
        )
    )
    wall = time.monotonic() - t0
    assert (stats.briefed, stats.failed) == (5, 0)
    cases = {r["case_id"]: r for r in rows(out / "cases.parquet")}
    assert "E012" in cases["long-record"]["problem_codes"]  # cut at the record's budget
    assert cases["long-record"]["seconds"] < 20
    assert max(cases[f"small-{i}"]["seconds"] for i in range(4)) < 10
    assert wall < 90


# --------------------------------------------------------------------------- manifests


@pytest.mark.parametrize(
    ("header", "row", "says"),
    [
        (["path", "outcome"], ["x", "approved"], "unknown column 'outcome'"),
        (["case_id", "decision"], ["a", "approved"], "no 'path' column"),
        (["path"], ["no/such/case"], "line 2: column 'path': no/such/case does not exist"),
        (["path", "decision"], ["CASE", "maybe"], "line 2: column 'decision': 'maybe' is not"),
        (["path", "decided_on"], ["CASE", "03/02/2026"], "'03/02/2026' is not a date"),
        (["path", "case_id"], ["", "a"], "line 2: column 'path' is empty"),
    ],
)
def test_a_bad_manifest_is_one_clear_line(tmp_path, capsys, header, row, says):
    manifest = tmp_path / "manifest.csv"
    with manifest.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerow([str(DEV / "summ-01") if v == "CASE" else v for v in row])
    out = tmp_path / "out"
    assert main(["backfill", str(manifest), "--out", str(out), "--engine", "local"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and err.startswith("casebrief: error: ")
    assert str(manifest) in err and says in err, err
    assert not out.exists()  # refused before anything was written


def test_duplicate_case_ids_and_a_parquet_manifest(tmp_path, capsys):
    import pyarrow as pa

    manifest = tmp_path / "m.csv"
    manifest.write_text(f"case_id,path\na,{DEV / 'summ-01'}\na,{DEV / 'summ-04'}\n")
    assert main(["backfill", str(manifest), "--out", str(tmp_path / "o")]) == 2
    assert "line 3: case_id 'a' is given twice (first at line 2)" in capsys.readouterr().err
    from datetime import date

    from casebrief.backfill.sources import read_source

    table = pa.table(
        {
            "path": ["summ-01", "summ-04"],
            "decision": ["DENIED", None],
            "decided_on": [date(2026, 3, 2), None],
        }
    )
    shutil.copytree(DEV / "summ-01", tmp_path / "summ-01")
    shutil.copytree(DEV / "summ-04", tmp_path / "summ-04")
    pq.write_table(table, tmp_path / "m.parquet")
    entries = read_source(tmp_path / "m.parquet")
    assert [(e.case_id, e.decision, e.decided_on) for e in entries] == [
        ("summ-01", "denied", "2026-03-02"),
        ("summ-04", None, None),
    ]


def test_recovery_finishes_a_rename_and_drops_an_unrecorded_brief(tmp_path):
    """The two states a kill can leave between the ledger's writes (see ledger.py)."""
    out = tmp_path / "out"
    ledger = Ledger(out)
    row = {"case_id": "a/b", "content_hash": "f" * 64, "state": "done", "brief": "briefs/a/b.json"}
    ledger.record(row, [], '{"case_id": "b"}\n')
    final = out / "briefs" / "a" / "b.json"
    assert final.read_text() == '{"case_id": "b"}\n'
    # killed after the commit, before the rename: the brief is still under .incoming
    tmp = ledger.incoming / f"{'f' * 64}-{_id_key('a/b')}.json"
    os.replace(final, tmp)
    (ledger.incoming / f"{'0' * 64}-{_id_key('c')}.json").write_text("{}")  # never committed
    assert ledger.recover() == (1, 1)
    assert final.read_text() == '{"case_id": "b"}\n'
    assert not list(ledger.incoming.iterdir())
    ledger.close()
