"""What an evaluator returns for one criterion."""

from __future__ import annotations

from dataclasses import dataclass, field

from casebrief.facts.evidence import Evidence


@dataclass
class Outcome:
    status: str
    rationale: str
    evidence: list[Evidence] = field(default_factory=list)
    value: float | None = None

    def cite(self, items: list[Evidence], limit: int = 8) -> "Outcome":
        """Add evidence, dropping exact duplicates, keeping order."""
        seen = {(e.document.id, e.start, e.end) for e in self.evidence}
        for ev in items:
            key = (ev.document.id, ev.start, ev.end)
            if key not in seen and len(self.evidence) < limit:
                self.evidence.append(ev)
                seen.add(key)
        return self
