"""What an evaluator returns for one criterion."""

from __future__ import annotations

from dataclasses import dataclass, field

from casebrief.facts.evidence import Evidence, distinct


@dataclass
class Outcome:
    status: str
    rationale: str
    evidence: list[Evidence] = field(default_factory=list)
    value: float | None = None
    more_evidence: list[Evidence] = field(default_factory=list)  # ranked below the shown quotes
    scores: list[float] = field(default_factory=list)  # the evidence scorer's logits, if it ran
    # decided by silence: no finding was documented, so the status rests on the packet having
    # been read whole (an unread page could hold the finding; see policy.reading)
    by_silence: bool = False

    def cite(self, items: list[Evidence], limit: int = 8) -> Outcome:
        """Add evidence, dropping exact duplicates, keeping order, up to ``limit`` items in all."""
        self.evidence.extend(distinct(items, limit, self.evidence))
        return self
