"""Regressions the second review of this session's rules found (6df7017..c04087e): a weight
loss or fever "explained" by a sentence that denies the explanation or tells it as past, an
old MRI listed under a study heading dated with the note, a PAP follow-up with no sleep word."""

from __future__ import annotations

EXAM = (
    "EXAM: SLR negative bilaterally. Strength 5/5 throughout. Reflexes 2+ and symmetric. "
    "Sensation intact.\n"
)


def _lumbar(brief_packet, hpi: str, assessment: str) -> dict:
    note = (
        "Office Visit 02/18/2026\nCC: low back pain\n"
        f"HPI: {hpi}\n"
        "No saddle anesthesia, no bowel or bladder changes. No history of cancer.\n"
        f"{EXAM}ASSESSMENT: {assessment}\nPLAN: MRI lumbar spine.\n"
    )
    return brief_packet(
        "lumbar-spine-mri", "2026-02-24", {"01_note.txt": ("2026-02-18", note)}, cpt=["72148"]
    )


def test_weight_loss_not_on_a_diet_stays_unexplained(brief_packet):
    c = _lumbar(
        brief_packet,
        "64M with 5 weeks of low back pain, worse at night. He has lost about 18 lbs over the "
        "past 2 months even though he is not on a diet. Naproxen since 01/10/2026, no relief. "
        "No fever.",
        "Low back pain with unexplained weight loss.",
    )
    assert c["red-flags"].status == "met"


def test_weight_loss_denied_intentional_stays_unexplained(brief_packet):
    c = _lumbar(
        brief_packet,
        "58F with 6 weeks of low back pain. She reports a 15 lb weight loss over 2 months; she "
        "denies any intentional weight loss or dieting. No fevers.",
        "Low back pain, red flag: unintentional weight loss.",
    )
    assert c["red-flags"].status == "met"


def test_weight_loss_with_no_dieting_stays_unexplained(brief_packet):
    c = _lumbar(
        brief_packet,
        "71M with new low back pain for 5 weeks. Wife notes he has lost 20 pounds in 2 months "
        "with no dieting or change in appetite. No fever.",
        "Low back pain with weight loss of unclear etiology.",
    )
    assert c["red-flags"].status == "met"


def test_fever_with_a_past_recovered_flu_stays_a_red_flag(brief_packet):
    c = _lumbar(
        brief_packet,
        "49M with 3 weeks of worsening low back pain, now with fever to 101.6 F for 4 days. "
        "Was influenza A positive in early January and recovered from that. No IV drug use.",
        "Fever with low back pain - concern for discitis/epidural abscess.",
    )
    assert c["red-flags"].status == "met"


def test_old_mri_under_its_own_heading_is_not_todays(brief_packet):
    note = (
        "Spine Associates - Office Visit 02/10/2026\n"
        "HPI: 52M with low back pain radiating to the left leg for 8 weeks. PT 2x/week since\n"
        "12/10/2025 and naproxen 500 mg BID since 12/01/2025 without improvement; pain worse.\n"
        "DIAGNOSTIC STUDIES:\nMRI LUMBAR SPINE:\n"
        "Outside study dated 03/14/2019. Mild disc bulge at L4-5 without stenosis.\n"
        "EXAM: SLR positive on the left at 45 degrees. Strength 5/5. Reflexes 2+.\n"
        "Plan: new MRI lumbar spine given worsening radicular symptoms.\n"
    )
    c = brief_packet(
        "lumbar-spine-mri", "2026-02-20", {"01_note.txt": ("2026-02-10", note)}, cpt=["72148"]
    )
    assert c["repeat-imaging"].status == "met"


def test_cpap_reevaluation_without_the_word_sleep(brief_packet):
    records = {
        "01_sleep.txt": (
            "2025-10-01",
            "Sleep Medicine Consultation 10/01/2025\n"
            "Loud snoring, witnessed apneas, Epworth 14, BMI 34, neck 17.5 in. Plan: PSG.\n",
        ),
        "02_psg.txt": (
            "2025-10-15",
            "POLYSOMNOGRAPHY REPORT  Study date 10/15/2025\n"
            "Total AHI 32.5 events/hour. Impression: moderate-severe obstructive sleep apnea.\n",
        ),
        "03_fu.txt": (
            "2025-12-20",
            "Pulmonary Clinic Follow-up 12/20/2025\n"
            "CPAP was started 11/05/2025 (auto 5-15 cm H2O).\n"
            "Patient is using the CPAP every night, about 7 hours. He reports much better energy\n"
            "during the day and no longer falls asleep at his desk. Wife says the gasping has\n"
            "stopped.\n"
            "Download 11/05/2025 - 12/04/2025: used >= 4 hours on 28 of 30 nights (93%).\n"
            "Assessment: Doing well on CPAP, symptoms improved. Continue current settings.\n",
        ),
    }
    c = brief_packet("cpap-osa", "2026-02-10", records, "continuation", cpt=["E0601"])
    assert c["clinical-reevaluation"].status == "met"
