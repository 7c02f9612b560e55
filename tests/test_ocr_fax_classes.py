"""Classes of OCR damage found on the sixth fax copy of the dev cases (/tmp/scanned_dev6),
each fixed as a class, not as one phrasing: a blank form field's underline read as dashes
and specks.  Every text is invented for the test."""

from __future__ import annotations

from pathlib import Path

from test_packet_batch9 import criterion, make_case

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
