"""Second review of ca8a73f (narrative programs) and e08891e (exclusions and exams): one invented
packet per regression found -- each briefed right at 74969c9 and wrong after the commit -- and
near-misses the fixes must keep working.  Every packet here is invented."""

from __future__ import annotations

import pytest

CPAP_FORM = (
    "DME PRIOR AUTHORIZATION\nRequest type: Continuation of coverage\nHCPCS: E0601\n"
    "DME supplier: Northgate Home Respiratory\nSet-up date: 11/03/2025\n"
)
KNEE = "Office visit. Right knee osteoarthritis, pain with stairs and walking.\n"
BACK = "Office visit. Low back pain radiating to the left leg for three months.\n"


def _adherence(brief_packet, sentence, form=CPAP_FORM, plan="Plan: continue CPAP.\n"):
    note = (
        "SLEEP MEDICINE FOLLOW-UP (office visit)\n"
        "Seen in clinic today for obstructive sleep apnea on CPAP 9 cm H2O.\n"
        f"{sentence}\n"
        "Snoring has resolved per his wife and he wakes more rested. Epworth 7.\n" + plan
    )
    records = {"01_dme_form.txt": ("2026-02-20", form), "02_followup.txt": ("2026-01-19", note)}
    return brief_packet("cpap-osa", "2026-02-20", records, "continuation")["adherence"]


def _program(brief_packet, sentence, head=""):
    note = (
        head + "BARIATRIC SURGERY CONSULTATION\n"
        "HPI: 47-year-old woman with class III obesity, BMI 44, type 2 diabetes.\n"
        f"{sentence}\n"
        "Plan: proceed with pre-operative work-up for sleeve gastrectomy.\n"
    )
    return brief_packet(
        "bariatric-surgery", "2026-02-20", {"01_consult.txt": ("2026-01-22", note)}
    )["supervised-weight-loss-6mo"]


def _psych(brief_packet, sentence):
    note = (
        "BARIATRIC SURGERY FOLLOW-UP\n"
        "HPI: 39-year-old man, BMI 47, hypertension, here before sleeve gastrectomy.\n"
        f"{sentence}\n"
        "Plan: continue pre-operative diet.\n"
    )
    return brief_packet("bariatric-surgery", "2026-02-20", {"01_note.txt": ("2026-02-02", note)})[
        "psych-evaluation"
    ]


def _psych_report(brief_packet, history):
    report = (
        "PSYCHOLOGICAL EVALUATION FOR BARIATRIC SURGERY\nDr. L. Ames, PhD\n"
        f"History: {history}\n"
        "Testing: MMPI-2-RF within normal limits. No binge eating.\n"
        "Recommendation: He is psychologically cleared for sleeve gastrectomy.\n"
    )
    return brief_packet(
        "bariatric-surgery", "2026-02-20", {"01_psych.txt": ("2026-02-02", report)}
    )["psych-evaluation"]


def _knee(brief_packet, text, criterion="no-active-infection"):
    records = {"02_note.txt": ("2026-02-16", KNEE + text)}
    return brief_packet("total-knee-arthroplasty", "2026-03-02", records)[criterion]


def _back(brief_packet, text, criterion, record=BACK):
    records = {"02_note.txt": ("2026-02-16", record + text)}
    return brief_packet("lumbar-spine-mri", "2026-03-02", records)[criterion]


# ---- ca8a73f A: CPAP use told in words (right status: missing; the commit made it not_met) ----
@pytest.mark.parametrize(
    "sentence, form, plan",
    [
        # a relative's device, a family history
        ("His wife also has sleep apnea and uses her CPAP every night.", CPAP_FORM, None),
        ("Family history: father with OSA, compliant with CPAP for years.", CPAP_FORM, None),
        # a DME form's item left to answer
        (
            "No download today.",
            CPAP_FORM + "Patient uses CPAP at least 4 hours per night on 70% of nights: "
            "[ ] Yes [ ] No\n",
            None,
        ),
        (
            "No download today.",
            CPAP_FORM + "Does the patient use the CPAP every night? ____\n",
            None,
        ),
        # an order, the sleep-study night, an old device years before, a use nobody can tell
        (
            "No download was brought today.",
            CPAP_FORM,
            "Orders: nightly CPAP 9 cm H2O with heated humidifier.\n",
        ),
        (
            "During the split-night study he wore the mask the whole night with AHI 3 on 9 cm.",
            CPAP_FORM,
            None,
        ),
        (
            "He used his old CPAP nightly from 2012 to 2016 until it broke; new set-up 11/2025.",
            CPAP_FORM,
            None,
        ),
        (
            "It is unclear whether he is compliant with CPAP; the download was not available.",
            CPAP_FORM,
            None,
        ),
    ],
    ids=[
        "wife",
        "family-history",
        "form-unticked",
        "form-blank",
        "order",
        "study-night",
        "old-device",
        "unclear",
    ],
)
def test_cpap_words_that_tell_no_use_by_the_patient_stay_missing(
    brief_packet, sentence, form, plan
):
    kw = {"plan": plan} if plan else {}
    c = _adherence(brief_packet, sentence, form, **kw)
    assert c.status == "missing", c.rationale


@pytest.mark.parametrize(
    "sentence",
    [
        "He says he wears it every night.",
        "His wife reports he wears it every night now.",
        "Per his wife, he uses the CPAP most nights.",
        "He came with his wife and says he uses the CPAP every night.",
        "Since his first night on CPAP he wears it every night.",
    ],
)
def test_cpap_use_told_by_or_of_the_patient_still_not_met(brief_packet, sentence):
    assert _adherence(brief_packet, sentence).status == "not_met"


# ---- ca8a73f B: a supervised program told undated (right status: missing) ----
@pytest.mark.parametrize(
    "sentence",
    [
        # another supervised program
        "She completed a medically supervised alcohol detoxification program after her divorce.",
        "She completed a physician-supervised cardiac rehabilitation program after her MI.",
        "She attends physical therapy for knee osteoarthritis with supervised weight-bearing "
        "exercises.",
        # a provider who follows her for another illness
        "She is seen by her PCP for diabetes and came for weight loss surgery evaluation.",
        "She is followed by her PCP for obesity-related comorbidities including hypertension and "
        "sleep apnea.",
        # refused, declined, "non-"
        "She declined enrollment in our medical weight loss program.",
        "She refused a medically supervised diet and prefers surgery.",
        "She has attempted a non-supervised diet with minimal success.",
        # a relative's program
        "Family history: her mother was followed by her doctor for weight loss and later had a "
        "gastric bypass.",
        # a dated account outside the window, continued undated
        "She was in a medically supervised weight loss program in 2015 and 2016. She was "
        "followed by her PCP for weight loss during that time with monthly weigh-ins.",
        # a time of life decades before (as "in 2015", which the commit keeps missing)
        "In her twenties she participated in a medically supervised weight loss program.",
        "As a teenager she was in a medically supervised weight loss program.",
    ],
)
def test_program_words_that_tell_no_supervised_program_stay_missing(brief_packet, sentence):
    c = _program(brief_packet, sentence)
    assert c.status == "missing", c.rationale


@pytest.mark.parametrize(
    "head",
    [
        "NORTHSIDE BARIATRIC & MEDICAL WEIGHT LOSS CENTER\n1200 Oak St, Springfield\n\n",
        "Lakeview Medical Weight Loss Clinic\n",
    ],
)
def test_a_letterhead_tells_no_program(brief_packet, head):
    c = _program(brief_packet, "She has tried dieting on her own.", head=head)
    assert c.status == "missing", c.rationale


@pytest.mark.parametrize(
    "sentence",
    [
        "She participated in the Medical Weight Loss Program at St. Mary's without lasting "
        "success.",
        "She was followed by her endocrinologist and her PCP for weight management without "
        "lasting success.",
    ],
)
def test_program_told_undated_still_not_met(brief_packet, sentence):
    c = _program(brief_packet, sentence)
    assert c.status == "not_met" and c.value == 0


# ---- ca8a73f C: psych clearance held, or refused, in words ----
@pytest.mark.parametrize(
    "sentence",
    [
        # another kind of clearance, another clinician's "acceptable candidate" (false met)
        "Cardiac clearance on file; psychology evaluation to be scheduled.",
        "Medical clearance was obtained from his PCP; psychology referral placed.",
        "From a surgical standpoint he is an acceptable candidate; the psychological evaluation "
        "is still outstanding.",
        # a referral or an appointment (false met)
        "Psych clearance referral received; evaluation scheduled for 03/10/2026.",
        "He has a psych clearance appointment with Dr. Ames on 3/10.",
        # a form's item answered no (false met)
        "Psychological clearance received: [ ] Yes [X] No",
        "Psych clearance obtained? No.",
        # another clinician's or the patient's "not ready" / "delay" (false not_met)
        "Psychology evaluation is scheduled for 3/10; cardiology recommended delaying surgery "
        "until his stress test is reviewed.",
        "His endocrinologist feels he is not ready for surgery until his A1c is below 8; "
        "psychology evaluation pending.",
        "Psychology cleared him in January, but his surgeon feels he is not ready for surgery "
        "until he loses 10 pounds.",
        "He says he is not ready for surgery yet; his psychological evaluation is set for next "
        "month.",
    ],
)
def test_psych_words_of_another_decision_decide_nothing(brief_packet, sentence):
    c = _psych(brief_packet, sentence)
    assert c.status == "missing", c.rationale


def test_psych_report_recounting_another_surgeon_still_clears(brief_packet):
    c = _psych_report(
        brief_packet,
        "He was first seen by a bariatric program in another city, whose surgeon felt he was not "
        "ready for surgery because he was still smoking. He quit smoking 14 months ago.",
    )
    assert c.status == "met", c.rationale


@pytest.mark.parametrize(
    "sentence, status",
    [
        ("After evaluation by psychology and cardiology, he is an acceptable candidate.", "met"),
        ("From a psychological standpoint he is an acceptable candidate.", "met"),
        (
            "Dr. Ames (psychology) felt he is an acceptable candidate. Cardiology clearance was "
            "obtained as well.",
            "met",
        ),
        (
            "His psychologist recommended he postpone surgery until his cardiology workup is "
            "complete.",
            "not_met",
        ),
    ],
)
def test_psych_decision_in_words_still_read(brief_packet, sentence, status):
    assert _psych(brief_packet, sentence).status == status


# ---- e08891e: an infection listed as past history (right status: not_met) ----
@pytest.mark.parametrize(
    "text",
    [
        # a numbered item whose next sentence says it goes on
        "PAST MEDICAL HISTORY:\n1. Hypertension.\n2. Right knee septic arthritis 01/2026. Still "
        "on IV cefazolin through a PICC line.\n",
        # under treatment in other words
        "PAST MEDICAL HISTORY:\nHypertension.\nRight knee cellulitis 02/2026, finishing a course "
        "of antibiotics.\n",
        # dated within weeks of the note
        "PAST MEDICAL HISTORY:\nHypertension.\nSeptic arthritis of the left knee diagnosed "
        "2/10/2026, washout 2/11/2026, PICC line for 6 weeks of IV therapy.\n",
        "PAST SURGICAL HISTORY:\n1. Appendectomy.\n2. I&D right knee abscess 01/28/2026.\n",
        # a heading the sectionizer does not know, after the past-history list
        "PAST MEDICAL HISTORY:\nHypertension, GERD.\n\nKNEE ASPIRATION RESULTS:\nSynovial fluid "
        "WBC 85,000, culture MSSA, septic arthritis of the right knee.\n",
        "PAST MEDICAL HISTORY:\nHypertension.\nWOUND CHECK: right knee incision with cellulitis "
        "extending 4 cm.\n",
    ],
)
def test_current_infection_near_a_past_history_list_still_excludes(brief_packet, text):
    c = _knee(brief_packet, text)
    assert c.status == "not_met", c.rationale


@pytest.mark.parametrize(
    "text",
    [
        "PAST MEDICAL HISTORY:\nDM2: on metformin\nRecurrent cellulitis of the legs\n",
        "PAST MEDICAL HISTORY:\n1. Septic arthritis right knee 2019. Treated with washout.\n",
        "PAST SURGICAL HISTORY:\n1. I&D of a right hand abscess 01/2026, healed.\n",
    ],
)
def test_past_infection_in_a_history_list_still_history(brief_packet, text):
    assert _knee(brief_packet, text).status == "met"


# ---- e08891e: what is still a clinician's exam (right status: met) ----
@pytest.mark.parametrize(
    "text",
    [
        "Exam: strength 5/5 in both legs, reflexes 2+ and symmetric, straight leg raise negative, "
        "and I will have her start PT.\n",
        "Reflexes 2+ and symmetric, strength 5/5; he could have a mild L5 radiculopathy.\n",
        "On exam, left EHL strength is 4/5, a sequela of her 2019 discectomy.\n",
        "Exam: sensory and motor responses intact in both lower extremities.\n",
    ],
)
def test_exam_sentences_still_count(brief_packet, text):
    c = _back(brief_packet, text, "clinical-evaluation")
    assert c.status == "met", c.rationale


@pytest.mark.parametrize(
    "record, text",
    [
        ("EMG/NCS REPORT\n", "Bilateral sural sensory responses are absent.\n"),
        ("EMG REPORT\n", "Sural sensory responses were symmetric and normal in amplitude.\n"),
        (
            "OPERATIVE NOTE\n",
            "Indications: because she will have persistent weakness and pain in the leg following "
            "this procedure, consent was detailed.\n",
        ),
    ],
)
def test_nerve_conduction_and_foretold_weakness_still_no_exam(brief_packet, record, text):
    assert _back(brief_packet, text, "clinical-evaluation", record=record).status == "missing"


# ---- e08891e: an undated lumbar MRI the note places in the past (right status: met) ----
@pytest.mark.parametrize(
    "text",
    [
        "She has had lumbar MRIs in the past that have shown degenerative changes.\n",
        "An MRI of the lumbar spine when she first hurt her back in college has shown a disc "
        "bulge at L4-5.\n",
    ],
)
def test_mri_placed_in_the_past_is_not_recent(brief_packet, text):
    c = _back(brief_packet, text, "repeat-imaging")
    assert c.status == "met", c.rationale


def test_mri_just_completed_still_recent(brief_packet):
    text = "MRI of the lumbar spine was just completed and shows an L4-5 protrusion.\n"
    assert _back(brief_packet, text, "repeat-imaging").status == "not_met"
