"""FastAPI dependencies: the database session and who asks (key, organization, role).

Every route but ``/healthz`` and ``/readyz`` depends on :func:`allow`: no key or a key
that is unknown or revoked is 401; a role the route does not admit is 403 (audited).
A browser logged in to the reviewer page is the key it logged in with: its session cookie
is accepted in place of the header, and a request that changes anything must then carry
the session's CSRF token (:mod:`casebrief.api.sessions`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from casebrief.api.keys import verify
from casebrief.api.models import utcnow
from casebrief.api.problems import Problem
from casebrief.api.sessions import COOKIE, CSRF_HEADER, SAFE_METHODS, csrf_ok, find_session
from casebrief.api.settings import Settings

LAST_USED_EVERY = dt.timedelta(minutes=1)
bearer = HTTPBearer(auto_error=False, description="an API key from `casebrief keys create`")


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_db(request: Request) -> Iterator[Session]:
    with request.app.state.sessions() as db:
        yield db


DB = Annotated[Session, Depends(get_db)]


@dataclass(frozen=True)
class Principal:
    key_id: str
    org: str
    role: str


def principal(
    request: Request,
    creds: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    if creds is None and request.cookies.get(COOKIE):
        return _page_login(request)
    if creds is None or creds.scheme.lower() != "bearer":
        raise Problem(
            401,
            "an API key is required: Authorization: Bearer <key>",
            headers={"WWW-Authenticate": "Bearer"},
            kind="unauthorized",
        )
    with request.app.state.sessions() as db, db.begin():
        row = verify(db, creds.credentials)
        if row is None:
            raise Problem(
                401,
                "the API key is unknown or revoked",
                headers={"WWW-Authenticate": "Bearer"},
                kind="unauthorized",
            )
        now = utcnow()
        if row.last_used_at is None or now - row.last_used_at > LAST_USED_EVERY:
            row.last_used_at = now  # not on every request: each write takes SQLite's lock
        return Principal(row.id, row.org, row.role)


def _page_login(request: Request) -> Principal:
    with request.app.state.sessions() as db, db.begin():
        login = find_session(db, request.cookies.get(COOKIE))
        if login is None:
            raise Problem(
                401,
                "the page login has expired: log in again",
                headers={"WWW-Authenticate": "Bearer"},
                kind="unauthorized",
            )
        if request.method not in SAFE_METHODS and not csrf_ok(
            login, request.headers.get(CSRF_HEADER)
        ):
            raise Problem(
                403, f"a page request that changes anything needs {CSRF_HEADER}", kind="forbidden"
            )
        return Principal(login.key.id, login.key.org, login.key.role)


def allow(*roles: str):
    """A dependency admitting the given roles (admin is always admitted)."""
    admitted = set(roles) | {"admin"}

    def check(request: Request, who: Annotated[Principal, Depends(principal)]) -> Principal:
        if who.role not in admitted:
            case_id = request.path_params.get("case_id")
            raise Problem(
                403,
                f"role '{who.role}' may not do this (allowed: {', '.join(sorted(admitted))})",
                kind="forbidden",
                audit={
                    "who": who,
                    "action": "denied",
                    "case_id": case_id if case_id and len(case_id) <= 36 else None,
                    "detail": {"route": request.scope["route"].path},
                },
            )
        return who

    return check
