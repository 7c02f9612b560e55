"""A brief's criteria as an R4 ``QuestionnaireResponse`` answering the policy's
Questionnaire (:mod:`casebrief.export.fhir_questionnaire`).

Why DTR-shaped: a payer's review tooling already stores filled Questionnaires; casebrief's
answers arrive as one, each criterion an item (``linkId`` = criterion id) answered with its
status, and under that answer its value, rationale and request to the office.  Status
``completed`` says casebrief answered every item, not that the case is decided: a human
reviewer decides every case.  Each item has an element ``id`` (``criterion-<id>``) so a
Provenance can point at it.
"""

from __future__ import annotations

from typing import Any

from casebrief.export.fhir_common import (
    CASE_SYSTEM,
    EXT_SUMMARY,
    quantity,
    rationale_link,
    request_link,
    status_coding,
    value_link,
)
from casebrief.export.fhir_questionnaire import questionnaire_canonical


def item_element_id(criterion_id: str) -> str:
    return f"criterion-{criterion_id}"


def questionnaire_response(
    brief: dict[str, Any], resource_id: str, seed: str, authored: str | None, device_url: str
) -> dict[str, Any]:
    """The QuestionnaireResponse of ``brief`` with id ``resource_id``."""
    policy = brief["policy"]
    qr: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "id": resource_id,
        "extension": [{"url": EXT_SUMMARY, "valueCode": brief["summary"]["status"]}],
        "identifier": {"system": CASE_SYSTEM, "value": seed},
        "questionnaire": questionnaire_canonical(policy["id"], policy["version"]),
        "status": "completed",
    }
    if authored:
        qr["authored"] = authored
    qr["author"] = {"reference": device_url, "display": "casebrief"}
    qr["item"] = [_item(c) for c in brief["criteria"]]
    return qr


def _item(c: dict[str, Any]) -> dict[str, Any]:
    children = []
    if c.get("value") is not None:
        children.append(
            {
                "linkId": value_link(c["id"]),
                "answer": [{"valueQuantity": quantity(c["value"], c.get("unit"))}],
            }
        )
    if c.get("rationale"):
        children.append(
            {"linkId": rationale_link(c["id"]), "answer": [{"valueString": c["rationale"]}]}
        )
    if c.get("missing_documentation"):
        children.append(
            {
                "linkId": request_link(c["id"]),
                "answer": [{"valueString": c["missing_documentation"]}],
            }
        )
    answer: dict[str, Any] = {"valueCoding": status_coding(c["status"])}
    if children:
        answer["item"] = children
    return {
        "id": item_element_id(c["id"]),
        "linkId": c["id"],
        "text": c["title"],
        "answer": [answer],
    }
