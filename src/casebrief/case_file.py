"""``case.json`` as a typed contract (``../shared/spec/case-format.md``), validated with pydantic.

Why a model and not ``dict.get``: case.json is written by other systems and by hand, and a
wrong type must be a clear message naming the file and the field, never a traceback deep in
the brief, and never a silent misreading ("cpt": "72148" read one character at a time, a
request date of "2026" taken for 1 July).  What the contract allows:

- ``request.cpt`` / ``request.icd10``: a list of codes, or one code as a string or number;
- dates (``request.request_date``, ``documents[].date``): a full calendar date, ``YYYY-MM-DD``
  (``MM/DD/YYYY`` is accepted too);
- ``request.request_type``: ``initial`` or ``continuation`` (any case);
- ``request.urgency``: ``standard`` (the default) or ``expedited`` (``urgent`` is read as
  expedited): the review clock, 7 calendar days or 72 hours;
- ``documents``: file names, or objects with ``file`` and optionally ``date``, ``type``,
  ``title``; a file name must name a file inside the case directory.  A ``type`` is one of
  the brief's document types, or a sender's own name for one
  (``lexicons/sender_document_types.yaml``: "consult_report" is an office note); a name
  casebrief does not know is reported and the type detected from the text.

Unknown fields are ignored (senders add fields; the contract only grows) but reported as
warnings, so a misspelt field does not go unnoticed.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import lru_cache
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from casebrief.documents.model import DOC_TYPES, DocType
from casebrief.errors import CaseError
from casebrief.nlp.dates import parse_full_date
from casebrief.resources import load_yaml

REQUEST_TYPES = ("initial", "continuation")
URGENCIES = ("standard", "expedited")  # CMS-0057-F: 7 calendar days / 72 hours
MAX_NAME_BYTES = 255  # the longest file name common file systems allow


def _full_date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        msg = f"must be a date written as YYYY-MM-DD, not {type(value).__name__} {value!r}"
        raise ValueError(msg)
    parsed = parse_full_date(value)
    if parsed is None:
        msg = f"'{value}' is not a full date (expected YYYY-MM-DD)"
        raise ValueError(msg)
    return parsed


def _codes(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        value = [value]
    if not isinstance(value, list):
        msg = f"must be a list of codes or one code, not {type(value).__name__}"
        raise ValueError(msg)
    out = []
    for v in value:
        if isinstance(v, bool) or not isinstance(v, (str, int)):
            msg = f"a code must be text, not {type(v).__name__} {v!r}"
            raise ValueError(msg)
        if str(v).strip():
            out.append(str(v).strip().upper())
    return out


class _Lenient(BaseModel):
    model_config = ConfigDict(extra="allow", str_strip_whitespace=True)


def _type_key(name: str) -> str:
    return re.sub(r"[\s/-]+", "_", name.strip().lower())


@lru_cache(maxsize=1)
def _sender_types() -> dict[str, str]:
    """A sender's name for a document kind -> the brief's type (sender_document_types.yaml)."""
    spec = load_yaml("lexicons/sender_document_types.yaml") or {}
    out = {t: t for t in DOC_TYPES}
    for doc_type, names in spec.items():
        out.update({_type_key(n): doc_type for n in names})
    return out


class DocumentEntry(_Lenient):
    file: str = Field(min_length=1)
    date: dt.date | None = None
    # what the sender wrote: one of the brief's types, a synonym, or a name it cannot place
    type: str | None = None
    title: str | None = None

    _date = field_validator("date", mode="before")(lambda v: _full_date(v))

    @property
    def doc_type(self) -> DocType | None:
        """The brief's type for the sender's ``type``; None (detect it) when it names none."""
        if not self.type:
            return None
        return _sender_types().get(_type_key(self.type))  # type: ignore[return-value]

    @field_validator("file")
    @classmethod
    def _inside_case(cls, v: str) -> str:
        if any(ord(ch) < 32 for ch in v):
            msg = "a file name must not contain control characters"
            raise ValueError(msg)
        if any(len(part.encode("utf-8")) > MAX_NAME_BYTES for part in PurePosixPath(v).parts):
            msg = f"a file name must be at most {MAX_NAME_BYTES} bytes long"
            raise ValueError(msg)
        for p in (PurePosixPath(v), PureWindowsPath(v)):
            if p.is_absolute() or ".." in p.parts or p.drive:
                msg = f"'{v}' must name a file inside the case directory"
                raise ValueError(msg)
        return v


class RequestEntry(_Lenient):
    request_date: dt.date | None = None
    request_type: str = "initial"
    cpt: list[str] = Field(default_factory=list)
    icd10: list[str] = Field(default_factory=list)
    requesting_provider: str | None = None
    urgency: str = "standard"

    _date = field_validator("request_date", mode="before")(lambda v: _full_date(v))

    @field_validator("urgency", mode="before")
    @classmethod
    def _urgency(cls, v: Any) -> str:
        if v is None or v == "":
            return "standard"
        if isinstance(v, str) and v.strip().lower() == "urgent":
            return "expedited"  # the word many request forms use for the same clock
        if not isinstance(v, str) or v.strip().lower() not in URGENCIES:
            msg = f"must be one of {', '.join(URGENCIES)}, not {v!r}"
            raise ValueError(msg)
        return v.strip().lower()

    _cpt = field_validator("cpt", "icd10", mode="before")(lambda v: _codes(v))

    @field_validator("request_type", mode="before")
    @classmethod
    def _request_type(cls, v: Any) -> str:
        if v is None or v == "":
            return "initial"
        if not isinstance(v, str) or v.strip().lower() not in REQUEST_TYPES:
            msg = f"must be one of {', '.join(REQUEST_TYPES)}, not {v!r}"
            raise ValueError(msg)
        return v.strip().lower()


class CaseFile(_Lenient):
    case_id: str | None = None
    policy: str | None = None
    request: RequestEntry = Field(default_factory=RequestEntry)
    documents: list[DocumentEntry] | None = None

    @field_validator("case_id", "policy", mode="before")
    @classmethod
    def _text(cls, v: Any) -> Any:
        if isinstance(v, int) and not isinstance(v, bool):
            return str(v)
        return v

    @field_validator("documents", mode="before")
    @classmethod
    def _entries(cls, v: Any) -> Any:
        if isinstance(v, list):
            return [{"file": e} if isinstance(e, str) else e for e in v]
        return v

    def unknown_types(self) -> list[tuple[str, str]]:
        """(field, value) of each document ``type`` no known name (reported, then detected)."""
        return [
            (f"documents[{i}].type", d.type)
            for i, d in enumerate(self.documents or [])
            if d.type and d.doc_type is None
        ]

    def unknown_fields(self) -> list[str]:
        """Dotted names of fields the contract does not know (reported, then ignored)."""
        out = [k for k in (self.model_extra or {})]
        out += [f"request.{k}" for k in (self.request.model_extra or {})]
        for i, d in enumerate(self.documents or []):
            out += [f"documents[{i}].{k}" for k in (d.model_extra or {})]
        return out


def read_case_file(path: Path) -> CaseFile:
    """Parse ``path`` (a case.json); every problem is a :class:`CaseError` naming file and field."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CaseError(
            "E213", path=path, problem=f"cannot be read ({exc.strerror or type(exc).__name__})"
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CaseError(
            "E211", path=path, reason=f"byte 0x{raw[exc.start]:02x} at position {exc.start}"
        ) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CaseError(
            "E206", path=path, reason=f"{exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    if not isinstance(data, dict):
        raise CaseError(
            "E210", path=path, problems=f"must hold a JSON object, not a {type(data).__name__}"
        )
    try:
        return CaseFile.model_validate(data)
    except ValidationError as exc:
        raise CaseError("E210", path=path, problems=describe(exc)) from None


_PLAIN = {  # pydantic error type -> what the sender should read
    "dict_type": "must be a JSON object ({...})",
    "model_type": "must be a JSON object ({...})",
    "list_type": "must be a list ([...])",
    "string_type": "must be text (a JSON string)",
    "missing": "is required",
    "literal_error": None,  # pydantic's own message lists the allowed values
    "string_too_short": "must not be empty",
}


def describe(exc: ValidationError) -> str:
    """Pydantic's errors as "field 'x': problem (got ...)", one per field, joined by "; "."""
    parts = []
    for err in exc.errors():
        loc = (
            "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err["loc"]).lstrip(".")
            or "case.json"
        )
        msg = _PLAIN.get(err["type"]) or err["msg"].removeprefix("Value error, ")
        if err["type"] in _PLAIN and err["type"] != "missing":
            msg += f", not {_shape(err.get('input'))}"
        parts.append(f"field '{loc}': {msg}")
    return "; ".join(parts)


def _shape(value: Any) -> str:
    """A short description of a wrong value (its JSON type, and the value itself when short)."""
    kind = {
        dict: "an object",
        list: "a list",
        str: "text",
        bool: "true/false",
        int: "a number",
        float: "a number",
        type(None): "null",
    }.get(type(value), type(value).__name__)
    shown = json.dumps(value) if not isinstance(value, (dict, list)) else ""
    return f"{kind} {shown}" if shown and len(shown) <= 40 else kind
