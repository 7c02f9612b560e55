"""A brief as one R4 ``Bundle`` (type ``collection``): the QuestionnaireResponse of its
criteria, a DocumentReference per document, a Provenance per answer that cites evidence,
and the casebrief Device that assembled them.

Why ``collection`` and not ``document``: a ``document`` Bundle is an attested clinical
document (a Composition first, an author who signs for it); a brief is a pre-review aid that
a human reviewer judges, so it is a set of resources to file, not a signed document.

Why deterministic: every ``fullUrl`` is a ``urn:uuid`` made by uuid5 from the case
(``case_ref``, else the brief's ``case_id``) and the resource's role, and ``recorded`` is
the brief's time when the caller knows it (the service's brief version), else the request
date; the same brief therefore always gives the same Bundle, and a re-export replaces
rather than duplicates what a receiver filed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from casebrief.export.fhir_common import CASE_SYSTEM, full_url, instant, stable_uuid
from casebrief.export.fhir_documents import document_reference
from casebrief.export.fhir_provenance import provenance
from casebrief.export.fhir_response import questionnaire_response


def brief_to_bundle(
    brief: dict[str, Any],
    *,
    case_ref: str | None = None,
    recorded: datetime | str | None = None,
) -> dict[str, Any]:
    """The R4 Bundle of ``brief`` (the JSON dict of :class:`casebrief.brief.schema.Brief`).

    ``case_ref`` names the case the ids derive from (the service passes its case id, unique
    across organizations); ``recorded`` is when the brief was made, if known."""
    seed = case_ref or brief["case_id"]
    when = instant(recorded, brief["request"].get("request_date"))
    entries: list[dict[str, Any]] = []

    def add(role: str, build: Any) -> str:
        rid = stable_uuid(seed, role)
        resource = build(rid)
        if resource is not None:
            entries.append({"fullUrl": full_url(rid), "resource": resource})
        return full_url(rid)

    device_url = full_url(stable_uuid(seed, "Device"))
    response_url = add(
        "QuestionnaireResponse",
        lambda rid: questionnaire_response(
            brief, rid, seed, when if recorded is not None else None, device_url
        ),
    )
    documents = {
        d["id"]: add(
            f"DocumentReference/{d['id']}", lambda rid, d=d: document_reference(d, rid, seed)
        )
        for d in brief["documents"]
    }
    for c in brief["criteria"]:
        add(
            f"Provenance/{c['id']}",
            lambda rid, c=c: provenance(c, rid, response_url, documents, device_url, when),
        )
    add("Device", lambda rid: _device(rid, brief.get("generator") or "casebrief"))
    return {
        "resourceType": "Bundle",
        "id": stable_uuid(seed, "Bundle"),
        "identifier": {"system": CASE_SYSTEM, "value": seed},
        "type": "collection",
        "entry": entries,
    }


def _device(resource_id: str, generator: str) -> dict[str, Any]:
    """casebrief itself, the assembler of every answer (``generator`` = 'casebrief 0.1.0')."""
    name, _, version = generator.partition(" ")
    device: dict[str, Any] = {
        "resourceType": "Device",
        "id": resource_id,
        "deviceName": [{"name": name or "casebrief", "type": "manufacturer-name"}],
    }
    if version.strip():
        device["version"] = [{"value": version.strip()}]
    return device
