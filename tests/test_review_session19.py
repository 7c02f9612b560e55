# ruff: noqa: E501 -- invented packets keep their record lines whole
"""Review of the thirty-fourth batch's rules (a second agent's invented packets): each packet
was briefed right by the code before those rules and wrong by their first version -- seven
of them false `met` -- and is right again after the fixes."""

import pytest

CASES = [
    pytest.param(
        "lumbar-spine-mri",
        "2026-06-15",
        "red-flags",
        {
            "01_office.txt": (
                "2026-06-01",
                "PRIMARY CARE OFFICE VISIT\nDate: 06/01/2026   Provider: Karen Oduya, MD\n\nHPI: 44 yo M with low back pain for 9 weeks after moving furniture. Pain is axial, worse with\nbending. Has been taking ibuprofen 600 mg TID since 04/01/2026 with minimal relief. No leg pain.\n\nExam: Lumbar paraspinal tenderness. SLR negative bilaterally. Strength 5/5 LE. Reflexes 2+ symmetric.\nSensation intact.\n\nAssessment: Mechanical low back pain, not improving.\nPlan: MRI lumbar spine. Continue ibuprofen.\nIf any of these occur: numbness in the groin or new leg weakness, go to the ER right away.\n",
            )
        },
        "not_met",
        id="A",
    ),  # a plan's "If any of these occur: numbness in the groin ..." is no form's answer
    pytest.param(
        "lumbar-spine-mri",
        "2026-06-15",
        "red-flags",
        {
            "01_nurse.txt": (
                "2026-06-08",
                "NURSING INTAKE 06/08/2026 08:42\nHere today for back pain follow-up. Denies fever or chills.\nBP 128/80  P 82  T 98.4 F\n",
            ),
            "02_md.txt": (
                "2026-06-08",
                "PHYSICIAN NOTE 06/08/2026\nHPI: 61 yo F, low back pain x 6 weeks. Reports fevers to 101.5 F at home every evening for the past\nweek with night sweats. She had a lumbar discectomy in April 2026.\n\nExam: Tender over L4-L5 incision. Strength 5/5. SLR negative bilaterally. Reflexes 2+.\n\nAssessment: Low back pain with fevers after recent spinal surgery - rule out discitis.\nPlan: MRI lumbar spine with contrast.\n",
            ),
        },
        "needs_review",
        id="D",
    ),  # the visit's "Here today for" on the nurse's line does not make "Denies fever or chills" a denial of now only
    pytest.param(
        "lumbar-spine-mri",
        "2026-06-15",
        "conservative-therapy",
        {
            "01_visit.txt": (
                "2026-05-20",
                "ORTHO SPINE CONSULT 05/20/2026\nHPI: 47 yo M with low back pain since January 2026. He started naproxen 500 mg BID on 02/02/2026\nafter a few chiropractic visits; discontinued 02/23/2026 for dyspepsia. Nothing since.\nPain remains 7/10 and he is no better.\nExam: SLR negative. Strength 5/5. DTR 2+ and symmetric. Sensation intact.\nPlan: MRI lumbar spine.\n",
            )
        },
        "not_met",
        id="F",
    ),  # "started naproxen ... after a few chiropractic visits; discontinued 02/23": the stop is the naproxen's
    pytest.param(
        "bariatric-surgery",
        "2026-06-15",
        "bmi-comorbidity",
        {
            "01_visit.txt": (
                "2026-05-20",
                "BARIATRIC SURGERY CONSULT 05/20/2026\n42 yo F. Wt 238 lb, Ht 5'7\", BMI 37.3.\nPMH: obesity hypoventilation syndrome - uses BiPAP nightly since 2024. Polysomnogram 2024: AHI 3/h,\nsustained sleep-related hypoventilation; no obstructive sleep apnea.\nBP 124/78. A1c 5.3. Lipids normal. No joint disease.\n",
            )
        },
        "not_met",
        id="J",
    ),  # BiPAP for obesity hypoventilation, with "no obstructive sleep apnea", is no OSA
    pytest.param(
        "total-knee-arthroplasty",
        "2026-06-15",
        "bmi-below-40",
        {
            "01_ortho.txt": (
                "2026-01-12",
                "ORTHOPEDIC CLINIC 01/12/2026\nRight knee OA. Ht 5'5\" Wt 233 lb BMI 38.8.\n",
            ),
            "02_pcp.txt": (
                "2026-05-30",
                "PCP VISIT 05/30/2026\nWeight management follow-up. Up 15 lb since enrollment, BMI 41.3 today. Counselled again.\n",
            ),
        },
        "not_met",
        id="K",
    ),  # "Up 15 lb since enrollment, BMI 41.3 today" is today's BMI
    pytest.param(
        "lumbar-epidural-steroid-injection",
        "2026-06-15",
        "prior-injection-response",
        {
            "01_proc.txt": (
                "2025-09-10",
                "PROCEDURE NOTE 09/10/2025\nLeft L4-5 interlaminar epidural steroid injection. Triamcinolone 80 mg. Tolerated well.\n",
            ),
            "02_fu.txt": (
                "2026-05-28",
                "SPINE FOLLOW-UP 05/28/2026\nThe September epidural gave her maybe 20% relief for a few days. Since finishing PT in January she\nis about two-thirds better, and that has held for 4 months, but the leg pain is back this month.\n",
            ),
        },
        "not_met",
        id="P",
    ),  # "Since finishing PT ... about two-thirds better" is the PT's relief, not the epidural's
    pytest.param(
        "total-knee-arthroplasty",
        "2026-06-15",
        "no-active-infection",
        {
            "01_ortho.txt": (
                "2026-06-05",
                "ORTHOPEDIC CLINIC 06/05/2026\nRight knee OA, KL 4. Here to schedule TKA.\nWarning signs:\n - cellulitis of the right lower leg, started on cephalexin 06/03/2026\n - T 100.6 F in clinic\nPlan: hold surgical scheduling until infection clears.\n",
            )
        },
        "not_met",
        id="S",
    ),  # findings listed under "Warning signs:" are findings
    pytest.param(
        "lumbar-spine-mri",
        "2026-06-15",
        "red-flags",
        {
            "01_urgent.txt": (
                "2026-06-10",
                "URGENT CARE VISIT 06/10/2026\nChief complaint: low back pain x 3 weeks\n\nHPI: 34 yo M, low back pain without injury.\nRed flags / warning signs:\n - IV drug use (heroin), last use 2 weeks ago\n - night pain that wakes him\nDenies fever, saddle numbness or incontinence.\n\nExam: Afebrile. Midline L3 tenderness. Strength 5/5. SLR negative.\nPlan: MRI lumbar spine.\n",
            )
        },
        "met",
        id="C2",
    ),  # IV drug use listed under "Red flags / warning signs:" is present
    pytest.param(
        "lumbar-spine-mri",
        "2026-06-15",
        "clinical-evaluation",
        {
            "01_clinic.txt": (
                "2026-06-02",
                "SPINE CLINIC 06/02/2026\nHPI: Low back pain x 3 months. Went to the ED on 05/28 but left without being seen after a 6 hour wait.\nEXAM: Lumbar tenderness. SLR negative bilaterally. Strength 5/5 in bilateral LE. Patellar and Achilles\nreflexes 2+. Sensation intact L2-S1.\nPlan: MRI L-spine.\n",
            )
        },
        "met",
        id="M",
    ),  # an earlier ED visit left without being seen, retold, cancels no exam of this visit
    pytest.param(
        "lumbar-spine-mri",
        "2026-06-15",
        "clinical-evaluation",
        {
            "01_clinic.txt": (
                "2026-06-02",
                "PHYSIATRY FOLLOW-UP 06/02/2026\nReviewed pain diary brought by patient: pain 6-8/10 most days.\nEXAM: SLR negative bilaterally. Strength 5/5 bilateral LE. Reflexes 2+ symmetric. Sensation intact.\nPlan: MRI lumbar spine.\n",
            )
        },
        "met",
        id="N",
    ),  # a physician's "Reviewed pain diary" is no patient's record
    pytest.param(
        "lumbar-spine-mri",
        "2026-06-15",
        "clinical-evaluation",
        {
            "01_clinic.txt": (
                "2026-06-02",
                "NEW PATIENT VISIT 06/02/2026\nIntake questionnaire completed by patient and reviewed with her.\nHPI: low back pain x 4 months.\nPHYSICAL EXAM: SLR negative bilaterally. Strength 5/5 bilateral LE. Reflexes 2+. Sensation intact.\nPlan: MRI lumbar spine.\n",
            )
        },
        "met",
        id="V",
    ),  # "Intake questionnaire completed by patient" atop the physician's note
    pytest.param(
        "total-knee-arthroplasty",
        "2026-06-15",
        "functional-limitation",
        {
            "01_ortho.txt": (
                "2026-05-20",
                "ORTHOPEDIC CLINIC 05/20/2026\nLeft knee pain x 3 years, aching, 6/10. X-ray: KL grade 4 medial.\nWork status: full duty. Restrictions on activity: None.\nPlan: discuss TKA.\n",
            )
        },
        "missing",
        id="L",
    ),  # a work status's "Restrictions on activity: None" denies no functional limitation
]


@pytest.mark.parametrize(("policy", "request_date", "criterion", "records", "status"), CASES)
def test_review_packet(brief_packet, policy, request_date, criterion, records, status) -> None:
    c = brief_packet(policy, request_date, records)[criterion]
    assert c.status == status, c.rationale
