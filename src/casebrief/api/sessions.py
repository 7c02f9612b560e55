"""Page logins: a session cookie standing for an API key, for people using a browser.

Why a server-side session and not a signed cookie holding the key: the key never reaches
the browser's storage after the login form, logging out (or revoking the key) ends the
session at once, and the database keeps only the SHA-256 of the cookie's token, as it does
for keys.  The cookie is HttpOnly (no script reads it) and SameSite=Strict (no other site
sends it); a state-changing request made with it must also carry the session's CSRF token in
``X-CSRF-Token``, which the page reads from its own HTML.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import delete
from sqlalchemy.orm import Session

from casebrief.api.models import ApiKey, WebSession, utcnow

COOKIE = "casebrief_session"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class PageLogin:
    key: ApiKey
    csrf: str


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(db: Session, key: ApiKey, hours: float) -> tuple[str, str]:
    """A new session for ``key``: (the cookie's token, shown once; the CSRF token).  Expired
    sessions are swept here, so the table holds only live ones."""
    now = utcnow()
    db.execute(delete(WebSession).where(WebSession.expires_at < now))
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
    db.add(
        WebSession(
            token_hash=_hash(token),
            key_id=key.id,
            csrf=csrf,
            expires_at=now + dt.timedelta(hours=hours),
        )
    )
    return token, csrf


def find_session(db: Session, token: str | None) -> PageLogin | None:
    """The live session the cookie names and its key, or None (unknown, expired, logged out,
    or its key revoked)."""
    if not token or len(token) > 100:
        return None
    row = db.get(WebSession, _hash(token))
    if row is None or row.expires_at < utcnow():
        return None
    key = db.get(ApiKey, row.key_id)
    if key is None or key.revoked_at is not None:
        return None
    return PageLogin(key, row.csrf)


def close_session(db: Session, token: str | None) -> None:
    if token and len(token) <= 100:
        db.execute(delete(WebSession).where(WebSession.token_hash == _hash(token)))


def csrf_ok(login: PageLogin, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(login.csrf, given)
