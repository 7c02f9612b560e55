"""Match medspaCy rules (TargetRule, ConTextRule) against a Doc in time linear in its length.

Why not medspaCy's own ``MedspacyMatcher``: in medspaCy 1.3.1 its overlap pruning pops from
the front of a Python list (quadratic in the number of matches), and its regex matcher
rebuilds ``doc.text_with_ws`` and walks every token to place each match that does not fall
on token boundaries (quadratic in the document's length).  On a 16k-word note those two
steps cost more than the rest of the pipeline together.  This matcher keeps medspaCy's rule
types and its semantics: token patterns go to spaCy's ``Matcher``, literals to a
``PhraseMatcher`` on lower-cased tokens, regular expressions are matched case-insensitively
on the text and widened to whole tokens, and of overlapping matches the longest survives
(medspaCy's own pruning function, applied to each run of mutually overlapping matches
instead of the whole document, which gives the same result).
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable

from medspacy.common.base_rule import BaseRule
from medspacy.common.util import prune_overlapping_matches
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from casebrief.regex_prefix import with_prefix

Match = tuple[int, int, int]  # (match_id, start token, end token)


class RuleMatcher:
    """Token, phrase and regex matching for a list of medspaCy rules, pruned to the longest."""

    def __init__(
        self, nlp: Language, rules: Iterable[BaseRule] = (), *, prune: bool = True
    ) -> None:
        self.vocab = nlp.vocab
        self.tokenizer = nlp.tokenizer
        self.prune = prune
        self.rule_map: dict[str, BaseRule] = {}
        self._matcher = Matcher(nlp.vocab)
        # token patterns that are only runs of exact words, matched by hash lookup
        self._word_runs = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._exact_runs = PhraseMatcher(nlp.vocab, attr="ORTH")  # case-sensitive ones
        self._phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        # match key -> where spaCy's Matcher puts the rule's match among others on the same
        # words: by rule order, and a pattern ending in an optional step after the rest (the
        # Matcher reports it only on the next token, once the optional step has failed)
        self._order: dict[int, int] = {}
        self._regexes: list[tuple[int, re.Pattern[str]]] = []
        self.add(rules)

    def add(self, rules: Iterable[BaseRule]) -> None:
        for rule in rules:
            rule_id = f"{rule.category}_{len(self.rule_map)}"
            self.rule_map[rule_id] = rule
            key = self.vocab.strings.add(rule_id)
            self._order[key] = 2 * len(self._order) + _ends_optional(rule.pattern)
            if isinstance(rule.pattern, str):
                self._regexes.append((key, with_prefix(rule.pattern, re.IGNORECASE)))
            elif isinstance(rule.pattern, list) and _literal_sequences(rule.pattern):
                # runs of exact lower-case words (a step may allow a few, {"IN": [...]}): the
                # same matches, found by hash lookup instead of by the token Matcher's
                # per-token state machine, which tests every pattern's first step at every
                # token (several times faster on our ~1,400 such rules)
                seqs = _literal_sequences(rule.pattern)
                self._word_runs.add(rule_id, [Doc(self.vocab, words=w) for w in seqs])
            elif isinstance(rule.pattern, list) and _exact_words(rule.pattern):
                words = _exact_words(rule.pattern)
                self._exact_runs.add(rule_id, [Doc(self.vocab, words=words)])
            elif isinstance(rule.pattern, list):
                self._matcher.add(rule_id, [rule.pattern])
            elif rule.pattern is None:
                self._phrases.add(rule_id, [self.tokenizer(rule.literal.lower())])
            else:
                msg = (
                    f"rule {rule.literal!r}: pattern must be a "
                    f"string, a list or None, not {type(rule.pattern)}"
                )
                raise ValueError(msg)

    @property
    def _token_matchers(self) -> list:
        """The matchers holding token patterns, those with any (spaCy warns on an empty one)."""
        return [m for m in (self._matcher, self._word_runs, self._exact_runs) if len(m)]

    def rule(self, match_id: int) -> BaseRule:
        return self.rule_map[self.vocab.strings[match_id]]

    def __call__(self, doc: Doc) -> list[Match]:
        # token-pattern matches in the order spaCy's Matcher gives them (by place, then by
        # rule), wherever they were found, so that of two rules matching the same words the
        # same one survives the pruning as when every token pattern went to the Matcher
        tokens = sorted(
            [m for matcher in self._token_matchers for m in matcher(doc)],
            key=lambda m: (m[1], m[2], self._order[m[0]] % 2, self._order[m[0]]),
        )
        phrases = list(self._phrases(doc)) if len(self._phrases) else []
        matches = tokens + phrases + self._regex_matches(doc)
        return prune_longest(matches) if self.prune else matches

    def _regex_matches(self, doc: Doc) -> list[Match]:
        """Regex matches widened to whole tokens: from the token holding the first character to
        the token holding the last (medspaCy's ``resolve_start='left'`` and
        ``resolve_end='right'``)."""
        if not self._regexes:
            return []
        text = doc.text
        starts = [t.idx for t in doc]
        out: list[Match] = []
        for key, rx in self._regexes:
            for m in rx.finditer(text):
                start = max(bisect.bisect_right(starts, m.start()) - 1, 0)
                end = bisect.bisect_left(starts, m.end())
                if end > start:
                    out.append((key, start, end))
        return out


MAX_EXPANSIONS = 512  # a pattern allowing more word sequences than this stays a token pattern


def _ends_optional(pattern: object) -> int:
    """1 for a token pattern whose last step may match nothing ("?" or "*"), else 0."""
    if isinstance(pattern, list) and pattern and isinstance(pattern[-1], dict):
        return int(pattern[-1].get("OP") in ("?", "*"))
    return 0


def _step_words(step: object) -> tuple[list[str], bool] | None:
    """The words one plain step allows and whether it may be skipped ("OP": "?"); None for
    any other step.  ``ORTH`` is plain only for a value with no letters (":", "-"), whose
    exact text and lower case are the same."""
    if not isinstance(step, dict):
        return None
    keys = set(step) - {"OP"}
    if len(keys) != 1 or step.get("OP", "?") != "?":
        return None
    (attr,) = keys
    value = step[attr]
    if isinstance(value, dict) and set(value) == {"IN"} and isinstance(value["IN"], list):
        words = value["IN"]
    elif isinstance(value, str):
        words = [value]
    else:
        return None
    if not words or not all(isinstance(w, str) and w and w == w.lower() for w in words):
        return None
    if attr == "ORTH" and any(w != w.upper() for w in words):
        return None
    if attr not in ("LOWER", "ORTH"):
        return None
    return list(dict.fromkeys(words)), "OP" in step


def _exact_words(pattern: list) -> list[str] | None:
    """The words of a pattern of exact, case-sensitive steps (``{"TEXT": "PT"}`` or ``ORTH``,
    no operator); None for any other pattern."""
    words = []
    for step in pattern:
        if not isinstance(step, dict) or len(step) != 1 or not ({"TEXT", "ORTH"} & set(step)):
            return None
        value = next(iter(step.values()))
        if not isinstance(value, str) or not value:
            return None
        words.append(value)
    return words or None


def _literal_sequences(pattern: list) -> list[list[str]] | None:
    """Every word sequence a token pattern of plain steps matches: each step one word or a
    few (``{"LOWER": {"IN": [...]}}``), possibly optional (``"OP": "?"``), every word
    lower-case.  None for any other pattern, or one allowing too many sequences."""
    choices: list[list[str | None]] = []
    count = 1
    for step in pattern:
        plain = _step_words(step)
        if plain is None:
            return None
        words, optional = plain
        choices.append([*words, None] if optional else list(words))
        count *= len(choices[-1])
        if count > MAX_EXPANSIONS:
            return None
    seqs = [[w for w in seq if w is not None] for seq in itertools.product(*choices)]
    seqs = [seq for seq in seqs if seq]  # the Matcher never matches nothing
    return seqs or None


def prune_longest(matches: list[Match]) -> list[Match]:
    """Of overlapping matches keep the longest, as medspaCy does, one overlapping run at a time."""
    if not matches:
        return matches
    ordered = sorted(matches, key=lambda m: (m[1], m[2]))
    out: list[Match] = []
    run = [ordered[0]]
    run_end = ordered[0][2]
    for m in ordered[1:]:
        if m[1] < run_end:
            run.append(m)
            run_end = max(run_end, m[2])
            continue
        out.extend(prune_overlapping_matches(run) if len(run) > 1 else run)
        run, run_end = [m], m[2]
    out.extend(prune_overlapping_matches(run) if len(run) > 1 else run)
    return out
