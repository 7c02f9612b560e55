"""Records into documents: splitting a faxed packet, document dates, text encodings."""

from __future__ import annotations

import codecs
from datetime import date
from pathlib import Path

import pytest

from casebrief.documents import split_record
from casebrief.documents.classify import classify, document_date
from casebrief.extract import load_record
from casebrief.extract.text import decode_bytes

reportlab = pytest.importorskip("reportlab")
from reportlab.lib.pagesizes import letter  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

FAX_COVER = [
    "FAX COVER SHEET",
    "To: Utilization Management, Summit Health Plan    Fax: (555) 201-3344",
    "From: Cedar Ridge Family Medicine    Fax: (555) 410-7788",
    "Date: 03/03/2026",
    "Pages: 4 (including cover)",
    "Re: Prior authorization request, MRI lumbar spine (CPT 72148)",
    "",
    "CONFIDENTIALITY NOTICE: This facsimile contains protected health information",
    "intended only for the named recipient.",
]

NOTE_PAGE_1 = [
    "CEDAR RIDGE FAMILY MEDICINE",
    "OFFICE VISIT",
    "Patient: Jordan Example    DOB: 04/12/1978",
    "Date of Service: 03/02/2026",
    "Provider: A. Clinician, MD",
    "",
    "CHIEF COMPLAINT: Low back pain with left leg radiation",
    "",
    "HISTORY OF PRESENT ILLNESS",
    "47-year-old with low back pain radiating to the left leg since December.",
    "He has been taking meloxicam 15 mg daily since 12/18/2025.",
    "",
    "Page 1 of 2",
]

NOTE_PAGE_2 = [
    "Jordan Example  DOB 04/12/1978",
    "PHYSICAL EXAM",
    "Straight leg raise positive on the left at 40 degrees.",
    "Strength 5/5 bilaterally. Reflexes 2+ and symmetric.",
    "",
    "ASSESSMENT AND PLAN",
    "Lumbar radiculopathy, left. Request MRI of the lumbar spine.",
    "",
    "Electronically signed by A. Clinician, MD on 03/02/2026",
    "Page 2 of 2",
]

MRI_PAGE = [
    "LAKESIDE IMAGING CENTER",
    "EXAM: MRI CERVICAL SPINE WITHOUT CONTRAST",
    "Patient: Jordan Example    DOB: 04/12/1978",
    "Date of Exam: 05/14/2025",
    "",
    "CLINICAL HISTORY: Neck pain.",
    "TECHNIQUE: Multiplanar multisequence MRI of the cervical spine.",
    "FINDINGS: Mild disc bulge at C5-C6 without cord compression.",
    "IMPRESSION: Mild degenerative changes of the cervical spine.",
    "Electronically signed by radiologist A. Chen, MD",
]


def _write_pdf(path: Path, pages: list[list[str]]) -> Path:
    c = canvas.Canvas(str(path), pagesize=letter)
    for lines in pages:
        y = 740
        c.setFont("Helvetica", 10)
        for line in lines:
            c.drawString(54, y, line)
            y -= 16
        c.showPage()
    c.save()
    return path


@pytest.fixture(scope="session")
def packet(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("packet")
    return _write_pdf(d / "packet.pdf", [FAX_COVER, NOTE_PAGE_1, NOTE_PAGE_2, MRI_PAGE])


@pytest.fixture(scope="session")
def packet_docs(packet):
    record = load_record(packet)
    return record, split_record(record, first_id=1)


def test_packet_has_four_pages(packet_docs) -> None:
    record, _ = packet_docs
    assert record.kind == "pdf"
    assert len(record.pages) == 4
    assert "FAX COVER SHEET" in record.text


def test_packet_splits_into_three_documents(packet_docs) -> None:
    _, docs = packet_docs
    assert [d.pages for d in docs] == [(1, 1), (2, 3), (4, 4)]
    assert [d.id for d in docs] == ["d1", "d2", "d3"]


def test_packet_document_types(packet_docs) -> None:
    _, docs = packet_docs
    assert [d.type for d in docs] == ["fax_cover", "office_note", "imaging_report"]


def test_packet_document_dates(packet_docs) -> None:
    _, docs = packet_docs
    assert [d.date for d in docs] == [date(2026, 3, 3), date(2026, 3, 2), date(2025, 5, 14)]


def test_packet_documents_tile_the_record(packet_docs) -> None:
    record, docs = packet_docs
    assert docs[0].start == 0
    assert docs[-1].end == len(record.text)
    for a, b in zip(docs, docs[1:], strict=False):
        assert a.end == b.start
    assert "Straight leg raise positive" in docs[1].text
    assert "EXAM: MRI CERVICAL SPINE" in docs[2].text
    assert "EXAM: MRI" not in docs[1].text


def test_first_id_numbers_documents(packet_docs) -> None:
    record, _ = packet_docs
    docs = split_record(record, first_id=5)
    assert [d.id for d in docs] == ["d5", "d6", "d7"]


# ---------------------------------------------------------------- classify --------------------
@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        pytest.param(FAX_COVER, "fax_cover", id="fax"),
        pytest.param(NOTE_PAGE_1, "office_note", id="office"),
        pytest.param(MRI_PAGE, "imaging_report", id="mri"),
        pytest.param(
            [
                "PHYSICAL THERAPY DISCHARGE SUMMARY",
                "Date of Service: 02/16/2026",
                "Visits attended: 12",
                "HEP issued.",
            ],
            "therapy_note",
            id="pt",
        ),
    ],
)
def test_classify(lines: list[str], expected: str) -> None:
    assert classify("\n".join(lines))[0] == expected


# ---------------------------------------------------------------- document date ---------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "DOB: 01/02/1979\nDate of Service: 03/03/2026\n", date(2026, 3, 3), id="dob-first"
        ),
        pytest.param(
            "Date of Service: 03/03/2026\nDOB: 01/02/1979\n", date(2026, 3, 3), id="dos-first"
        ),
        pytest.param(
            "Patient: J. Doe   DOB: 01/02/1979   Date of Service: 03/03/2026\n",
            date(2026, 3, 3),
            id="same-line",
        ),
        pytest.param(
            "Date of Birth: 01/02/1979\nVisit Date: 2026-03-03\n",
            date(2026, 3, 3),
            id="date-of-birth-visit-date",
        ),
        pytest.param(
            "DOB 01/02/1979\nSeen 03/03/2026 for back pain.\n",
            date(2026, 3, 3),
            id="unlabelled-after-dob",
        ),
        pytest.param(
            "Date of Exam: 05/14/2025\nDOB: 04/12/1978\n", date(2025, 5, 14), id="date-of-exam"
        ),
        pytest.param(
            "Dates of service: 2/9/26 - 3/20/26\nDOB: 04/12/1978\n",
            date(2026, 3, 20),
            id="range-closes",
        ),
    ],
)
def test_document_date_prefers_service_date_over_dob(text: str, expected: date) -> None:
    assert document_date(text) == expected


def test_document_date_never_a_dob() -> None:
    assert document_date("Patient: J. Doe\nDOB: 01/02/1979\nNo other dates here.\n") is None


# ---------------------------------------------------------------- encodings --------------------
SAMPLE = (
    "Patient’s café visit — naïve to NSAIDs. Height 5′11″; temp 98.6 °F.\n"
    "“Pain persists” despite 6 weeks of PT – résumé of care attached.\n"
)
CP1252_SAMPLE = (
    "Patient’s café visit – naïve to NSAIDs; temperature 98.6 °F.\n"
    "“Pain persists” despite 6 weeks of physical therapy — résumé of care attached.\n"
    "Señora García reports the pain is worse after the long drive from Zürich.\n"
)


@pytest.mark.parametrize(
    ("data", "text", "encodings"),
    [
        pytest.param(SAMPLE.encode("utf-8"), SAMPLE, {"utf-8"}, id="utf-8"),
        pytest.param(
            codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), SAMPLE, {"utf-8-sig"}, id="utf-8-bom"
        ),
        pytest.param(SAMPLE.encode("utf-16"), SAMPLE, {"utf-16"}, id="utf-16-bom-native"),
        pytest.param(
            codecs.BOM_UTF16_LE + SAMPLE.encode("utf-16-le"), SAMPLE, {"utf-16"}, id="utf-16-le-bom"
        ),
        pytest.param(
            codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"), SAMPLE, {"utf-16"}, id="utf-16-be-bom"
        ),
        pytest.param(
            CP1252_SAMPLE.encode("cp1252"), CP1252_SAMPLE, {"cp1252", "windows-1252"}, id="cp1252"
        ),
    ],
)
def test_decode_bytes(data: bytes, text: str, encodings: set[str]) -> None:
    decoded, enc = decode_bytes(data)
    assert decoded == text
    assert decoded[0] == "P"  # no BOM left in the text
    assert enc.lower().replace("_", "-") in encodings


@pytest.mark.parametrize(
    ("data", "text", "warns"),
    [
        pytest.param(SAMPLE.encode("utf-8"), SAMPLE, False, id="utf-8"),
        pytest.param(SAMPLE.encode("utf-16"), SAMPLE, True, id="utf-16"),
        pytest.param(CP1252_SAMPLE.encode("cp1252"), CP1252_SAMPLE, True, id="cp1252"),
        pytest.param(SAMPLE.replace("\n", "\r\n").encode("utf-8"), SAMPLE, False, id="utf-8-crlf"),
    ],
)
def test_load_record_text_encodings(tmp_path: Path, data: bytes, text: str, warns: bool) -> None:
    f = tmp_path / "note.txt"
    f.write_bytes(data)
    record = load_record(f)
    assert record.kind == "text"
    assert record.text == text
    assert "\x00" not in record.text
    assert bool(record.warnings) is warns
    if warns:
        assert record.warnings[0][0] == "W103"


def test_fax_header_is_not_the_date_of_service():
    """A fax machine's header starts with the date the fax was sent ("02/10/2026 14:03 FROM:
    ... P. 4/12"); it is neither the document's date nor its title, on any page."""
    from casebrief.extract.record import PageSpan, Record

    pages = [
        "FEB-10-2026 14:02 FROM: CEDAR RIDGE FM (555) 014-2290 P.002/012\n\n"
        "CEDAR RIDGE FAMILY MEDICINE\nOFFICE VISIT\nDate of service: 01/05/2026\n"
        "Low back pain for 8 weeks.\nPage 1 of 2",
        "FEB-10-2026 14:02 FROM: CEDAR RIDGE FM (555) 014-2290 P.003/012\n\n"
        "Plan: continue physical therapy.\nPage 2 of 2",
        "02/10/2026 14:03 FROM: CEDAR RIDGE FM 5550142290 P. 4/12\n\n"
        "LUMBAR SPINE MRI WITHOUT CONTRAST\nExam performed 12/12/2025.\n"
        "Impression: L4-5 disc protrusion.\nPage 1 of 1",
    ]
    spans, offset = [], 0
    for number, page in enumerate(pages, start=1):
        spans.append(PageSpan(number, offset, offset + len(page), source="ocr"))
        offset += len(page) + 1
    docs = split_record(Record("fax.tif", "image", "\f".join(pages), spans), 1)
    assert [(d.pages, d.date) for d in docs] == [
        ((1, 2), date(2026, 1, 5)),
        ((3, 3), date(2025, 12, 12)),  # not 2026-02-10, the day it was faxed
    ]
    assert docs[0].title == "OFFICE VISIT"
    assert all("FROM" not in (d.title or "") for d in docs)


def test_a_birth_date_without_its_label_does_not_date_a_document():
    """OCR misreads a header's "DOB" ("D0B 11/11/1968"): a date 18 years or more before the
    other dates at the top is a birth date, not the date of service."""
    text = (
        "CPAP COMPLIANCE REPORT\nPatient: DOE, JANE  D0B 11/11/1968\n"
        "Report period 03/03/2026 - 04/01/2026\nPrinted 04/02/2026\n"
    )
    assert document_date(text) == date(2026, 3, 3)
    # an old study quoted first is still the date when nothing later stands near it
    assert document_date("MRI LUMBAR SPINE\nExam date 06/14/2003\nNo prior.\n") == date(2003, 6, 14)


def test_head_counts_a_run_of_white_space_as_one_character():
    """OCR writes blank lines between paragraphs and wide gaps between columns; a document's
    head reaches as far into a faxed copy as into its text layer."""
    from casebrief.documents.model import Document
    from casebrief.extract.record import Record

    typed = "CLINIC\nweight management program\n"
    ocrd = "CLINIC\n\n\n\n      weight   management   program\n"
    for text in (typed, ocrd):
        record = Record(file="r.txt", kind="text", text=text, pages=[])
        doc = Document("d1", record, 0, len(text))
        assert doc.head(len(typed)).split() == typed.split()
    short = Document("d1", Record(file="r.txt", kind="text", text=ocrd, pages=[]), 0, len(ocrd))
    assert short.head(6) == "CLINIC"
