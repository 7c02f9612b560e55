"""casebrief_context: medspaCy's ConText algorithm, run one sentence at a time.

The rules are medspaCy's default English ConText rules plus casebrief's own
(``resources/lexicons/context_rules.yaml``), as ``ConTextRule`` objects; modifiers, their
scopes and the edges between modifiers and targets are medspaCy's ``ConTextModifier`` and
``ConTextGraph``.  Why a component of our own: medspaCy 1.3.1 compares every modifier with
every other modifier and with every target of the whole document, so its cost grows with
the square of the document's length (seconds on a 16k-word note, minutes on a long
record).  A modifier's scope never leaves its sentence (casebrief sets no document-wide
window), so running the same graph per sentence gives exactly medspaCy's edges in linear
time.  Sets ``span._.modifiers``, the ``span._.is_*`` flags and ``doc._.context_graph``.
"""

from collections.abc import Callable
from pathlib import Path

import medspacy.context.context as medspacy_context
from medspacy.context import ConText, ConTextGraph, ConTextModifier, ConTextRule
from spacy.language import Language
from spacy.tokens import Doc, Span

from casebrief.nlp.matching import RuleMatcher
from casebrief.resources import load_yaml

ALLOWED_RULE_KEYS = {
    "category",
    "literal",
    "pattern",
    "direction",
    "max_scope",
    "max_targets",
    "allowed_types",
    "excluded_types",
    "terminated_by",
}
MEDSPACY_DEFAULT_RULES = (
    Path(medspacy_context.__file__).resolve().parents[2] / "resources" / "en" / "context_rules.json"
)
SPAN_FLAGS = medspacy_context.DEFAULT_ATTRIBUTES
# A new clause of the patient's own ("Denies diabetes or sleep apnea, and he has hypertension on
# lisinopril") ends a denial's scope, though no ConText terminator ("but", ";") stands between.
# Its rules (category CLAUSE_TURN, direction PSEUDO, in context_rules.yaml) modify nothing; they
# end only the scopes of the categories listed here.  Not FAMILY: after "Her mother had breast
# cancer, and has hypertension" the new clause is still the mother's.
CLAUSE_TURN = "CLAUSE_TURN"
ENDED_BY_CLAUSE_TURN = frozenset({"NEGATED_EXISTENCE"})


def context_rules(
    tokenizer: Callable[[str], Doc], path: str = "lexicons/context_rules.yaml"
) -> list[ConTextRule]:
    """casebrief's ConText rules; unknown keys are an error naming the rule.

    ``tokenizer`` is the pipeline's own (scispaCy's rules), so a literal's token pattern is
    cut exactly as the text it must match will be (and no second tokenizer is built: that
    cost a fifth of a second at start-up).

    A rule given only as a literal is turned into a case-insensitive token pattern.  Why:
    medspaCy keeps the longest of overlapping modifier matches and, between matches of the
    same span, the token-pattern one; so where one of our literals coincides with a medspaCy
    default (e.g. "resolved", which the defaults scope forward), ours decides.
    """
    rules = []
    for i, r in enumerate(load_yaml(path)):
        bad = set(r) - ALLOWED_RULE_KEYS
        if bad:
            msg = f"{path}: rule {i} ({r.get('literal')!r}) has unknown keys {sorted(bad)}"
            raise ValueError(msg)
        pattern = r.get("pattern")
        if pattern is None:
            pattern = [{"LOWER": t.lower_} for t in tokenizer(str(r["literal"])) if not t.is_space]
        rules.append(
            ConTextRule(
                literal=str(r["literal"]),
                category=r["category"],
                pattern=pattern,
                direction=r.get("direction", "BIDIRECTIONAL"),
                max_scope=r.get("max_scope"),
                max_targets=r.get("max_targets"),
                allowed_types=set(r["allowed_types"]) if r.get("allowed_types") else None,
                excluded_types=set(r["excluded_types"]) if r.get("excluded_types") else None,
                terminated_by=set(r["terminated_by"]) if r.get("terminated_by") else None,
            )
        )
    return rules


@Language.factory(
    "casebrief_context",
    assigns=["span._.modifiers", "doc._.context_graph"],
    requires=["doc.ents", "token.is_sent_start"],
    default_config={"rules": "lexicons/context_rules.yaml", "medspacy_defaults": True},
)
def make_context(
    nlp: Language, name: str, rules: str, medspacy_defaults: bool
) -> "SentenceContext":
    found = ConTextRule.from_json(str(MEDSPACY_DEFAULT_RULES)) if medspacy_defaults else []
    every = [*found, *context_rules(nlp.tokenizer, rules)]
    for r in every:
        if r.category.upper() in ENDED_BY_CLAUSE_TURN:
            r.terminated_by = {*r.terminated_by, CLAUSE_TURN}
    return SentenceContext(nlp, every)


class SentenceContext:
    """ConText over ``doc.ents``, one sentence at a time (see the module docstring)."""

    def __init__(self, nlp: Language, rules: list[ConTextRule]) -> None:
        self.matcher = RuleMatcher(nlp, rules)
        ConText.register_graph_attributes()
        ConText.register_default_attributes()

    def __call__(self, doc: Doc) -> Doc:
        sent_of = _sentence_index(doc)
        by_sentence: dict[int, tuple[list[Span], list[ConTextModifier]]] = {}
        modifiers = []
        for match_id, start, end in self.matcher(doc):
            modifier = ConTextModifier(self.matcher.rule(match_id), start, end, doc)
            modifiers.append(modifier)
            by_sentence.setdefault(sent_of[start], ([], []))[1].append(modifier)
        targets = list(doc.ents)
        for target in targets:
            for s in range(sent_of[target.start], sent_of[target.end - 1] + 1):
                if s in by_sentence:
                    by_sentence[s][0].append(target)
        edges = []
        for sent_targets, sent_modifiers in by_sentence.values():
            if not sent_targets:
                continue
            graph = ConTextGraph(targets=sent_targets, modifiers=sent_modifiers)
            graph.update_scopes()
            graph.apply_modifiers()
            edges.extend(graph.edges)
        for target, modifier in edges:
            target._.modifiers += (modifier,)
            for attr, value in SPAN_FLAGS.get(modifier.category, {}).items():
                setattr(target._, attr, value)
        doc._.context_graph = ConTextGraph(targets=targets, modifiers=modifiers, edges=edges)
        return doc


def _sentence_index(doc: Doc) -> list[int]:
    """The sentence number of every token, in one pass."""
    out = [0] * len(doc)
    n = -1
    for tok in doc:
        if tok.is_sent_start or tok.i == 0:
            n += 1
        out[tok.i] = n
    return out
