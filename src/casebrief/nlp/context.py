"""Context: is a mention asserted, negated, planned, historical, a relative's, or uncertain?

medspaCy's ConText does the scoping (its default English rules plus casebrief's own in
``resources/lexicons/context_rules.yaml``); ``casebrief_assertion`` then folds ConText's
flags, the section a mention sits in, and checkbox conventions into one label per mention:
``span._.assertion``.  Why one label: a criterion asks one question ("is this evidence?"),
and the brief shows the reviewer why a mention was not counted.
"""


import re

from medspacy.context import ConTextRule
from spacy.language import Language
from spacy.tokens import Doc, Span

from casebrief.nlp.concepts import concept_table
from casebrief.resources import load_yaml

ASSERTIONS = ("present", "negated", "hypothetical", "historical", "family", "uncertain")
_ALLOWED = {"category", "literal", "pattern", "direction", "max_scope", "allowed_types", "excluded_types"}


def context_rules(path: str = "lexicons/context_rules.yaml") -> list[ConTextRule]:
    """casebrief's ConText rules; unknown keys are an error naming the rule."""
    rules = []
    for i, r in enumerate(load_yaml(path)):
        bad = set(r) - _ALLOWED
        if bad:
            msg = f"{path}: rule {i} ({r.get('literal')!r}) has unknown keys {sorted(bad)}"
            raise ValueError(msg)
        rules.append(
            ConTextRule(
                literal=str(r["literal"]),
                category=r["category"],
                pattern=r.get("pattern"),
                direction=r.get("direction", "BIDIRECTIONAL"),
                max_scope=r.get("max_scope"),
            )
        )
    return rules


# Checkbox conventions of faxed forms: "Saddle anesthesia  [ ] Yes [X] No".
_CHECK_NO = re.compile(r"\[\s*[xX✓]\s*\]\s*(?:no|n|absent|negative)\b|☒\s*no\b|\byes\s*\[\s*\]\s*no\s*\[\s*[xX✓]\s*\]", re.I)
_CHECK_YES = re.compile(r"\[\s*[xX✓]\s*\]\s*(?:yes|y|present)\b|☒\s*yes\b", re.I)
_PLAN_VERB = re.compile(r"\b(?:will|plan(?:s|ned)?|consider|recommend(?:ed)?|refer(?:ral)?|schedul|order(?:ed)?)\b", re.I)


@Language.factory("casebrief_assertion", assigns=["span._.assertion", "span._.concept", "span._.section"])
def make_assertion(nlp: Language, name: str) -> "AssertionResolver":
    return AssertionResolver()


class AssertionResolver:
    """Fold ConText flags, sections and checkboxes into ``span._.assertion``.

    Precedence (why): family beats everything (a relative's cancer is never the patient's);
    negation beats hypothetical ("no plan to start PT" is not a plan); then hypothetical,
    uncertain, historical.
    """

    def __call__(self, doc: Doc) -> Doc:
        table = concept_table()
        for ent in doc.ents:
            ent._.concept = ent.label_
            ent._.concept_attrs = table.get(ent.label_, {})
            ent._.section = ent[0]._.section
            ent._.assertion = self.resolve(ent)
        return doc

    def resolve(self, ent: Span) -> str:
        section = ent._.section
        if ent._.is_family or section == "family_history":
            return "family"
        line_start = ent.doc.text.rfind("\n", 0, ent.start_char) + 1
        line_end = ent.doc.text.find("\n", ent.end_char)
        tail = ent.doc.text[ent.end_char : line_end if line_end >= 0 else len(ent.doc.text)][:40]
        if _CHECK_NO.match(tail.strip()) or re.match(r"^\s*[:\-]?\s*(?:no|none|negative|neg|denies|absent|n)\b(?!\s*(?:change|improvement|relief|better))", tail, re.I):
            return "negated"
        if _CHECK_YES.match(tail.strip()):
            return "present"
        del line_start
        if ent._.is_negated:
            return "negated"
        if ent._.is_hypothetical:
            return "hypothetical"
        if ent._.is_uncertain:
            return "uncertain"
        if ent._.is_historical:
            return "historical"
        return "present"
