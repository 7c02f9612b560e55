"""The office's missing-documentation notice (casebrief.export): the document request table,
the notice built from real briefs, its fax PDF read back as text, and the FHIR CDex data
requests validated against the R4 models.  No server: briefs come from ``brief_case``."""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from casebrief.export.document_codes import (
    DocumentCodesError,
    document_codes,
    parse,
    unmapped,
)
from casebrief.export.notice import build_notice, reply_by
from casebrief.export.notice_pdf import plain, render_pdf
from casebrief.policy.registry import get_registry
from casebrief.resources import load_yaml
from casebrief.service import brief_case

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "annotated_samples/dev"
# one case per policy, each with missing and/or not_met criteria
CASES = ["comm-01", "dev2hc-04", "hosp-08", "summ-04", "dev9ap-04"]
LOINC = re.compile(r"^\d{1,7}-\d$")
DENIAL = re.compile(
    r"\b(denied|denial|deny|denies|reject(ed)?|will not be (approved|covered))\b", re.I
)


def norm(text: str) -> str:
    """Text as comparable words: hyphenation at line ends undone, whitespace collapsed."""
    text = re.sub(r"-\s*\n\s*", "-", text)
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def briefs() -> dict[str, dict]:
    return {c: brief_case(DEV / c).model_dump(mode="json") for c in CASES}


def pdf_text(data: bytes, tmp_path: Path) -> str:
    exe = shutil.which("pdftotext")
    if exe is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: apt-get install poppler-utils")
    path = tmp_path / "notice.pdf"
    path.write_bytes(data)
    return subprocess.run(
        [exe, "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


# ---- the table


def test_every_criterion_of_every_policy_has_a_loinc_document_code():
    codes = document_codes()
    policies = get_registry().versions
    assert unmapped(codes, policies) == []
    for p in policies:
        for c in p.criteria:
            entry = codes.for_criterion(p.id, c.id)
            cat = codes.categories[entry.category]
            assert LOINC.match(cat.code) and cat.display and cat.label, (p.id, c.id)
            assert cat.system == "http://loinc.org"
            if c.kind != "waiver" and not c.not_met_documentation:  # not_met asks via the table
                assert entry.not_met and not DENIAL.search(entry.not_met), (p.id, c.id)
    assert set(codes.doc_types) >= {
        "office_note",
        "therapy_note",
        "imaging_report",
        "sleep_study",
        "procedure_note",
        "lab",
        "other",
    }


def test_the_table_names_what_is_wrong():
    good = load_yaml("export/document_requests.yaml")
    bad = copy.deepcopy(good)
    bad["criteria"]["lumbar-spine-mri"]["conservative-therapy"]["category"] = "pt"
    with pytest.raises(
        DocumentCodesError, match=r"conservative-therapy\.category: unknown category 'pt'"
    ):
        parse(bad)
    bad = copy.deepcopy(good)
    del bad["categories"]["imaging"]["loinc"]["code"]
    with pytest.raises(
        DocumentCodesError, match=r"categories\.imaging\.loinc: missing field 'code'"
    ):
        parse(bad)
    bad = copy.deepcopy(good)
    bad["criteria"]["cpap-osa"]["adherence"]["colour"] = "red"
    with pytest.raises(DocumentCodesError, match=r"unknown field\(s\) colour"):
        parse(bad)
    from casebrief.export.document_codes import check_against
    from casebrief.policy.loader import list_policies

    bad = copy.deepcopy(good)
    bad["criteria"]["cpap-osa"]["adherance"] = {"category": "device_reports"}
    with pytest.raises(DocumentCodesError, match="policy 'cpap-osa' has no criterion 'adherance'"):
        check_against(parse(bad), list_policies())


# ---- the notice


def test_notice_asks_for_every_missing_and_not_met_criterion(briefs):
    for name, b in briefs.items():
        before = copy.deepcopy(b)
        n = build_notice(b)
        assert b == before  # the notice reads the brief; no status changes
        asked = [
            c["id"]
            for c in b["criteria"]
            if c["status"] == "missing" or (c["status"] == "not_met" and c["kind"] != "waiver")
        ]
        assert [i.criterion_id for i in n.items] == asked, name
        assert n.policy == f"{b['policy']['id']} v{b['policy']['version']}"
        assert n.policy_version == b["policy"]["version"] and n.reply_by is not None
        in_groups = [ln.criterion_id for g in n.groups for ln in g.lines if ln.kind == "criterion"]
        assert sorted(in_groups) == sorted(asked)
        for item in n.items:
            crit = next(c for c in b["criteria"] if c["id"] == item.criterion_id)
            if crit["missing_documentation"]:
                assert item.request == crit["missing_documentation"]
        assert not DENIAL.search(n.text) and not DENIAL.search(n.disclaimer), name


def test_a_window_in_the_policy_names_its_dates(briefs):
    n = build_notice(briefs["comm-01"])  # conservative therapy: 182 days back
    line = next(i.line for i in n.items if i.criterion_id == "conservative-therapy")
    end = dt.date.fromisoformat(briefs["comm-01"]["request"]["request_date"])
    since = end - dt.timedelta(days=182)
    assert f"dated {since.isoformat()} to {end.isoformat()}" in line


def test_reply_by_rule():
    received = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)
    start, due, by = reply_by("standard", received_at=received)
    assert due == received + dt.timedelta(days=7) and by == received + dt.timedelta(days=5)
    start, due, by = reply_by("expedited", received_at=received)
    assert due == received + dt.timedelta(hours=72) and by == received + dt.timedelta(hours=48)
    # the service's own due date wins; never earlier than receipt
    due_at = received + dt.timedelta(hours=10)
    assert reply_by("expedited", received_at=received, due_at=due_at)[2] == received
    # the command line: the request date, at midnight UTC
    assert reply_by("standard", request_date="2026-03-02")[2] == dt.datetime(
        2026, 3, 7, tzinfo=dt.UTC
    )
    # SQLite's naive datetimes are UTC
    naive = reply_by("standard", received_at=received.replace(tzinfo=None))[2]
    assert naive == received + dt.timedelta(days=5)


def test_nothing_requested_when_everything_is_documented(briefs):
    b = copy.deepcopy(briefs["comm-01"])
    for c in b["criteria"]:
        c["status"], c["missing_documentation"] = "met", None
    n = build_notice(b)
    assert n.nothing_requested and n.items == [] and n.groups == []
    assert n.text.startswith("Nothing further is requested")


# ---- the fax PDF


def test_pdf_text_holds_every_request_and_the_reply_by_date(briefs, tmp_path):
    for name, b in briefs.items():
        n = build_notice(b)
        text = norm(pdf_text(render_pdf(n), tmp_path))
        assert n.items, name
        for item in n.items:
            assert norm(plain(item.line)) in text, (name, item.criterion_id)
            assert item.criterion_id in text
        assert n.reply_by.strftime("%Y-%m-%d") in text
        assert n.policy_id in text and n.policy_version in text and n.case_id in text
        assert "makes no coverage determination" in text
        assert "page 1 of 1" in text


def test_pdf_is_fax_friendly_and_fits_one_page(briefs):
    import pdfplumber

    for name, b in briefs.items():
        data = render_pdf(build_notice(b))
        assert data.startswith(b"%PDF")
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            assert len(pdf.pages) == 1, name  # a typical notice fits one page
            for page in pdf.pages:
                assert page.chars
                assert min(c["size"] for c in page.chars) >= 10 - 1e-6
                assert {c["fontname"].split("+")[-1] for c in page.chars} <= {
                    "Helvetica",
                    "Helvetica-Bold",
                }
                for c in page.chars:
                    assert c["non_stroking_color"] in (
                        None,
                        (0,),
                        (0.0,),
                        (0, 0, 0),
                        (0.0, 0.0, 0.0),
                        [0],
                        [0, 0, 0],
                    ), c["non_stroking_color"]
                for obj in page.lines + page.rects:
                    assert obj.get("stroking_color") in (
                        None,
                        (0,),
                        (0.0,),
                        (0, 0, 0),
                        (0.0, 0.0, 0.0),
                    )


def test_a_long_notice_continues_on_numbered_pages(briefs, tmp_path):
    b = copy.deepcopy(briefs["summ-04"])
    long = " ".join(["Records of every further treatment visit with dates and outcomes."] * 12)
    for c in b["criteria"]:
        c["status"], c["missing_documentation"] = "missing", long
    pages = [{"file": "fax.pdf", "page": p, "status": "unreadable"} for p in range(1, 40, 2)]
    b["packet_quality"] = {**(b.get("packet_quality") or {}), "pages": pages}
    n = build_notice(b)
    data = render_pdf(n)
    text = pdf_text(data, tmp_path)
    total = len(re.findall(r"page \d+ of (\d+)", text))
    assert total >= 2 and f"page {total} of {total}" in text
    assert f"page 1 of {total}" in text
    # every page repeats the reply-by date (page 1 in the header block, later ones on top)
    assert text.count(n.reply_by.strftime("%Y-%m-%d")) >= total
    assert norm("Page 39 of fax.pdf could not be read: please resend a clearer copy") in norm(text)


# ---- pages and records that could not be read


def _pdf_with_a_scanned_page(path: Path) -> None:
    """Page 1 with a text layer, page 2 an image only (a scan: no text layer)."""
    from PIL import Image, ImageDraw
    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    img = Image.new("L", (850, 1100), 255)
    draw = ImageDraw.Draw(img)
    for y in range(100, 1000, 40):
        draw.line((80, y, 770, y + 3), fill=0, width=3)
    c = canvas.Canvas(str(path), pagesize=LETTER)
    c.drawString(72, 720, "Physical therapy progress note 02/10/2026")
    c.drawString(72, 700, "Patient attended physical therapy for low back pain.")
    c.showPage()
    c.drawImage(ImageReader(img), 0, 0, width=612, height=792)
    c.showPage()
    c.save()


def test_unread_pages_missing_pages_and_unread_records_are_asked_for(tmp_path, monkeypatch):
    monkeypatch.setenv("CASEBRIEF_OCR", "off")  # the scanned page is then "not read"
    d = tmp_path / "case"
    d.mkdir()
    _pdf_with_a_scanned_page(d / "03_pt_notes.pdf")
    (d / "01_office.txt").write_text(
        "\f".join(
            f"Office visit 02/12/2026\nLow back pain for 10 weeks.\nPage {n} of 3" for n in (1, 3)
        )
    )
    (d / "02_empty.pdf").write_bytes(b"")
    (d / "case.json").write_text(
        json.dumps(
            {
                "case_id": "unread-1",
                "policy": "lumbar-spine-mri",
                "request": {"request_date": "2026-03-02", "cpt": ["72148"]},
            }
        )
    )
    b = brief_case(d).model_dump(mode="json")
    q = b["packet_quality"]
    assert ("03_pt_notes.pdf", 2) in {
        (p["file"], p["page"]) for p in q["pages"] if p["status"] == "not_read"
    }
    n = build_notice(b)
    lines = {ln.kind: ln for g in n.groups for ln in g.lines}
    assert lines["page"].text == (
        "Page 2 of 03_pt_notes.pdf could not be read: please resend a clearer copy of it."
    )
    assert lines["page"].file == "03_pt_notes.pdf" and lines["page"].pages == [2]
    assert "02_empty.pdf could not be read (the file arrived empty)" in lines["record"].text
    assert "Page 2 of 3 is missing from 01_office.txt" in lines["missing_page"].text
    # the page is asked for under its own document's kind (a therapy note here)
    page_group = next(g for g in n.groups if lines["page"] in g.lines)
    assert page_group.category == "therapy_notes" and page_group.loinc.code == "11508-9"
    text = norm(pdf_text(render_pdf(n), tmp_path))
    for ln in lines.values():
        assert norm(plain(ln.text)) in text


def test_unreadable_pages_in_a_row_are_one_line(briefs):
    b = copy.deepcopy(briefs["comm-01"])
    pages = [{"file": "fax.pdf", "page": p, "status": "unreadable"} for p in (3, 4, 5, 9)]
    b["packet_quality"] = {**b["packet_quality"], "pages": pages}
    texts = [ln.text for g in build_notice(b).groups for ln in g.lines if ln.kind == "page"]
    assert texts == [
        "Pages 3-5 of fax.pdf could not be read: please resend a clearer copy of them.",
        "Page 9 of fax.pdf could not be read: please resend a clearer copy of it.",
    ]


# ---- FHIR CDex


def test_cdex_tasks_validate_and_carry_one_loinc_code_per_category(briefs):
    from fhir.resources.R4B.bundle import Bundle
    from fhir.resources.R4B.task import Task

    from casebrief.export.cdex_task import build_task_bundle

    for name, b in briefs.items():
        n = build_notice(b, case_id=f"case-{name}", version=2)
        bundle = build_task_bundle(n)
        Bundle.model_validate(bundle)
        tasks = [e["resource"] for e in bundle["entry"]]
        assert len(tasks) == len(n.groups), name
        seen = []
        for task, group in zip(tasks, n.groups, strict=True):
            Task.model_validate(task)
            assert task["status"] == "requested" and task["intent"] == "order"
            codes = {(c["system"], c["code"]) for c in task["code"]["coding"]}
            assert (
                "http://hl7.org/fhir/us/davinci-hrex/CodeSystem/hrex-temp",
                "data-request",
            ) in codes
            data = [
                i
                for i in task["input"]
                if i["type"]["coding"][0]["code"] in ("data-code", "data-query")
            ]
            assert len(data) == 1  # CDex tdr-1: exactly one data request per Task
            coding = data[0]["valueCodeableConcept"]["coding"]
            assert coding == [
                {
                    "system": "http://loinc.org",
                    "code": group.loinc.code,
                    "display": group.loinc.display,
                }
            ]
            seen.append(group.loinc.code)
            assert task["restriction"]["period"]["end"].startswith(n.reply_by.strftime("%Y-%m-%d"))
            assert task["groupIdentifier"]["value"] == f"case-{name}"
            assert [x["text"] for x in task["note"]] == [ln.text for ln in group.lines]
            assert set(task["for"]) == {"display"} and set(task["requester"]) == {"display"}
        assert len(seen) == len(set(seen))  # one code per category, no category twice
        expected = {document_codes().categories[i.category].code for i in n.items}
        assert expected <= set(seen)


def test_an_empty_notice_is_an_empty_valid_bundle(briefs):
    from fhir.resources.R4B.bundle import Bundle

    from casebrief.export.cdex_task import build_task_bundle

    b = copy.deepcopy(briefs["comm-01"])
    for c in b["criteria"]:
        c["status"], c["missing_documentation"] = "met", None
    bundle = build_task_bundle(build_notice(b))
    assert "entry" not in bundle
    Bundle.model_validate(bundle)


# ---- command line


def test_command_line_writes_each_format(tmp_path):
    from casebrief.cli import main

    case = DEV / "comm-01"
    assert main(["notice", str(case), "--format", "pdf", "--out", str(tmp_path / "n.pdf")]) == 0
    assert (tmp_path / "n.pdf").read_bytes().startswith(b"%PDF")
    assert main(["notice", str(case), "--out", str(tmp_path / "n.json")]) == 0
    body = json.loads((tmp_path / "n.json").read_text())
    assert {"case_id", "policy", "items", "text", "groups", "reply_by"} <= set(body)
    assert main(["notice", str(case), "--format", "fhir", "-o", str(tmp_path / "t.json")]) == 0
    assert json.loads((tmp_path / "t.json").read_text())["resourceType"] == "Bundle"


def test_command_line_pdf_without_out_is_a_clear_error(capsys):
    from casebrief.cli import main

    assert main(["notice", str(DEV / "comm-01"), "--format", "pdf"]) == 2
    err = capsys.readouterr().err
    assert "--out FILE" in err and "Traceback" not in err


def test_a_pdf_notice_without_reportlab_says_which_extra_to_install(tmp_path):
    """``pip install -e .`` alone has no PDF writer: one clear line and status 2, no trace."""
    import subprocess
    import sys

    code = (
        "import sys; sys.modules['reportlab'] = None\n"
        "from casebrief.cli import main\n"
        f"sys.argv = ['casebrief', 'notice', 'annotated_samples/dev/flow-06', '--format', 'pdf',"
        f" '--out', {str(tmp_path / 'n.pdf')!r}]\n"
        "sys.exit(main())\n"
    )
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=root, timeout=120
    )
    assert out.returncode == 2
    assert "casebrief[service]" in out.stderr and "Traceback" not in out.stderr
