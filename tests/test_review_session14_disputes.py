# ruff: noqa: E501 -- invented packets keep their record lines whole
"""Review of 941473b: invented packets where the commit's rules reach too far.
Tests marked xfail are regressions not fixed in fix.patch."""

import pytest


def test_a6_prior_mri_named_as_comparison(brief_packet) -> None:
    """Two studies named in one sentence (old normal, new abnormal) read as a re-read."""
    c = brief_packet(
        "lumbar-epidural-steroid-injection",
        "2026-05-01",
        {
            "01_mri_old.txt": (
                "2025-02-10",
                "MRI LUMBAR SPINE\nEXAM DATE: 02/10/2025\nIMPRESSION: Unremarkable MRI of the lumbar spine.\n",
            ),
            "02_mri_new.txt": (
                "2026-03-30",
                "MRI LUMBAR SPINE\nEXAM DATE: 03/30/2026\nIMPRESSION: New left L4-5 protrusion compressing the traversing left L5 nerve root.\n",
            ),
            "03_clinic.txt": (
                "2026-04-20",
                "PAIN CLINIC NOTE\nLeft leg pain radiating from the buttock down the lateral calf into the dorsum of the foot, L5 pattern. SLR left positive at 40 degrees.\nHer MRI 02/10/2025 was normal; the repeat MRI 03/30/2026 now shows a left L4-5 protrusion compressing the L5 root.\n",
            ),
        },
    )["imaging-concordant"]
    assert c.status == "met", c.rationale


def test_a7_old_mri_date_in_same_sentence_history(brief_packet) -> None:
    """Old normal study's day named in a parenthesis beside a new study."""
    c = brief_packet(
        "lumbar-epidural-steroid-injection",
        "2026-05-01",
        {
            "01_mri_old.txt": (
                "2025-02-10",
                "MRI LUMBAR SPINE\nEXAM DATE: 02/10/2025\nIMPRESSION: Unremarkable MRI of the lumbar spine.\n",
            ),
            "02_clinic.txt": (
                "2026-04-20",
                "PAIN CLINIC NOTE\nLeft leg pain radiating from the buttock down the lateral calf into the dorsum of the foot, L5 pattern. SLR left positive at 40 degrees.\nMRI 04/02/2026 (after a normal study on 02/10/2025) shows a left L4-5 protrusion compressing the L5 root.\n",
            ),
        },
    )["imaging-concordant"]
    assert c.status == "met", c.rationale


def test_a10_clinician_addendum_reread(brief_packet) -> None:
    """Clinician's own ADDENDUM re-read taken as a corrected radiology report."""
    c = brief_packet(
        "lumbar-epidural-steroid-injection",
        "2026-05-01",
        {
            "01_mri.txt": (
                "2026-03-01",
                "RADIOLOGY REPORT\nEXAM: MRI LUMBAR SPINE\nEXAM DATE: 03/01/2026\nIMPRESSION: Normal MRI of the lumbar spine. No disc herniation.\n",
            ),
            "02_clinic.txt": (
                "2026-03-20",
                "PAIN CLINIC NOTE\nLeft leg pain radiating from the buttock down the lateral calf into the dorsum of the foot, L5 pattern. SLR left positive at 40 degrees.\nPlan: ESI.\nADDENDUM 03/21/2026: I reviewed the MRI images myself; there is a left L4-5 disc protrusion compressing the L5 root.\n",
            ),
        },
    )["imaging-concordant"]
    assert c.status == "needs_review", c.rationale


def test_a11_clinician_entered_in_error(brief_packet) -> None:
    """'entered in error' (med list) in an office note taken as a correction."""
    c = brief_packet(
        "lumbar-epidural-steroid-injection",
        "2026-05-01",
        {
            "01_mri.txt": (
                "2026-03-01",
                "RADIOLOGY REPORT\nEXAM: MRI LUMBAR SPINE\nEXAM DATE: 03/01/2026\nIMPRESSION: Normal MRI of the lumbar spine. No disc herniation.\n",
            ),
            "02_clinic.txt": (
                "2026-03-20",
                "PAIN CLINIC NOTE\nLeft leg pain radiating from the buttock down the lateral calf into the dorsum of the foot, L5 pattern. SLR left positive at 40 degrees.\nI reviewed the MRI images myself; there is a left L4-5 disc protrusion compressing the L5 root, which I disagree with the radiologist on.\nMedications: gabapentin 300 mg (meloxicam entered in error, removed).\n",
            ),
        },
    )["imaging-concordant"]
    assert c.status == "needs_review", c.rationale


def test_a12_clinician_should_read(brief_packet) -> None:
    """'should read' (DOB) in an office note taken as a correction."""
    c = brief_packet(
        "lumbar-epidural-steroid-injection",
        "2026-05-01",
        {
            "01_mri.txt": (
                "2026-03-01",
                "RADIOLOGY REPORT\nEXAM: MRI LUMBAR SPINE\nEXAM DATE: 03/01/2026\nIMPRESSION: Normal MRI of the lumbar spine. No disc herniation.\n",
            ),
            "02_clinic.txt": (
                "2026-03-20",
                "PAIN CLINIC NOTE\nLeft leg pain radiating from the buttock down the lateral calf into the dorsum of the foot, L5 pattern. SLR left positive at 40 degrees.\nOn my review of the MRI images there is a left L4-5 disc protrusion compressing the L5 root; I disagree with the radiology read.\nNote: DOB on the referral should read 01/02/1960.\n",
            ),
        },
    )["imaging-concordant"]
    assert c.status == "needs_review", c.rationale


def test_b1_clinician_addendum_bone_on_bone(brief_packet) -> None:
    """Knee: clinician's ADDENDUM read of bone-on-bone taken as a correction of the radiology read."""
    c = brief_packet(
        "total-knee-arthroplasty",
        "2026-06-01",
        {
            "01_xr.txt": (
                "2026-03-02",
                "RADIOLOGY REPORT\nEXAM: XR LEFT KNEE STANDING\nExam date: 03/02/2026\nIMPRESSION: Mild medial joint space narrowing of the left knee, Kellgren-Lawrence grade 2.\n",
            ),
            "02_clinic.txt": (
                "2026-03-10",
                "ORTHOPEDIC NOTE\nLeft knee pain for 2 years.\nADDENDUM: I reviewed the standing films of 03/02/2026 myself: bone-on-bone medial compartment, severe osteoarthritis.\n",
            ),
        },
    )["radiographic-severity"]
    assert c.status == "needs_review", c.rationale


def test_c2_no_fever_today_vs_fevers_last_week(brief_packet) -> None:
    """'No fever today' disputes fevers to 101 F last week."""
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-04-10",
        {
            "01_visit.txt": (
                "2026-01-10",
                "OFFICE VISIT\nLow back pain radiating to the right calf for 3 months. Started naproxen 500 mg twice daily today. Referred to physical therapy.\n",
            ),
            "02_triage.txt": ("2026-04-02", "TRIAGE\nNo fever today.\n"),
            "03_visit.txt": (
                "2026-04-02",
                "OFFICE VISIT\nLow back pain, worse at night. Fevers to 101 F at home last week with night sweats. Concern for discitis; labs today.\n",
            ),
        },
    )["red-flags"]
    assert c.status == "met", c.rationale


@pytest.mark.xfail(
    reason="not fixed: Morning ED triage denial disputes a fever measured later the same day (unfixed)",
    strict=False,
)
def test_c3_ed_triage_vs_admission_later_fever(brief_packet) -> None:
    """Morning ED triage denial disputes a fever measured later the same day (unfixed)."""
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-04-10",
        {
            "01_visit.txt": (
                "2026-01-10",
                "OFFICE VISIT\nLow back pain radiating to the right calf for 3 months. Started naproxen 500 mg twice daily today. Referred to physical therapy.\n",
            ),
            "02_triage.txt": ("2026-04-02", "ED TRIAGE 07:40\nDenies fever.\n"),
            "03_hp.txt": (
                "2026-04-02",
                "ADMISSION H&P 22:15\nLow back pain; spiked a fever to 39.1 C in the ED this afternoon. Blood cultures drawn. Concern for vertebral osteomyelitis.\n",
            ),
        },
    )["red-flags"]
    assert c.status == "met", c.rationale


@pytest.mark.xfail(
    reason="not fixed: Shoulder PT note's 'denies fever or chills' disputes the back visit's fever (unfixed)",
    strict=False,
)
def test_c4_pt_note_denies_fever_other_complaint(brief_packet) -> None:
    """Shoulder PT note's 'denies fever or chills' disputes the back visit's fever (unfixed)."""
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-04-10",
        {
            "01_visit.txt": (
                "2026-01-10",
                "OFFICE VISIT\nLow back pain radiating to the right calf for 3 months. Started naproxen 500 mg twice daily today. Referred to physical therapy.\n",
            ),
            "02_pt.txt": (
                "2026-04-02",
                "PHYSICAL THERAPY - SHOULDER\nRight shoulder rotator cuff rehab. Pt denies fever or chills.\n",
            ),
            "03_visit.txt": (
                "2026-04-02",
                "OFFICE VISIT\nLow back pain, worse at night. Reports fevers to 101 F at home this week. Concern for discitis.\n",
            ),
        },
    )["red-flags"]
    assert c.status == "met", c.rationale


def test_c5_when_asked_about_fevers_yes(brief_packet) -> None:
    """'When asked about fevers, he said yes' was read as a question; the yes after the finding is now read."""
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-04-10",
        {
            "01_visit.txt": (
                "2026-01-10",
                "OFFICE VISIT\nLow back pain radiating to the right calf for 3 months. Started naproxen 500 mg twice daily today. Referred to physical therapy.\n",
            ),
            "02_visit.txt": (
                "2026-04-02",
                "OFFICE VISIT\nLow back pain, worse at night. When asked about fevers, he said yes, up to 101.5 at night.\n",
            ),
        },
    )["red-flags"]
    assert c.status == "met", c.rationale


def test_c6_asked_about_fever_colon_yes(brief_packet) -> None:
    """'Asked about fever: yes, 38.9 C' was read as a question; the yes after the finding is now read."""
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-04-10",
        {
            "01_visit.txt": (
                "2026-01-10",
                "OFFICE VISIT\nLow back pain radiating to the right calf for 3 months. Started naproxen 500 mg twice daily today. Referred to physical therapy.\n",
            ),
            "02_visit.txt": (
                "2026-04-02",
                "OFFICE VISIT\nLow back pain, worse at night. Asked about fever: yes, 38.9 C last night. Concern for discitis.\n",
            ),
        },
    )["red-flags"]
    assert c.status == "met", c.rationale


def test_c7_asked_about_ivdu_admits(brief_packet) -> None:
    """'Asked about IV drug use, he admits to it' was read as a question; the yes after the finding is now read."""
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-04-10",
        {
            "01_visit.txt": (
                "2026-01-10",
                "OFFICE VISIT\nLow back pain radiating to the right calf for 3 months. Started naproxen 500 mg twice daily today. Referred to physical therapy.\n",
            ),
            "02_visit.txt": (
                "2026-04-02",
                "OFFICE VISIT\nLow back pain, worse at night. Asked about IV drug use, he admits to it, last used two days ago.\n",
            ),
        },
    )["red-flags"]
    assert c.status == "met", c.rationale


def test_c8_asked_about_cancer_history_told(brief_packet) -> None:
    """'Asked about cancer history: breast cancer 2019': the answer after the question's colon
    tells the finding (fixed 2026-12-07; it had been read as a question)."""
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-04-10",
        {
            "01_visit.txt": (
                "2026-01-10",
                "OFFICE VISIT\nLow back pain radiating to the right calf for 3 months. Started naproxen 500 mg twice daily today. Referred to physical therapy.\n",
            ),
            "02_visit.txt": (
                "2026-04-02",
                "OFFICE VISIT\nNew low back pain, worse at night. Asked about cancer history: breast cancer 2019, s/p mastectomy and chemo.\n",
            ),
        },
    )["red-flags"]
    assert c.status == "met", c.rationale


def test_c10_saddle_asked_confirms(brief_packet) -> None:
    """'Asked specifically about saddle numbness and she confirms it' was read as a question; now told."""
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-04-10",
        {
            "01_visit.txt": (
                "2026-01-10",
                "OFFICE VISIT\nLow back pain radiating to the right calf for 3 months. Started naproxen 500 mg twice daily today. Referred to physical therapy.\n",
            ),
            "02_visit.txt": (
                "2026-04-02",
                "URGENT VISIT\nAsked specifically about saddle numbness and she confirms it since yesterday.\n",
            ),
        },
    )["red-flags"]
    assert c.status == "met", c.rationale


def test_c14_imaging_report_no_fever_in_history(brief_packet) -> None:
    """Imaging report indication 'no fever' disputes the physician's fever."""
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-04-10",
        {
            "01_visit.txt": (
                "2026-01-10",
                "OFFICE VISIT\nLow back pain radiating to the right calf for 3 months. Started naproxen 500 mg twice daily today. Referred to physical therapy.\n",
            ),
            "02_xr.txt": (
                "2026-04-02",
                "RADIOLOGY REPORT\nXR LUMBAR SPINE\nCLINICAL HISTORY: low back pain, no fever.\nIMPRESSION: Mild degenerative change.\n",
            ),
            "03_visit.txt": (
                "2026-04-02",
                "OFFICE VISIT\nLow back pain, worse at night. Fevers to 101 F at home the last 5 days. ESR/CRP ordered.\n",
            ),
        },
    )["red-flags"]
    assert c.status == "met", c.rationale


def test_c16_same_day_denial_feverish_child(brief_packet) -> None:
    """'Fever: none today. Chills: none.' -- the chills of that form line are denied today
    too: a fever two nights ago that has passed, no dispute (fixed 2026-12-07)."""
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-04-10",
        {
            "01_visit.txt": (
                "2026-01-10",
                "OFFICE VISIT\nLow back pain radiating to the right calf for 3 months. Started naproxen 500 mg twice daily today. Referred to physical therapy.\n",
            ),
            "02_intake.txt": (
                "2026-04-02",
                "INTAKE FORM (nurse)\nFever: none today. Chills: none.\n",
            ),
            "03_visit.txt": (
                "2026-04-02",
                "OFFICE VISIT\nLow back pain; Tmax 101.8 F two nights ago, treated with Tylenol. ESR/CRP today.\n",
            ),
        },
    )["red-flags"]
    assert c.status == "met", c.rationale


def test_c19_same_day_later_denial_after_sign_recovered_wording(brief_packet) -> None:
    """Evening nursing note after Foley ('Denies urinary retention') disputes ED retention."""
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-04-10",
        {
            "01_visit.txt": (
                "2026-01-10",
                "OFFICE VISIT\nLow back pain radiating to the right calf for 3 months. Started naproxen 500 mg twice daily today. Referred to physical therapy.\n",
            ),
            "02_ed.txt": (
                "2026-04-02",
                "ED NOTE\nUrinary retention, bladder scan 700 mL, Foley placed. MRI ordered.\n",
            ),
            "03_pt.txt": (
                "2026-04-02",
                "NURSING NOTE (evening)\nFoley in place, draining well. Denies urinary retention.\n",
            ),
        },
    )["red-flags"]
    assert c.status == "met", c.rationale


def test_c20_fever_told_denial_same_day_by_patient_questionnaire(brief_packet) -> None:
    """Patient questionnaire 'Fever? No' disputes the physician's fever."""
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-04-10",
        {
            "01_visit.txt": (
                "2026-01-10",
                "OFFICE VISIT\nLow back pain radiating to the right calf for 3 months. Started naproxen 500 mg twice daily today. Referred to physical therapy.\n",
            ),
            "02_q.txt": ("2026-04-02", "PATIENT QUESTIONNAIRE\nFever? No\n"),
            "03_visit.txt": (
                "2026-04-02",
                "OFFICE VISIT\nLow back pain, fevers to 101 F at home all week. ESR/CRP.\n",
            ),
        },
    )["red-flags"]
    assert c.status == "met", c.rationale


def test_c5_guard_asked_about_fevers_answered_no(brief_packet) -> None:
    """'When asked about fevers, he said no': a question answered no, no fever."""
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-04-10",
        {
            "01_visit.txt": (
                "2026-01-10",
                "OFFICE VISIT\nLow back pain radiating to the right calf for 3 months. Started naproxen 500 mg twice daily today. Referred to physical therapy.\n",
            ),
            "02_visit.txt": (
                "2026-04-02",
                "OFFICE VISIT\nLow back pain, worse at night. When asked about fevers, he said no, none at all.\n",
            ),
        },
    )["red-flags"]
    assert c.status == "not_met", c.rationale
