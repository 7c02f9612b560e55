"""Device-download tables are read with pdfplumber: a period table's "% nights >= 4 h" column
and a night-by-night Y/N log (best 30 consecutive nights) decide CPAP adherence even when no
sentence states it."""

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

reportlab = pytest.importorskip("reportlab")
from reportlab.lib.pagesizes import letter  # noqa: E402
from reportlab.lib.styles import getSampleStyleSheet  # noqa: E402
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle  # noqa: E402

from casebrief.case import load_case  # noqa: E402
from casebrief.extract import load_record  # noqa: E402
from casebrief.service import brief_case  # noqa: E402

GRID = TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black")])


def _pdf(path: Path, tables: list[list[list[str]]], title: str) -> None:
    styles = getSampleStyleSheet()
    story = [Paragraph(title, styles["Title"]), Spacer(1, 12)]
    for rows in tables:
        t = Table(rows)
        t.setStyle(GRID)
        story += [t, Spacer(1, 12)]
    SimpleDocTemplate(str(path), pagesize=letter).build(story)


def _case(tmp_path: Path, tables, name="cpap") -> Path:
    case = tmp_path / name
    case.mkdir()
    _pdf(case / "02_download.pdf", tables, "PAP Usage Report")
    (case / "01_followup.txt").write_text(
        "Sleep Medicine Follow-up\nDate of service: "
        "06/01/2026\nDiagnostic HSAT 03/20/2026: AHI 24 events/h.\n"
        "Started CPAP 04/01/2026. Today is day 61 of therapy; "
        "snoring resolved, Epworth improved from 15 to 6.\n",
        encoding="utf-8",
    )
    (case / "case.json").write_text(
        json.dumps(
            {
                "case_id": name,
                "policy": "cpap-osa",
                "request": {
                    "request_date": "2026-06-10",
                    "request_type": "continuation",
                    "cpt": ["E0601"],
                },
            }
        )
    )
    return case


def _adherence(brief):
    return next(c for c in brief.criteria if c.id == "adherence")


def test_period_table_percent_column_decides(tmp_path: Path) -> None:
    header = ["Period", "Days", "Days used", "Days >= 4 h", "% nights >= 4 h"]
    case = _case(
        tmp_path,
        [
            [
                header,
                ["04/01/2026 - 04/30/2026", "30", "26", "18", "60%"],
                ["05/01/2026 - 05/30/2026", "30", "29", "24", "80%"],
            ]
        ],
    )
    rec = load_record(case / "02_download.pdf")
    assert rec.tables and rec.tables[0].rows[0][4] == "% nights >= 4 h"
    c = _adherence(brief_case(case))
    assert c.status == "met"
    assert "80" in c.rationale
    assert any("80%" in e.quote for e in c.evidence)


def test_period_table_below_threshold_is_not_met(tmp_path: Path) -> None:
    header = ["Period", "Days", "Days >= 4 h", "% nights >= 4 h"]
    case = _case(
        tmp_path,
        [
            [
                header,
                ["04/01/2026 - 04/30/2026", "30", "16", "53%"],
                ["05/01/2026 - 05/30/2026", "30", "19", "63%"],
            ]
        ],
    )
    c = _adherence(brief_case(case))
    assert c.status == "not_met"
    assert "63" in c.rationale


def test_nightly_log_best_30_nights(tmp_path: Path) -> None:
    start = date(2026, 4, 1)
    # 40 nights: the first 10 mostly unused, then 30 nights with 24 used >= 4 h (80%)
    flags = ["N"] * 8 + ["Y"] * 2 + (["Y"] * 4 + ["N"]) * 6
    rows = [["Day", "Date", "Usage", ">= 4 h"]] + [
        [
            str(i + 1),
            (start + timedelta(days=i)).strftime("%m/%d/%Y"),
            "5:10" if f == "Y" else "1:00",
            f,
        ]
        for i, f in enumerate(flags)
    ]
    case = _case(tmp_path, [rows], name="nightly")
    c = _adherence(brief_case(case))
    assert c.status == "met", c.rationale
    assert "nightly log" in c.rationale


def test_table_pages_only_when_announced(tmp_path: Path) -> None:
    """A page without device-download wording is not handed to pdfplumber."""
    case = tmp_path / "plain"
    case.mkdir()
    _pdf(case / "note.pdf", [[["Visit", "Weight"], ["1", "250 lb"]]], "Weight management visits")
    assert load_record(case / "note.pdf").tables == []
    assert load_case(case).records[0].tables == []


def test_a_share_over_100_percent_is_a_misreading_not_a_figure(tmp_path: Path) -> None:
    """A fax read "60.0%" as "600%": no share of nights is over 100%, so the cell is not a
    figure.  Before, it was read as 600% of nights, over the 70% required: `met`."""
    header = ["Period", "Days", "Days >= 4 h", "% nights >= 4 h"]
    case = _case(
        tmp_path,
        [[header, ["04/01/2026 - 04/30/2026", "30", "16", "600%"]]],
    )
    c = _adherence(brief_case(case))
    assert "600" not in c.rationale
    assert c.status == "missing", c.rationale  # the table's only figure is unreadable
