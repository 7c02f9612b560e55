"""The FHIR R4 exports: a brief as a Bundle, every served policy as a Questionnaire.

Every resource is checked against two model sets: fhirclient's R4 (4.0.1) models, the
version payers' prior-authorization guides use, and fhir.resources' R4B models (strict
pydantic: primitive formats, unknown elements).  Neither checks required code bindings or
extension shape, so those are checked here.  Then the links that make the export useful: one
answer per criterion on the policy Questionnaire's linkIds, each Provenance pointing at a
DocumentReference of the Bundle with the brief's page and offsets.
"""

from __future__ import annotations

import json
import typing
from pathlib import Path

import pytest

from casebrief.documents.model import DocType
from casebrief.export.fhir_bundle import brief_to_bundle
from casebrief.export.fhir_common import (
    EXT_EVIDENCE,
    EXT_PAGES,
    EXT_TARGET_ELEMENT,
    LOINC,
    STATUS_SYSTEM,
    STATUSES,
    fhir_date,
    instant,
)
from casebrief.export.fhir_documents import DOC_TYPES
from casebrief.export.fhir_questionnaire import (
    criterion_status_codesystem,
    policy_to_questionnaire,
    served_policy,
)
from casebrief.policy.registry import get_registry
from casebrief.service import brief_case

r4b = pytest.importorskip("fhir.resources.R4B")
r4 = pytest.importorskip("fhirclient.models.fhirelementfactory")

ROOT = Path(__file__).resolve().parents[1]
# one case of each policy; PDFs with boxes (flow-11, ccd-04, ccd-08) and a one-file packet
CASES = ["flow-11", "ccd-01", "ccd-04", "ccd-06", "ccd-08"]
# the required bindings the model sets do not check
CODES = {
    ("Bundle", "type"): {"collection"},
    ("DocumentReference", "status"): {"current", "superseded", "entered-in-error"},
    ("QuestionnaireResponse", "status"): {"in-progress", "completed", "amended", "stopped"},
    ("Questionnaire", "status"): {"draft", "active", "retired", "unknown"},
}
ITEM_TYPES = {"group", "display", "choice", "quantity", "text", "string", "decimal"}


def validate(resource: dict) -> None:
    """Raise unless ``resource`` is valid R4 (fhirclient) and R4B (fhir.resources)."""
    kind = resource["resourceType"]
    r4.FHIRElementFactory.instantiate(kind, resource)  # strict: raises FHIRValidationError
    r4b.get_fhir_model_class(kind).model_validate(resource)
    check_extensions(resource)
    for (rtype, field), allowed in CODES.items():
        if kind == rtype:
            assert resource[field] in allowed, (kind, field, resource[field])


def check_extensions(node: object) -> None:
    """ext-1: an extension has a value or sub-extensions, never both; and a url."""
    if isinstance(node, dict):
        for ext in node.get("extension", []):
            values = [k for k in ext if k.startswith("value")]
            assert ext.get("url"), ext
            assert bool(values) != bool(ext.get("extension")), ext
            assert len(values) <= 1, ext
        for v in node.values():
            check_extensions(v)
    elif isinstance(node, list):
        for v in node:
            check_extensions(v)


def sub(ext: dict, name: str) -> object:
    """The value of the sub-extension ``name`` of a complex extension (None if absent)."""
    for part in ext["extension"]:
        if part["url"] == name:
            if "extension" in part:
                return part
            return next(v for k, v in part.items() if k.startswith("value"))
    return None


def ext_of(node: dict, url: str) -> dict:
    return next(e for e in node.get("extension", []) if e["url"] == url)


@pytest.fixture(scope="module")
def exported():
    """case name -> (brief JSON, its Bundle)."""
    out = {}
    for name in CASES:
        brief = json.loads(brief_case(ROOT / "annotated_samples/dev" / name).model_dump_json())
        out[name] = (brief, brief_to_bundle(brief))
    return out


def by_type(bundle: dict, kind: str) -> list[dict]:
    return [e for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


@pytest.mark.parametrize("name", CASES)
def test_bundle_and_each_resource_validate(exported, name):
    _, bundle = exported[name]
    validate(bundle)
    for entry in bundle["entry"]:
        validate(entry["resource"])
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert kinds.count("QuestionnaireResponse") == 1 and kinds.count("Device") == 1


@pytest.mark.parametrize("name", CASES)
def test_ids_are_stable_and_unique(exported, name):
    brief, bundle = exported[name]
    assert brief_to_bundle(json.loads(json.dumps(brief))) == bundle  # same brief, same Bundle
    urls = [e["fullUrl"] for e in bundle["entry"]]
    assert len(set(urls)) == len(urls)
    for e in bundle["entry"]:
        assert e["fullUrl"] == f"urn:uuid:{e['resource']['id']}"
    other = brief_to_bundle(brief, case_ref="another-case")
    assert not set(urls) & {e["fullUrl"] for e in other["entry"]}


@pytest.mark.parametrize("name", CASES)
def test_response_answers_the_policy_questionnaire(exported, name):
    brief, bundle = exported[name]
    (qr,) = [e["resource"] for e in by_type(bundle, "QuestionnaireResponse")]
    pol = served_policy(brief["policy"]["id"], brief["policy"]["version"])
    q = policy_to_questionnaire(pol)
    assert qr["questionnaire"] == f"{q['url']}|{q['version']}"
    assert q["version"] == brief["policy"]["version"]
    assert [i["linkId"] for i in qr["item"]] == [i["linkId"] for i in q["item"]]
    assert [i["linkId"] for i in qr["item"]] == [c["id"] for c in brief["criteria"]]
    for c, item, qitem in zip(brief["criteria"], qr["item"], q["item"], strict=True):
        assert item["text"] == c["title"] == qitem["text"]
        (answer,) = item["answer"]
        assert answer["valueCoding"]["system"] == STATUS_SYSTEM
        assert answer["valueCoding"]["code"] == c["status"]
        assert answer["valueCoding"] in [o["valueCoding"] for o in qitem["answerOption"]]
        nested = {i["linkId"]: i["answer"][0] for i in answer.get("item", [])}
        assert set(nested) <= {i["linkId"] for i in qitem["item"]}
        assert nested[f"{c['id']}.rationale"]["valueString"] == c["rationale"]
        if c["value"] is not None:
            value = nested[f"{c['id']}.value"]["valueQuantity"]
            assert (value["value"], value["unit"]) == (c["value"], c["unit"])
        else:
            assert f"{c['id']}.value" not in nested
        request = nested.get(f"{c['id']}.missing-documentation")
        assert (request or {}).get("valueString") == c["missing_documentation"]


@pytest.mark.parametrize("name", CASES)
def test_provenance_ties_each_answer_to_its_evidence(exported, name):
    brief, bundle = exported[name]
    docs = {e["fullUrl"]: e["resource"] for e in by_type(bundle, "DocumentReference")}
    (qr_entry,) = by_type(bundle, "QuestionnaireResponse")
    (device,) = by_type(bundle, "Device")
    provs = {}
    for e in by_type(bundle, "Provenance"):
        (target,) = e["resource"]["target"]
        assert target["reference"] == qr_entry["fullUrl"]
        element = ext_of(target, EXT_TARGET_ELEMENT)["valueUri"]
        assert element in {i["id"] for i in qr_entry["resource"]["item"]}
        provs[element.removeprefix("criterion-")] = e["resource"]
    cited = [c for c in brief["criteria"] if c["evidence"] or c["more_evidence"]]
    assert sorted(provs) == sorted(c["id"] for c in cited)
    assert cited, "a case with no evidence at all tests nothing"
    for c in cited:
        prov = provs[c["id"]]
        assert prov["agent"][0]["who"]["reference"] == device["fullUrl"]
        evidence = c["evidence"] + c["more_evidence"]
        assert len(prov["entity"]) == len(evidence)
        for ent, ev in zip(prov["entity"], evidence, strict=True):
            assert ent["role"] == "quotation"
            doc = docs[ent["what"]["reference"]]  # a DocumentReference of this Bundle
            assert doc["identifier"][0]["value"].endswith(f"/{ev['document_id']}")
            assert doc["content"][0]["attachment"]["title"] == ev["file"]
            found = ext_of(ent, EXT_EVIDENCE)
            assert sub(found, "page") == ev["page"]
            assert (sub(found, "charStart"), sub(found, "charEnd")) == (
                ev["char_start"],
                ev["char_end"],
            )
            assert sub(found, "quote") == ev["quote"]
            box = sub(found, "bbox")
            if ev["bbox"]:
                assert [sub(box, k) for k in ("x0", "y0", "x1", "y1")] == ev["bbox"]
            else:
                assert box is None
            assert sub(found, "shown") is (ev in c["evidence"])


@pytest.mark.parametrize("name", CASES)
def test_a_document_reference_per_document(exported, name):
    brief, bundle = exported[name]
    refs = [e["resource"] for e in by_type(bundle, "DocumentReference")]
    assert len(refs) == len(brief["documents"])
    for doc, ref in zip(brief["documents"], refs, strict=True):
        loinc = next(c for c in ref["type"]["coding"] if c["system"] == LOINC)
        assert loinc["code"] == DOC_TYPES[doc["type"]][0]
        assert ref["content"][0]["attachment"]["title"] == doc["file"]
        assert ref.get("description") == doc["title"]
        period = ref.get("context", {}).get("period", {})
        assert period.get("start") == doc["date"]
        pages = ext_of(ref["content"][0]["attachment"], EXT_PAGES)
        assert [sub(pages, "first"), sub(pages, "last")] == [min(doc["pages"]), max(doc["pages"])]


def test_every_document_type_has_a_loinc_code():
    assert set(DOC_TYPES) == set(typing.get_args(DocType))
    assert DOC_TYPES["therapy_note"][0] == "11508-9"  # PT progress note (11507-1 is OT)
    assert DOC_TYPES["procedure_note"][0] == "28570-0"


@pytest.mark.parametrize("pol", get_registry().versions, ids=lambda p: f"{p.id}|{p.version}")
def test_every_policy_questionnaire_validates(pol):
    q = policy_to_questionnaire(pol)
    validate(q)
    assert q["version"] == pol.version
    assert q["url"] == f"http://casebrief.org/fhir/Questionnaire/{pol.id}"
    assert [i["linkId"] for i in q["item"]] == [c.id for c in pol.criteria]
    for item, c in zip(q["item"], pol.criteria, strict=True):
        assert item["type"] == "choice" and item["required"] is True
        assert [o["valueCoding"]["code"] for o in item["answerOption"]] == list(STATUSES)
        children = {i["linkId"]: i for i in item["item"]}
        assert (f"{c.id}.value" in children) == bool(c.unit)
        assert {i["type"] for i in item["item"]} <= ITEM_TYPES
    if pol.effective_from:
        assert q["effectivePeriod"]["start"] == pol.effective_from.isoformat()


def test_the_status_codesystem_validates():
    cs = criterion_status_codesystem()
    validate(cs)
    assert [c["code"] for c in cs["concept"]] == list(STATUSES)


def test_dates_and_instants():
    assert fhir_date("2026-02-16") == "2026-02-16"
    assert fhir_date("2026-02-30") is None and fhir_date("02/16/2026") is None
    assert fhir_date(None) is None
    assert instant(None, "2026-03-02") == "2026-03-02T00:00:00Z"
    assert instant("2026-03-02T10:11:12+02:00") == "2026-03-02T08:11:12Z"
    assert instant(None, "garbage") == "1970-01-01T00:00:00Z"


def test_command_line_fhir_equals_the_builder(tmp_path, capsys):
    from casebrief.cli import main

    case = ROOT / "annotated_samples/dev/flow-11"
    out = tmp_path / "bundle.json"
    assert main(["brief", str(case), "--format", "fhir", "-o", str(out)]) == 0
    brief = json.loads(brief_case(case).model_dump_json())
    assert json.loads(out.read_text()) == brief_to_bundle(brief)

    assert main(["policies", "--fhir", "cpap-osa"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == policy_to_questionnaire(served_policy("cpap-osa"))

    assert main(["policies", "--fhir", "no-such-policy"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("casebrief: error: unknown policy 'no-such-policy'")
    assert "Traceback" not in err
    assert main(["policies", "--fhir", "cpap-osa", "--policy-version", "1999"]) == 2
    assert "unknown policy 'cpap-osa|1999'" in capsys.readouterr().err
