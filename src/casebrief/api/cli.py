"""``casebrief serve``, ``keys``, ``benchmark-api`` and ``benchmark-page``: the service's
commands, registered into the main parser.  Nothing here imports the service's packages
until a command runs, so ``casebrief brief`` works without the ``service`` extra."""

from __future__ import annotations

import argparse
import sys

from casebrief.errors import CasebriefError


class ServiceMissing(CasebriefError):
    """The service extra is not installed."""


def _need_service() -> None:
    try:
        import fastapi  # noqa: F401
        import sqlalchemy  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as exc:
        raise ServiceMissing(
            f"the service needs the 'service' extra ({exc.name} is not installed): "
            "pip install 'casebrief[service]'"
        ) from None


def _sessions():  # noqa: ANN202
    from casebrief.api.db import make_engine, migrate, session_factory
    from casebrief.api.settings import Settings

    settings = Settings()
    settings.prepare()
    engine = make_engine(settings.url)
    migrate(engine)
    return session_factory(engine)


def _cmd_serve(a: argparse.Namespace) -> int:
    _need_service()
    import os

    import uvicorn

    from casebrief.api.app import create_app
    from casebrief.api.logs import configure
    from casebrief.api.settings import Settings

    overrides = {"workers": a.workers} if a.workers is not None else {}
    settings = Settings(**overrides)
    settings.data_dir = settings.data_dir.resolve()  # workers resolve it alike, whatever cwd
    configure(settings.log_level)
    if settings.policy_dir is not None:
        os.environ["CASEBRIEF_POLICY_DIR"] = str(settings.policy_dir.resolve())
    app = create_app(settings)
    uvicorn.run(
        app,
        host=a.host,
        port=a.port,
        log_config=None,
        timeout_graceful_shutdown=int(settings.shutdown_grace_seconds) + 5,
    )
    return 0


def _cmd_keys(a: argparse.Namespace) -> int:
    _need_service()
    from casebrief.api.db import transaction
    from casebrief.api.keys import KeyError_, create_key, list_keys, revoke

    factory = _sessions()
    with transaction(factory) as db:
        if a.keys_command == "create":
            try:
                row, key = create_key(db, a.org, a.role, a.name)
            except KeyError_ as exc:
                print(f"casebrief: error: {exc}", file=sys.stderr)
                return 2
            print(key)
            print(
                f"key {row.id} ({a.role} of {row.org}) created; the key is shown only once",
                file=sys.stderr,
            )
        elif a.keys_command == "list":
            for k in list_keys(db):
                state = f"revoked {k.revoked_at:%Y-%m-%d}" if k.revoked_at else "active"
                used = f"{k.last_used_at:%Y-%m-%d %H:%M}" if k.last_used_at else "never"
                print(f"{k.id}  {k.org:20s} {k.role:9s} {state:18s} used {used:16s} {k.name or ''}")
        else:
            row = revoke(db, a.key_id)
            if row is None:
                print(f"casebrief: error: no key '{a.key_id}'", file=sys.stderr)
                return 2
            print(f"key {row.id} revoked")
    return 0


def _cmd_benchmark_api(a: argparse.Namespace) -> int:
    _need_service()
    from casebrief.api.benchmark import run_api_benchmark

    return run_api_benchmark(
        cases=a.cases,
        clients=a.clients,
        pages=a.pages,
        workers=a.workers,
        database_url=a.database_url,
    )


def _cmd_benchmark_page(a: argparse.Namespace) -> int:
    _need_service()
    from casebrief.web.benchmark import run_page_benchmark

    return run_page_benchmark(pages=a.pages, repeats=a.repeats)


def add_commands(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("serve", help="run the HTTP API (FastAPI on uvicorn) with its workers")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8080)
    s.add_argument(
        "--workers", type=int, help="worker processes (default CASEBRIEF_WORKERS, else 2)"
    )
    s.set_defaults(fn=_cmd_serve)

    k = sub.add_parser("keys", help="create, list or revoke API keys")
    ks = k.add_subparsers(dest="keys_command", required=True)
    c = ks.add_parser("create", help="create a key; it is printed once")
    c.add_argument("--org", required=True)
    c.add_argument("--role", required=True, choices=["nurse", "reviewer", "office", "admin"])
    c.add_argument("--name")
    ks.add_parser("list", help="list keys (never their secrets)")
    r = ks.add_parser("revoke", help="revoke a key by its id")
    r.add_argument("key_id")
    k.set_defaults(fn=_cmd_keys)

    b = sub.add_parser(
        "benchmark-api",
        help="submit-to-brief latency through a real server at 1 and N concurrent clients",
    )
    b.add_argument("--cases", type=int, default=20, help="cases per concurrency level")
    b.add_argument("--clients", type=int, nargs="+", default=[1, 10])
    b.add_argument("--pages", type=int, default=10)
    b.add_argument("--workers", type=int, default=2)
    b.add_argument("--database-url", help="default: a fresh SQLite database in a temp dir")
    b.set_defaults(fn=_cmd_benchmark_api)

    p = sub.add_parser(
        "benchmark-page",
        help="the reviewer page in headless Chromium: first paint, page weight, page images",
    )
    p.add_argument("--pages", type=int, default=30, help="pages of the generated packet")
    p.add_argument("--repeats", type=int, default=5, help="later views to time")
    p.set_defaults(fn=_cmd_benchmark_page)
