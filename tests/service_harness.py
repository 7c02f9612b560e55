"""A real casebrief server for tests: ``casebrief serve`` in its own process group on a free
loopback port, over SQLite or a fresh PostgreSQL database, with real worker processes.

Why a subprocess and not an in-process client: the API's promises (202 then a brief from a
worker process, leases that survive ``kill -9``, logs without patient text) are promises of
the running service.  PostgreSQL is this machine's server on 127.0.0.1:5432; each server
fixture gets a database of its own, dropped afterwards.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

PG_ADMIN = os.environ.get("CASEBRIEF_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
BACKENDS = ["sqlite", "postgresql"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pg_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN, connect_timeout=3):
            return True
    except Exception:  # noqa: BLE001
        return False


def need_pg() -> None:
    if not pg_available():
        if os.environ.get("CASEBRIEF_TEST_REQUIRE_PG"):
            pytest.fail(
                f"PostgreSQL is required (CASEBRIEF_TEST_REQUIRE_PG) but {PG_ADMIN} is down"
            )
        pytest.skip(f"PostgreSQL not reachable at {PG_ADMIN}")


class PgDatabase:
    """A fresh database on the local PostgreSQL server, dropped on close."""

    def __init__(self) -> None:
        import psycopg

        self.name = f"cb_test_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{self.name}"')
        base = PG_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
        self.url = f"{base}/{self.name}"

    def close(self) -> None:
        import psycopg

        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@contextmanager
def database_url(backend: str) -> Iterator[str | None]:
    """The database a server fixture runs on: None for SQLite (the server's embedded
    default), else a fresh PostgreSQL database's URL, dropped afterwards."""
    if backend != "postgresql":
        yield None
        return
    need_pg()
    db = PgDatabase()
    try:
        yield db.url
    finally:
        db.close()


class Server:
    """One ``casebrief serve`` process (and its workers) over one data dir and database."""

    def __init__(self, data_dir: Path, database_url: str | None, **settings: object) -> None:
        self.data_dir, self.database_url = data_dir, database_url
        self.env = dict(os.environ)
        self.env["CASEBRIEF_DATA_DIR"] = str(data_dir)
        if database_url:
            self.env["CASEBRIEF_DATABASE_URL"] = database_url
        else:
            self.env.pop("CASEBRIEF_DATABASE_URL", None)
        for k, v in settings.items():
            self.env[f"CASEBRIEF_{k.upper()}"] = str(v)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = data_dir / "server.log"
        self.proc: subprocess.Popen | None = None
        self._sessions = None

    # -- process ---------------------------------------------------------------------------
    def start(self, wait_workers: bool = True) -> Server:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "ab")  # noqa: SIM115 - kept open for the server's life
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "casebrief.cli", "serve", "--port", str(self.port)],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited {self.proc.returncode}: {self.log()[-3000:]}")
            try:
                r = httpx.get(f"{self.url}/readyz", timeout=2)
                if r.status_code == 200 and (not wait_workers or r.json().get("workers")):
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"server not ready in 120 s: {self.log()[-3000:]}")

    def stop(self, timeout: float = 60) -> int | None:
        """SIGTERM: the graceful stop; the exit status."""
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else None
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            return None

    def kill(self) -> None:
        """``kill -9`` of the server and every worker (its whole process group)."""
        if self.proc is not None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait(10)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    # -- database --------------------------------------------------------------------------
    def sessions(self):  # noqa: ANN201
        if self._sessions is None:
            from casebrief.api.db import make_engine, migrate, session_factory
            from casebrief.api.settings import Settings

            self.data_dir.mkdir(parents=True, exist_ok=True)
            url = self.database_url or Settings(data_dir=self.data_dir).url
            engine = make_engine(url)
            migrate(engine)
            self._sessions = session_factory(engine)
        return self._sessions

    def key(self, org: str, role: str) -> str:
        from casebrief.api.db import transaction
        from casebrief.api.keys import create_key

        with transaction(self.sessions()) as db:
            return create_key(db, org, role)[1]

    # -- client ----------------------------------------------------------------------------
    def client(self, key: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=60)


def case_upload(case_dir: Path) -> tuple[list, dict]:
    """The multipart parts for a case directory: its records and its case.json."""
    files = [
        ("files", (p.name, p.read_bytes()))
        for p in sorted(case_dir.iterdir())
        if p.is_file() and p.name != "case.json" and not p.name.startswith("expected.")
    ]
    data = {}
    if (case_dir / "case.json").is_file():
        data["case"] = (case_dir / "case.json").read_text()
    return files, data


def submit(client: httpx.Client, case_dir: Path, **headers: str) -> httpx.Response:
    files, data = case_upload(case_dir)
    return client.post("/v1/cases", files=files, data=data, headers=headers)


def wait_done(client: httpx.Client, case_id: str, timeout: float = 180, version: int = 1) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = client.get(f"/v1/cases/{case_id}").json()
        if body["status"] == "failed":
            return body
        if body["status"] == "done" and body["latest_version"] >= version:
            return body
        time.sleep(0.2)
    raise AssertionError(f"case {case_id} not done in {timeout} s: {json.dumps(body)}")
