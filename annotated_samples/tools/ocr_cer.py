"""Character error rate of casebrief's OCR on a scanned copy made by ``make_scanned.py``.

Why: the scanned copy's status accuracy says whether briefs survive faxing; the character
error rate (CER) says how well the pages themselves were read, and where (which format,
font, turned pages).  The reference of a page is the text layer of the PDF the fax was
made from (for a text record, the same ``render_pdf`` rendering the generator used), so
page footers count on both sides; the fax header the generator stamps on a page is not in
the reference and its line is left out of the OCR text.  Duplicate pages are skipped.

Usage::

    python annotated_samples/tools/ocr_cer.py SCANNED_DIR [--json OUT] [--worst 5]

It reads the records through ``casebrief.extract.load_record`` (the OCR cache applies, so
after ``casebrief eval SCANNED_DIR/...`` it only re-reads what changed).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import statistics
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import pypdfium2 as pdfium
from rapidfuzz.distance import Levenshtein

from casebrief.extract import load_record

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
FAX_LINE = re.compile(r"^.*\bFROM\b.*\bP\.?\s*\d+\s*/\s*\d+.*$", re.M)


def _render_pdf():
    spec = importlib.util.spec_from_file_location("render_pdf", HERE / "render_pdf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def normalize(text: str) -> str:
    return " ".join(text.split())


def reference_pages(entry: dict, tmp: Path) -> list[str]:
    src = REPO / entry["source"]
    pdf_path = src
    if src.suffix.lower() != ".pdf":
        pdf_path = tmp / (src.stem + ".pdf")
        _render_pdf().render(
            pdf_path, [src], None, "Page {n} of {N}", entry["font"], entry["font_size"], wrap=True
        )
    pdf = pdfium.PdfDocument(pdf_path)
    try:
        out = []
        for i in range(len(pdf)):
            tp = pdf[i].get_textpage()
            out.append(tp.get_text_range())
            tp.close()
        return out
    finally:
        pdf.close()


def score(root: Path) -> dict:
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for entry in manifest["records"]:
            refs = reference_pages(entry, Path(tmp))
            record = load_record(root / entry["file"])
            for meta, page in zip(entry["per_page"], record.pages, strict=False):
                if meta.get("duplicate_of"):
                    continue
                hyp = record.text[page.char_start : page.char_end]
                if meta.get("fax_header"):
                    hyp = FAX_LINE.sub("", hyp, count=1)
                ref = normalize(refs[meta["source_page"] - 1])
                hyp = normalize(hyp)
                rows.append(
                    {
                        "file": entry["file"],
                        "page": meta["page"],
                        "format": entry["format"],
                        "font": entry.get("font") or "pdf",
                        "rotation": meta.get("rotation", 0),
                        "source": page.source,
                        "confidence": page.ocr_confidence,
                        "chars": len(ref),
                        "errors": Levenshtein.distance(ref, hyp),
                    }
                )
    return {"pages": rows}


def _rate(rows: list[dict]) -> float:
    return sum(r["errors"] for r in rows) / max(1, sum(r["chars"] for r in rows))


def _in_test_split(file: str) -> bool:
    """``test/<case>/...`` or ``real/test/<case>/...``: a page of a split that is scored only."""
    return file.startswith(("test/", "real/test/"))


def report(rows: list[dict], worst: int) -> str:
    lines = [
        f"pages {len(rows)}; CER {_rate(rows):.2%} (character-weighted); "
        f"median page CER {statistics.median(r['errors'] / max(1, r['chars']) for r in rows):.2%}"
    ]
    for key in ("format", "font", "rotation", "source"):
        groups = defaultdict(list)
        for r in rows:
            groups[r[key]].append(r)
        parts = [f"{k}: {_rate(v):.2%} ({len(v)})" for k, v in sorted(groups.items(), key=str)]
        lines.append(f"  by {key}: " + "; ".join(parts))
    # a test split is scored, never read: its pages are not listed by name (dev pages are)
    listed = [r for r in rows if not _in_test_split(r["file"])]
    if worst and len(listed) < len(rows):
        lines.append(f"  ({len(rows) - len(listed)} pages of test splits are not listed by name)")
    lines.append(f"  worst {worst} pages:")
    for r in sorted(listed, key=lambda r: -r["errors"] / max(1, r["chars"]))[:worst]:
        lines.append(
            f"    {r['file']} p.{r['page']}: CER {r['errors'] / max(1, r['chars']):.1%} "
            f"({r['source']}, confidence {r['confidence']}, rotation {r['rotation']})"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("root", type=Path, help="the --out directory of make_scanned.py")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--worst", type=int, default=5)
    a = ap.parse_args(argv)
    result = score(a.root)
    print(report(result["pages"], a.worst))
    if a.json:
        a.json.write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
