"""Classes found by the fourteenth dev batch (records gathered from other practices under a
release-of-information cover; hybrid telehealth charts; medication lists, fill histories and
prescription-monitoring reports; 2026-12-06): a release's cover sheet above the record it
releases, a medication list's "NOT TAKING - never started" against a course told as taken, a
red-flag template answered " . denies" and "no / no", a portal message thread, a patient's
hedged "took the edge off, maybe 30 percent" for "3 or 4 weeks", "relief ... estimated at
75%", a download's period cell split from its dates and its "25 of 30", "Finished an
antibiotic".  Every text is invented for the test."""

from __future__ import annotations

from pathlib import Path

from test_packet_batch9 import criterion, make_case

from casebrief.documents.classify import classify
from casebrief.lexicon import cue

# ------------------------------------------------------------------ documents


def test_a_release_cover_sheet_above_its_record_is_the_record() -> None:
    text = (
        "RIVERSIDE HOSPITAL\nHealth Information Management / Release of Information\n\n"
        "ROI COVER SHEET                              Request # 26-1234\n"
        "Release date:  05/27/2026\n"
        "Released to:   Dr. Varga\nPatient:       DOE, JANE    DOB 01/01/1958\n"
        "Purpose:       Continuity of care\nRecords for dates of service 04/06/2026\n"
        "Contents:      Radiology report (1 page)\nNOTICE: Confidential health information.\n\n\n"
        "RADIOLOGY REPORT\nEXAM: XR KNEES BILATERAL STANDING   DATE OF EXAM: 04/06/2026\n"
        "FINDINGS: Mild right medial joint space narrowing.\nIMPRESSION:\n1. Mild right medial"
        " compartment osteoarthritis (Kellgren-Lawrence grade 2).\n"
    )
    assert classify(text)[0] == "imaging_report"
    # a cover sheet alone stays a cover
    assert classify("FAX COVER SHEET\nTo: Utilization Review\nPages: 4 (including cover)\n")[0] == (
        "fax_cover"
    )


# ------------------------------------------------------------------ therapy


def test_a_med_lists_not_taking_row_against_a_course_told_current(tmp_path: Path) -> None:
    case = make_case(
        tmp_path,
        "lumbar-spine-mri",
        "2026-04-21",
        {
            "01_gi.txt": {
                "date": "2026-03-12",
                "text": "GASTROENTEROLOGY CLINIC NOTE\nMEDICATIONS (reconciled with patient)\n"
                "  meloxicam 15 mg tab, 1 daily       Patient not taking   Took about 2 wks in"
                " Jan, stopped d/t stomach upset\n",
            },
            "02_pcp.txt": {
                "date": "2026-04-16",
                "text": "OFFICE VISIT\nLow back pain radiating to the L leg. Meloxicam 15 mg daily"
                " since 01/09/2026, still taking, no relief.\nSLR positive on the left. No red"
                " flags.\n",
            },
        },
    )
    assert criterion(case, "conservative-therapy").status == "needs_review"


def test_a_course_that_ended_before_the_list_is_no_contradiction(tmp_path: Path) -> None:
    case = make_case(
        tmp_path,
        "lumbar-spine-mri",
        "2026-04-21",
        {
            "01_pcp.txt": {
                "date": "2026-02-20",
                "text": "OFFICE VISIT\nLow back pain radiating to the L leg. Naproxen 500 mg BID"
                " 11/01/2025 - 01/30/2026, no relief. PT 11/01/2025 - 12/20/2025, no change.\n"
                "SLR positive on the left. No red flags.\n",
            },
            "02_gi.txt": {
                "date": "2026-03-12",
                "text": "GASTROENTEROLOGY CLINIC NOTE\nMEDICATIONS\n  naproxen 500 mg BID      "
                "  Patient not taking   stopped end of January\n",
            },
        },
    )
    assert criterion(case, "conservative-therapy").status == "met"


# ------------------------------------------------------------------ screens and contacts


def test_a_template_answered_with_a_spaced_dot_or_no_for_each_item_is_denied() -> None:
    rx = cue("assertion.leader_no")
    assert rx.search("Fever / chills / night sweats . denies")
    assert rx.search("IVDU / immunosuppression ...... no / no")
    assert not rx.search("Fever / chills / night sweats . yes")


def test_a_portal_message_thread_is_a_remote_contact() -> None:
    assert cue("sleep.remote").search("NORTHGATE PRIMARY CARE - MyNorthgate message thread")


# ------------------------------------------------------------------ relief


def test_a_patients_hedged_relief_and_its_weeks(tmp_path: Path) -> None:
    case = make_case(
        tmp_path,
        "lumbar-epidural-steroid-injection",
        "2026-06-09",
        {
            "01_video.txt": {
                "date": "2026-05-28",
                "text": "VIDEO VISIT\nR L5 radicular pain, 7/10. Prior R L4-5 TFESI on 09/18/2025."
                "\nResponse to prior injection: she reports about 70% relief that lasted until"
                " roughly mid-January, then gradual return.\n",
            },
            "02_portal.txt": {
                "date": "2026-05-28",
                "text": "Patient message thread\nFrom: patient   Sent: 5/28/2026 7:46 PM\nI went"
                " back and looked at my calendar. Truthfully the shot\nhelped for maybe 3 or 4"
                " weeks and only took the edge off, maybe 30 percent.\n",
            },
        },
    )
    assert criterion(case, "prior-injection-response").status == "needs_review"


def test_relief_estimated_at_a_percent() -> None:
    from casebrief.nlp.measurements import find_measurements

    found = find_measurements(
        "Leg pain relief since the 4/15 TFESI estimated at 75%; relief has held for three months."
    )
    assert [m.value for m in found if m.kind == "relief_percent"] == [75.0]


# ------------------------------------------------------------------ adherence and infection


def test_a_periods_dates_set_apart_and_its_nights_as_n_of_30(tmp_path: Path) -> None:
    docs = {
        "01_download.txt": {
            "date": "2026-05-15",
            "text": "PAP COMPLIANCE DOWNLOAD\nSetup date: 02/17/2026\n\nSUMMARY BY PERIOD\n"
            "  Period                      Nights   Used >= 4 h    %     Avg use\n"
            "  Days 1-30  (02/17-03/18)      30       25 of 30    83%        5 h 30 m\n"
            "  Days 31-60 (03/19-04/17)      30       18 of 30    60%        4 h 51 m\n",
        },
    }
    case = make_case(tmp_path, "cpap-osa", "2026-05-20", docs, request_type="continuation")
    out = criterion(case, "adherence")
    assert out.status == "met"
    assert "83" in out.rationale


def test_a_finished_antibiotic_is_no_active_infection() -> None:
    assert cue("findings.not_active").search(
        "Finished an\nantibiotic for a bladder infection in early July."
    )


def test_two_records_giving_one_study_different_ahis_need_review(tmp_path: Path) -> None:
    docs = {
        "01_visit.txt": {
            "date": "2026-06-12",
            "text": "OFFICE VISIT\nLoud snoring, witnessed apneas, Epworth 8. BMI 31. Neck 17 in.\n"
            "Plan: home sleep test.\n",
        },
        "02_hsat.txt": {
            "date": "2026-06-18",
            "text": "HOME SLEEP APNEA TEST REPORT\nStudy date: 06/18/2026\nIMPRESSION: Mild"
            " obstructive sleep apnea, AHI 11.8 events/hour.\n",
        },
        "03_consult.txt": {
            "date": "2026-07-14",
            "text": "SLEEP MEDICINE CONSULTATION\nHST 06/18/2026 reviewed with the patient: AHI"
            " 23.5/h - moderate OSA.\n",
        },
    }
    case = make_case(tmp_path, "cpap-osa", "2026-08-10", docs)
    assert criterion(case, "sleep-test-ahi").status == "needs_review"


def test_an_enrolment_day_long_before_the_programs_own_first_visit_needs_review(
    tmp_path: Path,
) -> None:
    rows = "".join(
        f"  {d}  Weight management visit (MD)  Wt 320 lb  diet and activity counseling\n"
        for d in [
            "04/13/2026",
            "05/11/2026",
            "06/08/2026",
            "07/13/2026",
            "08/10/2026",
            "09/28/2026",
        ]
    )
    docs = {
        "01_pcp.txt": {
            "date": "2026-09-30",
            "text": "PRIMARY CARE NOTE\nHt 70 in Wt 311 lb BMI 44.6. T2DM on metformin.\nEnrolled"
            " at Harrow Valley Medical Weight Management on 10/06/2025. Monthly visits.\n",
        },
        "02_log.txt": {
            "date": "2026-10-01",
            "text": "HARROW VALLEY MEDICAL WEIGHT MANAGEMENT - VISIT LOG\nSupervising physician:"
            " R. Ames, MD\n" + rows,
        },
    }
    case = make_case(tmp_path, "bariatric-surgery", "2026-10-19", docs)
    assert criterion(case, "supervised-weight-loss-6mo").status == "needs_review"
