"""Classes of OCR damage found on the sixth fax copy of the dev cases (/tmp/scanned_dev6),
each fixed as a class, not as one phrasing: a blank form field's underline read as dashes
and specks; a sleep study's AHI label with one glyph misread; a percent field's label read
with a stray digit and its colon as a semicolon; an arrow's head read as a guillemet; a list
item's leading mark set apart by a column's gap; a page's first line joined to the page
before by a bare form feed.  Every text is invented for the test."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_packet_batch9 import criterion, make_case

from casebrief.extract.ocr import assemble
from casebrief.extract.ocr_fixes import repair_text
from casebrief.nlp.sentences import sentence_starts

# ------------------------------------------------------------------ blank form fields


def test_a_blank_field_whose_underline_ocr_read_as_dashes_is_blank(tmp_path: Path) -> None:
    """dev11pp-03: "Conservative therapy (type/dates): ______" on the fax read "...:   —_   -";
    the field named therapy without dates (not_met) where the packet has none (missing)."""
    case = make_case(
        tmp_path,
        "lumbar-epidural-steroid-injection",
        "2026-04-28",
        {
            "01_form.txt": {
                "date": "2026-04-28",
                "text": "ESI REQUEST FORM\nConservative therapy (type/dates):   \u2014_   -\n"
                "Pain 6/10, L leg.\n",
            },
            "02_note.txt": {
                "date": "2026-04-21",
                "text": "PAIN CLINIC NOTE\nL S1 radicular pain, SLR positive on the left. Pain"
                " 6/10, cannot work a full shift.\nMRI: L5-S1 protrusion compressing the L S1"
                " root.\nPlan: L5-S1 TFESI, then PT referral after the injection.\n",
            },
        },
    )
    assert criterion(case, "conservative-care-4wk").status == "missing"


# ------------------------------------------------------------------ measurement labels


@pytest.mark.parametrize(
    ("line", "repaired"),
    [
        # dev12sp-03's fax: the HSAT's AHI went unread and a 2021 study's AHI 3.6 was used
        (
            "Mild obstructive sleep apnea, AAI 9.8/h {4% rule)",
            "Mild obstructive sleep apnea, AHI 9.8/h {4% rule)",
        ),
        ("AKI (AASM 4% hypopnea rule)   70   9.8", "AHI (AASM 4% hypopnea rule)   70   9.8"),
        ("Supine AHI 17.9 | non-supine AHl 4.3", "Supine AHI 17.9 | non-supine AHI 4.3"),
        ("NHI 12 events/h", "AHI 12 events/h"),
    ],
)
def test_a_sleep_index_label_misread_by_one_glyph_is_ahi(line, repaired) -> None:
    assert repair_text(line) == repaired


@pytest.mark.parametrize(
    "line",
    [
        "ODI {4%:: 8.7/h",
        "ARI 15/h",
        "CAI 2/h",
        "OAI 3 events/h",
        "AKI 2.1 mg/dL",
        "AKI on CKD",
        "ABI 0.9 R",
    ],
)
def test_other_index_labels_are_left_alone(line) -> None:
    assert repair_text(line) == line


def test_a_percent_fields_label_read_with_a_digit_and_a_semicolon_is_the_label() -> None:
    """dev12os-03: "% relief: ~80%" read "9% relief; ~80%": a 9% relief that fell short, and
    the field's real 80% unread."""
    assert repair_text("9% relief; ~80%   Duration: ~3.5 months") == (
        " % relief: ~80%   Duration: ~3.5 months"
    )
    assert repair_text("x\n  9% relief. 75-80%") == "x\n   % relief. 75-80%"


@pytest.mark.parametrize(
    "line",
    ["50% relief: better since", "  % relief: 70%", "9% relief lasting 2 weeks", "PT; 80 visits"],
)
def test_a_percent_figure_that_is_no_fields_label_is_left_alone(line) -> None:
    assert repair_text(line) == line


def test_an_arrows_head_read_as_a_guillemet_is_an_arrow() -> None:
    """dev11pp-01: "Leg VAS 8 pre-injection -> 3-4 by day 10" read "-» 3-4"; the score's drop,
    the injection's only account of relief, went unread."""
    assert repair_text("- Leg VAS 8 pre-injection -\u00bb 3-4 by day 10") == (
        "- Leg VAS 8 pre-injection -> 3-4 by day 10"
    )
    assert repair_text("changed FFM -\u00bb> nasal pillows") == "changed FFM ->  nasal pillows"
    # "=»" was as often a lone ">" as an arrow: left alone
    assert (
        repair_text("Duration of relief: =\u00bb 3 months")
        == "Duration of relief: =\u00bb 3 months"
    )


def test_a_score_drop_written_with_a_misread_arrow_is_relief() -> None:
    from casebrief.policy.evaluators.procedures import score_drop_percent

    assert score_drop_percent(repair_text("Leg VAS 8 pre-injection -\u00bb 3-4 by day 10")) == 50.0


# ------------------------------------------------------------------ layout


def _row(words, y, x=10.0, gap=4.0):
    out = []
    for w in words:
        out.append([w, x, y, x + 5.0 * len(w), y + 10, 0.9])
        x += 5.0 * len(w) + gap
    return out


def test_a_leading_mark_set_apart_by_a_wide_gap_is_a_list_items_indent() -> None:
    """dev11sd-05: the plan's arrow "-> R TKA. Risks, ... incl." read as a speck "=" and a
    column's gap; the line became a table row, cut from its wrapped "infection, DVT/PE, ...",
    and the consent's risk list read as an active infection."""
    words = []
    for i in range(5):  # prose: the page's word spacing
        words += _row(["continues", "to", "use", "the", "device", "nightly"], 10.0 + 14 * i)
    words.append(["=", 10.0, 84.0, 12.0, 85.0, 0.3])  # a speck: an arrow read as "="
    words += _row(
        ["R", "TKA.", "Risks,", "benefits,", "alternatives", "discussed", "incl."], 80.0, x=26.0
    )
    words += _row(["infection,", "DVT/PE,", "stiffness."], 94.0)
    text = assemble(words).text
    lines = text.splitlines()
    assert lines[-2] == "= R TKA. Risks, benefits, alternatives discussed incl."
    at = text.index("infection")
    assert at not in sentence_starts(text)  # one sentence with the line above


def test_a_row_opening_with_a_word_keeps_its_column_gap() -> None:
    words = []
    for i in range(5):
        words += _row(["continues", "to", "use", "the", "device", "nightly"], 10.0 + 14 * i)
    words += _row(["Date"], 80.0) + _row(["Visit"], 80.0, x=45.0)
    assert assemble(words).text.splitlines()[-1] == "Date   Visit"


def test_a_line_anchored_cue_reads_the_first_line_of_a_page() -> None:
    """dev12pc-05: "Page 1 of 2<FF>ADDENDUM - 06/24/2026": the addendum heading opening page 2
    was no line start to a line-anchored cue, and the addendum's clearance was dated to the
    evaluation's day, when clearance was deferred."""
    from casebrief.lexicon import cue, page_break_starts_line

    heading = cue("common.addendum_heading")
    assert heading.search("Page 1 of 2\fADDENDUM - 06/24/2026")
    assert not heading.search("Page 1 of 2 ADDENDUM - 06/24/2026")  # mid-line: not a heading
    assert page_break_starts_line(r"^\s*[^\n^]x\^") == r"(?:^|(?<=\f))\s*[^\n^]x\^"


def test_a_grid_whose_rule_line_was_lost_stays_one_grid() -> None:
    """dev11sd-01: the rule line under a download's 30-day grid header was not read, and the
    gap it left made a blank line; the header stood alone and the qualifying period's row
    (22/30 nights, 73.3%) was read without it."""
    from casebrief.facts.adherence import text_tables

    words = []
    for i in range(5):
        words += _row(["continues", "to", "use", "the", "device", "nightly"], 10.0 + 14 * i)
    y = 80.0
    header = _row(["Period"], y) + _row(["Days"], y, x=60.0) + _row([">=4h"], y, x=110.0)
    row = _row(["31-60"], y + 28) + _row(["22/30"], y + 28, x=60.0)
    row += _row(["73.3%"], y + 28, x=110.0)
    text = assemble(words + header + row).text
    assert text.splitlines()[-2:] == ["Period   Days   >=4h", "31-60   22/30   73.3%"]
    assert text_tables(text)[-1] == [("Period", "Days", ">=4h"), ("31-60", "22/30", "73.3%")]
    # prose after a blank line's gap keeps its paragraph break
    prose = _row(["Impression", "follows", "here"], y + 28)
    assert "\n\nImpression" in assemble(words + header + prose).text
