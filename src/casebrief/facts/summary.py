"""The case's normalized facts, as the brief reports them beside the criteria.

Why: a reviewer checks a criterion against the facts behind it (when PT ran, which MRI, the
latest BMI), and a downstream system may want them without re-reading the packet.  Facts are
policy-independent; each carries the evidence span it came from and its assertion, so a
planned or negated mention is visible as such rather than silently dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from casebrief.facts.evidence import Evidence, sentence_evidence
from casebrief.facts.mentions import CaseView, regions_in
from casebrief.facts.therapy import episodes, merge_intervals, modality_groups

UNITS = {
    "bmi": "kg/m2",
    "ahi": "events/h",
    "pain": "0-10",
    "kl_grade": "grade",
    "epworth": "0-24",
    "relief_percent": "%",
    "cpap_pct_nights": "% nights >= 4 h",
    "cpap_nights_ratio": "nights of 30",
}
FACT_CATEGORIES = {
    "red_flag": "red_flag",
    "imaging_modality": "imaging",
    "exam": "exam",
    "evaluation": "evaluation",
    "comorbidity": "comorbidity",
    "infection": "infection",
}


@dataclass
class Fact:
    kind: str
    name: str
    evidence: list[Evidence]
    assertion: str = "present"
    value: float | None = None
    unit: str | None = None
    start: date | None = None
    end: date | None = None
    date: date | None = None
    detail: str | None = None
    extra: dict = field(default_factory=dict)


def case_facts(view: CaseView, limit_per_kind: int = 40) -> list[Fact]:
    facts: list[Fact] = []
    by_group: dict[str, list] = {}
    for ep in episodes(view, set(modality_groups()), None):
        if ep.days > 0 or ep.ongoing:
            by_group.setdefault((ep.group, _region(view, ep)), []).append(ep)
    for (group, region), eps in sorted(by_group.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        for start, end in merge_intervals([(e.start, e.end) for e in eps]):
            if end <= start:
                continue
            inside = [e for e in eps if start <= e.start and e.end <= end]
            evidence = [
                ev
                for e in sorted(inside, key=lambda e: (e.kind != "dated", -e.days))
                for ev in e.evidence
            ][:2]
            facts.append(
                Fact(
                    "therapy_episode",
                    group,
                    evidence,
                    start=start,
                    end=end,
                    value=round((end - start).days / 7, 1),
                    unit="weeks",
                    detail=("ongoing" if any(e.ongoing for e in inside) else "completed")
                    + (f"; {region}" if region else ""),
                )
            )
    facts.sort(key=lambda f: (f.start or date.min, f.name))
    for d in view.documents:
        for m in d.doc._.measurements:
            s, e = view.sentence_of(d, m.start)
            facts.append(
                Fact(
                    "measurement",
                    m.kind,
                    [sentence_evidence(d, s, e, (m.start, m.end))],
                    value=m.value,
                    unit=UNITS.get(m.kind),
                    date=d.date,
                    detail="computed from height and weight" if m.derived else None,
                )
            )
    seen: set[tuple[str, str, int]] = set()
    for m in view.find(categories=set(FACT_CATEGORIES), assertions=None):
        key = (m.concept, m.document.id, m.sent_start)
        if key in seen:
            continue
        seen.add(key)
        facts.append(
            Fact(
                FACT_CATEGORIES[m.category],
                m.concept,
                [m.evidence()],
                assertion=m.assertion,
                date=m.document.date,
                detail=", ".join(sorted(regions_in(m.sentence))) or None,
            )
        )
    by_kind: dict[str, int] = {}
    out = []
    for f in facts:
        by_kind[f.kind] = by_kind.get(f.kind, 0) + 1
        if by_kind[f.kind] <= limit_per_kind:
            out.append(f)
    return out


def _region(view: CaseView, ep) -> str | None:
    """The body region an episode is about: named in its quote, else its document's subject."""
    if not ep.evidence:
        return None
    named = regions_in(ep.evidence[0].quote)
    if len(named) == 1:
        return next(iter(named))
    counts = view.doc_regions(ep.evidence[0].document)
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] >= 2 else None
