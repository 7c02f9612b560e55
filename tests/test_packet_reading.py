"""Silence is not evidence on a packet that could not be read whole, and a status resting only
on low-confidence OCR goes to a reviewer (casebrief.policy.reading)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PIL import Image

from casebrief.documents.model import Document
from casebrief.extract.record import PageSpan, Record
from casebrief.facts.evidence import Evidence
from casebrief.policy.reading import Reading, packet_reading, temper
from casebrief.policy.result import Outcome
from casebrief.service import brief_case

ROOT = Path(__file__).resolve().parents[1]
# a lumbar-MRI case whose "no recent imaging" criterion is met because no prior study is
# documented anywhere: decided by silence
SILENT_CASE = ROOT / "annotated_samples" / "dev" / "dev2sv-01"


@pytest.fixture
def ocr_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("CASEBRIEF_OCR_CACHE", str(tmp_path / "ocr-cache"))


def _with_unreadable_page(tmp_path: Path) -> Path:
    case = tmp_path / "case"
    shutil.copytree(SILENT_CASE, case)
    # a page of solid grey toner: ink everywhere, no words -- OCR cannot read it
    Image.new("L", (1700, 2200), 60).save(case / "99_scanned_page.png", dpi=(200, 200))
    meta = json.loads((case / "case.json").read_text())
    if meta.get("documents"):
        meta["documents"].append("99_scanned_page.png")
        (case / "case.json").write_text(json.dumps(meta))
    return case


def test_silence_on_an_unread_packet_needs_review(tmp_path, ocr_cache):
    whole = brief_case(SILENT_CASE)
    partial = brief_case(_with_unreadable_page(tmp_path))
    before = {c.id: c for c in whole.criteria}
    after = {c.id: c for c in partial.criteria}
    assert before["repeat-imaging"].status == "met"
    assert after["repeat-imaging"].status == "needs_review"
    assert "could not be read" in after["repeat-imaging"].rationale
    # criteria decided by what the packet says are not touched
    for cid, c in before.items():
        if cid != "repeat-imaging":
            assert after[cid].status == c.status, cid
    # the summary says first how much was read
    assert partial.summary.text.startswith("Read ")
    assert not whole.summary.text.startswith("Read ")
    q = partial.packet_quality
    assert q.pages_unreadable == 1 and not q.complete
    assert whole.packet_quality.complete
    assert "W111" in [p.code for p in partial.problems]  # ink, but no words at all


def test_reading_counts_pages_files_and_cut_parts():
    pages = [PageSpan(1, 0, 10), PageSpan(2, 11, 11, source="unreadable"), PageSpan(3, 12, 20)]
    rec = Record("a.pdf", "pdf", "x" * 20, pages)
    problems = [
        {"code": "E002", "file": "locked.pdf"},
        {"code": "E012", "file": "a.pdf"},
        {"code": "W103", "file": "b.txt"},
    ]
    r = packet_reading([rec], problems)
    assert (r.pages_total, r.pages_unread, r.files_unread, r.parts_unread) == (3, 1, 1, 1)
    assert not r.whole
    assert r.describe() == "1 of 3 pages and 1 file and 1 document part (cut short)"
    assert packet_reading([rec], [])  # a dataclass, never falsy
    assert Reading(3, 0, 0, 0).whole


def _ocr_document(confidence: float) -> Document:
    text = "Patient completed eight weeks of physical therapy."
    page = PageSpan(1, 0, len(text), source="ocr", ocr_confidence=confidence)
    rec = Record("fax.tif", "image", text, [page], ocr_lines=[(0, len(text), confidence)])
    return Document("d1", rec, 0, len(text))


@pytest.mark.parametrize(("confidence", "status"), [(0.42, "needs_review"), (0.93, "met")])
def test_met_on_low_confidence_ocr_alone_needs_review(confidence, status):
    doc = _ocr_document(confidence)
    met = Outcome("met", "Eight weeks of therapy.", evidence=[Evidence(doc, 0, 20)])
    out = temper(met, Reading(1, 0, 0, 0), low_confidence=0.6)
    assert out.status == status
    if status == "needs_review":
        assert "low confidence (42%)" in out.rationale
        assert out.evidence == met.evidence  # the quotes stay for the reviewer
    quote = Evidence(doc, 0, 20).to_dict()
    assert quote["source"] == "ocr" and quote["ocr_confidence"] == round(confidence, 2)


def test_one_text_layer_quote_keeps_the_status():
    doc = _ocr_document(0.3)
    text = "Patient completed eight weeks of physical therapy."
    typed = Document("d2", Record("note.txt", "text", text, [PageSpan(1, 0, len(text))]), 0, 50)
    met = Outcome("met", "ok", evidence=[Evidence(doc, 0, 20), Evidence(typed, 0, 20)])
    assert temper(met, Reading(1, 0, 0, 0), 0.6).status == "met"
    assert "source" not in Evidence(typed, 0, 20).to_dict()  # text-layer quotes read as before
