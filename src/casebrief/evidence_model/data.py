"""Training and evaluation examples for the evidence scorer, from labelled cases.

An example is (criterion, sentence, label): a sentence of a case's records is a positive for a
criterion when it contains one of that criterion's gold evidence phrases (``expected.json``),
else a negative.  Every sentence of every record is an example for every criterion of the
case's policy, so the model learns what a criterion's evidence looks like against everything
else a packet says, including the rules' own wrong quotes (which are sentences of the packet).

Only ``dev`` splits are ever read for training: it refuses any case that lies under a
``test`` folder (the test splits are scored, never tuned on).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from casebrief.evaluation.cases import fold
from casebrief.evidence_model.lexical import MIN_CHARS


@dataclass(frozen=True)
class Example:
    case_id: str
    criterion: str  # "<policy>/<criterion id>"
    text: str
    label: int
    cited: int  # rank of this sentence among the rules' quotes for the criterion (0 = first), -1
    status: str = ""  # what the rules decided for the criterion


def case_sentences(case_dir: Path):
    """(policy, outcomes, [(document, start, end)]) of one case, as the brief reads it."""
    from casebrief.service import evaluate_case

    ev = evaluate_case(case_dir)
    sents = [
        (d, s, e)
        for d in ev.view.documents
        if d.type != "request_form"
        for s, e in ev.view.sentences(d)
        if len(d.text[s:e].strip()) >= MIN_CHARS
    ]
    return ev.policy, ev.outcomes, sents


def case_examples(case_dir: Path) -> list[Example]:
    gold = json.loads((case_dir / "expected.json").read_text())
    pol, outcomes, sents = case_sentences(case_dir)
    out: list[Example] = []
    for c, o in outcomes:
        phrases = [fold(p) for p in gold.get("evidence", {}).get(c.id, [])]
        cited = {(e.document.id, e.start, e.end): i for i, e in enumerate(o.evidence)}
        for d, s, e in sents:
            text = d.text[s:e]
            label = int(any(p in fold(text) for p in phrases))
            rank = next(
                (i for (doc, a, b), i in cited.items() if doc == d.id and a < e and s < b), -1
            )
            out.append(
                Example(case_dir.name, f"{pol.id}/{c.id}", text.strip(), label, rank, o.status)
            )
    return out


def dev_examples(roots: list[Path]) -> list[Example]:
    out: list[Example] = []
    for root in roots:
        for exp in sorted(root.rglob("expected.json")):
            if "test" in exp.resolve().parts:  # checked per case: a root may hold both splits
                msg = f"{exp.parent}: a test split is scored, never trained on"
                raise ValueError(msg)
            out.extend(case_examples(exp.parent))
    return out
