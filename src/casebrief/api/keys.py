"""API keys: created once (the secret is shown once), stored hashed, checked per request.

A key reads ``cb_<key id>_<secret>``.  The id finds the row; only the SHA-256 of the
secret is stored, and it is compared in constant time.  A plain hash (not a slow password
hash) is right here because the secret is 256 random bits, not something a person chose.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from casebrief.api.models import ApiKey, utcnow

ROLES = ("nurse", "reviewer", "office", "admin")
PREFIX = "cb"


class KeyError_(ValueError):
    """A key that cannot be created (unknown role, empty organization)."""


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_key(db: Session, org: str, role: str, name: str | None = None) -> tuple[ApiKey, str]:
    """A new key of ``role`` in ``org``: the stored row, and the key itself (shown once)."""
    if role not in ROLES:
        raise KeyError_(f"role must be one of {', '.join(ROLES)}, not '{role}'")
    org = org.strip()
    if not org or len(org) > 100:
        raise KeyError_("organization must be 1 to 100 characters")
    key_id = secrets.token_hex(8)
    secret = secrets.token_urlsafe(32)
    row = ApiKey(id=key_id, org=org, role=role, name=name, secret_hash=_hash(secret))
    db.add(row)
    return row, f"{PREFIX}_{key_id}_{secret}"


def verify(db: Session, token: str) -> ApiKey | None:
    """The live key ``token`` names, or None (unknown, wrong secret, revoked)."""
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != PREFIX:
        return None
    row = db.get(ApiKey, parts[1])
    if row is None or row.revoked_at is not None:
        return None
    if not hmac.compare_digest(row.secret_hash, _hash(parts[2])):
        return None
    return row


def list_keys(db: Session) -> list[ApiKey]:
    return list(db.scalars(select(ApiKey).order_by(ApiKey.org, ApiKey.created_at)))


def revoke(db: Session, key_id: str) -> ApiKey | None:
    row = db.get(ApiKey, key_id)
    if row is not None and row.revoked_at is None:
        row.revoked_at = utcnow()
    return row
