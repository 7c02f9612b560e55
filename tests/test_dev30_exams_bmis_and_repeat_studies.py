"""The classes of error the thirtieth dev batch (dev30ri/ce/bm/nr) showed, each told in packets
written differently from the batch's own (every packet here is invented):

- a table's wrapped note cells neither end the table nor date a value to the printing day;
- height and weight labels with a qualifier in parentheses; a stated weight gives no BMI;
- the pain told a sentence after the knee is the knee's; steps the patient cannot manage, homebound;
- boxes drawn as parentheses ("( ) Yes  (X) No");
- "redundancy of the cauda equina nerve roots" is a stenosis read, not the syndrome;
- surgery scheduled is the repeat-imaging exception;
- a dictation's pain score corrected under a "CORRECTION" heading;
- a chiropractor's visit history numbered by row;
- "last summer" with no time word before it;
- a letter's exam "that day" is the visit the letter told paragraphs before; "She has no bladder
  or bowel symptoms and no saddle numbness" is history, not an exam;
- "attended only the initial evaluation" against a form's "8 weeks completed".

Run with the project's tests/conftest.py (the ``brief_packet`` fixture)."""

from __future__ import annotations

from datetime import date

from casebrief.nlp.dates import find_dates
from casebrief.nlp.measurements import find_measurements

MRI = "lumbar-spine-mri"
ESI = "lumbar-epidural-steroid-injection"
TKA = "total-knee-arthroplasty"

BACK = (
    "Low back pain into the left calf for 5 months. Naproxen 500 mg BID since 10/01/2025, "
    "currently taking; PT 10/20/2025 to 12/22/2025 without relief. Denies saddle numbness, "
    "bowel or bladder change, fever, weight loss; no history of cancer.\n"
)


def test_wrapped_note_cells_do_not_end_a_vitals_table():
    text = (
        "DATE      DISC   WT (lb)   BMI    NOTES\n"
        "01/05/26  SN     220.0     38.9   Start of care.\n"
        "                                  Son present; meds reviewed.\n"
        "01/12/26  PT     --        --     Gait training.\n"
        "01/19/26  SN     226.4     40.1   Weighed on agency scale.\n"
    )
    got = [m.value for m in find_measurements(text) if m.kind == "bmi"]
    assert got == [38.9, 40.1]


def test_a_value_in_a_rows_wrapped_note_is_that_rows(brief_packet):
    log = (
        "HOME HEALTH VISIT LOG\n"
        "DATE      DISC   WT (lb)   BMI    NOTES\n"
        "02/02/26  SN     236.0     --     ** Weighed in boots - invalid.\n"
        "                                  Re-weighed: 229.0 lb, BMI 39.5 **\n"
        "02/16/26  SN     233.8     40.3   Skin intact.\n"
    )
    c = brief_packet(
        TKA,
        "2026-03-01",
        {
            "01_xr.txt": ("2026-01-10", "XR RIGHT KNEE\nIMPRESSION: bone-on-bone medial OA.\n"),
            "02_log.txt": ("2026-02-20", log),
        },
    )["bmi-below-40"]
    assert c.status == "not_met", (c.status, c.value, c.rationale)
    assert c.value == 40.3


def test_qualified_height_and_weight_labels_and_a_stated_weight():
    text = (
        "ANTHROPOMETRICS\n  Height (measured): 170 cm\n  Weight (stated by pt): 210 lb\n"
        "  Weight (measured, clinic scale): 117.0 kg\n"
    )
    got = [m.value for m in find_measurements(text) if m.kind == "bmi"]
    assert got == [40.5]


def test_knee_pain_told_a_sentence_after_the_knee(brief_packet):
    c = brief_packet(
        TKA,
        "2026-03-01",
        {
            "01_note.txt": (
                "2026-02-20",
                "ORTHO NOTE\nS: 71M, end-stage left knee OA. Pain worse since the fall. He is "
                "homebound and unable to manage the 4 front steps.\n",
            )
        },
    )["functional-limitation"]
    assert c.status == "met", (c.status, c.rationale)


def test_parenthesis_boxes_answer_a_red_flag_question(brief_packet):
    c = brief_packet(
        MRI,
        "2026-03-01",
        {
            "01_form.txt": (
                "2026-02-27",
                "IMAGING REQUEST\n4. Red flags (cancer, infection, fracture, cauda equina)?  "
                "( ) Yes  (X) No\n",
            ),
            "02_note.txt": ("2026-02-20", "OFFICE VISIT\n" + BACK),
        },
        cpt=["72148"],
    )["red-flags"]
    assert c.status == "not_met", (c.status, c.rationale)


def test_redundant_roots_of_a_stenosis_read_are_no_cauda_equina_syndrome(brief_packet):
    c = brief_packet(
        MRI,
        "2026-03-01",
        {
            "01_note.txt": ("2026-02-20", "OFFICE VISIT\n" + BACK),
            "02_mri.txt": (
                "2025-06-01",
                "MRI LUMBAR SPINE\nL4-5: severe central stenosis with redundant nerve roots of "
                "the cauda equina above the level.\n",
            ),
        },
        cpt=["72148"],
    )["red-flags"]
    assert c.status == "not_met", (c.status, c.rationale)


def test_surgery_scheduled_is_the_repeat_imaging_exception(brief_packet):
    c = brief_packet(
        MRI,
        "2026-06-01",
        {
            "01_mri.txt": (
                "2026-01-10",
                "MRI LUMBAR SPINE\nIMPRESSION: L4-5 spondylolisthesis with severe stenosis.\n",
            ),
            "02_consult.txt": (
                "2026-05-20",
                "SPINE SURGERY CONSULT\n" + BACK + "Symptoms unchanged since the January MRI. "
                "L4-5 decompression and fusion: surgery is scheduled for 06/30/2026. Updated MRI "
                "for operative planning.\n",
            ),
        },
        cpt=["72148"],
    )["repeat-imaging"]
    assert c.status == "met", (c.status, c.rationale)


def test_pain_score_corrected_under_a_correction_heading(brief_packet):
    letter = (
        "PAIN CLINIC LETTER\nLeft L5 radicular pain down the leg. Today her pain is 2 out of 10. "
        "She cannot walk more than one block.\n\n"
        "CORRECTION  02/11/2026 09:00 - R. Amadi, MD\n"
        "The pain score above was misrecognized. It should read:\n"
        '"Today her pain is 7 out of 10."\n'
    )
    c = brief_packet(ESI, "2026-02-20", {"01_letter.txt": ("2026-02-10", letter)}, cpt=["62323"])[
        "pain-assessment"
    ]
    assert c.status == "met", (c.status, c.value, c.rationale)
    assert c.value == 7


def test_numbered_visit_history_of_a_chiropractor(brief_packet):
    log = "CHIROPRACTIC VISIT HISTORY\nVisit  Date        Provider   Services\n" + "".join(
        f"  {n}    {d}  K.Lund DC  98940\n"
        for n, d in enumerate(
            [
                "01/05/2026",
                "01/12/2026",
                "01/19/2026",
                "01/26/2026",
                "02/02/2026",
                "02/09/2026",
                "02/16/2026",
                "02/23/2026",
            ],
            start=1,
        )
    )
    c = brief_packet(
        MRI,
        "2026-02-20",
        {
            "01_log.txt": ("2026-02-10", log),
            "02_note.txt": (
                "2026-02-12",
                "CHIROPRACTIC RE-EXAM\nLow back pain into the left leg, no better with "
                "adjustments since January. Denies saddle numbness, bowel or bladder change, "
                "fever; no cancer.\n",
            ),
        },
        cpt=["72148"],
    )["conservative-therapy"]
    assert c.status == "met", (c.status, c.value, c.rationale)


def test_last_season_with_no_time_word_before_it():
    got = [
        (d.value.year, d.value.month)
        for d in find_dates("She did PT for six weeks last summer.", date(2026, 3, 30))
    ]
    assert got == [(2025, 6)]


def test_letters_exam_that_day_is_the_visit_told_above(brief_packet):
    letter = (
        "SPINE ASSOCIATES\n\n5 March 2026\n\nDear Dr. Hale,\n\nI saw him in clinic on January 2, "
        "2026.\n\nHe has low back and left leg pain since the summer. He has no bladder or bowel "
        "symptoms and no saddle numbness.\n\nOn examination that day he walked with a limp. "
        "Straight leg raise was positive on the left. Power was 5/5.\n\nI spoke to him by "
        "telephone on 3 March 2026; he is unchanged.\n"
    )
    c = brief_packet(MRI, "2026-03-10", {"01_letter.txt": ("2026-03-05", letter)}, cpt=["72148"])[
        "clinical-evaluation"
    ]
    assert c.status == "not_met", (c.status, c.rationale)


def test_only_the_initial_evaluation_against_a_forms_completed_course(brief_packet):
    c = brief_packet(
        MRI,
        "2026-03-10",
        {
            "01_form.txt": (
                "2026-03-08",
                "MRI PRECERTIFICATION\n[X] Physical therapy   dates: 10/2025 - 12/2025 (9 wks) - "
                "completed\n",
            ),
            "02_letter.txt": (
                "2026-03-01",
                "Dear Dr. Ruiz,\nThank you for the referral. "
                + BACK.replace("PT 10/20/2025 to 12/22/2025 without relief", "no other medicine")
                + "You sent her to physical therapy in October; she attended only the initial "
                "evaluation and did not go back.\n",
            ),
        },
        cpt=["72148"],
    )["conservative-therapy"]
    assert c.status == "needs_review", (c.status, c.value, c.rationale)
