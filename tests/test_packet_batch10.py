"""Classes found by the tenth dev batch (chiropractic/physiatry + ED, VA records + dictated
letters, telehealth + PT/OT, multispecialty EHR + health-plan nurse reviews; 2026-12-05): a BMI
quoted "(from 08/2025)", "per VA records" or as "Last BMI" taken as the latest, a form's
"[ ] Prior ESI" and "Prior ESI: [X] None" read as a prior injection, "go to the ED for any new
weakness" read as a red flag, a wrapped form item answered "[ ] Yes [X] No" on its next line,
"years ago after a car accident" read as recent trauma, a list's previous date taken as the
MRI's, a chiropractor's re-examination not counted as an exam, a ">= 4 h" label governing a
list of figures, "11 of 21 nights" compared as a 30-day period, an in-office consult letter
read as a phone contact, "acetaminophen here and there" joined into a course, "Treatment to
date:" read as currency, a prior course's dates inside a therapy note's span, a prescription's
"x 4 wks" outliving a later "stopped".  Every text is invented for the test."""

from __future__ import annotations

from pathlib import Path

from test_packet_batch9 import _assertion, criterion, make_case

from casebrief.nlp.measurements import find_measurements

# ------------------------------------------------------------------ context


def test_emergency_advice_for_any_new_weakness_is_not_a_finding() -> None:
    text = "She understands to go to the ED for any new weakness or bowel/bladder change.\n"
    assert _assertion(text, "weakness") == "hypothetical"


def test_a_wrapped_form_item_answered_no_on_its_next_line_is_negated() -> None:
    text = (
        "  4. Red flags (cauda equina, cancer hx, infection,\n"
        "     fracture, progressive deficit)?               [ ] Yes  [X] No\n"
    )
    assert _assertion(text, "cauda equina") == "negated"


def test_an_accident_years_ago_is_history() -> None:
    text = "She saw a chiropractor several times years ago after a car accident.\n"
    assert _assertion(text, "car accident") == "historical"


def test_an_unticked_prior_item_is_negated() -> None:
    text = "  [ ] Prior ESI this region -> response >= 50% x 3 mo   (N/A per records)\n"
    assert _assertion(text, "ESI") == "negated"


def test_a_ticked_none_answers_the_item() -> None:
    text = "Prior ESI: [X] None    [ ] Yes - date ____  % relief ____\n"
    assert _assertion(text, "ESI") == "negated"


# ------------------------------------------------------------------ BMI


def test_a_bmi_quoted_from_elsewhere_yields_to_todays_height_and_weight(tmp_path: Path) -> None:
    case = make_case(
        tmp_path,
        "total-knee-arthroplasty",
        "2026-04-28",
        {
            "01_request.txt": {
                "date": "2026-04-28",
                "text": "TKA REQUEST\nRight knee OA, KL 4. Walks < 1 block. BMI 38.6\n"
                "  per VA records. No infection.\n",
            },
            "02_pcp.txt": {
                "date": "2026-04-07",
                "text": "PRIMARY CARE NOTE\nVITALS: BP 134/78   WT: 127.5 kg   HT: 177.8 cm\n"
                "Right knee pain, uses a cane. Naproxen since 09/2025 and PT 10/2025-12/2025.\n",
            },
        },
    )
    c = criterion(case, "bmi-below-40")
    assert c.status == "not_met" and abs(c.value - 40.3) < 0.1


# ------------------------------------------------------------------ imaging and exams


def test_a_date_before_a_study_across_a_lists_comma_is_not_its_date(tmp_path: Path) -> None:
    case = make_case(
        tmp_path,
        "lumbar-spine-mri",
        "2026-04-14",
        {
            "01_request.txt": {
                "date": "2026-04-14",
                "text": "LUMBAR MRI REQUEST\nAttachments: OV 02/03/2026, nurse visit 04/08/2026,\n"
                "MRI L-spine report 03/10/2025\n",
            },
        },
    )
    assert criterion(case, "repeat-imaging").status == "met"


def test_a_chiropractors_reexamination_is_an_in_person_exam(tmp_path: Path) -> None:
    case = make_case(
        tmp_path,
        "lumbar-spine-mri",
        "2026-04-20",
        {
            "01_chiro.txt": {
                "date": "2026-03-02",
                "text": "CHIROPRACTIC RE-EXAMINATION / PROGRESS REPORT\n"
                "Provider: Dana Ilves, DC\nSLR positive on the left at 45 degrees. "
                "L EHL 4/5. Achilles 1+ L.\n",
            },
        },
    )
    assert criterion(case, "clinical-evaluation").status == "met"


# ------------------------------------------------------------------ CPAP


def test_a_four_hour_label_governs_the_figures_listed_after_it(tmp_path: Path) -> None:
    case = make_case(
        tmp_path,
        "cpap-osa",
        "2026-05-12",
        request_type="continuation",
        docs={
            "01_sleep_note.txt": {
                "date": "2026-05-04",
                "text": "SLEEP CLINIC NOTE\nIn person. CPAP started 01/27/2026.\n\n"
                "Download reviewed (01/27-04/26): >= 4 h on 60/90 nights (66.7%) overall; "
                "days 31-60: 23/30 nights (76.7%).\n",
            },
        },
    )
    assert criterion(case, "adherence").status == "met"


def test_an_in_office_consult_letter_is_face_to_face_though_it_names_a_phone_screen(
    tmp_path: Path,
) -> None:
    case = make_case(
        tmp_path,
        "cpap-osa",
        "2026-06-24",
        {
            "01_letter.txt": {
                "date": "2026-06-16",
                "text": "SLEEP MEDICINE\nRE: new patient consultation, in office, 06/16/2026\n"
                "Dear Dr. Gruber, following our nurse's telephone screening we arranged a home "
                "sleep apnea test, done on May 27. He snores loudly and his wife has seen "
                "pauses in his breathing.\n",
            },
            "02_hsat.txt": {
                "date": "2026-05-28",
                "text": "HOME SLEEP APNEA TEST REPORT\nStudy date: 05/27/2026\n"
                "AHI 18.2 events/h.\n",
            },
        },
    )
    assert criterion(case, "face-to-face-evaluation").status == "not_met"


# ------------------------------------------------------------------ therapy


def test_an_analgesic_taken_here_and_there_is_no_course_between_notes(tmp_path: Path) -> None:
    case = make_case(
        tmp_path,
        "lumbar-spine-mri",
        "2026-05-06",
        {
            "01_letter.txt": {
                "date": "2026-02-10",
                "text": "PM&R CONSULT\nShe takes acetaminophen here and there for the back pain.\n",
            },
            "02_note.txt": {
                "date": "2026-04-22",
                "text": "FOLLOW-UP\nStill takes acetaminophen here and there when the pain "
                "is bad.\n",
            },
        },
    )
    c = criterion(case, "conservative-therapy")
    assert c.status != "met" and (c.value or 0) < 6


def test_a_treatment_to_date_heading_is_not_currency(tmp_path: Path) -> None:
    case = make_case(
        tmp_path,
        "lumbar-epidural-steroid-injection",
        "2026-04-07",
        {
            "01_consult.txt": {
                "date": "2026-03-24",
                "text": "PAIN CONSULT\nTreatment to date: meloxicam from PCP - took it about "
                "2 weeks, stopped due to stomach pain.\n"
                "Left L5 radicular pain to the foot. Pain 7/10.\n",
            },
        },
    )
    c = criterion(case, "conservative-care-4wk")
    assert c.status != "met"


# ------------------------------------------------------------------ where these rules stop
# (a second reviewer's counter-examples to the first versions of the rules above)


def test_boxes_below_a_closed_line_answer_only_their_own_item() -> None:
    text = (
        "ROS negative for fever, chills, weight loss, saddle anesthesia.\n"
        "   Prior lumbar surgery?  [X] Yes  [ ] No\n"
    )
    assert _assertion(text, "saddle anesthesia") == "negated"
    text = "HPI: progressive leg weakness over 2 weeks.\n  Bowel/bladder changes?  [ ] Yes [X] No\n"
    assert _assertion(text, "weakness") == "present"


def test_an_exam_signs_neg_does_not_negate_the_findings_after_it() -> None:
    text = "Neuro: negative Babinski, decreased sensation L5 dermatome, EHL 4/5.\n"
    assert _assertion(text, "sensation") == "present"


def test_plus_or_minus_is_not_a_positive_sign() -> None:
    text = "Pt denies fever, chills, saddle anesthesia +/- bladder changes.\n"
    assert _assertion(text, "saddle anesthesia") == "negated"


def test_a_visit_to_the_ed_for_weakness_is_an_event_not_advice() -> None:
    text = "He had to go to the ED twice last month for new leg weakness.\n"
    assert _assertion(text, "weakness") != "hypothetical"


def test_a_ticked_less_than_answer_gives_no_relief_percent() -> None:
    text = "How much did it help?  [ ] more than 50%   [x] less than 50%\n"
    assert [m for m in find_measurements(text) if m.kind == "relief_percent"] == []
