"""`casebrief benchmark-api`: submit-to-brief latency through a real server, at 1 and N
concurrent clients.

What it measures: how long a nurse waits from ``POST /v1/cases`` until ``GET .../brief``
answers, when 1 or N clients submit the same generated text-PDF packet
(:func:`casebrief.benchmark.write_packet`) at once; how many briefs a minute the server
turns out; how long the POST itself takes; where the time goes (the worker's own briefing
seconds, from the versions endpoint, against the time spent queued and polling); and the
resident memory of the server and of each worker process.

Why through a real server: ``casebrief benchmark`` times one briefing in-process, but what a
client sees also includes the upload, the database queue (its claim, its SQLite write lock
shared with every status read), the worker pool's size and the CPU the server itself takes.
So this starts ``casebrief serve`` as a subprocess on a loopback port with its own temp data
directory, database and key, exactly as deployed, and drives it with plain HTTP clients
(one ``httpx.Client`` per thread).  It is a benchmark that prints figures, not a test: the
only verdict is the target line at the end.

Set ``CASEBRIEF_BENCH_KEEP=1`` to keep the temp directory (the server log is there).
"""

from __future__ import annotations

import mimetypes
import os
import queue
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

TARGET_P95_S = 3.0
TARGET_CLIENTS = 10
POLL_S = 0.05
CASE_DEADLINE_S = 900.0
READY_TIMEOUT_S = 180.0
WARM_TIMEOUT_S = 300.0
STOP_GRACE_S = 30.0
ORG = "benchmark"


@dataclass(frozen=True)
class Server:
    proc: subprocess.Popen
    base: str
    log: Path


@dataclass(frozen=True)
class Upload:
    """One submission's body: the records as multipart files, and the case.json text."""

    files: list[tuple[str, tuple[str, bytes, str]]]
    case: str
    pages: int
    size_kb: float


@dataclass
class Outcome:
    ok: bool
    latency: float = 0.0  # submit to brief, seconds
    submit: float = 0.0  # the POST's response time, seconds
    work: float | None = None  # the worker's own briefing seconds
    polls: int = 0
    error: str | None = None


@dataclass
class Level:
    clients: int
    outcomes: list[Outcome] = field(default_factory=list)
    wall: float = 0.0
    rss: list[tuple[str, int, float]] = field(default_factory=list)  # (role, pid, MiB)

    @property
    def done(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.ok]

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.ok]


# --------------------------------------------------------------------------- statistics


def pct(values: list[float], q: float) -> float:
    """The ``q``-th percentile (0..100), linearly interpolated; NaN for no values."""
    if not values:
        return float("nan")
    s = sorted(values)
    k = (len(s) - 1) * q / 100
    lo = int(k)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def _mean(values: list[float]) -> float:
    return statistics.fmean(values) if values else float("nan")


# --------------------------------------------------------------------------- memory (/proc)


def children(pid: int) -> list[int]:
    """The direct children of ``pid``, from ``/proc/*/stat`` (Linux only; else [])."""
    found = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # gone meanwhile, or not ours to read
            continue
        fields = stat[stat.rfind(")") + 2 :].split()  # the name in parentheses may hold spaces
        if len(fields) > 1 and int(fields[1]) == pid:
            found.append(int(entry.name))
    return sorted(found)


def rss_mib(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024  # kB
    except (OSError, ValueError):
        pass
    return None


def _role(pid: int) -> str:
    try:
        cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
    except OSError:
        return "child"
    if b"spawn_main" in cmd:
        return "worker"
    if b"resource_tracker" in cmd:
        return "resource tracker"
    return "child"


def sample_rss(server_pid: int) -> list[tuple[str, int, float]]:
    """(role, pid, MiB) for the server and each of its child processes."""
    rows = [("server", server_pid, rss_mib(server_pid))]
    rows += [(_role(p), p, rss_mib(p)) for p in children(server_pid)]
    return [(role, p, mib) for role, p, mib in rows if mib is not None]


# --------------------------------------------------------------------------- the server


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_database_url(data_dir: Path, given: str | None) -> str:
    """The URL the server will use: the given one, else its default SQLite file."""
    return given or f"sqlite:///{(data_dir / 'casebrief.sqlite3').resolve()}"


def make_key(url: str) -> str:
    """A nurse key in a migrated database, made in-process (the secret is returned)."""
    from casebrief.api.db import make_engine, migrate, session_factory, transaction
    from casebrief.api.keys import create_key

    engine = make_engine(url)
    try:
        migrate(engine)
        with transaction(session_factory(engine)) as db:
            _, key = create_key(db, ORG, "nurse", "benchmark-api")
    finally:
        engine.dispose()
    return key


def start_server(tmp: Path, data_dir: Path, url: str, workers: int, queue_max: int) -> Server:
    port = _free_port()
    env = dict(os.environ)
    env.update(
        CASEBRIEF_DATA_DIR=str(data_dir),
        CASEBRIEF_DATABASE_URL=url,
        CASEBRIEF_QUEUE_MAX=str(queue_max),
    )
    log = tmp / "server.log"
    cmd = [sys.executable, "-m", "casebrief.cli", "serve", "--host", "127.0.0.1"]
    cmd += ["--port", str(port), "--workers", str(workers)]
    with log.open("wb") as out:
        proc = subprocess.Popen(
            cmd,
            cwd=tmp,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return Server(proc, f"http://127.0.0.1:{port}", log)


def wait_ready(httpx, server: Server, timeout: float) -> None:  # noqa: ANN001 - the module
    """Until ``/readyz`` answers 200; RuntimeError if the server exits or the time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            raise RuntimeError(f"the server exited with status {server.proc.returncode}")
        try:
            if httpx.get(f"{server.base}/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"the server was not ready within {timeout:.0f} s")


def wait_workers_warm(server: Server, workers: int, timeout: float) -> bool:
    """Until every worker has logged that its pipeline is loaded (``/readyz`` only says that
    one is alive); False if the time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            return False
        ready = sum(
            1
            for line in server.log.read_text(errors="replace").splitlines()
            if '"msg": "worker ready"' in line
        )
        if ready >= workers:
            return True
        time.sleep(0.25)
    return False


def stop_server(server: Server) -> str:
    """SIGTERM, then SIGKILL to its whole process group after the grace period."""
    if server.proc.poll() is not None:
        return f"had already exited ({server.proc.returncode})"
    t0 = time.monotonic()
    server.proc.send_signal(signal.SIGTERM)
    try:
        rc = server.proc.wait(STOP_GRACE_S)
    except subprocess.TimeoutExpired:
        os.killpg(server.proc.pid, signal.SIGKILL)
        server.proc.wait()
        return f"did not stop within {STOP_GRACE_S:.0f} s of SIGTERM; process group killed"
    # uvicorn re-raises the signal it caught once its graceful shutdown is done
    how = f"signal {-rc}" if rc < 0 else f"status {rc}"
    return f"stopped by SIGTERM in {time.monotonic() - t0:.1f} s (exit {how})"


def log_tail(log: Path, lines: int = 30) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no server log)"


# --------------------------------------------------------------------------- the clients


def build_upload(directory: Path, pages: int) -> Upload:
    """The generated packet's records as multipart files, and its case.json as ``case``."""
    from casebrief.benchmark import write_packet

    case_dir = write_packet(directory, pages)
    files = []
    size = 0
    for path in sorted(case_dir.iterdir()):
        if path.name == "case.json" or not path.is_file():
            continue
        data = path.read_bytes()
        size += len(data)
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        files.append(("files", (path.name, data, kind)))
    case = (case_dir / "case.json").read_text(encoding="utf-8")
    return Upload(files, case, pages, size / 1024)


def run_case(client, upload: Upload) -> Outcome:  # noqa: ANN001 - an httpx.Client
    """Submit, poll the status every 50 ms until done or failed, read the brief; then read
    the worker's own seconds from the versions endpoint (outside the timed span)."""
    t0 = time.perf_counter()
    r = client.post("/v1/cases", files=upload.files, data={"case": upload.case})
    submit = time.perf_counter() - t0
    if r.status_code != 202:
        return Outcome(False, submit=submit, error=f"submit answered {r.status_code}")
    case_id = r.json()["id"]
    polls = 0
    deadline = t0 + CASE_DEADLINE_S
    while True:
        status = client.get(f"/v1/cases/{case_id}")
        polls += 1
        state = status.json().get("status") if status.status_code == 200 else None
        if state in ("done", "failed"):
            break
        if status.status_code != 200 or time.perf_counter() > deadline:
            return Outcome(False, submit=submit, polls=polls, error=f"status {status.status_code}")
        time.sleep(POLL_S)
    if state == "failed":
        error = status.json().get("error") or "no reason given"
        return Outcome(False, submit=submit, polls=polls, error=f"case failed: {error}")
    brief = client.get(f"/v1/cases/{case_id}/brief")
    latency = time.perf_counter() - t0
    if brief.status_code != 200:
        return Outcome(False, submit=submit, polls=polls, error=f"brief {brief.status_code}")
    versions = client.get(f"/v1/cases/{case_id}/brief/versions")
    work = None
    if versions.status_code == 200 and versions.json().get("versions"):
        work = float(versions.json()["versions"][-1]["seconds"])
    return Outcome(True, latency=latency, submit=submit, work=work, polls=polls)


def run_level(
    httpx,  # noqa: ANN001 - the module
    server: Server,
    key: str,
    upload: Upload,
    cases: int,
    clients: int,
) -> Level:
    """``cases`` cases from ``clients`` threads, each taking the next case when it is free."""
    todo: queue.Queue[int] = queue.Queue()
    for i in range(cases):
        todo.put(i)
    level = Level(clients)
    lock = threading.Lock()

    def client_loop() -> None:
        headers = {"Authorization": f"Bearer {key}"}
        with httpx.Client(base_url=server.base, headers=headers, timeout=120) as client:
            while True:
                try:
                    todo.get_nowait()
                except queue.Empty:
                    return
                try:
                    outcome = run_case(client, upload)
                except httpx.HTTPError as exc:
                    outcome = Outcome(False, error=f"HTTP error ({type(exc).__name__})")
                with lock:
                    level.outcomes.append(outcome)

    t0 = time.perf_counter()
    threads = [threading.Thread(target=client_loop) for _ in range(min(clients, cases))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    level.wall = time.perf_counter() - t0
    level.rss = sample_rss(server.proc.pid)
    return level


# --------------------------------------------------------------------------- the report


def print_level(level: Level) -> None:
    done = level.done
    lat = [o.latency for o in done]
    sub = [o.submit * 1000 for o in level.outcomes if o.submit]
    work = [o.work for o in done if o.work is not None]
    wait = [o.latency - o.work for o in done if o.work is not None]
    per_min = len(done) / level.wall * 60 if level.wall else 0.0
    name = f"{level.clients} client{'s' if level.clients != 1 else ''}"
    print(
        f"  {name:>10}: n {len(done)}/{len(level.outcomes)}  latency p50 {pct(lat, 50):.2f} s  "
        f"p95 {pct(lat, 95):.2f} s  max {max(lat, default=float('nan')):.2f} s  |  "
        f"{per_min:.1f} briefs/min ({level.wall:.1f} s wall)  |  "
        f"submit p50 {pct(sub, 50):.0f} ms  p95 {pct(sub, 95):.0f} ms  |  "
        f"failures {len(level.failures)}"
    )
    print(
        f"{'':14}where the time goes: worker briefing p50 {pct(work, 50):.2f} s  "
        f"p95 {pct(work, 95):.2f} s;  mean latency {_mean(lat):.2f} s = work "
        f"{_mean(work):.2f} s + queue/poll wait {_mean(wait):.2f} s;  "
        f"{sum(o.polls for o in level.outcomes)} status polls"
    )
    if level.rss:
        print(
            f"{'':14}RSS (MiB): "
            + ", ".join(f"{role} {pid} {mib:.0f}" for role, pid, mib in level.rss)
        )
    else:
        print(f"{'':14}RSS: not available (no /proc)")
    for error, n in Counter(o.error for o in level.failures).most_common(3):
        print(f"{'':14}failure x{n}: {error}")


def print_target(levels: list[Level]) -> None:
    at = [lv for lv in levels if lv.clients == TARGET_CLIENTS]
    if not at:
        verdict = f"not measured (no level of {TARGET_CLIENTS} clients)"
    else:
        p95 = pct([o.latency for o in at[-1].done], 95)
        met = at[-1].done and not at[-1].failures and p95 <= TARGET_P95_S
        verdict = f"{'met' if met else 'NOT met'} (p95 {p95:.2f} s)"
    print(
        f"target: p95 <= {TARGET_P95_S:.0f} s at {TARGET_CLIENTS} concurrent clients "
        f"on this machine: {verdict}"
    )


# --------------------------------------------------------------------------- the command


def _import_httpx():  # noqa: ANN202
    try:
        import httpx
    except ImportError:  # pragma: no cover - depends on the environment
        raise SystemExit(
            "casebrief benchmark-api needs httpx for its clients; install the test extra: "
            "pip install 'casebrief[test]' (or pip install httpx)"
        ) from None
    return httpx


def _measure(
    httpx,  # noqa: ANN001
    server: Server,
    key: str,
    upload: Upload,
    cases: int,
    clients: list[int],
    workers: int,
) -> list[Level]:
    t0 = time.monotonic()
    wait_ready(httpx, server, READY_TIMEOUT_S)
    ready_s = time.monotonic() - t0
    warm = wait_workers_warm(server, workers, WARM_TIMEOUT_S) if workers else True
    warm_s = time.monotonic() - t0
    warmup = run_level(httpx, server, key, upload, 1, 1)
    w = warmup.outcomes[0]
    print(
        f"  server ready in {ready_s:.1f} s; {workers} worker(s) "
        f"{'warm' if warm else 'NOT all warm'} at {warm_s:.1f} s; warm-up case "
        + (
            f"{w.latency:.2f} s (its POST, the server's first request, {w.submit:.2f} s)"
            if w.ok
            else f"failed ({w.error})"
        )
    )
    print(
        f"  each case: POST, GET status every {POLL_S * 1000:.0f} ms until done, GET brief; "
        "latency = submit to brief"
    )
    levels = []
    for c in clients:
        level = run_level(httpx, server, key, upload, cases, c)
        print_level(level)
        levels.append(level)
    return levels


def run_api_benchmark(
    cases: int, clients: list[int], pages: int, workers: int, database_url: str | None
) -> int:
    """Start a server, drive it at each concurrency level, print the figures; 0 when every
    case was briefed, 1 otherwise."""
    httpx = _import_httpx()
    cases, pages, workers = max(int(cases), 1), max(int(pages), 1), max(int(workers), 0)
    clients = [max(int(c), 1) for c in clients] or [1, TARGET_CLIENTS]
    tmp = Path(tempfile.mkdtemp(prefix="casebrief-bench-api-"))
    data_dir = tmp / "data"
    data_dir.mkdir()
    url = server_database_url(data_dir, database_url)
    server: Server | None = None
    failed = True
    try:
        upload = build_upload(tmp / "packet", pages)
        key = make_key(url)
        server = start_server(tmp, data_dir, url, workers, max(500, cases + 10))
        where = "SQLite in a temp dir" if database_url is None else url.split("://")[0]
        print(
            f"casebrief benchmark-api: {pages}-page text-PDF packet ({upload.size_kb:.0f} KB), "
            f"{cases} cases per level, {workers} worker(s), database {where}, "
            f"{os.cpu_count()} CPUs; server pid {server.proc.pid} at {server.base}"
        )
        levels = _measure(httpx, server, key, upload, cases, clients, workers)
        print_target(levels)
        failed = any(lv.failures for lv in levels)
    except RuntimeError as exc:
        print(f"casebrief benchmark-api: {exc}; the server log ends:", file=sys.stderr)
        if server is not None:
            print(log_tail(server.log), file=sys.stderr)
    finally:
        if server is not None:
            print(f"  server {stop_server(server)}")
        if os.environ.get("CASEBRIEF_BENCH_KEEP") == "1":
            print(f"  kept {tmp} (server log: {tmp / 'server.log'})")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failed else 0
