"""The worked examples in ../shared/examples reproduce their expected.json, and every brief
honours the contract of case-format.md (JSON Schema, one entry per criterion, exact quotes)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from casebrief.brief.schema import Brief
from casebrief.case import load_case
from casebrief.nlp.pipeline import get_pipeline
from casebrief.policy import get_policy
from casebrief.service import brief_case

jsonschema = pytest.importorskip("jsonschema")

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
EXAMPLES = SHARED / "examples"
CASES = (
    sorted(p.name for p in EXAMPLES.glob("EX-*") if (p / "expected.json").exists())
    if EXAMPLES.is_dir()
    else []
)

pytestmark = pytest.mark.skipif(not CASES, reason=f"no example cases under {EXAMPLES}")

# tolerances of case-format.md: +-1 for weeks/months, +-0.5 for BMI, AHI and pain scores
TOLERANCE = {"weeks": 1.0, "months": 1.0}
DEFAULT_TOLERANCE = 0.5


def fold(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip().lower()


@pytest.fixture(scope="session")
def nlp():
    return get_pipeline()


@pytest.fixture(scope="session")
def briefs(nlp):
    """case name -> (brief as JSON-ready dict, Brief) computed lazily, once per session."""
    cache: dict[str, tuple[dict, Brief]] = {}

    def get(name: str) -> tuple[dict, Brief]:
        if name not in cache:
            brief = brief_case(EXAMPLES / name)
            cache[name] = (json.loads(brief.model_dump_json()), brief)
        return cache[name]

    return get


@pytest.fixture(scope="session")
def brief_schema() -> dict:
    return Brief.model_json_schema()


def expected(name: str) -> dict:
    return json.loads((EXAMPLES / name / "expected.json").read_text(encoding="utf-8"))


def by_id(brief: dict) -> dict[str, dict]:
    return {c["id"]: c for c in brief["criteria"]}


# ---------------------------------------------------------------- gold -------------------------
@pytest.mark.parametrize("name", CASES)
def test_policy(name: str, briefs) -> None:
    data, _ = briefs(name)
    assert data["policy"]["id"] == expected(name)["policy"]


@pytest.mark.parametrize("name", CASES)
def test_statuses(name: str, briefs) -> None:
    data, _ = briefs(name)
    got = {cid: c["status"] for cid, c in by_id(data).items()}
    want = expected(name)["criteria"]
    wrong = {
        cid: f"expected {s}, got {got.get(cid)}" for cid, s in want.items() if got.get(cid) != s
    }
    assert not wrong, "\n".join(
        f"{cid}: {w} ({by_id(data).get(cid, {}).get('rationale')})" for cid, w in wrong.items()
    )


@pytest.mark.parametrize("name", CASES)
def test_values(name: str, briefs) -> None:
    data, _ = briefs(name)
    crit = by_id(data)
    want = expected(name)["values"]  # every worked example has valued criteria
    assert want
    problems = []
    for cid, value in want.items():
        c = crit.get(cid)
        if c is None:
            problems.append(f"{cid}: criterion absent")
            continue
        tol = TOLERANCE.get(c.get("unit") or "", DEFAULT_TOLERANCE)
        if c["value"] is None or abs(c["value"] - value) > tol + 1e-9:
            problems.append(
                f"{cid}: expected {value} ±{tol} {c.get('unit') or ''}, "
                f"got {c['value']} ({c['rationale']})"
            )
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", CASES)
def test_evidence_phrases_cited(name: str, briefs) -> None:
    """Every gold phrase is quoted (shown or ranked below the five shown), the first gold phrase
    among the shown quotes, and no criterion shows more than five."""
    data, _ = briefs(name)
    crit = by_id(data)
    problems = []
    for cid, phrases in expected(name).get("evidence", {}).items():
        shown = [fold(e["quote"]) for e in crit.get(cid, {}).get("evidence", [])]
        quotes = shown + [fold(e["quote"]) for e in crit.get(cid, {}).get("more_evidence", [])]
        for phrase in phrases:
            if not any(fold(phrase) in q for q in quotes):
                problems.append(f"{cid}: no cited quote contains {phrase!r}")
        if phrases and not any(fold(p) in q for p in phrases for q in shown):
            problems.append(f"{cid}: no gold phrase among the shown quotes")
    for c in data["criteria"]:
        if len(c["evidence"]) > 5:
            problems.append(f"{c['id']}: {len(c['evidence'])} quotes shown (at most 5)")
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------- contract ----------------------
@pytest.mark.parametrize("name", CASES)
def test_brief_validates_against_json_schema(name: str, briefs, brief_schema) -> None:
    data, _ = briefs(name)
    jsonschema.validate(data, brief_schema)
    assert data["schema_version"] == "1"
    assert data["case_id"] == name


@pytest.mark.parametrize("name", CASES)
def test_every_criterion_exactly_once(name: str, briefs) -> None:
    data, _ = briefs(name)
    ids = [c["id"] for c in data["criteria"]]
    policy = get_policy(data["policy"]["id"])
    assert sorted(ids) == sorted(c.id for c in policy.criteria)
    assert len(ids) == len(set(ids))
    counts = data["summary"]["counts"]
    for status in ("met", "not_met", "missing", "not_applicable", "needs_review"):
        assert counts.get(status, 0) == sum(1 for c in data["criteria"] if c["status"] == status)


@pytest.mark.parametrize("name", CASES)
def test_requirements_with_findings_cite_evidence(name: str, briefs) -> None:
    data, _ = briefs(name)
    bare = [
        c["id"]
        for c in data["criteria"]
        if c["kind"] == "requirement"
        and c["status"] in {"met", "not_met", "needs_review"}
        and not c["evidence"]
    ]
    assert not bare, f"requirements without evidence: {bare}"
    for c in data["criteria"]:
        if c["status"] == "missing":
            assert c["missing_documentation"], f"{c['id']}: missing without missing_documentation"


@pytest.mark.parametrize("name", CASES)
def test_quotes_are_exact_source_text(name: str, briefs) -> None:
    data, _ = briefs(name)
    case = load_case(EXAMPLES / name)
    docs = {d.id: d for d in case.documents}
    listed = {d["id"]: d for d in data["documents"]}
    problems = []
    n = 0
    for c in data["criteria"]:
        for e in c["evidence"]:
            n += 1
            doc = docs.get(e["document_id"])
            if doc is None:
                problems.append(f"{c['id']}: unknown document {e['document_id']}")
                continue
            if e["file"] != doc.file or listed.get(e["document_id"], {}).get("file") != doc.file:
                problems.append(f"{c['id']}: file {e['file']} != {doc.file}")
            s, t = e["char_start"], e["char_end"]
            if not (0 <= s < t <= len(doc.text)) or doc.text[s:t] != e["quote"]:
                problems.append(
                    f"{c['id']}: quote {e['quote']!r} != text[{s}:{t}] {doc.text[s:t]!r}"
                )
            lo, hi = doc.pages
            if not lo <= e["page"] <= hi:
                problems.append(f"{c['id']}: page {e['page']} outside document pages {lo}-{hi}")
            # single-document .txt records: the quote is also the file's text at those offsets
            if doc.record.kind == "text" and doc.start == 0 and doc.end == len(doc.record.text):
                raw = (EXAMPLES / name / doc.file).read_text(encoding="utf-8").replace("\r\n", "\n")
                if raw[s:t] != e["quote"]:
                    problems.append(f"{c['id']}: quote {e['quote']!r} != {doc.file}[{s}:{t}]")
    assert n > 0
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", CASES)
def test_documents_listed_with_pages_and_types(name: str, briefs) -> None:
    data, _ = briefs(name)
    case_json = json.loads((EXAMPLES / name / "case.json").read_text(encoding="utf-8"))
    files = {d["file"] for d in data["documents"]}
    listed = {e if isinstance(e, str) else e["file"] for e in case_json.get("documents", [])}
    assert listed <= files
    for d in data["documents"]:
        assert len(d["pages"]) == 2 and 1 <= d["pages"][0] <= d["pages"][1]
    assert data["request"]["request_date"] == case_json["request"]["request_date"]
