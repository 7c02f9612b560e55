"""One R4 ``Provenance`` per criterion answer that cites evidence.

Why: the brief's promise is that every answer can be checked against the record.  The
Provenance's ``target`` is the QuestionnaireResponse, narrowed to the criterion's item by
the core extensions ``targetElement`` (the item's element id) and ``targetPath`` (FHIRPath);
each cited quote is an ``entity`` with role ``quotation`` whose ``what`` is the
DocumentReference it came from.  Where in that document (page, character offsets into the
document's extracted text, box on the PDF page, top-left origin in points) and the quote
itself ride in the complex extension ``EXT_EVIDENCE``; ``shown`` is false for the quotes
ranked below the five the brief shows.  The agent is casebrief (a Device), as assembler.
"""

from __future__ import annotations

from typing import Any

from casebrief.export.fhir_common import EXT_EVIDENCE, EXT_TARGET_ELEMENT, EXT_TARGET_PATH
from casebrief.export.fhir_response import item_element_id

BBOX_PARTS = ("x0", "y0", "x1", "y1")


def provenance(
    criterion: dict[str, Any],
    resource_id: str,
    response_url: str,
    document_urls: dict[str, str],
    device_url: str,
    recorded: str,
) -> dict[str, Any] | None:
    """The Provenance of one criterion's answer; None when it cites no evidence."""
    cited = [(e, True) for e in criterion.get("evidence") or []]
    cited += [(e, False) for e in criterion.get("more_evidence") or []]
    if not cited:
        return None
    cid = criterion["id"]
    return {
        "resourceType": "Provenance",
        "id": resource_id,
        "target": [
            {
                "extension": [
                    {"url": EXT_TARGET_ELEMENT, "valueUri": item_element_id(cid)},
                    {
                        "url": EXT_TARGET_PATH,
                        "valueString": f"QuestionnaireResponse.item.where(linkId = '{cid}')",
                    },
                ],
                "reference": response_url,
            }
        ],
        "recorded": recorded,
        "agent": [
            {
                "type": {
                    "coding": [
                        {
                            "system": "http://terminology.hl7.org/CodeSystem/provenance-participant-type",
                            "code": "assembler",
                            "display": "Assembler",
                        }
                    ]
                },
                "who": {"reference": device_url, "display": "casebrief"},
            }
        ],
        "entity": [_entity(e, shown, document_urls) for e, shown in cited],
    }


def _entity(e: dict[str, Any], shown: bool, document_urls: dict[str, str]) -> dict[str, Any]:
    what: dict[str, Any] = {"display": e["file"]}
    if e.get("document_id") in document_urls:
        what["reference"] = document_urls[e["document_id"]]
    parts: list[dict[str, Any]] = [
        {"url": "quote", "valueString": e["quote"]},
        {"url": "page", "valueInteger": e["page"]},
        {"url": "charStart", "valueInteger": e["char_start"]},
        {"url": "charEnd", "valueInteger": e["char_end"]},
    ]
    if e.get("bbox") and len(e["bbox"]) == len(BBOX_PARTS):
        parts.append(
            {
                "url": "bbox",
                "extension": [
                    {"url": name, "valueDecimal": v}
                    for name, v in zip(BBOX_PARTS, e["bbox"], strict=True)
                ],
            }
        )
    parts.append({"url": "assertion", "valueCode": e["assertion"]})
    parts.append({"url": "source", "valueCode": e.get("source") or "text_layer"})
    if e.get("ocr_confidence") is not None:
        parts.append({"url": "ocrConfidence", "valueDecimal": e["ocr_confidence"]})
    parts.append({"url": "foundBy", "valueCode": e.get("found_by") or "rules"})
    parts.append({"url": "shown", "valueBoolean": shown})
    return {
        "extension": [{"url": EXT_EVIDENCE, "extension": parts}],
        "role": "quotation",
        "what": what,
    }
