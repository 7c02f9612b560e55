"""The evidence scorer: how likely a sentence is decisive evidence for a criterion.

A logistic head over frozen all-MiniLM-L6-v2 sentence embeddings ``s`` and the embedding ``q``
of the criterion's own words (its title and what the office is asked to send, from the policy
file): features ``[s * q, s, one-hot(criterion), s . q]``.  The ``s * q`` and ``s . q`` parts
let a criterion the model never saw (a payer's own policy) still be scored by its wording.

A status-aware head (``meta.json``'s ``status_aware``; ``casebrief train-evidence-model``
trains one unless ``--no-status``) adds ``s`` once per status the rules decided (met, not met,
for review): the decisive quote of a criterion not met is seldom a met one's -- "Encounter type:
Telephone" rather than "Neck circumference 17 in" for a face-to-face visit before the sleep
test.  Chosen on records no model had seen: on the twenty-first and twenty-second dev batches
(48 cases), evidence recall 0.769 with the head trained on 508 cases, 0.781 with the same head
retrained on 652, 0.786 status-aware; evidence@3 0.950 / 0.960 / 0.965.  In folds by author
batch the two retrained heads tie (shown recall 0.773 / 0.775).

Why a trained head and not fine-tuning: 1,200 positive sentences from our dev sets are enough
to fit 1,200 weights, not 22 million; the head trains in seconds on a CPU, and the encoder
stays the published one.  ``casebrief train-evidence-model`` rebuilds ``head.npz``.

A sentence's score is the head's logit plus :data:`LEXICAL_WEIGHT` times the lexical stage's
(:mod:`casebrief.evidence_model.lexical`, ``lexical.npz``) when that file is present.
"""

from __future__ import annotations

import json
import logging
import os
from functools import lru_cache
from pathlib import Path

import numpy as np

from casebrief.evidence_model.lexical import LEXICAL_FILE, LexicalWeights, terms

HEAD_FILE = "head.npz"
META_FILE = "meta.json"
# the lexical score's weight beside the head's logit: chosen on our dev sets' folds by author
# batch (0.1 to 0.5 gave the same evidence@3 within 0.01; see train.py's figures)
LEXICAL_WEIGHT = 0.25
log = logging.getLogger(__name__)


def default_model_dir() -> Path:
    """``$CASEBRIEF_EVIDENCE_MODEL_DIR``, else ``models/evidence`` of the source tree (the model
    ships with the project; the README installs it editable)."""
    env = os.environ.get("CASEBRIEF_EVIDENCE_MODEL_DIR")
    return Path(env) if env else Path(__file__).resolve().parents[3] / "models" / "evidence"


def criterion_text(title: str, missing_documentation: str) -> str:
    return f"{title}. {missing_documentation}"


# what the rules decided: the decisive quote of a not-met criterion is not a met one's ("Encounter
# type: Telephone" against "Neck circumference 17 in" for a face-to-face visit before the test)
STATUS_GROUPS = ("met", "not_met", "needs_review")


def status_groups(statuses: list[str]) -> np.ndarray:
    """One row per sentence: which of :data:`STATUS_GROUPS` the criterion's status is (all zero
    for missing / not applicable)."""
    out = np.zeros((len(statuses), len(STATUS_GROUPS)), dtype=np.float32)
    for i, st in enumerate(statuses):
        if st in STATUS_GROUPS:
            out[i, STATUS_GROUPS.index(st)] = 1.0
    return out


def features(
    s: np.ndarray, q: np.ndarray, onehot: np.ndarray, groups: np.ndarray | None = None
) -> np.ndarray:
    """``[s * q, s, one-hot(criterion), s . q]`` and, with ``groups`` (:func:`status_groups`),
    ``s`` once more per status group, so a sentence's weight may depend on what was decided."""
    sq = s * q
    parts = [sq, s, onehot, sq.sum(1, keepdims=True)]
    if groups is not None:
        parts += [s * groups[:, [g]] for g in range(groups.shape[1])]
    return np.hstack(parts).astype(np.float32)


class EvidenceScorer:
    def __init__(self, model_dir: Path) -> None:
        from casebrief.evidence_model.encoder import SentenceEncoder

        self.model_dir = model_dir
        head = np.load(model_dir / HEAD_FILE)
        self.w, self.b = head["w"], float(head["b"][0])
        self.criteria = [str(k) for k in head["criteria"]]
        self.index = {k: i for i, k in enumerate(self.criteria)}
        self.queries = {k: head["queries"][i] for i, k in enumerate(self.criteria)}
        self.encoder = SentenceEncoder(model_dir)
        self.meta = json.loads((model_dir / META_FILE).read_text())
        lexical = model_dir / LEXICAL_FILE
        self.lexical = LexicalWeights.load(lexical) if lexical.is_file() else None

    def query(self, key: str, text: str) -> np.ndarray:
        if key not in self.queries:  # a criterion the model was not trained on: its own words
            self.queries[key] = self.encoder.encode([text])[0]
        return self.queries[key]

    @property
    def status_aware(self) -> bool:
        """Whether the head was trained with the status features (:func:`features`)."""
        dim = self.encoder_dim
        return len(self.w) == 2 * dim + len(self.criteria) + 1 + len(STATUS_GROUPS) * dim

    @property
    def encoder_dim(self) -> int:
        return len(next(iter(self.queries.values())))

    def logits(
        self, key: str, query_text: str, embeddings: np.ndarray, status: str = ""
    ) -> np.ndarray:
        """One logit per embedded sentence for criterion ``key`` ("<policy>/<criterion>"),
        decided ``status`` (read only by a status-aware head)."""
        q = np.broadcast_to(self.query(key, query_text), embeddings.shape)
        onehot = np.zeros((len(embeddings), len(self.criteria)), dtype=np.float32)
        if key in self.index:
            onehot[:, self.index[key]] = 1.0
        groups = status_groups([status] * len(embeddings)) if self.status_aware else None
        return features(embeddings, q, onehot, groups) @ self.w + self.b

    def lexical_scores(self, key: str, term_sets: list[set[str]]) -> np.ndarray:
        """The lexical stage's scores, weighted as they enter :meth:`scores` (zeros without it)."""
        if self.lexical is None:
            return np.zeros(len(term_sets), dtype=np.float32)
        return LEXICAL_WEIGHT * self.lexical.score(key, term_sets)

    def scores(
        self,
        key: str,
        query_text: str,
        embeddings: np.ndarray,
        texts: list[str],
        status: str = "",
    ) -> np.ndarray:
        """Head logit plus weighted lexical score, one per sentence (``texts`` embedded as
        ``embeddings``)."""
        return self.logits(key, query_text, embeddings, status) + self.lexical_scores(
            key, [terms(t) for t in texts]
        )


@lru_cache(maxsize=1)
def get_scorer(model_dir: str | None = None) -> EvidenceScorer | None:
    """The shipped scorer, loaded once per process; None (rules-only ranking) when
    ``CASEBRIEF_EVIDENCE_MODEL=off`` or the model files are absent or cannot be loaded -- the
    brief never fails for want of the model."""
    if os.environ.get("CASEBRIEF_EVIDENCE_MODEL", "").lower() in {"off", "0", "false", "no"}:
        return None
    path = Path(model_dir) if model_dir else default_model_dir()
    if not (path / HEAD_FILE).is_file():
        log.warning("evidence model not found under %s: evidence keeps the rules' order", path)
        return None
    try:
        return EvidenceScorer(path)
    except Exception as exc:  # noqa: BLE001 - a broken model file must not cost the brief
        log.error("evidence model under %s could not be loaded (%s)", path, type(exc).__name__)
        return None
