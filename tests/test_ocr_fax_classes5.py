"""Classes of OCR damage found on the tenth fax copy of the dev cases (sample J: 50 dev
cases, seed 29), each fixed as a class, not as one phrasing.  Every text is invented for the
test."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from test_packet_batch9 import criterion, make_case

from casebrief.documents.classify import title_type
from casebrief.extract.ocr import OcrPage, OcrSettings
from casebrief.extract.ocr_fixes import repair_text, repair_word
from casebrief.extract.ocr_spelling import correct_word
from casebrief.extract.pages import without_rule_marks
from casebrief.lexicon import cue
from casebrief.nlp.dates import find_dates
from casebrief.nlp.pipeline import get_pipeline
from casebrief.nlp.sections import Sectionizer
from casebrief.nlp.sentences import sentence_starts
from casebrief.policy.evaluators.sleep import _year_misread_back
from casebrief.resources import load_yaml

# ------------------------------------------------------------------ a short date's colons


@pytest.mark.parametrize(
    ("line", "repaired"),
    [
        ("Urgent care gave a prednisone taper 7:14:25 - helped", "7/14/25"),
        ("After the carrier's exam (3:9:26) the adjuster", "3/9/26"),
        ("seen 9:30:24.", "9/30/24"),
    ],
)
def test_a_short_dates_slashes_read_as_colons_are_slashes(line, repaired) -> None:
    """dev5is-02's fax: "Medrol Dosepak 8:25:25" left the steroid course undated."""
    assert repaired in repair_text(line)


@pytest.mark.parametrize(
    "line",
    [
        "Lights out at 9:14:25 PM",
        "msg @09:06:44 from pt",
        "timestamp 2026-01-04T10:12:44",
        "duration 7:14:45",  # seconds 30-59: a time's
        "sent 9:14:25 pm",
        "recorded 12:15:20",  # a two-digit hour
    ],
)
def test_times_with_seconds_are_left(line) -> None:
    assert repair_text(line) == line


# ------------------------------------------------------------------ a bullet read as a guillemet


def test_a_bullet_read_as_a_guillemet_opens_its_own_item() -> None:
    """dev7os-03's fax: the other knee's injection ran into the line above and was read as
    the knee requested's."""
    raw = "« R: medial, aching, worse on stairs\n« L knee: injection given today\n"
    text = repair_text(raw)
    assert text.splitlines()[1].startswith("• L knee:")
    assert text.index("• L knee") in sentence_starts(text)
    assert len(text) == len(raw)


@pytest.mark.parametrize("line", ["Pain «sharp» at night", "see note » page 2", "a «b"])
def test_guillemets_inside_a_line_are_left(line) -> None:
    assert repair_text(line) == line


# ------------------------------------------------------------------ a label's space read as a dash


@pytest.mark.parametrize(
    ("line", "repaired"),
    [
        ("Pt-reported Ht 5'7\", Wt-212 lb (home scale)", "Wt 212 lb"),
        ("Wt-98.4 kg today", "Wt 98.4 kg"),
        ("Ht-5'2\" Wt 180 lb", "Ht 5'2\""),
    ],
)
def test_a_measurements_label_glued_by_a_dash_is_read(line, repaired) -> None:
    """tele-04's fax: "Wt-196 lb" lost the weight, and the BMI computed from it."""
    assert repaired in repair_text(line)


@pytest.mark.parametrize("line", ["Wt -12 lb since May", "Wt-12 lb", "Wt-bearing as tolerated"])
def test_a_weight_change_is_left(line) -> None:
    assert repair_text(line) == line


# ------------------------------------------------------------------ a clause left open by a comma


def test_a_line_ending_on_a_comma_runs_on_despite_a_gap() -> None:
    """ehr-08's fax: a lost slash left a gap ("visit for   1125 at 3:45 PM"), the line read
    as a table's row, and the advice's "if you develop weakness," lost its second line."""
    text = (
        "We scheduled a video visit for   1125 at 3:45 PM. Please tell us if you notice weakness,\n"
        "numbness in the groin area, or trouble with your bladder.\n"
    )
    assert text.index("numbness") not in sentence_starts(text)


def test_a_table_row_ending_on_a_comma_still_ends_before_the_next_row() -> None:
    text = "2/20/2026   4 / 6    40 deg   stopped press-ups,\n2/27/2026   3 / 6    45 deg   gym\n"
    assert text.index("2/27") in sentence_starts(text)


# ------------------------------------------------------------------ a two-part heading


def _headers(text: str) -> list[str]:
    s = Sectionizer(load_yaml("lexicons/sections.yaml"))
    return [(text[a:b].strip(), c) for a, b, c in s.headers(text)]


def test_a_two_part_capitals_heading_opens_its_first_parts_section() -> None:
    """dev5is-02: an IME's "RECOMMENDATIONS / ANSWERS TO CARRIER" holds plans ("Further
    physical therapy: a 6-week course ... is reasonable"); on the fax copy the one cue word
    was misread and the course was read as given."""
    heads = _headers("MMI: not reached.\n\nRECOMMENDATIONS / ANSWERS TO CARRIER\n1. Further PT.\n")
    assert heads == [("RECOMMENDATIONS / ANSWERS TO CARRIER", "plan")]


@pytest.mark.parametrize(
    "line",
    ["IMPRESSION / PLAN", "PLAN / DISPOSITION", "History / physical", "WORK STATUS / LIGHT DUTY"],
)
def test_other_two_part_lines_are_left_to_the_literals(line) -> None:
    """Both parts sections (the literals name such pairs), not capitals, or a first part that
    is no section."""
    assert all(h[0] != line for h in _headers(f"x\n{line}\ny\n"))


# ------------------------------------------------------------------ a thin letter lost


@pytest.mark.parametrize(("word", "repaired"), [("abou", "about"), ("Abou", "About")])
def test_a_lost_t_is_repaired(word, repaired) -> None:
    """dev7ca-02's fax: the phone log's 'helped for abou 2 weeks' lost the short relief that
    the text copy set against the intake's 70% for 4 months (needs_review; the fax said met)."""
    assert correct_word(word, 0.8) == repaired


@pytest.mark.parametrize("word", ["abut", "tout", "pot", "Abu"])
def test_words_without_a_lost_t_are_left(word) -> None:
    assert correct_word(word, 0.8) == word


# ------------------------------------------------------------------ a ruled line sinks a page


def _page(words: list[list]) -> OcrPage:
    chars = sum(len(w[0]) for w in words)
    conf = sum(w[5] * len(w[0]) for w in words) / chars
    return OcrPage(2, "unreadable", 612.0, 792.0, words=words, confidence=round(conf, 3))


def test_a_page_sunk_by_a_ruled_line_read_as_junk_is_read() -> None:
    """dev8ep-01's fax: a message thread's last page held a separator line and "Page 2 of 2";
    the line, read as 29 junk letters at confidence 0, made the page unreadable, and a
    criterion met by silence went to review."""
    page = _page(
        [
            ["Page", 288.7, 757.8, 326.5, 765.9, 0.96],
            ["2", 308.1, 756.4, 311.3, 767.3, 0.96],
            ["of", 314.5, 756.4, 320.5, 767.3, 0.77],
            ["2", 323.6, 756.4, 327.5, 767.3, 0.97],
            ["Szzzsssssssss==S=S=TsSSS3amEs", 348.7, 57.5, 492.7, 61.1, 0.0],
        ]
    )
    read = without_rule_marks(page, OcrSettings())
    assert read.status == "ocr"
    assert [w[0] for w in read.words] == ["Page", "2", "of", "2"]
    assert read.confidence > 0.9


def test_a_page_of_poorly_read_text_stays_unreadable() -> None:
    words = [
        [w, 50.0 + 40 * i, 100.0, 85.0 + 40 * i, 111.0, 0.2]
        for i, w in enumerate(["Tlie", "pafient", "wos", "seen", "=====", "todav"])
    ]
    page = _page(words)
    assert without_rule_marks(page, OcrSettings()).status == "unreadable"


# ------------------------------------------------------------ a ticked box with a stray stroke


def test_a_forms_ticked_box_with_a_stray_stroke_is_still_the_forms_claim(tmp_path: Path) -> None:
    """dev8ep-04's fax: "[X]) Type 2 DM / prediabetes" on the request form alone counted as a
    comorbidity beside a BMI of 37.5 (met; the text copy, not_met)."""
    form = (
        "BARIATRIC SURGERY PRIOR AUTHORIZATION REQUEST\n"
        "Current BMI: 37.5   Date: 3/16/2026\n"
        "Obesity-related comorbidities (check):\n"
        "[X]) Type 2 DM / prediabetes [ ] Hypertension [X] Obstructive sleep apnea\n"
    )
    note = (
        "BARIATRIC PROGRAM VISIT\nDate of service: 03/16/2026\n"
        "Weight 276 lb, BMI 37.5. A1c 5.4 today. No sleep study on file; STOP-BANG 2.\n"
    )
    case = make_case(
        tmp_path,
        "bariatric-surgery",
        "2026-03-26",
        {
            "01_request.txt": {"date": "2026-03-26", "text": form},
            "02_visit.txt": {"date": "2026-03-16", "text": note},
        },
    )
    assert criterion(case, "bmi-comorbidity").status != "met"


# ------------------------------------------------------------ a wrapped clause ending on a colon


def test_a_wrapped_lower_case_clause_ending_on_a_colon_is_no_field_label() -> None:
    """dev12wc-01's fax: "approximately 60% relief" over "that lasted about four months: pain
    came back ..." (a semicolon read as a colon) was cut after "relief", and the relief's
    months were lost (not_met; the text copy sent the disagreeing accounts to review)."""
    text = (
        "- s/p TFESI 06/17/25 - pt reports approximately 60% relief\n"
        "that lasted about four months: pain gradually came back in October.\n"
    )
    assert text.index("that lasted") not in sentence_starts(text)


@pytest.mark.parametrize("label", ["bp: 128/82", "Pain: 6/10", "pain with sitting: worse"])
def test_short_field_labels_still_open_their_line(label) -> None:
    text = f"Vitals reviewed today without concern\n{label}\n"
    assert text.index(label) in sentence_starts(text)


# ------------------------------------------------------------ sample K (41 dev cases, seed 31)


def test_a_letterhead_and_title_read_as_one_run_still_type_the_form() -> None:
    """dev8ep-04's fax (sample J): "ST. BRENDAN HEALTH PARTNERS BARIATRIC SURGERY PRIOR
    AUTHORIZATION" lost the gap between letterhead and title; the form was typed other and
    its ticked boxes counted as the chart's conditions (a false met)."""

    kind, title = title_type(
        "NORTHGATE ST. LUKE'S MEDICAL GROUP LUMBAR MRI PRIOR AUTHORIZATION\nPatient: X\n"
    )
    assert kind == "request_form"
    assert title.startswith("NORTHGATE")


@pytest.mark.parametrize("text", ["Visit date: April 14,2026", "seen Apr 14,2026."])
def test_a_long_dates_comma_without_its_space_is_a_date(text) -> None:
    """hosp-03's fax: "Visit date: April 14,2026" was no date; the consult took an older
    date from its text and its current naproxen stretched a trial past 4 weeks."""

    assert [d.value for d in find_dates(text, date(2026, 5, 1))] == [date(2026, 4, 14)]


@pytest.mark.parametrize(
    ("line", "repaired"),
    [
        ("Prior epidural steroid injection: | | Yes [X] None", "[ ] Yes [X] None"),
        ("Weight: 248 lb  BMT: 40.0", "BMI: 40.0"),
    ],
)
def test_sample_k_form_misreadings_are_repaired(line, repaired) -> None:
    """dev12os-04's fax: an empty box read as two bars lost the form's "None"; dev13ok-03's
    "BMT 40.0" lost the newest BMI."""
    assert repaired in repair_text(line)


@pytest.mark.parametrize("line", ["| a | | b |", "Hx: | | Yes | | No", "BMT 2019", "BMT 12/2019"])
def test_bars_and_bmt_elsewhere_are_left(line) -> None:
    assert repair_text(line) == line


# ------------------------------------------------------------ sample L (46 dev cases, seed 37)


@pytest.mark.parametrize(
    ("line", "repaired"),
    [
        ("1. Mild obstructive sleep apnea, AH 11.6 events/hour, with", "AHI11.6 events/hour"),
        ("| had the pleasure of seeing Mrs. Q in clinic today.", "I had the pleasure"),
        ("clear benefit, and | have recommended", "and I have"),
        ("as planned. | will see her again in a year.", "I will see"),
        ("for a BMI ol 42.6.", "BMI of 42.6"),
    ],
)
def test_sample_l_misreadings_are_repaired(line, repaired) -> None:
    """dev4ib-03's HSAT ("AH 11.6 events/hour"), dict-13's letter ("| had the pleasure of
    seeing"), dev6dl-04's letter ("a BMI ol 42.6")."""
    assert repaired in repair_text(line)


@pytest.mark.parametrize("line", ["AH 2 L O2 via NC", "SpO2 95% | Mean SpO2 94%", "cell x | had 3"])
def test_other_bars_and_labels_are_left(line) -> None:
    assert repair_text(line) == line


def test_an_ahi_with_its_scoring_in_parentheses_is_read() -> None:
    """dev4ib-03: "AHI (overall)   11.6 /h" in a report's table of events."""

    doc = get_pipeline()("RESPIRATORY EVENTS\nAHI (overall)   11.6 /h\n")
    assert [(m.kind, m.value) for m in doc._.measurements] == [("ahi", 11.6)]


def test_an_enrolment_wrapped_over_two_lines_is_still_told() -> None:
    """dev14mr-05's fax: "Enrolled at Harrow Valley Medical\\nWeight Management on
    10/06/2025." broke over two lines, and the program's earlier start went unread (not_met,
    where the text copy sent the disagreeing lengths to review)."""

    sent = "Enrolled at Northfield Family Medical\nWeight Program on 10/06/2025."
    assert cue("programs.enrolled_on").search(sent)


# ------------------------------------------------------------------ sample L: forms and headings


@pytest.mark.parametrize(
    ("line", "repaired"),
    [
        ("Active infection (knee, skin, urinary):  Y [1]  NI[X]", "Y [ ]  N [X]"),
        ("Tobacco:  Y [ ]  NI[X]", "N [X]"),
    ],
)
def test_a_yes_no_answer_misread_is_repaired(line, repaired) -> None:
    """dev6ft-03's fax: "Y [1]  NI[X]" read the infection question as answered yes."""
    assert repaired in repair_text(line)


@pytest.mark.parametrize("line", ["see note [1] below", "ONI[X]", "Ref [1] [2]"])
def test_footnotes_and_words_are_left(line) -> None:
    assert repair_text(line) == line


def test_a_box_read_with_an_edge_lost_is_still_unticked() -> None:
    """dev11sd-04's fax: "() EDS ( HTN [ ] IHD" made HTN a qualifying condition; dev6ft-03's
    "{ Brace / cane / walker" made a brace a second kind of treatment."""

    assert cue("common.denied_before").search("[ ] AHI 5-14 with:   () EDS ( ")
    assert cue("therapy.not_done").search("{ Brace / cane / walker")
    assert not cue("therapy.not_done").search("Brace (hinged) worn daily since May")


def test_a_framed_entry_heading_with_a_mark_lost_dates_its_entry() -> None:
    """rural-01's fax: "- INITIAL EVAL 11/25/25 --" lost a dash; the exam took the record's
    release date."""

    assert cue("exams.entry_header").search("- INITIAL EVAL 11/25/25 --")
    assert not cue("exams.entry_header").search("- Lumbar ROM limited in flexion")


def test_not_cleared_with_its_t_lost_is_no_clearance() -> None:

    assert cue("evaluations.clearance_no").search("Pt is NO\ncleared for bariatric surgery")


# ------------------------------------------------------------ sample M (62 dev cases, seed 41)


@pytest.mark.parametrize(
    "sentence",
    [
        "not\nseen dietitian yet. Asked about ride.",
        "She hasn't met with the RD",
        "RD eval not yet completed",
    ],
)
def test_an_evaluation_told_as_not_yet_seen_is_not_done(sentence) -> None:
    """dev5sf-04's fax: "... client confirmed, has" / "not" / "seen dietitian yet." cut the
    sentence from its appointment, and "seen dietitian" read as an evaluation done."""

    assert cue("evaluations.not_completed").search(sentence)


@pytest.mark.parametrize(
    "sentence", ["Seen by the dietitian 3/2; nutrition evaluation completed.", "cannot had"]
)
def test_an_evaluation_done_is_not_made_pending(sentence) -> None:

    assert not cue("evaluations.not_completed").search(sentence)


def test_a_fax_transmission_lines_mark_is_no_dietitians_credential(tmp_path: Path) -> None:
    """form-13's fax: the sender's line "40/05/2096 ... 858-017-6620  LD.  1/2" (its date and
    page mark misread) counted as a dietitian's credential, and a pending nutrition evaluation
    as done."""
    notes = (
        "40/05/2096 10:20 FAX COASTAL WEIGHT INSTITUTE 555-017-6620  LD.  1/2\n"
        "MEDICAL WEIGHT MANAGEMENT - PROGRAM NOTE\nDate of service: 10/01/2026\n"
        "Logging meals 4-5 days a week. Dietitian referral placed; next RD appointment in "
        "November.\n"
    )
    case = make_case(
        tmp_path,
        "bariatric-surgery",
        "2026-10-06",
        {"01_program_note.txt": {"date": "2026-10-01", "text": notes}},
    )
    assert criterion(case, "nutrition-evaluation").status == "missing"


@pytest.mark.parametrize(
    ("line", "repaired"),
    [
        ("from a behavioral health perspective; | see no contraindication", "; I see no"),
        ("{highest documented BMI, per PCP weight history, 01/2023)", "(highest documented"),
        ("Vitals: Ht 7000  Wt 289 lb", "Ht 70in"),
        ("Mi.d obstructive s.eep apnea, AHI 11.4 events/hour", "Mild obstructive sleep apnea"),
        ("AHI 11.2 events/nour (hypopneas scored 4%)", "events/hour"),
        ("Period   Days used  Days ==4h  % »-dh  Avg use", "Days >=4h  % >=4h"),
        ("Days == d hours: 17/30 (57%)", "Days >= 4 hours"),
        ("27 of 30 nights »s 4 h = 90%", "nights >= 4 h"),
    ],
)
def test_sample_m_misreadings_are_repaired(line, repaired) -> None:
    """dev11bh-04 (a bar for I; a brace for the parenthesis that makes a BMI a past one),
    dev13bw-05 ("Ht 7000"), tele-07 ("Mi.d" read as MI), dev6ft-06 ("events/nour"),
    dev13sl-04 and dev12sp-01 (">=" read as "==", "»-", "»s"; 4 as d)."""
    assert repaired in repair_text(line)


@pytest.mark.parametrize(
    "line", ["Ht: 6500 cm", "Ht 7000 ft", "if x == y", "{ Brace / cane", "MI in 2019", "x/no"]
)
def test_sample_m_lookalikes_are_left(line) -> None:
    assert repair_text(line) == line


def test_a_height_whose_inches_were_read_as_zeros_makes_a_bmi() -> None:

    doc = get_pipeline()(repair_text("Vitals: Ht 7000  Wt 289 lb  BP 138/86"))
    assert [round(m.value, 1) for m in doc._.measurements if m.kind == "bmi"] == [41.5]


# ------------------------------------------------------------ a set-up's year misread


def _record_doc(source: str, on: str):

    record = SimpleNamespace(source_of=lambda offset: source)
    return SimpleNamespace(date=date.fromisoformat(on), record=record, start=0)


def test_a_set_up_read_years_after_its_own_report_is_a_misread_year() -> None:
    """dict-13's fax: "Setup date: 01/28/2028" in a summary printed 04/22/2025 put the
    re-evaluation on no day of therapy (missing; the text copy met)."""

    fixed = _year_misread_back(date(2028, 1, 28), _record_doc("ocr", "2025-04-22"), 10)
    assert fixed == date(2025, 1, 28)


@pytest.mark.parametrize(
    ("source", "on", "day"),
    [
        ("text_layer", "2025-04-22", "2028-01-28"),  # typed: left as written
        ("ocr", "2026-04-20", "2026-05-01"),  # a planned set-up weeks ahead
        ("ocr", "2025-04-22", "2031-01-28"),  # another decade: no single digit misread
    ],
)
def test_other_set_up_dates_are_left(source, on, day) -> None:

    d = date.fromisoformat(day)
    assert _year_misread_back(d, _record_doc(source, on), 10) == d


# ------------------------------------------------------- sample N (78 bariatric cases, seed 43)


@pytest.mark.parametrize(
    ("word", "repaired"),
    [
        ("05/.8/26", "05/18/26"),
        ("10/.2/2025,", "10/12/2025,"),
        ("24C.2", "240.2"),
        ("2C26", "2026"),
    ],
)
def test_sample_n_log_misreadings_are_repaired(word, repaired) -> None:
    """dev8nr-04's fax: the flowsheet's last row "05/.8/26  24C.2" lost the program's last
    visit (5.1 months, not_met; the text copy 6.2, met)."""

    assert repair_word(word) == repaired


@pytest.mark.parametrize("word", [".8/12/26", "1/.5", "C50.9", "M54.1C", "ABC1"])
def test_other_periods_and_cs_are_left(word) -> None:

    assert repair_word(word) == word


@pytest.mark.parametrize(
    ("word", "repaired"),
    [
        ("020326", "02/03/26"),
        ("03:04:26", "03/04/26"),
        ("105/06/20261", "05/06/2026"),
        ("1040120261", "04/01/2026"),
    ],
)
def test_a_log_rows_garbled_date_is_repaired(word, repaired) -> None:
    """dev14rx-04's and dev12sp-04's fax logs: rows lost at the start or end of the program
    (slashes dropped or read as colons, the table's strokes glued on as ones)."""

    assert repair_word(word, row_start=True) == repaired


@pytest.mark.parametrize("word", ["112025", "012026", "500277", "13:04:26", "1040120261x"])
def test_other_row_openings_are_left(word) -> None:
    """A month and a four-digit year ("112025": November 2025), an account number, a time."""

    assert repair_word(word, row_start=True) == word


def test_a_stated_program_length_with_its_unit_misread_is_a_claim() -> None:
    """dev3ap-03's fax: "Completed 6-moc medically supervised program" lost the stated six
    months that the text copy set against a 2.1-month log (needs_review)."""

    assert cue("programs.claim").search("Completed 6-moc medically supervised program")
