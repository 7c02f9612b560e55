"""Facts: what the tagged documents say, normalized, each carrying its evidence spans."""

from casebrief.facts.evidence import Evidence
from casebrief.facts.mentions import CaseView, Mention

__all__ = ["CaseView", "Evidence", "Mention"]
