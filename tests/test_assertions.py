"""The context layer on hard cases, and the scorers of `casebrief eval-assertions`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from casebrief.evaluation.assertions import (
    assert_span,
    find_target,
    load_negex,
    locate_condition,
    predict_jsonl,
    predict_negex,
    run_assertion_eval,
    score_jsonl,
    score_negex,
)

ROOT = Path(__file__).parents[1]
NEGEX = ROOT / ".." / "shared" / "benchmarks" / "negex" / "rsAnnotations-1-120-random.txt"


def assertion(text: str, target: str, occurrence: int = 1) -> str:
    start, end = find_target(text, target, occurrence)
    return assert_span(text, start, end)._.assertion


@pytest.mark.parametrize(
    ("text", "target", "label"),
    [
        # negation scope ends at "but"
        (
            "No fever, but reports new urinary retention since Tuesday.",
            "urinary retention",
            "present",
        ),
        ("No fever, but reports new urinary retention since Tuesday.", "fever", "negated"),
        # pseudo-negation: "no improvement" negates nothing
        ("No improvement despite PT for 8 weeks.", "PT", "present"),
        # lists under one negation
        ("Extremities: No clubbing, cyanosis, or edema.", "edema", "negated"),
        ("Denies dysuria, hematuria, incontinence.", "incontinence", "negated"),
        # family
        ("Mother had breast cancer at 52.", "breast cancer", "family"),
        # a spouse reports, the patient experiences
        ("Wife has witnessed him stop breathing during sleep.", "stop breathing", "present"),
        # hypothetical
        ("Will refer to PT for 6 weeks.", "PT", "hypothetical"),
        ("Return precautions given for fever or worsening weakness.", "fever", "hypothetical"),
        ("Return to ED if saddle numbness develops.", "saddle numbness", "hypothetical"),
        # checkboxes
        ("Saddle anesthesia  [ ] Yes [X] No", "Saddle anesthesia", "negated"),
        ("Saddle anesthesia  [X] Yes [ ] No", "Saddle anesthesia", "present"),
        ("Conservative tx tried: [X] PT  [ ] Chiropractic", "Chiropractic", "negated"),
        ("Conservative tx tried: [X] PT  [ ] Chiropractic", "PT", "present"),
        # historical, resolved: a past episode, not a denial
        ("History of cellulitis 2021, resolved.", "cellulitis", "historical"),
        # a heading naming the current illness is not a past episode; a past-history heading is
        ("HISTORY: Low back pain radiating down the left leg.", "left leg", "present"),
        ("CLINICAL HISTORY: Low back pain with left sciatica.", "sciatica", "present"),
        ("HISTORY OF PRESENT ILLNESS: The patient has sciatica.", "sciatica", "present"),
        ("PAST MEDICAL HISTORY: Hypertension.", "Hypertension", "historical"),
        ("MEDICAL HISTORY: Atrial fibrillation, hypertension.", "hypertension", "historical"),
        ("History of lumbar discectomy.", "lumbar discectomy", "historical"),
        # a history with its length is the present complaint's duration
        ("She has a three-month history of sciatica.", "sciatica", "present"),
        ("6 wk hx of sciatica, worse with sitting.", "sciatica", "present"),
        # the past episode before a turn to the present, the present problem after it
        (
            "Clinical hx: melanoma of the back excised 2011, now a new lesion on the left calf.",
            "melanoma",
            "historical",
        ),
        (
            "Clinical hx: melanoma of the back excised 2011, now a new lesion on the left calf.",
            "lesion",
            "present",
        ),
        (
            "Treated for back pain in 2019, now worse with new numbness.",
            "back pain",
            "present",
        ),
        # watched for, prevented, warned of or looked for: not found
        ("Monitor closely for new weakness or saddle numbness.", "saddle numbness", "hypothetical"),
        ("Brace worn to prevent falls.", "falls", "hypothetical"),
        ("Counseled that prednisone may cause insomnia.", "insomnia", "hypothetical"),
        ("INDICATION: fall, assess for fracture.", "fracture", "hypothetical"),
        ("Call the office for any fever or wound drainage.", "fever", "hypothetical"),
        ("Enoxaparin for DVT prophylaxis.", "DVT", "hypothetical"),
        ("Instructed to call if she develops fever.", "fever", "hypothetical"),
        # called old, healed or remote; told as a childhood; dated by a month in the past tense
        ("Old L1 compression fracture, unchanged.", "compression fracture", "historical"),
        ("Healed left 5th and 6th rib fractures.", "rib fractures", "historical"),
        ("A 54 year old man with low back pain.", "low back pain", "present"),
        ("Eczema as a child, no flares as an adult.", "Eczema", "historical"),
        ("Knee pain since childhood.", "Knee pain", "present"),
        ("She was admitted in January with pneumonia.", "pneumonia", "historical"),
        # ... but a problem that began then and goes on is present (review of 2026-12-05)
        (
            "She has had leg pain radiating to the foot since March, treated with ibuprofen.",
            "radiating",
            "present",
        ),
        ("Sitting can worsen her pain radiating down the left leg.", "radiating", "present"),
        ("Low back pain radiating down the left leg; childhood scoliosis.", "radiating", "present"),
        # a dose change is made to a drug being taken
        ("Plan: start calcium, and also increase the naproxen.", "naproxen", "present"),
        # resolved without a past marker: gone now
        ("His nausea and vomiting resolved.", "vomiting", "negated"),
        # uncertain
        ("Possible foot drop on the left.", "foot drop", "uncertain"),
        ("Cannot rule out early discitis at L3-4.", "discitis", "uncertain"),
    ],
)
def test_hard_context_cases(text: str, target: str, label: str) -> None:
    assert assertion(text, target) == label


@pytest.mark.parametrize(
    ("text", "target", "label"),
    [
        # an abbreviated past-history heading lists past diagnoses ...
        ("PMH: DM2, HTN, CKD stage 3, OSA on BiPAP.", "CKD", "historical"),
        (
            "61 yo M with PMH of COPD, CAD and gout who p/w chest pain x 2 days.",
            "gout",
            "historical",
        ),
        ("PSH: open reduction of the left wrist 2008.", "open reduction", "historical"),
        # ... and the turn to the present complaint ends its scope
        (
            "61 yo M with PMH of COPD, CAD and gout who p/w chest pain x 2 days.",
            "chest pain",
            "present",
        ),
        ("h/o DVT, presented with 3 days of calf swelling.", "calf swelling", "present"),
        (
            "s/p CABG 2015, presents with new exertional chest pressure.",
            "chest pressure",
            "present",
        ),
        # a past episode in the other clause of a semicolon does not date this one
        (
            "Reason for exam: right flank pain; prior nephrolithiasis in 2014.",
            "flank pain",
            "present",
        ),
        # an episode placed years back needs no past-tense word
        (
            "Pt mentions C. diff colitis a few yrs ago after clindamycin.",
            "C. diff colitis",
            "historical",
        ),
        ("He had a kidney stone in his 40s.", "kidney stone", "historical"),
    ],
)
def test_past_history_and_the_turn_to_the_present(text: str, target: str, label: str) -> None:
    """Classes found on our own report sentences (annotated_samples/assertions/reports)."""
    assert assertion(text, target) == label


def test_modifier_inside_forced_target_does_not_modify_it() -> None:
    text = "Incidentally there was SIGMOID DIVERTICULOSIS WITHOUT DIVERTICULITIS."
    start, end, how = locate_condition(text, "sigmoid diverticulosis without diverticulitis")
    assert how == "exact"
    ent = assert_span(text, start, end, force=True)
    assert ent._.assertion == "present"


def test_locate_condition_quirks() -> None:
    s = "ALLERGIES:  He has no known ALLERGIES."
    start, end, _ = locate_condition(s, "allergies")
    assert start > 10  # the emphasised occurrence, not the header
    s = "Neck:  Supple."
    start, end, how = locate_condition(s, "Neck:  Supple.  No lymphadenopathy")
    assert how == "partial" and s[start:end].startswith("Neck")
    assert locate_condition("Nothing here.", "edema") is None


def test_jsonl_scorer_runs_and_a_wrong_prediction_lowers_the_score(tmp_path: Path) -> None:
    rows = [
        {
            "id": "t1",
            "text": "Denies fever or chills.",
            "target": "fever",
            "concept": "symptom",
            "label": "negated",
        },
        {
            "id": "t2",
            "text": "Mother had breast cancer.",
            "target": "breast cancer",
            "concept": "dx",
            "label": "family",
        },
        {
            "id": "t3",
            "text": "Will refer to PT.",
            "target": "PT",
            "concept": "therapy",
            "label": "hypothetical",
        },
        {
            "id": "t4",
            "text": "Pain radiates to the calf.",
            "target": "radiates to the calf",
            "concept": "symptom",
            "label": "present",
        },
    ]
    good = score_jsonl(predict_jsonl(rows))
    assert good["n"] == 4
    assert good["accuracy"] == 1.0
    assert good["labels"]["negated"]["f1"] == 1.0
    gold = {r["id"]: r["label"] for r in rows}
    wrong = score_jsonl(
        predict_jsonl(rows, predict=lambda r: "present" if r["id"] == "t1" else gold[r["id"]])
    )
    assert wrong["accuracy"] < good["accuracy"]
    assert wrong["labels"]["negated"]["r"] < good["labels"]["negated"]["r"]
    assert wrong["labels"]["present"]["p"] < 1.0

    path = tmp_path / "set.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    out = tmp_path / "out.json"
    assert run_assertion_eval([str(path)], negex=None, json_out=str(out)) == 0
    figures = json.loads(out.read_text())
    assert figures["jsonl"][str(path)]["accuracy"] == 1.0


def test_negex_scorer(tmp_path: Path) -> None:
    if not NEGEX.exists():
        pytest.skip("../shared NegEx benchmark not present")
    rows = load_negex(NEGEX)
    assert len(rows) == 2376
    sample = rows[:150]
    res = score_negex(predict_negex(sample))
    assert res["n"] == 150
    assert res["negation"]["labels"]["negated"]["n"] == sum(r.negation == "negated" for r in sample)
    assert res["negation"]["accuracy"] > 0.9
    # a deliberately wrong prediction lowers the score
    preds = predict_negex(sample)
    for p in preds:
        p["pred"]["negation"] = "affirmed"
    assert score_negex(preds)["negation"]["labels"]["negated"]["f1"] == 0.0
