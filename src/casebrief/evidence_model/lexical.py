"""The evidence model's lexical stage: which sentences of a whole packet look like a
criterion's evidence, cheaply enough to read every sentence.

Per criterion, a naive-Bayes log-count ratio over a sentence's words and word pairs (numbers
folded to one token): ``w[t] = log P(t | decisive) - log P(t | other)``, add-one smoothed,
kept for the terms of at least :data:`MIN_POSITIVES` decisive sentences.  A sentence's score is
the sum over the terms it holds.  Why this and not the encoder alone: the rules gather a
criterion's quotes from the sentences they parse, and the labelled decisive phrase is often
one they never read ("PHYSICAL EXAM: Deferred - video visit.", "No further visits scheduled");
finding it means scoring every sentence of the packet, and the encoder costs about 2.4 ms a
sentence (1.7 s for a 30-page packet) where these sums cost microseconds.  The stage also
carries what the encoder misses: which words a criterion's evidence is written in on our
labelled packets ("Deferred", "nunca", "RD"), where the encoder sees sentences about the same
topic as alike.  On our dev sets, folds by author batch (``casebrief train-evidence-model``
prints the figures), adding it to the encoder's score moved a decisive phrase into the first
three quotes 0.92 of the time against 0.82.

The weights are trained only on dev splits, with the encoder's head, and ship as
``models/evidence/lexical.npz``.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

import numpy as np

LEXICAL_FILE = "lexical.npz"
MIN_CHARS = 12  # shorter "sentences" are headings and table debris: never examples nor quotes
MIN_POSITIVES = 2  # a term seen in one decisive sentence only is that sentence, not a pattern
ALPHA = 1.0  # add-one smoothing of both counts
_WORD = re.compile(r"[a-z][a-z0-9'/-]*|\d+(?:\.\d+)?")


def terms(text: str) -> set[str]:
    """The words and adjacent word pairs of ``text``, lower-cased, every number one token."""
    words = ["<num>" if w[0].isdigit() else w for w in _WORD.findall(text.lower())]
    return set(words) | {f"{a} {b}" for a, b in zip(words, words[1:], strict=False)}


class LexicalWeights:
    """Per-criterion term weights (criterion key ``"<policy>/<criterion id>"``)."""

    def __init__(self, weights: dict[str, dict[str, float]]) -> None:
        self.weights = weights

    def score(self, criterion: str, term_sets: Iterable[set[str]]) -> np.ndarray:
        """One score per sentence (its term set); a criterion never trained on scores 0."""
        w = self.weights.get(criterion)
        sets = list(term_sets)
        if not w:
            return np.zeros(len(sets), dtype=np.float32)
        return np.array([sum(w.get(t, 0.0) for t in ts) for ts in sets], dtype=np.float32)

    # ------------------------------------------------------------------ persistence
    def save(self, path: Path) -> None:
        vocab = sorted({t for w in self.weights.values() for t in w})
        index = {t: i for i, t in enumerate(vocab)}
        crits = sorted(self.weights)
        rows, cols, vals = [], [], []
        for ci, c in enumerate(crits):
            for t, v in sorted(self.weights[c].items()):
                rows.append(ci)
                cols.append(index[t])
                vals.append(v)
        np.savez_compressed(
            path,
            vocab=np.array(vocab),
            criteria=np.array(crits),
            rows=np.array(rows, dtype=np.int16),
            cols=np.array(cols, dtype=np.int32),
            weights=np.array(vals, dtype=np.float16),
        )

    @classmethod
    def load(cls, path: Path) -> LexicalWeights:
        z = np.load(path)
        vocab = [str(t) for t in z["vocab"]]
        crits = [str(c) for c in z["criteria"]]
        weights: dict[str, dict[str, float]] = defaultdict(dict)
        for r, c, v in zip(z["rows"], z["cols"], z["weights"], strict=True):
            weights[crits[int(r)]][vocab[int(c)]] = float(v)
        return cls(dict(weights))


def fit(examples: Iterable[tuple[str, str, int]]) -> LexicalWeights:
    """Weights from (criterion, sentence, label) examples: every sentence of a labelled packet,
    label 1 when it holds a gold evidence phrase of the criterion."""
    pos: dict[str, Counter[str]] = defaultdict(Counter)
    neg: dict[str, Counter[str]] = defaultdict(Counter)
    n_pos: Counter[str] = Counter()
    n_neg: Counter[str] = Counter()
    cache: dict[str, set[str]] = {}
    for criterion, text, label in examples:
        ts = cache.get(text)
        if ts is None:
            ts = cache[text] = terms(text)
        if label:
            pos[criterion].update(ts)
            n_pos[criterion] += 1
        else:
            neg[criterion].update(ts)
            n_neg[criterion] += 1
    out: dict[str, dict[str, float]] = {}
    for c, counts in pos.items():
        p, n = n_pos[c] + 2 * ALPHA, n_neg[c] + 2 * ALPHA
        out[c] = {
            t: math.log((k + ALPHA) / p) - math.log((neg[c][t] + ALPHA) / n)
            for t, k in counts.items()
            if k >= MIN_POSITIVES
        }
    return LexicalWeights(out)
