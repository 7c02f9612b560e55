"""The notice as FHIR R4 Da Vinci CDex data requests ("Task Based Approach"), for payers that
ask providers for records electronically instead of by fax.

Why one ``Task`` per kind of document, delivered together in a ``batch`` Bundle: the CDex
Task Data Request profile allows exactly one ``data-code`` (or ``data-query``) input per
Task (invariant tdr-1), and a notice may ask for several kinds of document.  So each group
of the notice becomes one Task whose ``data-code`` input is that group's LOINC document
code (11506-3 Progress note, 18748-4 Diagnostic imaging study, ...), whose ``description``
and ``note`` carry the plain-language lines, and whose ``restriction.period.end`` is the
reply-by date.  The Tasks of one notice share a ``groupIdentifier`` (the case), which is
what FHIR provides for "these requests belong together"; a ``batch`` Bundle lets the payer
POST them to the provider's FHIR server as they are.

Each Task: ``status`` requested, ``intent`` order, ``code`` data-request-code (CDex 2.1's
``cdex-temp`` system) with the older HRex ``data-request`` coding beside it for receivers
on CDex 2.0, a ``purpose-of-use`` input of COVAUTH (coverage authorization), and
``for`` / ``requester`` / ``owner`` as display-only references -- casebrief holds no
Patient or Organization resources, and a notice carries no patient data.

The result is plain JSON (dicts); the tests validate it with ``fhir.resources``' R4B models.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from casebrief.export.notice import Notice, NoticeGroup

PROFILE = "http://hl7.org/fhir/us/davinci-cdex/StructureDefinition/cdex-task-data-request"
CDEX_TEMP = "http://hl7.org/fhir/us/davinci-cdex/CodeSystem/cdex-temp"
HREX_TEMP = "http://hl7.org/fhir/us/davinci-hrex/CodeSystem/hrex-temp"
ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason"
ID_SYSTEM = "https://casebrief.dev/fhir/notice"
CASE_SYSTEM = "https://casebrief.dev/fhir/case"
NAMESPACE = uuid.UUID("6f1d0a52-3f55-4f59-9a43-2b1f4f1c0e11")  # stable ids for one notice


def _instant(t: dt.datetime | None) -> str | None:
    if t is None:
        return None
    if t.tzinfo is None:
        t = t.replace(tzinfo=dt.UTC)
    return t.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _key(notice: Notice) -> str:
    """The notice's business key: the case, and the brief version where there is one."""
    return f"{notice.case_id}/v{notice.version}" if notice.version else notice.case_id


def build_task(notice: Notice, group: NoticeGroup) -> dict[str, Any]:
    """One CDex data-request Task for one group of the notice."""
    authored = _instant(notice.generated_at)
    lines = [ln.text for ln in group.lines]
    task: dict[str, Any] = {
        "resourceType": "Task",
        "id": str(uuid.uuid5(NAMESPACE, f"{_key(notice)}/{group.category}")),
        "meta": {"profile": [PROFILE]},
        "identifier": [{"system": ID_SYSTEM, "value": f"{_key(notice)}/{group.category}"}],
        "groupIdentifier": {"system": CASE_SYSTEM, "value": notice.case_id},
        "status": "requested",
        "intent": "order",
        "priority": "urgent" if notice.urgency == "expedited" else "routine",
        "code": {
            "coding": [
                {"system": CDEX_TEMP, "code": "data-request-code", "display": "Data Request Code"},
                {"system": HREX_TEMP, "code": "data-request", "display": "Data Request"},
            ],
            "text": "Request for documentation",
        },
        "description": f"{group.label}: " + " ".join(lines),
        "for": {"display": f"The patient of case {notice.reference or notice.case_id}"},
        "requester": {"display": "Prior authorization review (casebrief notice)"},
        "owner": {"display": "The requesting office"},
        "reasonCode": {
            "text": (
                f"Documentation for the prior authorization review of case "
                f"{notice.reference or notice.case_id} under policy {notice.policy_id} "
                f"version {notice.policy_version}; a request for records, not a determination"
            )
        },
        "note": [{"text": t} for t in lines],
        "input": [
            {
                "type": {"coding": [{"system": HREX_TEMP, "code": "data-code"}]},
                "valueCodeableConcept": {
                    "coding": [
                        {
                            "system": group.loinc.system,
                            "code": group.loinc.code,
                            "display": group.loinc.display,
                        }
                    ],
                    "text": group.label,
                },
            },
            {
                "type": {"coding": [{"system": CDEX_TEMP, "code": "purpose-of-use"}]},
                "valueCodeableConcept": {
                    "coding": [
                        {
                            "system": ACT_REASON,
                            "code": "COVAUTH",
                            "display": "coverage authorization",
                        }
                    ]
                },
            },
        ],
    }
    if authored:
        task["authoredOn"] = authored
        task["lastModified"] = authored
    if notice.reply_by is not None:
        task["restriction"] = {"period": {"end": _instant(notice.reply_by)}}
    return task


def build_task_bundle(notice: Notice) -> dict[str, Any]:
    """Every group of the notice as a Task, in a ``batch`` Bundle (empty when nothing is asked)."""
    entries = []
    for g in notice.groups:
        task = build_task(notice, g)
        entries.append(
            {
                "fullUrl": f"urn:uuid:{task['id']}",
                "resource": task,
                "request": {"method": "POST", "url": "Task"},
            }
        )
    bundle: dict[str, Any] = {
        "resourceType": "Bundle",
        "id": str(uuid.uuid5(NAMESPACE, _key(notice))),
        "type": "batch",
    }
    if entries:  # FHIR JSON has no empty arrays
        bundle["entry"] = entries
    if notice.generated_at is not None:
        bundle["timestamp"] = _instant(notice.generated_at)
    return bundle
