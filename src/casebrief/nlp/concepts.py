"""Concept rules: concepts.yaml becomes medspaCy TargetRules for ``medspacy_target_matcher``.

Why medspaCy's TargetMatcher: rules stay data (literal / token pattern / regex) and the
matched spans are exactly what medspaCy's ConText expects to modify.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from medspacy.target_matcher import TargetRule

from casebrief.resources import load_yaml

ATTR_KEYS_SKIP = {"id", "category", "terms", "exact", "regex"}


@lru_cache(maxsize=None)
def concept_table(path: str = "lexicons/concepts.yaml") -> dict[str, dict[str, Any]]:
    """Concept id -> its entry (category and attrs)."""
    entries = load_yaml(path)
    table: dict[str, dict[str, Any]] = {}
    for e in entries:
        unknown = set(e) - ATTR_KEYS_SKIP - {"modality", "drug_class", "procedure", "historical_counts", "compressive", "normal", "severity"}
        if unknown:
            msg = f"{path}: concept {e.get('id')!r} has unknown keys {sorted(unknown)}"
            raise ValueError(msg)
        table[e["id"]] = e
    return table


def target_rules(tokenizer: Any, path: str = "lexicons/concepts.yaml") -> list[TargetRule]:
    """TargetRules for every concept; literals are tokenized with the pipeline's own tokenizer
    so a multi-token term ("bone-on-bone", "4+/5") matches exactly as text is tokenized."""
    rules: list[TargetRule] = []
    for cid, e in concept_table(path).items():
        label = cid
        for term in e.get("terms", []):
            pattern = [{"LOWER": t.lower_} for t in tokenizer(str(term))]
            rules.append(TargetRule(literal=str(term), category=label, pattern=pattern))
        for term in e.get("exact", []):
            pattern = [{"TEXT": t.text} for t in tokenizer(str(term))]
            rules.append(TargetRule(literal=str(term), category=label, pattern=pattern))
        for rx in e.get("regex", []):
            rules.append(TargetRule(literal=rx, category=label, pattern=rx))
    return rules
