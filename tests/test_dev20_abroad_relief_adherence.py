"""The twentieth dev batch's classes: a prior ESI's relief told by two sources (a daily-note grid
whose narrative cell wraps, a narrative's "short-term relief only"); a CPAP adherence figure
labelled "days 31-60" on a line with no dates of its own; day/month dates in records from
abroad, and a home sleep test named "respiratory polygraphy"; a psychologist's refusal worded
"unable to recommend". Every text is invented for the test."""

from __future__ import annotations

from datetime import date

from casebrief.documents.classify import classify
from casebrief.lexicon import cue
from casebrief.nlp import dates
from casebrief.nlp.dates import find_dates, parse_full_date
from casebrief.nlp.sentences import sentence_starts

ESI = "lumbar-epidural-steroid-injection"
CPAP = "cpap-osa"


def _sentences(text: str) -> list[str]:
    starts = [*sentence_starts(text), len(text)]
    return [text[a:b] for a, b in zip(starts, starts[1:], strict=False)]


# -- a table row whose last (narrative) cell wraps ------------------------------------------

GRID = (
    "DATE      VISIT  NOTES\n"
    "10/14/25   #12   S: LBP 6/10. She says the epidural wore off\n"
    "                    maybe 2 wks after it was done, then the leg pain came back.\n"
    "                 O: tender L4-5.\n"
)


def test_a_grid_rows_wrapped_narrative_cell_is_one_sentence() -> None:
    sents = _sentences(GRID)
    assert any("wore off\n" in s and "maybe 2 wks after" in s for s in sents), sents


def test_a_lower_case_line_under_another_column_still_breaks() -> None:
    text = "Drug        Dose       Started on the first visit\nibuprofen   600 mg     03/01/25\n"
    sents = _sentences(text)
    assert not any("visit\nibuprofen" in s for s in sents), sents


CONSULT = (
    "SPINE CENTER - NEW PATIENT CONSULTATION\n"
    "Date: 02/10/2026\n"
    "HPI: Left L5 radicular pain down the lateral leg, 7/10, since a fall in 2025.\n"
    "Prior interventions:\n"
    "- Left L4-5 TFESI 08/04/2025 at Valley Pain. She recalls about 70% relief that lasted\n"
    "  roughly four months, then slow return.\n"
    "PLAN: repeat left L4-5 TFESI (64483).\n"
)


def test_a_wrapped_grid_account_disagrees_with_the_consult(brief_packet) -> None:
    c = brief_packet(
        ESI,
        "2026-02-20",
        {
            "01_consult.txt": ("2026-02-10", CONSULT),
            "02_chiro_log.txt": (
                "2025-09-12",
                "NORTHSIDE CHIROPRACTIC - DAILY NOTES\n"
                "DATE      VISIT  S / O / A / P\n"
                "09/12/25   #22   S: LBP 6/10, L leg 6/10. Pt says the shot wore off\n"
                "                    about 2 wks after she got it, pain back to where it was.\n"
                "                 P: CMT 98940. Cont 2x/wk.\n",
            ),
        },
    )["prior-injection-response"]
    assert c.status == "needs_review", (c.status, c.rationale)


def test_short_term_relief_in_words_disagrees_with_the_consult(brief_packet) -> None:
    c = brief_packet(
        ESI,
        "2026-02-20",
        {
            "01_consult.txt": ("2026-02-10", CONSULT),
            "02_narrative.txt": (
                "2025-12-01",
                "Dear Counsel,\nShe underwent a left L4-5 transforaminal epidural steroid"
                " injection on 08/04/2025. By her account the injection gave only temporary"
                " relief; by October the leg pain was as before.\nSincerely,\nA. Chiro, DC\n",
            ),
        },
    )["prior-injection-response"]
    assert c.status == "needs_review", (c.status, c.rationale)


def test_the_consult_alone_still_meets(brief_packet) -> None:
    c = brief_packet(ESI, "2026-02-20", {"01_consult.txt": ("2026-02-10", CONSULT)})[
        "prior-injection-response"
    ]
    assert c.status == "met", (c.status, c.rationale)


# -- a "days 31-60" figure dated by its block's heading -----------------------------------

DME = (
    "ACME HOME MEDICAL\n"
    "PAP Therapy Compliance Report                Printed: 03/12/2026\n"
    "Setup date:  01/10/2026\n"
    "Report range: 01/10/2026 - 03/10/2026\n"
    "\n"
    "                          Days 1-30              Days 31-60\n"
    "                          01/10/26-02/08/26      02/09/26-03/10/26\n"
    "Days with any usage       27 of 30 (90.0%)       30 of 30 (100%)\n"
    "Days usage >= 4 hours     15 of 30 (50.0%)       24 of 30 (80.0%)\n"
)
FOLLOW_UP = (
    "SLEEP CLINIC - PAP FOLLOW-UP VISIT\n"
    "Date: 03/20/2026   In person.\n"
    "OSA, moderate (AHI 22) on APAP since 01/10/2026.\n"
    "Download (ACME 01/10/26-03/10/26) reviewed:\n"
    " days 31-60: >=4 h on 24/30 nights (80%), residual AHI 2.1.\n"
    "Feels more rested, ESS 7 from 14.\n"
)


def test_a_later_30_days_told_beside_the_first_is_no_disagreement(brief_packet) -> None:
    c = brief_packet(
        CPAP,
        "2026-04-01",
        {"01_dme.txt": ("2026-03-12", DME), "02_follow_up.txt": ("2026-03-20", FOLLOW_UP)},
        request_type="continuation",
    )["adherence"]
    assert c.status == "met", (c.status, c.rationale)


# -- records from abroad -------------------------------------------------------------------

UK_REPORT = (
    "HOME RESPIRATORY POLYGRAPHY REPORT\n"
    "Name: TEST, Patient     DOB: 02/03/1970\n"
    "Study night: 29/09/2025     Report date: 04/10/2025\n"
    "AHI 11.2 /h\n"
    "CONCLUSION: Mild obstructive sleep apnoea, AHI 11.2/h.\n"
)


def test_a_record_that_writes_dates_day_first_is_read_so() -> None:
    assert dates.day_first(UK_REPORT)
    got = {(x.value, x.precision) for x in find_dates(UK_REPORT)}
    assert (date(2025, 9, 29), "day") in got
    assert (date(2025, 10, 4), "day") in got  # not 10 April
    assert (date(1970, 3, 2), "day") in got
    short = find_dates("Initial (16/09)   Discharge (03/11)", date(2025, 11, 20), dmy=True)
    assert [x.value for x in short] == [date(2025, 9, 16), date(2025, 11, 3)]


def test_a_record_that_mixes_the_orders_stays_month_first() -> None:
    text = "Seen 23/09/2025 abroad. Visit here 12/18/2025; next 01/02/2026."
    assert not dates.day_first(text)
    assert date(2026, 1, 2) in [x.value for x in find_dates(text)]
    assert not dates.day_first("Visit 01/02/2026.")
    assert parse_full_date("23/09/2025") is None  # a field typed in is read month first


def test_a_respiratory_polygraphy_is_a_sleep_study() -> None:
    assert classify(UK_REPORT)[0] == "sleep_study"
    assert cue("sleep.study_title").search("HOME RESPIRATORY POLYGRAPHY REPORT")


def test_a_visit_abroad_before_the_polygraphy_is_before_the_test(brief_packet) -> None:
    c = brief_packet(
        CPAP,
        "2026-04-01",
        {
            "01_letter.txt": (
                "2025-09-18",
                "Sleep Medicine Service\nClinic date: 18/09/2025\nDear Dr Jones,\n"
                "I saw this 50-year-old man in clinic today. He snores loudly and his wife has"
                " seen him stop breathing at night. Epworth Sleepiness Scale 13/24. Neck 43 cm,"
                " BMI 33. Plan: home respiratory polygraphy.\nYours sincerely,\nDr A Smith\n",
            ),
            "02_polygraphy.txt": ("2025-10-04", UK_REPORT),
            "03_us_note.txt": (
                "2026-02-02",
                "SLEEP MEDICINE FOLLOW-UP\nDate: 02/02/2026   In person.\n"
                "Mild OSA on home polygraphy in UK 09/2025 (AHI 11.2), ESS 13, treated HTN.\n"
                "APAP set up 01/05/2026.\n",
            ),
        },
        request_type="continuation",
    )["face-to-face-evaluation"]
    assert c.status == "met", (c.status, c.rationale)


# -- a refusal worded as a recommendation withheld ------------------------------------------


def test_a_recommendation_withheld_is_no_clearance() -> None:
    no = cue("evaluations.clearance_no")
    assert no.search(
        "At this time I am unable to recommend that Mr. Doe proceed to bariatric surgery."
    )
    assert no.search("I cannot support his surgical candidacy until the CBT course is completed.")
    assert no.search("I would not recommend that she go ahead with the sleeve gastrectomy now.")
    assert not no.search("I recommend that she proceed with bariatric surgery.")
    assert not no.search("I am unable to recommend a specific diet; the dietitian will.")
