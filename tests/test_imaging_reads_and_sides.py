"""The twenty-third dev batch's classes (helper diagA2): imaging, red flags, a prior injection.

- a study the sentence tells was done that also names who ordered it ("had an MRI of her low
  back ... ordered by her chiropractor") is a study done, not a plan: against the spine
  notes' "no prior lumbar imaging" the packet disagrees with itself;
- a minus sign in brackets before a finding ("(-) saddle anesthesia", "[-] fever") answers it
  negative: no red flag;
- a report filed as another record (a certified translation dated by its translation) gives
  its study's day on its labelled date line beside the labelled study line; and one study
  whose day other records write a year apart, on the same month, outside the window, is a
  date the packet disputes;
- a knee report's findings that name no side are of the knee its study line names, and a
  surgeon's read of the requested knee on films whose only report is of the other knee is
  a disagreement on which knee the films show;
- one report that reads the pathology at one level on the right in its findings and on the
  left in its impression, where the symptoms are on one side, explains them only one way;
- an injection dated by the month right after its name is not dated by another study's day
  before it (one injection, not two), so two accounts of its relief disagree; "the last 4
  weeks" the pain has been back is no length of relief.

Every text is invented for the test.
"""

from __future__ import annotations

SPINE_NOTE = (
    "CEDAR RIDGE SPINE CENTER\nNEW PATIENT VISIT (in clinic)\nDate of service: {day}\n"
    "Provider: Mateo Lindqvist, MD\n\n"
    "HPI: Low back pain radiating down the right leg to the calf since last spring, constant, "
    "no change in pattern. Took ibuprofen on and off.\n"
    "Patient denies any prior x-ray, CT or MRI of the back.\n\n"
    "RED FLAGS: Denies saddle anesthesia, bowel or bladder changes. No fever. No history of "
    "cancer. No trauma.\n\n"
    "EXAM: SLR positive on the right at 40 degrees. Strength 5/5. Reflexes 2+ symmetric.\n\n"
    "IMAGING: No prior lumbar imaging on file.\n\n"
    "PLAN: Naproxen 500 mg twice daily and physical therapy twice a week for 6 weeks.\n"
)

FOLLOW_UP = (
    "CEDAR RIDGE SPINE CENTER\nFOLLOW-UP VISIT (in clinic)\nDate of service: {day}\n"
    "Provider: Mateo Lindqvist, MD\n\n"
    "Still taking naproxen 500 mg twice daily since {start}; PT 8 visits, no meaningful "
    "relief. Pain 6/10, right leg, same as it has been all along.\n"
    "No new weakness, no bowel or bladder changes.\n\n"
    "EXAM: SLR positive on the right at 45 degrees. Strength 5/5. Reflexes 2+.\n\n"
    "PLAN: MRI lumbar spine without contrast.\n"
)

GYN_NOTE = (
    "LAKEVIEW WOMEN'S HEALTH\nANNUAL VISIT (in office)\nDate of service: {day}\n"
    "Provider: Ingrid Solberg, MD\n\n"
    "S: here for her annual exam. Back: had an MRI of her low back at Northgate Imaging in "
    "June 2025 per pt - ordered by her chiropractor Dr. Pell. Told it showed a bulging disc.\n"
    "O: BP 124/78. Abdomen soft.\n"
    "A/P: well woman exam. Back pain per spine clinic.\n"
)


def test_a_done_study_that_names_who_ordered_it_is_a_study(brief_packet) -> None:
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-04-10",
        {
            "01_spine.txt": ("2026-01-26", SPINE_NOTE.format(day="01/26/2026")),
            "02_gyn.txt": ("2026-03-02", GYN_NOTE.format(day="03/02/2026")),
            "03_follow_up.txt": (
                "2026-04-06",
                FOLLOW_UP.format(day="04/06/2026", start="01/26/2026"),
            ),
        },
    )["repeat-imaging"]
    assert c.status == "needs_review", (c.status, c.rationale)
    assert any("ordered by her chiropractor" in e.quote for e in c.evidence)


RED_FLAG_SIGNS = (
    "SUNRISE FAMILY CLINIC\nNEW PATIENT VISIT (in clinic)\nDate of service: {day}\n"
    "Provider: Amado Reyes, MD\n\n"
    "HPI: Low back pain with pain down the left leg to the foot for 4 months. Naproxen 500 mg "
    "twice daily since 12/01/2025 with no relief; home exercise program daily, no better.\n"
    "Red flags: (-) saddle anesthesia, (-) fecal incontinence, (-) fever/chills, "
    "(-) night sweats, (-) wt loss.\n"
    "ROS: Constitutional: [-] fever [-] chills\n"
    "No hx of CA. No IVDU.\n\n"
    "PE: (+) SLR L at 40 deg, (-) crossed SLR. MMT 5/5. DTRs 2+ symmetric.\n\n"
    "A/P: lumbar radiculopathy, left. Continue naproxen and home exercises.\n"
)


def test_a_minus_sign_before_a_red_flag_answers_it_negative(brief_packet) -> None:
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-03-20",
        {"01_note.txt": ("2026-03-16", RED_FLAG_SIGNS.format(day="03/16/2026"))},
    )
    flags = c["red-flags"]
    assert flags.status == "not_met", (flags.status, flags.rationale)
    assert c["conservative-therapy"].status != "not_applicable"


TRANSLATION = (
    "OFFICE OF SWORN TRANSLATION - MONTERREY\n\n"
    "CERTIFICATE OF TRANSLATION\n\n"
    "I, Lucia Garza Ochoa, sworn translator (Spanish <-> English), certify that the text\n"
    "below is a true and complete translation of the original document described here,\n"
    "presented to me by the bearer.\n\n"
    "  Document:      Report of magnetic resonance imaging of the lumbar spine\n"
    "  Issued by:     Hospital San Rafael, Imaging Department\n"
    "  Dated:         {cert_day}\n"
    "  Bearer:        Ernesto Villarreal Cantu\n\n"
    "Date of translation: {translated}\n"
    "Signature: (signed)\n\n"
    "-----------------------------------------------------------------\n"
    "                 [TRANSLATION BEGINS]\n\n"
    "Patient: Ernesto Villarreal Cantu        Age: 51\n"
    "Referring physician: Dr. Ramiro Salas\n"
    "Date of examination: {exam_day}\n"
    "Examination: MRI of the lumbar spine without contrast\n\n"
    "Clinical data: low back pain radiating to the right leg.\n\n"
    "Report:\n"
    "- At L4-L5: right paracentral disc protrusion compressing the right L5 nerve root.\n"
    "- The conus ends at L1.\n\n"
    "Conclusion: Right paracentral disc herniation at L4-L5.\n"
    "                 [TRANSLATION ENDS]\n"
)

ABROAD_NOTE = (
    "RIVERBEND INTERNAL MEDICINE\nNEW PATIENT VISIT (in clinic)\nDate of service: {day}\n"
    "Provider: Hannah Okafor, MD\n\n"
    "HPI: 51 y/o M moved from Monterrey this winter. Low back pain down the right leg since "
    "summer, 7/10. {told} Took naproxen 500 mg twice daily since 01/05/2026, no relief, and "
    "does his home exercises daily, still no better.\n"
    "Denies saddle anesthesia, bowel or bladder changes, fever or weight loss. No cancer.\n\n"
    "EXAM: SLR positive on the right at 40 degrees. Strength 5/5. Reflexes 2+ symmetric.\n"
    "Sensation decreased right L5 dermatome.\n\n"
    "A/P: right L5 radiculopathy, no new symptoms since the Monterrey scan. MRI L-spine "
    "requested.\n"
)


def test_a_translated_report_is_dated_by_its_examination_line(brief_packet) -> None:
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-03-10",
        {
            "01_translation.txt": (
                "2026-01-12",
                TRANSLATION.format(
                    cert_day="21 May 2025", translated="12 January 2026", exam_day="21/05/2025"
                ),
            ),
            "02_note.txt": (
                "2026-03-02",
                ABROAD_NOTE.format(day="03/02/2026", told="Brought a translated MRI report."),
            ),
        },
    )["repeat-imaging"]
    assert c.status == "not_met", (c.status, c.rationale)
    assert "2025-05-21" in c.rationale


def test_one_study_dated_a_year_apart_across_the_window_is_disputed(brief_packet) -> None:
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-03-10",
        {
            "01_translation.txt": (
                "2026-01-12",
                TRANSLATION.format(
                    cert_day="21 May 2024", translated="12 January 2026", exam_day="21/05/2025"
                ),
            ),
            "02_note.txt": (
                "2026-03-02",
                ABROAD_NOTE.format(
                    day="03/02/2026",
                    told='Had an MRI in Monterrey per pt ("May 2024"), brought the translation.',
                ),
            ),
        },
    )["repeat-imaging"]
    assert c.status == "needs_review", (c.status, c.rationale)
    assert any("Date of examination" in e.quote or "May 2024" in e.quote for e in c.evidence)


KNEE_REPORT = (
    "COASTAL TELERADIOLOGY - FINAL REPORT\n"
    "Facility: Harbor Walk-In Clinic\n"
    "Exam date: {day}\n\n"
    "EXAM: XR KNEE 3 VIEWS RIGHT\n\n"
    "CLINICAL HISTORY: left knee pain after a fall.\n\n"
    "FINDINGS:\n"
    "There is severe narrowing of the medial compartment with bone-on-bone contact.\n"
    "Large osteophytes. No fracture.\n\n"
    "IMPRESSION:\n"
    "1. Severe medial compartment osteoarthritis of the right knee.\n\n"
    "Electronically signed by: Tomas Ibarra, MD, radiologist\n"
)

SURGEON_READ = (
    "BAYFRONT ORTHOPAEDICS\nNEW PATIENT CONSULTATION\nDate of Service: {day}\n"
    "Surgeon: Colette Marsh, MD\n\n"
    "HPI: left knee pain for years, now walks less than one block, needs the rail on stairs.\n\n"
    "IMAGING:\n"
    "XR left knee 3 views, Harbor Walk-In {films} (images reviewed on the outside viewer): "
    "bone-on-bone medial compartment with large osteophytes; KL grade 4.\n\n"
    "ASSESSMENT: end-stage osteoarthritis, left knee.\n"
    "PLAN: left total knee arthroplasty.\n"
)


def test_a_knee_reports_unsided_findings_are_of_its_study_side(brief_packet) -> None:
    c = brief_packet(
        "total-knee-arthroplasty",
        "2026-03-02",
        {"01_xr.txt": ("2026-01-10", KNEE_REPORT.format(day="01/10/2026"))},
        icd10=["M17.12"],
        cpt=["27447"],
    )["radiographic-severity"]
    assert c.status != "met", (c.status, c.rationale)


def test_a_read_of_the_requested_knee_on_the_other_knees_films_is_disputed(
    brief_packet,
) -> None:
    c = brief_packet(
        "total-knee-arthroplasty",
        "2026-03-02",
        {
            "01_xr.txt": ("2026-01-10", KNEE_REPORT.format(day="01/10/2026")),
            "02_consult.txt": (
                "2026-02-20",
                SURGEON_READ.format(day="02/20/2026", films="01/10/2026"),
            ),
        },
        icd10=["M17.12"],
        cpt=["27447"],
    )["radiographic-severity"]
    assert c.status == "needs_review", (c.status, c.rationale)
    assert any("RIGHT" in e.quote or "right knee" in e.quote for e in c.evidence)


SIDES_REPORT = (
    "NORTHSIDE DIAGNOSTIC IMAGING\nMRI OF LUMBOSACRAL SPINE (PLAIN)\n"
    "Date: {day}\n\n"
    "OBSERVATIONS:\n"
    "* L3-L4: mild disc bulge without neural compression.\n"
    "* L4-L5: right paracentral disc extrusion compressing the right traversing L5 nerve "
    "root in the lateral recess.\n"
    "* L5-S1: normal.\n\n"
    "IMPRESSION:\n"
    "* L4-L5 left paracentral disc extrusion compressing the left traversing L5 nerve root.\n"
)

RIGHT_LEG_CONSULT = (
    "EASTGATE SPINE & PAIN\nCONSULTATION\nDate of service: {day}\n"
    "Provider: Farid Nasser, MD\n\n"
    "HPI: right leg pain radiating from the right buttock down the lateral leg to the dorsum "
    "of the foot since October, 7/10, cannot sit through a shift. Naproxen 500 mg twice "
    "daily since 12/01/2025 and PT 6 weeks, no better.\n\n"
    "EXAM: SLR positive on the right at 40 degrees. EHL 4/5 on the right.\n\n"
    "IMAGING: outside MRI report reviewed - L4-L5 extrusion with L5 root compression.\n\n"
    "ASSESSMENT: right L5 radiculopathy.\n"
    "PLAN: right L4-5 transforaminal epidural steroid injection.\n"
)


def test_one_report_reading_a_levels_compression_on_both_sides_is_disputed(
    brief_packet,
) -> None:
    c = brief_packet(
        "lumbar-epidural-steroid-injection",
        "2026-02-20",
        {
            "01_mri.txt": ("2025-12-15", SIDES_REPORT.format(day="12/15/2025")),
            "02_consult.txt": ("2026-02-16", RIGHT_LEG_CONSULT.format(day="02/16/2026")),
        },
    )["imaging-concordant"]
    assert c.status == "needs_review", (c.status, c.rationale)
    quotes = " ".join(e.quote for e in c.evidence)
    assert "right traversing" in quotes and "left traversing" in quotes


WALK_IN = (
    "CORNERSTONE URGENT CARE\nENCOUNTER: {day}\nProvider: Lena Voss, NP\n\n"
    "HPI: low back pain down the right leg again. Had an epidural injection at Ridge Pain "
    'Clinic on 8/18/25. States it helped "maybe 2 weeks" then the pain came back - now back '
    "to 8/10 for about the last 4 weeks.\n\n"
    "EXAM: SLR positive on the right at 35 degrees.\n\n"
    "A/P: recurrent right sciatica, s/p ESI 8/18/25 with short-lived benefit. Prednisone "
    "burst.\n"
)

ED_NOTE = (
    "MERCY GENERAL - EMERGENCY DEPARTMENT\nDISCHARGE SUMMARY\nDate: {day}\n\n"
    "51M w/ known L4-5 R disc protrusion (MRI 11/20/25), s/p R ESI 8/2025, presents with a "
    "flare of R sciatica after lifting. Pain 8/10.\n"
    "Discharged with a Medrol dosepak.\n"
)

PAIN_CLINIC = (
    "RIDGE PAIN CLINIC\nOFFICE VISIT - FOLLOW UP\nDate of service: {day}\n"
    "Provider: Priya Raman, MD\n\n"
    "HPI: s/p R L4-5 transforaminal ESI here on 08/18/2025. He reports ~80% relief from that "
    "injection that lasted until around Christmas, when the leg pain gradually returned. "
    "Pain 6/10 today.\n\n"
    "PLAN: repeat R L4-5 transforaminal ESI.\n"
)


def test_an_injection_dated_by_its_month_is_not_dated_by_another_studys_day(
    brief_packet,
) -> None:
    c = brief_packet(
        "lumbar-epidural-steroid-injection",
        "2026-02-20",
        {
            "01_walk_in.txt": ("2025-10-02", WALK_IN.format(day="10/02/2025")),
            "02_ed.txt": ("2026-01-12", ED_NOTE.format(day="01/12/2026")),
            "03_pain.txt": ("2026-02-16", PAIN_CLINIC.format(day="02/16/2026")),
        },
    )["prior-injection-response"]
    assert c.status == "needs_review", (c.status, c.rationale)


def test_the_last_weeks_the_pain_has_been_back_are_no_length_of_relief(brief_packet) -> None:
    c = brief_packet(
        "lumbar-epidural-steroid-injection",
        "2026-02-20",
        {"01_walk_in.txt": ("2025-10-02", WALK_IN.format(day="10/02/2025"))},
    )["prior-injection-response"]
    assert c.status == "not_met", (c.status, c.rationale)
    assert "0.5 months" in c.rationale, c.rationale
