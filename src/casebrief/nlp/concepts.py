"""casebrief_target_matcher: clinical concepts (concepts.yaml) as medspaCy TargetRules.

Why medspaCy's TargetRule: rules stay data (literal / token pattern / regex) and the
matched spans are exactly what ConText expects to modify.  Why not medspaCy's
``TargetMatcher`` component: medspaCy 1.3.1 appends each match to ``doc.ents`` one at a
time, and every assignment re-validates all entities, so a long record costs time in the
square of its length.  Here matches are found with :class:`~casebrief.nlp.matching.RuleMatcher`
and set once, keeping medspaCy's rule that an earlier match wins over a later one it overlaps.
"""

from functools import cache
from typing import Any

from medspacy.target_matcher import TargetRule
from spacy.language import Language
from spacy.tokens import Doc, Span

from casebrief.nlp.matching import RuleMatcher
from casebrief.resources import load_yaml

CONCEPT_KEYS = {"id", "category", "terms", "exact", "regex"}
CONCEPT_ATTRS = {
    "modality",
    "drug_class",
    "procedure",
    "historical_counts",
    "episodic",  # an acute episode (an infection): a year two or more back dates a past one
    "compressive",
    "normal",
    "severity",
}


@cache
def concept_table(path: str = "lexicons/concepts.yaml") -> dict[str, dict[str, Any]]:
    """Concept id -> its entry (category and attrs); unknown keys name the concept."""
    table: dict[str, dict[str, Any]] = {}
    for e in load_yaml(path):
        unknown = set(e) - CONCEPT_KEYS - CONCEPT_ATTRS
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
        for term in e.get("terms", []):
            pattern = [{"LOWER": t.lower_} for t in tokenizer(str(term))]
            rules.append(TargetRule(literal=str(term), category=cid, pattern=pattern))
        for term in e.get("exact", []):
            pattern = [{"TEXT": t.text} for t in tokenizer(str(term))]
            rules.append(TargetRule(literal=str(term), category=cid, pattern=pattern))
        for rx in e.get("regex", []):
            rules.append(TargetRule(literal=rx, category=cid, pattern=rx))
    return rules


@Language.factory(
    "casebrief_target_matcher",
    assigns=["doc.ents"],
    default_config={"rules": "lexicons/concepts.yaml"},
)
def make_target_matcher(nlp: Language, name: str, rules: str) -> "ConceptMatcher":
    return ConceptMatcher(RuleMatcher(nlp, target_rules(nlp.tokenizer, rules)))


class ConceptMatcher:
    """Sets ``doc.ents`` to the concept matches; an earlier match beats a later one it overlaps."""

    def __init__(self, matcher: RuleMatcher) -> None:
        self.matcher = matcher

    def __call__(self, doc: Doc) -> Doc:
        taken = bytearray(len(doc))
        for ent in doc.ents:
            taken[ent.start : ent.end] = b"\x01" * (ent.end - ent.start)
        ents = list(doc.ents)
        for match_id, start, end in self.matcher(doc):
            if any(taken[start:end]):
                continue  # medspaCy skips (with a warning) a match that overlaps an existing entity
            taken[start:end] = b"\x01" * (end - start)
            ents.append(Span(doc, start, end, label=self.matcher.rule(match_id).category))
        doc.ents = sorted(ents, key=lambda s: s.start)
        return doc
