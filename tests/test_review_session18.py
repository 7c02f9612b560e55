"""Regressions a second reviewer found in 8306924 (the thirty-third batch's class fixes), each
a packet the reviewer invented that the commit got wrong and its parent right; all fixed in the
next commit.

- "MRI did not show stenosis" read as a study the patient did not show up for;
- "and that" ending a denial's clause also ended denials and return precautions that run on
  ("denies bowel or bladder changes, and that she has any numbness in the saddle area");
- a form's unanswered clearance question ("Cleared for surgery: [ ] Yes [ ] No") read as a
  clearance once sub-items under the evaluator's line were read;
- "has not withdrawn his evaluation" read as a withdrawal;
- an Insomnia Severity Index of 18 ("moderate severity") read as only a scale's name;
- "ibuprofen since August" moved to another drug's start in September.
"""

from __future__ import annotations

import pytest

CASES = {
    "dns_repeat": {
        "policy": "lumbar-spine-mri",
        "request_date": "2026-10-20",
        "records": {
            "01_office.txt": (
                "2026-10-12",
                "OFFICE VISIT (in person)\n"
                "Low back pain, same as before, no new "
                "symptoms.\n"
                "Imaging: MRI lumbar spine 06/15/2026 did not "
                "show any stenosis or herniation; mild L4-5 disc "
                "bulge.\n"
                "Exam: SLR negative bilaterally, strength 5/5, "
                "reflexes 2+.\n",
            )
        },
        "request_type": "initial",
        "criterion": "repeat-imaging",
        "expected": "not_met",
        "why": "not_met",
    },
    "dns_repeat2": {
        "policy": "lumbar-spine-mri",
        "request_date": "2026-10-20",
        "records": {
            "01_office.txt": (
                "2026-10-12",
                "OFFICE VISIT (in person)\n"
                "Chronic low back pain, unchanged; no new "
                "symptoms.\n"
                "Lumbar MRI from 05/2026 didn't show any nerve "
                "compression.\n",
            )
        },
        "request_type": "initial",
        "criterion": "repeat-imaging",
        "expected": "not_met",
        "why": "not_met",
    },
    "dns_esi_note": {
        "policy": "lumbar-epidural-steroid-injection",
        "request_date": "2026-03-10",
        "records": {
            "02_note.txt": (
                "2026-03-02",
                "PAIN CLINIC NOTE\n"
                "Left leg pain radiating to the foot in an S1 "
                "distribution.\n"
                "MRI L-spine 02/01/2026 did not show stenosis "
                "but showed a left L5-S1 disc extrusion "
                "compressing the S1 nerve root.\n",
            )
        },
        "request_type": "initial",
        "criterion": "imaging-concordant",
        "expected": "met",
        "why": "met",
    },
    "failed_to_show": {
        "policy": "lumbar-spine-mri",
        "request_date": "2026-10-20",
        "records": {
            "01_o.txt": (
                "2026-10-14",
                "OFFICE VISIT (in person)\n"
                "Chronic low back pain, unchanged, no new "
                "symptoms.\n"
                "Prior lumbar MRI 03/2026 failed to show a "
                "surgical lesion.\n",
            )
        },
        "request_type": "initial",
        "criterion": "repeat-imaging",
        "expected": "not_met",
        "why": "not_met",
    },
    "andthat_redflag2": {
        "policy": "lumbar-spine-mri",
        "request_date": "2026-05-01",
        "records": {
            "01_pt.txt": (
                "2026-04-10",
                "PHYSICAL THERAPY DISCHARGE\n"
                "Episode of care: 03/20/2026 - 04/10/2026   "
                "Visits: 6\n"
                "Low back pain unchanged.\n",
            ),
            "02_office.txt": (
                "2026-04-20",
                "OFFICE VISIT (in person)\n"
                "Low back pain x 6 weeks.\n"
                "Patient denies bowel or bladder changes, "
                "and that she has any numbness in the "
                "saddle area.\n"
                "Exam: SLR negative, strength 5/5.\n",
            ),
        },
        "request_type": "initial",
        "criterion": "red-flags",
        "expected": "not_met",
        "why": "not_met",
    },
    "andthat_foot": {
        "policy": "lumbar-spine-mri",
        "request_date": "2026-05-01",
        "records": {
            "01_pt.txt": (
                "2026-04-10",
                "PHYSICAL THERAPY DISCHARGE\n"
                "Episode of care: 03/20/2026 - 04/10/2026   "
                "Visits: 6\n"
                "Low back pain unchanged.\n",
            ),
            "02_office.txt": (
                "2026-04-20",
                "OFFICE VISIT (in person)\n"
                "Low back pain x 6 weeks.\n"
                "I explained there is no evidence of cauda "
                "equina, and that progressive weakness or foot "
                "drop would need urgent imaging.\n"
                "Exam: SLR negative, strength 5/5.\n",
            ),
        },
        "request_type": "initial",
        "criterion": "red-flags",
        "expected": "not_met",
        "why": "not_met",
    },
    "andthat_precaution": {
        "policy": "lumbar-spine-mri",
        "request_date": "2026-05-01",
        "records": {
            "01_pt.txt": (
                "2026-04-10",
                "PHYSICAL THERAPY DISCHARGE\n"
                "Episode of care: 03/20/2026 - 04/10/2026   "
                "Visits: 6\n"
                "Low back pain unchanged.\n",
            ),
            "02_o.txt": (
                "2026-04-20",
                "OFFICE VISIT (in person)\n"
                "Low back pain x 6 weeks.\n"
                "Reviewed with her that she has no red flags "
                "today, and that new saddle numbness or loss "
                "of bladder control would need an ER visit.\n"
                "Exam: SLR negative, strength 5/5.\n",
            ),
        },
        "request_type": "initial",
        "criterion": "red-flags",
        "expected": "not_met",
        "why": "not_met",
    },
    "andthat_infect": {
        "policy": "total-knee-arthroplasty",
        "request_date": "2026-05-01",
        "records": {
            "01_ortho.txt": (
                "2026-04-20",
                "ORTHOPAEDIC CONSULTATION\n"
                "Right knee OA.\n"
                "She denies fevers or chills, and that the "
                "knee has ever been infected.\n"
                "BMI 31.\n",
            )
        },
        "request_type": "initial",
        "criterion": "no-active-infection",
        "expected": "met",
        "why": "met",
    },
    "isi18": {
        "policy": "cpap-osa",
        "request_date": "2026-02-10",
        "records": {
            "01_c.txt": (
                "2026-01-05",
                "SLEEP MEDICINE CONSULTATION (in person)\n"
                "Loud snoring and witnessed pauses per wife. Epworth 5/24, "
                "not sleepy.\n"
                "Insomnia Severity Index 18 (moderate severity). "
                "Difficulty maintaining sleep, up 3-4 times nightly for 6 "
                "months.\n"
                "No hypertension.\n",
            ),
            "02_h.txt": (
                "2026-01-12",
                "HOME SLEEP APNEA TEST REPORT\n"
                "Study date: 01/12/2026\n"
                "AHI 9.6 events/h.\n"
                "Interpreting physician: R. Amsel, MD, Sleep Medicine\n",
            ),
        },
        "request_type": "initial",
        "criterion": "sleep-test-ahi",
        "expected": "met",
        "why": "met",
    },
    "second_opinion": {
        "policy": "bariatric-surgery",
        "request_date": "2026-05-01",
        "records": {
            "01_p.txt": (
                "2026-01-10",
                "PRE-SURGICAL PSYCHOLOGICAL EVALUATION - "
                "BARIATRIC SURGERY\n"
                "Evaluator: Oren Talbot, PsyD, Licensed "
                "Psychologist\n"
                "Clearance for bariatric surgery: NOT cleared. "
                "Active binge eating disorder; recommend 6 months "
                "of treatment.\n",
            ),
            "02_p.txt": (
                "2026-03-30",
                "PRE-SURGICAL PSYCHOLOGICAL EVALUATION - "
                "BARIATRIC SURGERY\n"
                "Evaluator: Mara Feld, PsyD, Licensed "
                "Psychologist\n"
                "Second opinion at the patient's request. Dr. "
                "Talbot has not withdrawn his evaluation of "
                "01/10/2026, and I disagree with it.\n"
                "Clearance for bariatric surgery: CLEARED.\n",
            ),
        },
        "request_type": "initial",
        "criterion": "psych-evaluation",
        "expected": "needs_review",
        "why": "needs_review",
    },
    "form_subitem_psych_scheduled": {
        "policy": "bariatric-surgery",
        "request_date": "2026-06-01",
        "records": {
            "02_form.txt": (
                "2026-05-25",
                "BARIATRIC SURGERY PRIOR "
                "AUTHORIZATION REQUEST\n"
                "  Psychological evaluation:  [ "
                "] Completed  [X] Scheduled\n"
                "     Evaluator: Oren Talbot, "
                "PsyD         Appointment: "
                "06/10/2026\n"
                "     Cleared for surgery:  [ ] "
                "Yes  [ ] No\n"
                "  Nutrition evaluation: [X] "
                "Completed 05/02/2026 (RD)\n",
            )
        },
        "request_type": "initial",
        "criterion": "psych-evaluation",
        "expected": "missing",
        "why": "missing",
    },
    "sched_with_report_pending": {
        "policy": "bariatric-surgery",
        "request_date": "2026-06-01",
        "records": {
            "01_letter.txt": (
                "2026-05-20",
                "BARIATRIC SURGERY PROGRAM NOTE\n"
                "Psychological evaluation "
                "scheduled with Dr. Talbot on "
                "06/10/2026.\n",
            ),
            "02_form.txt": (
                "2026-05-25",
                "BARIATRIC SURGERY PRIOR "
                "AUTHORIZATION REQUEST\n"
                "  Psychological evaluation:  [ ] "
                "Completed  [X] Scheduled\n"
                "     Evaluator: Oren Talbot, "
                "PsyD         Date: 06/10/2026\n"
                "     Cleared for surgery:  [ ] "
                "Yes  [ ] No\n",
            ),
        },
        "request_type": "initial",
        "criterion": "psych-evaluation",
        "expected": "missing",
        "why": "missing",
    },
    "cleared_conditional_sibling": {
        "policy": "bariatric-surgery",
        "request_date": "2026-06-01",
        "records": {
            "01_p.txt": (
                "2026-04-20",
                "PRE-SURGICAL PSYCHOLOGICAL "
                "EVALUATION - BARIATRIC SURGERY\n"
                "Evaluator: Oren Talbot, PsyD\n"
                "Clearance for bariatric surgery: "
                "NOT cleared at this time; "
                "re-evaluate in 3 months.\n",
            ),
            "02_form.txt": (
                "2026-05-25",
                "BARIATRIC SURGERY PRIOR "
                "AUTHORIZATION REQUEST\n"
                "  Psychological evaluation "
                "completed:  [X] Yes  [ ] No\n"
                "     Evaluator: Oren Talbot, "
                "PsyD         Date: 04/20/2026\n"
                "     Result: see attached\n"
                "     Cleared for surgery:  [ ] "
                "Yes  [ ] No\n",
            ),
        },
        "request_type": "initial",
        "criterion": "psych-evaluation",
        "expected": "not_met",
        "why": "not_met",
    },
    "since_aug_flip": {
        "policy": "total-knee-arthroplasty",
        "request_date": "2025-11-25",
        "records": {
            "01_pcp.txt": (
                "2025-09-01",
                "PRIMARY CARE VISIT\n"
                "A: Right knee osteoarthritis.\n"
                "P: - Start meloxicam 15 mg daily.\n",
            ),
            "02_ortho.txt": (
                "2025-11-20",
                "ORTHOPAEDIC CONSULTATION\n"
                "S: R knee pain 7/10, can't do stairs. Has "
                "been on ibuprofen since August, switched to "
                "meloxicam in September; little benefit. PT "
                "2x/week 09/02/2025 - 11/14/2025, no "
                "better.\n",
            ),
        },
        "request_type": "initial",
        "criterion": "conservative-therapy-12wk",
        "expected": "met",
        "why": "met (~16 wk)",
    },
}


@pytest.mark.parametrize("name", list(CASES))
def test_reviewed_packet(brief_packet, name):
    case = CASES[name]
    got = brief_packet(case["policy"], case["request_date"], case["records"], case["request_type"])[
        case["criterion"]
    ]
    assert got.status == case["expected"], case["why"]
