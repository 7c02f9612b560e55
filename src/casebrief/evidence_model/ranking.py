"""Rank each criterion's quotes, decisive first, and keep at most five in view.

The rules decide a criterion's status and gather its candidate quotes; the evidence scorer
orders them (ties keep the rules' order).  A reviewer reads the first quotes: on our dev sets
(5-fold by case) a gold phrase is among the first three candidate quotes 0.95 of the time in
the model's order against 0.91 in the rules' order (``casebrief train-evidence-model`` prints
the figures).  The quotes beyond :data:`SHOWN` stay in the brief as ``more_evidence``.
"""

from __future__ import annotations

import numpy as np

from casebrief.evidence_model.scorer import EvidenceScorer, criterion_text
from casebrief.facts.evidence import whole_lines
from casebrief.policy.result import Outcome
from casebrief.policy.schema import Criterion, Policy

SHOWN = 5
RANKED = 8  # the rules' first candidates the model reorders; later ones keep their place


def rank_outcomes(
    policy: Policy,
    outcomes: list[tuple[Criterion, Outcome]],
    scorer: EvidenceScorer | None,
) -> None:
    """Reorder every outcome's evidence in place and move all but the first :data:`SHOWN` to
    ``more_evidence``.  Without a scorer the rules' order stands.  Quotes are first widened to
    their whole lines (:func:`~casebrief.facts.evidence.whole_lines`)."""
    for _, o in outcomes:
        o.evidence = whole_lines(o.evidence)
    if scorer is not None:
        quotes = sorted(
            {
                " ".join(e.quote.split())
                for _, o in outcomes
                if len(o.evidence) > 1
                for e in o.evidence[:RANKED]
            },
            key=len,
        )
        emb = dict(zip(quotes, scorer.encoder.encode(quotes), strict=True)) if quotes else {}
        for c, o in outcomes:
            if len(o.evidence) < 2:
                continue
            head, tail = o.evidence[:RANKED], o.evidence[RANKED:]
            vectors = np.vstack([emb[" ".join(e.quote.split())] for e in head])
            logits = scorer.logits(
                f"{policy.id}/{c.id}", criterion_text(c.title, c.missing_documentation), vectors
            )
            order = sorted(range(len(head)), key=lambda i: (-float(logits[i]), i))
            o.evidence = [head[i] for i in order] + tail
            o.scores = [round(float(logits[i]), 3) for i in order]
    for _, o in outcomes:
        o.more_evidence = o.evidence[SHOWN:]
        o.evidence = o.evidence[:SHOWN]
        if o.scores:
            o.scores = o.scores[:SHOWN]
