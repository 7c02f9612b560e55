"""What changed between two brief versions, in criterion statuses, for the versions list.

``conservative-therapy: missing → met`` is what a nurse scans for when late records come
in; values and quotes change too often to be worth listing here (the versions are kept).
"""

from __future__ import annotations


def status_changes(before: dict | None, after: dict) -> list[dict]:
    now = {c["id"]: c["status"] for c in after.get("criteria", [])}
    if before is None:
        return []
    was = {c["id"]: c["status"] for c in before.get("criteria", [])}
    out = []
    for cid, status in now.items():
        if was.get(cid) != status:
            out.append({"criterion": cid, "from": was.get(cid), "to": status})
    for cid in was.keys() - now.keys():
        out.append({"criterion": cid, "from": was[cid], "to": None})
    return out


def describe(changes: list[dict]) -> str:
    if not changes:
        return "no status changed"
    return "; ".join(f"{c['criterion']}: {c['from'] or '—'} → {c['to'] or '—'}" for c in changes)
