"""A coverage policy as an R4 ``Questionnaire`` (DTR-style), and the ``CodeSystem`` of its
answers.

Why: a payer's DTR or review system renders and stores criteria as Questionnaires; each
brief's ``QuestionnaireResponse`` (:mod:`casebrief.export.fhir_response`) answers one.  One
item per criterion, ``linkId`` = the criterion id (a public contract), type ``choice``
answered with one of the five statuses.  Under it, in the order answers give them: the
computed value (criteria with a unit only, as the brief gives values only for those), the
rationale, and what to ask the office for.  The canonical URL is per policy id and
``version`` is the policy's version, so a response names exactly the rules it was judged by.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from casebrief.errors import PolicyError
from casebrief.export.fhir_common import (
    CPT,
    EXT_KIND,
    EXT_UNIT,
    HCPCS,
    QUESTIONNAIRE_BASE,
    STATUS_SYSTEM,
    STATUSES,
    fhir_date,
    rationale_link,
    request_link,
    stable_uuid,
    status_coding,
    unit_coding,
    value_link,
)
from casebrief.policy.schema import Criterion, Policy


def questionnaire_url(policy_id: str) -> str:
    return f"{QUESTIONNAIRE_BASE}/{policy_id}"


def questionnaire_canonical(policy_id: str, version: str) -> str:
    """The versioned canonical a QuestionnaireResponse names (``url|version``)."""
    return f"{questionnaire_url(policy_id)}|{version}"


def policy_to_questionnaire(policy: Policy) -> dict[str, Any]:
    """The R4 Questionnaire of one policy version."""
    q: dict[str, Any] = {
        "resourceType": "Questionnaire",
        "id": _resource_id(policy),
        "url": questionnaire_url(policy.id),
        "version": policy.version,
        "name": _name(policy.id),
        "title": policy.title,
        "status": "active",
        "subjectType": ["Patient"],
        "description": (
            f"The criteria of the coverage policy '{policy.id}' (version {policy.version}); "
            "each is answered met, not_met, missing, not_applicable or needs_review, with its "
            "rationale. A human reviewer decides every case."
        ),
        "useContext": [_codes_context(policy.codes)],
    }
    period = {
        k: v
        for k, v in (
            ("start", fhir_date(policy.effective_from)),
            ("end", fhir_date(policy.effective_to)),
        )
        if v
    }
    if period:
        q["effectivePeriod"] = period
    q["item"] = [_criterion_item(c) for c in policy.criteria]
    return q


def served_policy(
    policy_id: str, version: str | None = None, policy_files: Sequence[Path | str] = ()
) -> Policy:
    """The served policy ``policy_id`` (bundled, ``$CASEBRIEF_POLICY_DIR`` and
    ``policy_files``) at ``version`` (default: the version in effect today, or its only one);
    E201 for an unknown id or version, E215 when no version is in effect today."""
    from casebrief.policy.registry import get_registry

    registry = get_registry(list(policy_files))
    if version is None:
        return registry.get(policy_id)
    versions = registry.versions_of(policy_id)
    for pol in versions:
        if pol.version == version:
            return pol
    known = ", ".join(f"{p.id}|{p.version}" for p in versions)
    raise PolicyError("E201", policy=f"{policy_id}|{version}", known=known)


def criterion_status_codesystem() -> dict[str, Any]:
    """The R4 CodeSystem of the five criterion statuses (``STATUS_SYSTEM``)."""
    return {
        "resourceType": "CodeSystem",
        "id": "criterion-status",
        "url": STATUS_SYSTEM,
        "name": "CriterionStatus",
        "title": "casebrief criterion status",
        "status": "active",
        "caseSensitive": True,
        "content": "complete",
        "count": len(STATUSES),
        "concept": [
            {"code": code, "display": display, "definition": definition}
            for code, (display, definition) in STATUSES.items()
        ],
    }


def _criterion_item(c: Criterion) -> dict[str, Any]:
    children: list[dict[str, Any]] = []
    if c.unit:
        value: dict[str, Any] = {
            "linkId": value_link(c.id),
            "text": f"Computed value ({c.unit})",
            "type": "quantity",
        }
        coding = unit_coding(c.unit)
        if coding:
            value["extension"] = [{"url": EXT_UNIT, "valueCoding": coding}]
        children.append(value)
    children.append(
        {"linkId": rationale_link(c.id), "text": "Rationale", "type": "text", "required": True}
    )
    children.append(
        {
            "linkId": request_link(c.id),
            "text": "Documentation to request from the office",
            "type": "text",
        }
    )
    return {
        "extension": [{"url": EXT_KIND, "valueCode": c.kind}],
        "linkId": c.id,
        "text": c.title,
        "type": "choice",
        "required": True,
        "answerOption": [{"valueCoding": status_coding(s)} for s in STATUSES],
        "item": children,
    }


def _codes_context(codes: list[str]) -> dict[str, Any]:
    """The CPT (five digits) and HCPCS codes the policy covers, as a ``focus`` use context."""
    return {
        "code": {
            "system": "http://terminology.hl7.org/CodeSystem/usage-context-type",
            "code": "focus",
        },
        "valueCodeableConcept": {
            "coding": [{"system": CPT if c.isdigit() else HCPCS, "code": c} for c in codes]
        },
    }


def _name(policy_id: str) -> str:
    """A computable name (``[A-Z][A-Za-z0-9_]*``): lumbar-spine-mri -> LumbarSpineMri."""
    name = "".join(p[:1].upper() + p[1:] for p in re.split(r"[^A-Za-z0-9]+", policy_id) if p)
    return name if name[:1].isalpha() else f"Policy{name}"


def _resource_id(policy: Policy) -> str:
    """``<id>-<version>`` where that is a valid FHIR id (64 of [A-Za-z0-9.-]), else a uuid5."""
    rid = f"{policy.id}-{policy.version}"
    if re.fullmatch(r"[A-Za-z0-9.\-]{1,64}", rid):
        return rid
    return stable_uuid(policy.id, f"Questionnaire/{policy.version}")
