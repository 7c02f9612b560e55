"""Packet quality: pages not read, pages sent twice, and pages the packet's own numbering says
never arrived (casebrief.quality).  Records are built directly, so no OCR engine is needed."""

from __future__ import annotations

import random
from pathlib import Path

from casebrief.brief.markdown import render_markdown
from casebrief.brief.schema import (
    Brief,
    MissingPage,
    PacketQuality,
    PageRef,
    PolicyRef,
    RequestOut,
    Summary,
)
from casebrief.extract import load_record
from casebrief.extract.record import PageSpan, Record
from casebrief.quality import packet_quality

BODY = (
    "Physical therapy progress note. Patient reports continued low back pain radiating to the "
    "left leg despite six weeks of supervised therapy, home exercise program and NSAIDs. "
    "Straight leg raise positive on the left at 40 degrees. Plan: MRI lumbar spine."
)

OTHER = (
    "Sleep medicine follow up. Compliance download reviewed with the patient today: average "
    "nightly use five hours twelve minutes, residual apnea hypopnea index two point one, mask "
    "leak acceptable. Continue current pressure settings and return in three months."
)
THIRD = (
    "Member claims history printout: dispensing pharmacy, fill date, drug name, strength, "
    "quantity, days supply, prescriber identifier, paid amount and copay for every claim "
    "adjudicated during the lookback period requested by the utilization review team."
)

SIGN = (
    "I attest that the above information is true and complete to the best of my knowledge and "
    "that the services requested are medically necessary for this patient. Electronically "
    "signed by the ordering physician on the date shown below, with license number on file."
)


def rec(file: str, pages: list, kind: str = "pdf") -> Record:
    """A record of pages given as text or (text, PageSpan fields)."""
    parts: list[str] = []
    spans: list[PageSpan] = []
    offset = 0
    for number, page in enumerate(pages, start=1):
        text, fields = (page, {}) if isinstance(page, str) else page
        if parts:
            parts.append("\f")
            offset += 1
        spans.append(PageSpan(number, offset, offset + len(text), 612, 792, bool(text), **fields))
        parts.append(text)
        offset += len(text)
    return Record(file=file, kind=kind, text="".join(parts), pages=spans)


def marked(n: int, total: int, body: str = "Clinic note") -> str:
    return f"{body} {n}\nSigned by Dr. Lee\nPage {n} of {total}"


def fax(n: int, total: int, body: str = "Referral notes") -> tuple[str, dict]:
    header = f"01/05/2026 10:32 FROM: ORTHO CLINIC TO: 5550142290 P.{n:03d}/{total:03d}"
    return f"{header}\n{body} page {n}\nMore text", {"source": "ocr", "ocr_confidence": 0.9}


def flip(fp: str, bits: int, seed: int = 1) -> str:
    value = int(fp, 16)
    for b in random.Random(seed).sample(range(256), bits):
        value ^= 1 << b
    return f"{value:064x}"


FP = f"{random.Random(7).getrandbits(256) | (2**128 - 1):064x}"  # plenty of ink


def missing(records: list[Record]) -> list[MissingPage]:
    return packet_quality(records, []).missing_pages


# ---- duplicates


def test_duplicate_by_fingerprint_needs_a_close_hash_and_ink() -> None:
    ocr = {"source": "ocr", "ocr_confidence": 0.9}
    lost = {"source": "unreadable", "ocr_confidence": 0.3}
    faint = f"{(1 << 5) - 1:064x}"  # 5 dark cells: a nearly empty page
    rescan = BODY.replace("Plan", "Pian").replace("weeks", "vveeks")  # OCR reads it a bit apart
    q = packet_quality(
        [
            rec(
                "a.pdf", [(BODY, {**ocr, "fingerprint": FP}), (SIGN, {**ocr, "fingerprint": faint})]
            ),
            rec(
                "b.pdf",
                [
                    (rescan, {**ocr, "fingerprint": flip(FP, 6, seed=1)}),
                    (OTHER, {**ocr, "fingerprint": flip(FP, 40, seed=2)}),
                    (THIRD, {**ocr, "fingerprint": flip(FP, 2, seed=3)}),
                    ("", {**lost, "fingerprint": flip(FP, 3, seed=4)}),
                    ("", {**lost, "fingerprint": flip(FP, 8, seed=5)}),
                    ("", {"source": "blank", "fingerprint": FP}),
                    ("y", {**ocr, "fingerprint": faint}),
                    ("", {**lost, "fingerprint": f"{int(f'{int(FP, 16):0256b}'[::-1], 2):064x}"}),
                    (SIGN.replace("l", "1"), {**ocr, "fingerprint": flip(faint, 2, seed=6)}),
                ],
            ),
        ],
        [],
    )
    dups = {(p.file, p.page): p.duplicate_of for p in q.pages}
    first = PageRef(file="a.pdf", page=1)
    assert dups[("a.pdf", 1)] is None
    assert dups[("b.pdf", 1)] == first  # 6 bits apart and the words agree
    assert dups[("b.pdf", 2)] is None  # 40 bits apart: another page
    assert dups[("b.pdf", 3)] is None  # same layout, other words: another page of a form
    assert dups[("b.pdf", 4)] == first  # no text to check, but 3 bits apart
    assert dups[("b.pdf", 5)] is None  # no text to check and 8 bits apart: not sure enough
    assert dups[("b.pdf", 6)] is None  # blank pages all look alike
    assert dups[("b.pdf", 7)] is None  # so do nearly empty ones
    assert dups[("b.pdf", 8)] == first  # sent upside down, too garbled for OCR to turn
    assert dups[("b.pdf", 9)] == PageRef(file="a.pdf", page=2)  # little ink, but the words agree


def test_duplicate_by_text_ignores_fax_lines_case_and_spacing() -> None:
    first = f"01/05/2026 10:32 FROM: ORTHO TO: 5550142290 P.001/003\n{BODY}"
    again = f"01/06/2026 09:01 FROM: ORTHO TO: 5550142290 P.003/003\n{BODY.upper()}\n"
    again = again.replace(". ", ".\n   ")
    short = "Patient seen today. Doing well."
    q = packet_quality(
        [
            rec("a.pdf", [first, short, "A different page. " + BODY]),
            rec("b.txt", [again, short], kind="text"),
        ],
        [],
    )
    dups = {(p.file, p.page): p.duplicate_of for p in q.pages}
    assert dups[("b.txt", 1)] == PageRef(file="a.pdf", page=1)
    assert dups[("a.pdf", 3)] is None
    assert dups[("b.txt", 2)] is None  # under 200 characters: too little to call it the same


# ---- "Page n of N" gaps


def test_missing_page_four_of_five() -> None:
    q = packet_quality([rec("notes.pdf", [marked(n, 5) for n in (1, 2, 3, 5)])], [])
    assert q.missing_pages == [
        MissingPage(
            file="notes.pdf",
            after_page=3,
            expected="page 4 of 5",
            evidence='pages say "Page 3 of 5" then "Page 5 of 5"',
        )
    ]
    assert not q.complete
    assert q.read_fraction == 1.0


def test_run_ending_early_before_a_restart_and_at_the_end_of_the_file() -> None:
    pages = [marked(1, 5), marked(2, 5), marked(3, 5), marked(1, 2), marked(2, 2)]
    got = missing([rec("a.pdf", pages), rec("b.pdf", [marked(1, 3), marked(2, 3)])])
    assert [(m.file, m.after_page, m.expected) for m in got] == [
        ("a.pdf", 3, "pages 4-5 of 5"),
        ("b.pdf", 2, "page 3 of 3"),
    ]
    assert got[0].evidence == 'the last page found says "Page 3 of 5"'


def test_run_starting_late_misses_its_first_pages() -> None:
    got = missing([rec("a.pdf", [marked(3, 4), marked(4, 4)])])
    assert [(m.after_page, m.expected) for m in got] == [(None, "pages 1-2 of 4")]


def test_a_new_file_ends_one_numbering_and_starts_another() -> None:
    got = missing(
        [
            rec("a.pdf", [marked(n, 5) for n in (1, 2, 3)]),
            rec("b.pdf", [marked(2, 4), marked(3, 4)]),
        ]
    )
    assert [(m.file, m.after_page, m.expected) for m in got] == [
        ("a.pdf", 3, "pages 4-5 of 5"),
        ("b.pdf", None, "page 1 of 4"),
        ("b.pdf", 2, "page 4 of 4"),
    ]


def test_a_repeated_number_is_a_copy_or_a_misread() -> None:
    copy = [marked(n, 4, BODY) for n in (1, 2, 2, 4)]  # page 2 sent twice
    assert [m.expected for m in missing([rec("a.pdf", copy)])] == ["page 3 of 4"]
    misread = [marked(1, 3, BODY), marked(3, 3, OTHER), marked(3, 3, THIRD)]  # "2 of 3" read "3"
    assert missing([rec("a.pdf", misread)]) == []


def test_ocr_marks_need_two_pages_to_agree() -> None:
    ocr = {"source": "ocr", "ocr_confidence": 0.9}
    assert missing([rec("a.pdf", [(marked(1, 7), ocr)])]) == []  # "of 1" misread as "of 7"?
    got = missing([rec("a.pdf", [(marked(1, 3), ocr), (marked(2, 3), ocr)])])
    assert [(m.after_page, m.expected) for m in got] == [(2, "page 3 of 3")]
    assert [m.expected for m in missing([rec("a.pdf", [marked(1, 7)])])] == ["pages 2-7 of 7"]


def test_form_feed_text_file_gap(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("\f".join(marked(n, 3, "Progress note") for n in (1, 3)), encoding="utf-8")
    record = load_record(path)
    assert len(record.pages) == 2
    assert [m.expected for m in missing([record])] == ["page 2 of 3"]


def test_no_false_missing_pages() -> None:
    ocr = {"source": "ocr", "ocr_confidence": 0.93}
    cases = {
        "restart": [marked(1, 2), marked(2, 2), marked(1, 3), marked(2, 3), marked(3, 3)],
        "no marks": ["Clinic note", "Letter of medical necessity", "MRI report"],
        "repeated page": [marked(1, 3), marked(2, 3), marked(2, 3), marked(3, 3)],
        "out of order": [marked(1, 3), marked(3, 3), marked(2, 3)],
        "counts back": [marked(1, 5), marked(2, 5), marked(5, 5), marked(4, 5), marked(5, 5)],
        "two N at once": [marked(1, 3), marked(2, 4)],
        "unmarked scan in gap": [marked(1, 3), ("Clinic note", ocr), marked(3, 3)],
        "unreadable in gap": [marked(1, 3), ("", {"source": "unreadable"}), marked(3, 3)],
        "footer is no fax": ["Fax: (555) 014-2290\nNote\nPage 1 of 2", "Note\nPage 2 of 2"],
    }
    for name, pages in cases.items():
        assert missing([rec("a.pdf", pages)]) == [], name
    split = [rec("a.pdf", [marked(1, 4), marked(2, 4)]), rec("b.pdf", [marked(3, 4), marked(4, 4)])]
    assert missing(split) == []  # one document sent as two files


# ---- fax header counters


def test_fax_counter_gap_across_files() -> None:
    got = missing([rec("a.pdf", [fax(1, 5), fax(2, 5), fax(3, 5)]), rec("b.pdf", [fax(5, 5)])])
    assert got == [
        MissingPage(
            file="a.pdf",
            after_page=3,
            expected="fax page 4 of 5",
            evidence="fax header counts 5 pages, 4 received; the counter goes from 3 to 5",
        )
    ]


def test_fax_counter_short_at_the_end() -> None:
    got = missing([rec("a.pdf", [fax(1, 4), fax(2, 4)]), rec("b.pdf", ["Typed letter"])])
    assert [(m.file, m.after_page, m.expected) for m in got] == [("a.pdf", 2, "fax pages 3-4 of 4")]
    assert got[0].evidence == "fax header counts 4 pages, 2 received; the last received is page 2"


def test_fax_counter_forms() -> None:
    pages = [
        "P.001/004\nReferral",  # a bare "P.nnn/NNN" is a fax counter by itself
        "JAN-05-2026 10:32 FROM ORTHO PAGE 2/4\nNotes",  # "PAGE n/N" with a fax stamp
        "01/05/2026 10:32 TO: 5550142290 P. 4/4\nImaging",
    ]
    got = missing([rec("a.pdf", pages)])
    assert [(m.after_page, m.expected) for m in got] == [(2, "fax page 3 of 4")]


def test_fax_counter_not_taken_as_the_documents_own_numbering() -> None:
    header = "JAN-05-2026 10:32 FROM ORTHO FAX 555 014 2290 Page 002 of 009\n"
    pages = [(header.replace("002", f"{n:03d}") + marked(n, 2), {}) for n in (1, 2)]
    got = missing([rec("a.pdf", pages)])
    assert [m.expected for m in got] == ["fax pages 3-9 of 9"]  # not "pages 3-9 of 9"


# ---- counts


def test_counts_and_read_fraction() -> None:
    q = packet_quality(
        [
            rec("typed.pdf", ["Typed page one", "Typed page two"]),
            rec(
                "scan.pdf",
                [
                    ("Scanned one", {"source": "ocr", "ocr_confidence": 0.914, "rotation": 90}),
                    ("Scanned two", {"source": "ocr", "ocr_confidence": 0.8, "skew": 1.5}),
                    ("", {"source": "blank"}),
                    ("", {"source": "unreadable", "ocr_confidence": 0.3}),
                    ("", {"source": "timeout"}),
                    ("", {"source": "no_ocr"}),
                ],
            ),
        ],
        [],
    )
    assert (q.pages_total, q.pages_read, q.pages_ocr, q.pages_blank) == (8, 5, 2, 1)
    assert q.pages_unreadable == 3
    assert q.read_fraction == 0.625
    assert q.ocr_confidence == 0.86
    assert not q.complete
    by_page = {p.page: p for p in q.pages if p.file == "scan.pdf"}
    assert [by_page[n].status for n in range(1, 7)] == [
        "ocr",
        "ocr",
        "blank",
        "unreadable",
        "not_read",
        "not_read",
    ]
    assert by_page[1].confidence == 0.91 and by_page[1].rotated == 90
    assert by_page[2].skew == 1.5
    assert by_page[4].reason == "OCR confidence 30%"
    assert (by_page[5].reason, by_page[6].reason) == ("timeout", "no_ocr")
    assert all(p.confidence is None and p.reason is None for p in q.pages[:2])


def test_empty_and_fully_read_packets_are_complete() -> None:
    empty = packet_quality([], [])
    assert (empty.pages_total, empty.read_fraction, empty.complete) == (0, 1.0, True)
    assert empty.ocr_confidence is None
    full = packet_quality([rec("a.pdf", [marked(1, 2), marked(2, 2)])], [])
    assert full.complete and full.pages_read == 2


def test_files_not_read_from_problems() -> None:
    problems = [
        {"code": "E002", "file": "locked.pdf", "severity": "error", "message": "encrypted"},
        {"code": "W105", "file": "case.json", "severity": "warning", "message": "field"},
        {"code": "E008", "file": "gone.pdf", "severity": "error", "message": "not found"},
        {"code": "E002", "file": "locked.pdf", "severity": "error", "message": "encrypted"},
        {"code": "E006", "file": "few.pdf", "severity": "error", "message": "little text"},
    ]
    q = packet_quality([rec("a.pdf", ["Typed"])], problems)
    assert q.files_not_read == ["locked.pdf", "gone.pdf"]
    assert not q.complete
    assert packet_quality([rec("a.pdf", ["Typed"])], problems[1:2]).complete


# ---- in the brief


def _brief(quality: PacketQuality | None) -> Brief:
    return Brief(
        case_id="c1",
        policy=PolicyRef(id="p", version="1", title="Lumbar MRI"),
        request=RequestOut(request_date="2026-01-05", request_type="MRI"),
        documents=[],
        criteria=[],
        summary=Summary(status="needs_review", counts={}, text="t"),
        packet_quality=quality,
    )


def test_markdown_packet_quality_section() -> None:
    q = packet_quality(
        [
            rec(
                "scan.pdf",
                [
                    (BODY, {"source": "ocr", "ocr_confidence": 0.9, "rotation": 180}),
                    (BODY, {"source": "ocr", "ocr_confidence": 0.92}),
                    ("", {"source": "blank"}),
                    ("", {"source": "timeout"}),
                ],
            ),
            rec("notes.pdf", [marked(1, 3), marked(3, 3)]),
        ],
        [{"code": "E002", "file": "locked.pdf", "severity": "error", "message": "m"}],
    )
    brief = Brief.model_validate_json(_brief(q).model_dump_json())
    md = render_markdown(brief)
    assert md.index("## Packet quality") < md.index("## Documents")
    section = md[md.index("## Packet quality") : md.index("## Documents")]
    assert (
        "6 pages: 4 read from the text layer or by OCR (2 by OCR, mean OCR confidence 91%), "
        "1 blank, 1 could not be read." in section
    )
    assert "scan.pdf p. 4: **could not be read** (ran out of time)" in section
    assert "scan.pdf p. 2: repeats p. 1" in section
    assert "scan.pdf p. 1: scanned upside down" in section
    assert "**Please send:** page 2 of 3 (notes.pdf, after p. 1;" in section
    assert "locked.pdf: **not read at all**" in section


def test_markdown_section_absent_when_complete_text_packet_or_none() -> None:
    complete = packet_quality([rec("a.pdf", ["Typed page"])], [])
    assert "## Packet quality" not in render_markdown(_brief(complete))
    assert "## Packet quality" not in render_markdown(_brief(None))
    scanned = packet_quality(
        [rec("a.pdf", [("Scan", {"source": "ocr", "ocr_confidence": 0.9})])], []
    )
    assert scanned.complete
    assert "## Packet quality" in render_markdown(_brief(scanned))


def test_a_record_cut_short_makes_the_packet_incomplete() -> None:
    """A record stopped by its time budget (E006) or a document cut short (E012) leaves pages
    that are in no page list: the packet is not complete, and the summary says so first."""
    from casebrief.brief.build import reading_line

    text = "Office visit 01/05/2026. Low back pain for 8 weeks."
    rec = Record("note.pdf", "pdf", text, [PageSpan(1, 0, len(text))])
    whole = packet_quality([rec], [])
    assert whole.complete and whole.parts_not_read == 0
    cut = packet_quality([rec], [{"code": "E006", "file": "note.pdf"}])
    assert not cut.complete and cut.parts_not_read == 1
    assert "1 document part(s) were cut short" in reading_line(cut)
    assert reading_line(whole) == ""
