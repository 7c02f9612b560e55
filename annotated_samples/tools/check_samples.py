"""Check annotated cases against the gold format of ../shared/spec/case-format.md.

Why: a labelled set is only worth what its labels are worth.  This catches the mistakes
authors make most: a criterion left out, a status that is not one of the five, a value
missing for a met/not_met valued criterion, and (the commonest) an evidence phrase that
does not occur verbatim in the extracted text (PDF phrases are matched page by page in
pdfplumber's ``extract_text()``, as the gold README of the examples says).

Usage: python annotated_samples/tools/check_samples.py annotated_samples [more dirs...]
Exit status 1 when any case has a problem.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pdfplumber

_BUILTIN_CRITERIA = {
    "lumbar-spine-mri": ["red-flags", "conservative-therapy", "therapy-failure", "clinical-evaluation", "repeat-imaging"],
    "lumbar-epidural-steroid-injection": ["radicular-pain", "conservative-care-4wk", "pain-assessment", "imaging-concordant", "prior-injection-response"],
    "total-knee-arthroplasty": ["radiographic-severity", "functional-limitation", "conservative-therapy-12wk", "bmi-below-40", "no-active-infection"],
    "bariatric-surgery": ["bmi-comorbidity", "supervised-weight-loss-6mo", "psych-evaluation", "nutrition-evaluation"],
    "cpap-osa": ["face-to-face-evaluation", "sleep-test-ahi", "adherence", "clinical-reevaluation"],
}


try:  # the policies themselves, when casebrief is installed (one source of truth)
    from casebrief.policy import list_policies

    CRITERIA = {p.id: [c.id for c in p.criteria] for p in list_policies()}
except ImportError:  # pdfplumber alone is enough to check a set
    CRITERIA = _BUILTIN_CRITERIA
VALUED = {"conservative-therapy", "conservative-care-4wk", "pain-assessment", "conservative-therapy-12wk",
          "bmi-below-40", "bmi-comorbidity", "supervised-weight-loss-6mo", "sleep-test-ahi"}
SILENT_OK = {"red-flags", "repeat-imaging", "no-active-infection"}  # waivers/exclusions
STATUSES = {"met", "not_met", "missing", "not_applicable", "needs_review"}
RECORD_SUFFIXES = {".pdf", ".txt", ".md"}


def fold(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip().lower()


def record_texts(case: Path) -> list[str]:
    texts = []
    for f in sorted(case.iterdir()):
        if f.suffix.lower() not in RECORD_SUFFIXES:
            continue
        if f.suffix.lower() == ".pdf":
            with pdfplumber.open(f) as pdf:
                for page in pdf.pages:
                    texts.append(fold(page.extract_text() or ""))
        else:
            texts.append(fold(f.read_text(encoding="utf-8", errors="replace")))
    return texts


def check_case(case: Path) -> list[str]:
    problems = []
    try:
        meta = json.loads((case / "case.json").read_text())
        gold = json.loads((case / "expected.json").read_text())
    except Exception as exc:  # noqa: BLE001 - report any unreadable file
        return [f"cannot read case.json/expected.json: {exc}"]
    policy = gold.get("policy")
    if policy not in CRITERIA or meta.get("policy", policy) != policy:
        return [f"unknown or inconsistent policy {policy!r}"]
    crit = gold.get("criteria", {})
    if sorted(crit) != sorted(CRITERIA[policy]):
        problems.append(f"criteria keys {sorted(crit)} != {sorted(CRITERIA[policy])}")
    for cid, st in crit.items():
        if st not in STATUSES:
            problems.append(f"{cid}: bad status {st!r}")
        if st in {"met", "not_met"}:
            # a value of null says the record decides the criterion without a number
            # ("moderate obstructive sleep apnea", "on ibuprofen for years")
            if cid in VALUED and cid not in gold.get("values", {}):
                problems.append(f"{cid}: {st} but no value (give null when the text has none)")
            # a waiver or exclusion decided by the packet's silence cites nothing
            if not gold.get("evidence", {}).get(cid) and cid not in SILENT_OK:
                problems.append(f"{cid}: {st} but no evidence phrases")
    docs = meta.get("documents")
    records = [f for f in case.iterdir() if f.suffix.lower() in RECORD_SUFFIXES]
    if not 2 <= len(records) <= 8 and not (len(records) == 1 and records[0].suffix == ".pdf"):
        problems.append(f"{len(records)} records (want 2-8, or one packet PDF)")
    if docs:
        for d in docs:
            name = d if isinstance(d, str) else d.get("file")
            if not (case / name).exists():
                problems.append(f"documents lists missing file {name}")
    texts = record_texts(case)
    for cid, phrases in gold.get("evidence", {}).items():
        for p in phrases:
            if not any(fold(p) in t for t in texts):
                problems.append(f"{cid}: evidence phrase not found verbatim: {p!r}")
    rd = meta.get("request", {}).get("request_date")
    if not rd or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", rd):
        problems.append("case.json request.request_date missing or not YYYY-MM-DD")
    return problems


def main(argv: list[str]) -> int:
    bad = 0
    n = 0
    for root in argv or ["annotated_samples"]:
        for exp in sorted(Path(root).rglob("expected.json")):
            n += 1
            probs = check_case(exp.parent)
            for p in probs:
                print(f"{exp.parent}: {p}")
            bad += bool(probs)
    print(f"{n} cases checked, {bad} with problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
