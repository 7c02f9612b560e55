"""The learned evidence scorer: it loads from models/evidence, ranks decisive quotes first,
never changes a status, and the brief works without it."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from casebrief.evidence_model.data import dev_examples
from casebrief.evidence_model.ranking import SHOWN, rank_outcomes
from casebrief.evidence_model.scorer import (
    EvidenceScorer,
    criterion_text,
    default_model_dir,
    get_scorer,
)
from casebrief.policy import get_policy
from casebrief.service import brief_case

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "annotated_samples" / "dev"


@pytest.fixture(scope="module")
def scorer() -> EvidenceScorer:
    s = get_scorer()
    assert s is not None, f"the shipped evidence model is missing from {default_model_dir()}"
    return s


def _logits(scorer: EvidenceScorer, policy: str, criterion: str, texts: list[str]) -> np.ndarray:
    c = next(c for c in get_policy(policy).criteria if c.id == criterion)
    return scorer.logits(
        f"{policy}/{criterion}",
        criterion_text(c.title, c.missing_documentation),
        scorer.encoder.encode(texts),
    )


def test_model_is_small_and_says_what_it_was_trained_on(scorer: EvidenceScorer) -> None:
    size = sum(f.stat().st_size for f in default_model_dir().iterdir())
    assert size < 50e6, size
    assert all("test" not in Path(p).parts for p in scorer.meta["sets"])
    cv = scorer.meta["cross_validation"]
    head, both = cv["encoder_head"], cv["encoder_head_and_lexical"]
    assert head["model_order_at_3"] > head["rules_order_at_3"], cv
    assert both["model_order_at_3"] > head["model_order_at_3"], cv  # the lexical stage earns it
    search = cv["packet_search"]
    assert search["shown_recall_with_packet_search"] > search["shown_recall_rules_quotes"], cv
    assert search["at_3_with_packet_search"] >= search["at_3_rules_quotes"], cv


@pytest.mark.parametrize(
    ("policy", "criterion", "good", "bad"),
    [
        (
            "lumbar-spine-mri",
            "conservative-therapy",
            "She attended physical therapy twice weekly from 10/20/2025 to 12/12/2025.",
            "She lives with her husband and two dogs in a one-story house.",
        ),
        (
            "total-knee-arthroplasty",
            "radiographic-severity",
            "Standing films show bone-on-bone contact in the medial compartment.",
            "Follow up in six weeks or sooner as needed.",
        ),
        (
            "cpap-osa",
            "sleep-test-ahi",
            "The overall apnea-hypopnea index was 27.5 events per hour.",
            "Allergies: penicillin (rash).",
        ),
    ],
)
def test_decisive_sentence_scores_above_filler(
    scorer: EvidenceScorer, policy: str, criterion: str, good: str, bad: str
) -> None:
    logits = _logits(scorer, policy, criterion, [good, bad])
    assert logits[0] > logits[1] + 1.0, logits


def test_unknown_criterion_is_scored_by_its_own_words(scorer: EvidenceScorer) -> None:
    emb = scorer.encoder.encode(
        ["Completed a 6-month supervised weight management program.", "No known drug allergies."]
    )
    logits = scorer.logits(
        "payer-x/program", "Supervised weight loss program. Program visit notes.", emb
    )
    assert logits[0] > logits[1], logits


def test_ranking_shows_at_most_five_and_keeps_the_rest() -> None:
    briefed = json.loads(brief_case(DEV / "flow-01").model_dump_json())
    for c in briefed["criteria"]:
        assert len(c["evidence"]) <= SHOWN
        if c["more_evidence"]:
            assert len(c["evidence"]) == SHOWN


def test_statuses_do_not_depend_on_the_model() -> None:
    for name in ("flow-01", "ehr-02", "tele-08"):
        a = brief_case(DEV / name)
        b = brief_case(DEV / name, evidence_model=False)
        assert [(c.id, c.status, c.value) for c in a.criteria] == [
            (c.id, c.status, c.value) for c in b.criteria
        ]
        # the rules' quotes are the same; the model only orders them and adds what it found
        # (neighbouring quotes fold into one passage in the order shown, so a rules quote may
        # hold two of the rules' own: every one of them is inside a rules quote either way)
        with_model = [
            (c.id, e.quote)
            for c in a.criteria
            for e in c.evidence + c.more_evidence
            if e.found_by == "rules"
        ]
        rules_only = [(c.id, e.quote) for c in b.criteria for e in c.evidence + c.more_evidence]
        for mine, theirs in ((rules_only, with_model), (with_model, rules_only)):
            for cid, q in mine:
                assert any(c == cid and (q in t or t in q) for c, t in theirs), (name, cid, q)
        assert all(e.found_by == "rules" for c in b.criteria for e in c.evidence + c.more_evidence)


def test_packet_search_shows_a_sentence_the_rules_never_read() -> None:
    """dev10mc-01: the exam was a video visit; the rules date the last in-person exam from the
    February note and never read "PHYSICAL EXAM: Deferred - video visit." -- the model finds it
    for the reviewer, marked as its own find."""
    brief = brief_case(DEV / "dev10mc-01")
    c = next(c for c in brief.criteria if c.id == "clinical-evaluation")
    found = [e for e in c.evidence + c.more_evidence if e.found_by == "model"]
    assert any("Deferred - video visit" in e.quote for e in found), [e.quote for e in found]
    plain = brief_case(DEV / "dev10mc-01", evidence_model=False)
    rules = {
        e.quote
        for r in plain.criteria
        if r.id == "clinical-evaluation"
        for e in r.evidence + r.more_evidence
    }
    assert not any(e.quote in rules for e in found)
    for e in found:  # located like any quote: page, offsets, the document's own text
        assert e.page >= 1 and e.char_end > e.char_start


def test_packet_search_never_adds_quotes_to_missing_or_not_applicable() -> None:
    for name in ("flow-01", "ehr-02", "tele-08", "dev10mc-01"):
        for c in brief_case(DEV / name).criteria:
            if c.status in {"missing", "not_applicable"}:
                assert all(e.found_by == "rules" for e in c.evidence + c.more_evidence), c.id


def test_lexical_stage_scores_decisive_words_above_filler(scorer: EvidenceScorer) -> None:
    from casebrief.evidence_model.lexical import terms

    assert scorer.lexical is not None, "models/evidence/lexical.npz is missing"
    good = "PHYSICAL EXAM: Deferred - video visit, no exam today."
    bad = "She lives with her husband and two dogs."
    s = scorer.lexical.score("lumbar-spine-mri/clinical-evaluation", [terms(good), terms(bad)])
    assert s[0] > s[1] + 1.0, s
    # a criterion it was never trained on scores nothing (the encoder's words still do)
    assert not scorer.lexical.score("payer-x/unknown", [terms(good)]).any()


def test_lexical_terms_fold_numbers_and_round_trip(tmp_path: Path) -> None:
    from casebrief.evidence_model.lexical import LexicalWeights, fit, terms

    assert terms("AHI 27.5 on 3/4") == terms("AHI 9 on 12/30")
    assert "<num> events" in terms("27 events per hour")
    examples = [("p/c", "attended PT twice weekly", 1), ("p/c", "attended PT for 8 weeks", 1)]
    examples += [("p/c", "no known drug allergies", 0), ("p/c", "lives with her husband", 0)]
    w = fit(examples)
    assert w.weights["p/c"]["attended"] > 0 and "allergies" not in w.weights["p/c"]
    w.save(tmp_path / "lexical.npz")
    back = LexicalWeights.load(tmp_path / "lexical.npz")
    assert back.weights.keys() == w.weights.keys()
    assert abs(back.weights["p/c"]["attended pt"] - w.weights["p/c"]["attended pt"]) < 1e-2


def test_without_the_model_the_rules_order_stands() -> None:
    from casebrief.policy.result import Outcome

    pol = get_policy("lumbar-spine-mri")
    outcomes = [(c, Outcome("met", "", evidence=[])) for c in pol.criteria]
    rank_outcomes(pol, outcomes, None)
    assert all(o.evidence == [] and o.more_evidence == [] for _, o in outcomes)


def test_missing_model_dir_means_rules_order_not_a_failure(tmp_path: Path) -> None:
    assert get_scorer(str(tmp_path)) is None


def test_training_refuses_a_test_split() -> None:
    with pytest.raises(ValueError, match="never trained on"):
        dev_examples([ROOT / "annotated_samples" / "test"])


def test_markdown_shows_the_count_of_quotes_behind_the_five() -> None:
    from casebrief.brief.markdown import render_markdown

    brief = brief_case(DEV / "flow-01")
    hidden = [c for c in brief.criteria if c.more_evidence]
    assert hidden
    text = render_markdown(brief)
    for c in hidden:
        assert f"… and {len(c.more_evidence)} further quote" in text


def test_markdown_and_json_say_which_quotes_the_model_found() -> None:
    from casebrief.brief.markdown import render_markdown

    brief = brief_case(DEV / "dev10mc-01")
    shown = [e for c in brief.criteria for e in c.evidence if e.found_by == "model"]
    assert shown, "no model-found quote among the shown ones"
    assert "found by the evidence model; not read by the rules" in render_markdown(brief)
    assert '"found_by":"model"' in brief.model_dump_json()
