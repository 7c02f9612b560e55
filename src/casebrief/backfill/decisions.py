"""Recorded decisions against briefs, as data: the words a manifest may use for a decision,
and which brief summaries agree with which decision.

Why a table and not code: what counts as a disagreement is a policy of the people reading the
report, and they should be able to read (and change) it in one place.  casebrief never
recommends a denial, so "agrees" only means the documentation casebrief found points the same
way as the decision a person made: an approval with every criterion met, a denial or a pend
where a criterion was not met or its documentation was missing.  A brief that a reviewer must
look at (``needs_review``) neither agrees nor disagrees, and partial or withdrawn requests
are not compared.
"""

from __future__ import annotations

# the normal form of a decision -> the words a manifest may use for it (case-insensitive)
DECISIONS: dict[str, tuple[str, ...]] = {
    "approved": ("approved", "approve", "approval", "certified", "authorized", "granted"),
    "denied": ("denied", "deny", "denial", "adverse", "not certified", "not authorized"),
    "pended": ("pended", "pend", "pending", "more information requested", "rfi"),
    "partial": ("partial", "partially approved", "modified"),
    "withdrawn": ("withdrawn", "cancelled", "canceled", "voided"),
}

# (decision, brief summary status) -> "agrees" | "disagrees"; absent pairs are not compared
AGREEMENT: dict[tuple[str, str], str] = {
    ("approved", "criteria_met"): "agrees",
    ("approved", "criteria_not_met"): "disagrees",
    ("approved", "documentation_incomplete"): "disagrees",
    ("denied", "criteria_met"): "disagrees",
    ("denied", "criteria_not_met"): "agrees",
    ("denied", "documentation_incomplete"): "agrees",
    ("pended", "criteria_met"): "disagrees",
    ("pended", "documentation_incomplete"): "agrees",
}

_WORDS = {w: normal for normal, words in DECISIONS.items() for w in words}


def normalize_decision(value: str) -> str | None:
    """The normal form of a manifest's decision, or None when it is not a known word."""
    return _WORDS.get(" ".join(value.lower().replace("_", " ").replace("-", " ").split()))


def agreement(decision: str | None, summary: str | None) -> str | None:
    """ "agrees", "disagrees", or None (no decision, no brief, or a pair not compared)."""
    if not decision or not summary:
        return None
    return AGREEMENT.get((decision, summary))
