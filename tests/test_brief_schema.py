"""The committed JSON Schema is the contract: it must equal what the models generate,
and a real brief must validate against it."""

import json
from pathlib import Path

import jsonschema

from casebrief.brief.schema import Brief

ROOT = Path(__file__).resolve().parents[1]


def test_committed_schema_matches_models() -> None:
    committed = json.loads((ROOT / "schema" / "brief.schema.json").read_text())
    assert committed == Brief.model_json_schema(), (
        "regenerate schema/brief.schema.json (see README) and review the contract change"
    )


def test_sample_brief_validates(tmp_path: Path) -> None:
    from casebrief.service import brief_case

    case = ROOT / "annotated_samples" / "dev" / "comm-07"
    brief = json.loads(brief_case(case).model_dump_json())
    jsonschema.validate(brief, json.loads((ROOT / "schema" / "brief.schema.json").read_text()))
    ids = [c["id"] for c in brief["criteria"]]
    assert len(ids) == len(set(ids)) == 5


def test_schema_rejects_unknown_status() -> None:
    schema = json.loads((ROOT / "schema" / "brief.schema.json").read_text())
    bad = {"$ref": "#/$defs/CriterionOut", "$defs": schema["$defs"]}
    item = {
        "id": "x",
        "title": "t",
        "kind": "requirement",
        "status": "approved",
        "rationale": "r",
        "evidence": [],
    }
    try:
        jsonschema.validate(item, bad)
    except jsonschema.ValidationError:
        return
    raise AssertionError("a status outside the five must not validate")
