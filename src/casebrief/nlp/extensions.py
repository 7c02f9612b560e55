"""Every custom spaCy attribute casebrief sets, declared once (medspaCy's _extensions habit).

Components talk to each other only through these attributes.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

SECTIONS_KEY = "casebrief_sections"

_DOC = {
    "reference_date": None,  # the document's date of service: anchor for relative dates
    "section_at_start": None,  # the section the text opens in (a chunk continues its predecessor's)
    "dates": [],  # list[DateMention] in doc character offsets
    "durations": [],  # list[DurationMention]
    "measurements": [],  # list[Measurement]
}
_SPAN = {
    "assertion": "present",  # present | negated | hypothetical | historical | family | uncertain
    "concept": None,  # concept id from concepts.yaml
    "concept_attrs": None,  # attrs of the concept entry (modality, drug_class, ...)
    "section": None,  # section category the mention lies in
}
_TOKEN = {"section": None}


def register() -> None:
    """Idempotently register all extensions."""
    for name, default in _DOC.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name, default in _SPAN.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)
    for name, default in _TOKEN.items():
        if not Token.has_extension(name):
            Token.set_extension(name, default=default)


register()
