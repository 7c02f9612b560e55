"""The documents of a brief as R4 ``DocumentReference`` resources.

Why: evidence is cited by document, and a reviewer's system files each record it was sent;
the Provenance of every answer points at these.  Each carries its LOINC document type (the
nearest one; casebrief's own type rides along in its own CodeSystem), the clinical date as
``context.period`` (R4's ``DocumentReference.date`` is when the reference was made, not the
note's date), the file as an attachment title, and the pages it spans.  No content: the
records stay where they are; nothing of the record beyond what the brief already carries.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from casebrief.export.fhir_common import (
    DOCUMENT_SYSTEM,
    DOCUMENT_TYPE_SYSTEM,
    EXT_PAGES,
    LOINC,
    fhir_date,
)

# casebrief DocType -> (LOINC document code, its display, casebrief's label).  A payer's
# request form and a fax cover sheet have no LOINC document code of their own: they, and
# "other", get the generic 34109-9 "Note".
DOC_TYPES: dict[str, tuple[str, str, str]] = {
    "request_form": ("34109-9", "Note", "Request form"),
    "office_note": ("11506-3", "Progress note", "Office note"),
    "therapy_note": ("11508-9", "Physical therapy Progress note", "Therapy note"),
    "imaging_report": ("18748-4", "Diagnostic imaging study", "Imaging report"),
    "sleep_study": ("28633-6", "Polysomnography (sleep) study", "Sleep study"),
    "procedure_note": ("28570-0", "Procedure note", "Procedure note"),
    "letter": ("51852-2", "Letter", "Letter"),
    "fax_cover": ("34109-9", "Note", "Fax cover sheet"),
    "lab": ("11502-2", "Laboratory report", "Laboratory report"),
    "other": ("34109-9", "Note", "Other document"),
}
MEDIA_TYPES = {
    ".pdf": "application/pdf",
    ".txt": "text/plain",
    ".md": "text/markdown",
    ".tif": "image/tiff",
    ".tiff": "image/tiff",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}


def document_reference(doc: dict[str, Any], resource_id: str, seed: str) -> dict[str, Any]:
    """One ``documents`` entry of the brief as a DocumentReference with id ``resource_id``."""
    kind = doc.get("type") or "other"
    code, display, label = DOC_TYPES.get(kind, DOC_TYPES["other"])
    attachment: dict[str, Any] = {"title": doc["file"]}
    media = MEDIA_TYPES.get(PurePosixPath(doc["file"]).suffix.lower())
    if media:
        attachment["contentType"] = media
    pages = [p for p in doc.get("pages") or [] if isinstance(p, int)]
    if pages:
        attachment["extension"] = [
            {
                "url": EXT_PAGES,
                "extension": [
                    {"url": "first", "valueInteger": min(pages)},
                    {"url": "last", "valueInteger": max(pages)},
                ],
            }
        ]
    ref: dict[str, Any] = {
        "resourceType": "DocumentReference",
        "id": resource_id,
        "identifier": [{"system": DOCUMENT_SYSTEM, "value": f"{seed}/{doc['id']}"}],
        "status": "current",
        "type": {
            "coding": [
                {"system": LOINC, "code": code, "display": display},
                {"system": DOCUMENT_TYPE_SYSTEM, "code": kind, "display": label},
            ],
            "text": label,
        },
    }
    if doc.get("title"):
        ref["description"] = doc["title"]
    ref["content"] = [{"attachment": attachment}]
    day = fhir_date(doc.get("date"))
    if day:
        ref["context"] = {"period": {"start": day, "end": day}}
    return ref
