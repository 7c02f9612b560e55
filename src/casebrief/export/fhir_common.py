"""What every FHIR R4 export of casebrief shares: its canonical URLs, stable ids, codings and
date formats.

Why one module: a brief's Bundle and a policy's Questionnaire are read together (a
QuestionnaireResponse answers the Questionnaire's linkIds with the status codes defined here),
so the URLs, the linkIds of the nested items and the status codes must come from one place.
These URLs are a public contract, like the policy and criterion ids: never change one.

Why R4 (4.0.1): the prior-authorization guides payers and EHRs run (Da Vinci CRD, DTR, PAS,
CDex) are all R4.  Only R4 elements are used, so the same JSON is also valid R4B.
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime
from typing import Any

BASE = "http://casebrief.org/fhir"
QUESTIONNAIRE_BASE = f"{BASE}/Questionnaire"
# a criterion's answer: met / not_met / missing / not_applicable / needs_review
STATUS_SYSTEM = f"{BASE}/CodeSystem/criterion-status"
DOCUMENT_TYPE_SYSTEM = f"{BASE}/CodeSystem/document-type"  # casebrief's own DocType
CASE_SYSTEM = f"{BASE}/sid/case"  # identifier system of a briefed case
DOCUMENT_SYSTEM = f"{BASE}/sid/document"  # identifier system of one document of a case
EXT_KIND = f"{BASE}/StructureDefinition/criterion-kind"  # requirement / waiver / exclusion
EXT_PAGES = f"{BASE}/StructureDefinition/pages"  # first and last page of a document
EXT_EVIDENCE = f"{BASE}/StructureDefinition/evidence"  # one cited quote and where it is
EXT_SUMMARY = f"{BASE}/StructureDefinition/summary-status"  # the brief's summary.status
# core R4 extensions
EXT_TARGET_ELEMENT = "http://hl7.org/fhir/StructureDefinition/targetElement"
EXT_TARGET_PATH = "http://hl7.org/fhir/StructureDefinition/targetPath"
EXT_UNIT = "http://hl7.org/fhir/StructureDefinition/questionnaire-unit"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
CPT = "http://www.ama-assn.org/go/cpt"
HCPCS = "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets"

# display and definition of each criterion status (policies.md, "Statuses")
STATUSES: dict[str, tuple[str, str]] = {
    "met": ("Met", "The packet documents that the requirement is satisfied; evidence cited."),
    "not_met": (
        "Not met",
        "The packet documents facts showing the requirement is not satisfied; evidence cited.",
    ),
    "missing": ("Missing", "Nothing in the packet addresses the requirement."),
    "not_applicable": (
        "Not applicable",
        "The criterion does not apply to this case (waived, or its condition is absent).",
    ),
    "needs_review": (
        "Needs review",
        "The packet contradicts itself on this point; a reviewer decides.",
    ),
}
# the units policies give criterion values, as UCUM (unknown units travel as text only)
UCUM_UNITS = {
    "weeks": "wk",
    "months": "mo",
    "days": "d",
    "kg/m2": "kg/m2",
    "events/h": "/h",
    "score": "{score}",
}

_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, BASE)
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def stable_uuid(seed: str, role: str) -> str:
    """A uuid5 from the case and the resource's role in it: one brief, one set of ids."""
    return str(uuid.uuid5(_NAMESPACE, f"{seed}/{role}"))


def full_url(resource_id: str) -> str:
    return f"urn:uuid:{resource_id}"


def status_coding(status: str) -> dict[str, str]:
    return {"system": STATUS_SYSTEM, "code": status, "display": STATUSES[status][0]}


def value_link(criterion_id: str) -> str:
    """linkId of the item under a criterion that carries its computed value."""
    return f"{criterion_id}.value"


def rationale_link(criterion_id: str) -> str:
    """linkId of the item under a criterion that carries why it has its status."""
    return f"{criterion_id}.rationale"


def request_link(criterion_id: str) -> str:
    """linkId of the item under a criterion that says what to ask the office for."""
    return f"{criterion_id}.missing-documentation"


def quantity(value: float, unit: str | None) -> dict[str, Any]:
    """A FHIR Quantity; UCUM-coded when casebrief knows the unit's UCUM code."""
    q: dict[str, Any] = {"value": value}
    if unit:
        q["unit"] = unit
        if unit in UCUM_UNITS:
            q |= {"system": UCUM, "code": UCUM_UNITS[unit]}
    return q


def unit_coding(unit: str) -> dict[str, str] | None:
    if unit not in UCUM_UNITS:
        return None
    return {"system": UCUM, "code": UCUM_UNITS[unit], "display": unit}


def fhir_date(value: object) -> str | None:
    """A FHIR ``date`` (also a valid ``dateTime``) from a date or a YYYY[-MM[-DD]] string;
    None for anything else, so a malformed date never makes an invalid resource."""
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        return None
    try:
        if len(value) == 10:
            date.fromisoformat(value)
    except ValueError:
        return None
    return value


def instant(value: datetime | str | None, fallback_day: object = None) -> str:
    """A FHIR ``instant`` (seconds and a zone are required).

    ``value`` is when the brief was made, where the caller knows it; without it, the start
    (UTC) of ``fallback_day`` (the request date) stands in, so the same brief always gives
    the same resources."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    day = fhir_date(fallback_day)
    return f"{day if day and len(day) == 10 else '1970-01-01'}T00:00:00Z"
