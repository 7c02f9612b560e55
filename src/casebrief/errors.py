"""Every user-facing message casebrief emits, as coded constants (spaCy's errors.py habit).

Why: messages are part of the contract with operators (batch logs are grepped for codes)
and with the requesting office (problems are echoed in the brief, each with its code).
Keeping them in one place keeps wording consistent and lets tests assert on codes instead
of prose.  No message ever carries patient text: only file names, field names, page and
document numbers, ids and counts.

Codes: E0xx a record (file) could not be read, or only in part; W1xx a record was read with
a caveat; E2xx the case or the command as a whole cannot proceed.
"""

from __future__ import annotations

from typing import Any


class Messages:
    E001 = "{file}: file is empty (0 bytes)"
    E002 = "{file}: PDF is encrypted and needs a password; send an unencrypted copy"
    E003 = "{file}: not a readable PDF ({reason})"
    E004 = (
        "{file}: unsupported record type '{suffix}' "
        "(expected .pdf, .txt, .md, .tif, .tiff, .png, .jpg or .jpeg)"
    )
    E005 = "{file}: no text could be extracted from any page"
    E006 = (
        "{file}: extraction stopped after {seconds:g} s at "
        "page {page} of {pages}; later pages were skipped"
    )
    E007 = "{file}: file is {size_mb:.0f} MB, over the {limit_mb:.0f} MB limit for one record"
    E008 = "{file}: listed in case.json but not found in the case directory"
    E009 = "{file}: text file contains no readable text"
    E010 = "{file}: PDF has no pages (its page tree is empty or unreadable)"
    E011 = "{file}: could not be read (unexpected {error}); please report this file"
    E012 = (
        "{file}: reading stopped after {seconds:g} s in document {document} (pages {pages}): "
        "{read} of {total} characters were read, the rest of the document was not"
    )
    E013 = (
        "{file}: document {document} (pages {pages}) was not "
        "read: the case's {seconds:g} s time budget was spent"
    )
    E014 = (
        "{file}: document {document} (pages {pages}) could not be analysed (unexpected {error}); "
        "the rest of the case was briefed; please report this file"
    )
    E015 = "{file}: not a text file ({reason}); send it as a PDF or as plain text"
    E016 = (
        "{file}: document {document} (pages {pages}) was not read: "
        "the record's {seconds:g} s time budget was spent"
    )
    E017 = "{file}: listed in case.json but cannot be looked up ({reason})"
    E018 = (
        "{file}: image is {size}, over the {limit} megapixel limit for a page "
        "(a decompression bomb?); it was not read"
    )
    E019 = "{file}: not a readable image ({reason}); send it again or as a PDF"
    W101 = (
        "{file}: page {page} has no text layer (scanned image) and OCR is switched off, "
        "so its content was not read"
    )
    W102 = "{file}: page {page} is blank"
    W103 = "{file}: decoded as {encoding} (not UTF-8)"
    W104 = "{file}: page {page} could not be read ({reason}); it was skipped"
    W105 = "case.json: unknown field '{field}' was ignored"
    W106 = (
        "{file}: page {page} could not be read: OCR confidence {confidence:.0%} is under the "
        "threshold, so its text was not used; please send a clearer copy of this page"
    )
    W107 = "{file}: page {page} could not be read by OCR ({reason}); it was skipped"
    W108 = (
        "{file}: page {page} holds an image of {reason}, over the size limit for a page "
        "(a decompression bomb?); it was not read"
    )
    W109 = (
        "{file}: page {page} was not read by OCR: the record's {seconds:g} s time budget was spent"
    )
    W110 = (
        "{file}: the file is cut short (truncated): only its first {pages} page(s) could "
        "be found; later pages may be missing, please send it again"
    )
    W111 = (
        "{file}: page {page} has marks but no text OCR could find (a picture, handwriting or "
        "a very faint copy); it was not read, please check it"
    )
    W112 = (
        "case.json: {field} '{value}' is not a document type casebrief knows; the record's "
        "type was read from its text instead"
    )
    R_PDF_FILE = "the file could not be opened"
    R_PDF_FORMAT = "damaged file or not a PDF"
    R_PDF_SECURITY = "unsupported encryption or security handler"
    R_PDF_PAGE = "page tree is damaged"
    R_PDF_UNKNOWN = "PDFium could not parse it"
    E201 = "unknown policy '{policy}'; known policies: {known}"
    E202 = "no policy given and none could be chosen from CPT/HCPCS codes {codes}"
    E203 = "CPT/HCPCS codes {codes} match more than one policy: {policies}; pass --policy"
    E204 = "policy file {file}: {problem}"
    E205 = "case path {path} does not exist"
    E206 = "{path}: case.json is not valid JSON ({reason})"
    E207 = "no request date given and no dated document found in the case"
    E208 = "{path}: no record files (.pdf, .txt, .md, .tif, .png, .jpg) in the case"
    E209 = "request date '{value}' is not a date (expected a full date, YYYY-MM-DD)"
    E210 = "{path}: {problems}"
    E211 = "{path}: case.json is not UTF-8 text ({reason}); save it as UTF-8"
    E212 = "cannot write {path}: {reason}"
    E213 = "{path}: {problem}"
    E214 = (
        "{path}: case path is neither a directory nor a record file "
        "(.pdf, .txt, .md, .tif, .png, .jpg)"
    )
    E215 = "policy '{policy}' has no version in effect on {date}; its versions: {periods}"
    E216 = (
        "policy '{policy}': {file} ({period}) and {other} ({other_period}) are in effect on "
        "overlapping dates; one date may have only one version (an undated version must be "
        "the only one of its policy)"
    )
    E217 = "policy '{policy}' version '{version}' is defined twice: {file} and {other}"
    E218 = "policy directory {path} (CASEBRIEF_POLICY_DIR): {problem}"
    E219 = "OCR engine '{engine}' is not available ({reason}); set CASEBRIEF_OCR_ENGINE"


def message(code: str, **fields: Any) -> str:
    """The text of a coded message with its fields filled in."""
    return getattr(Messages, code).format(**fields)


def problem(code: str, file: str, **fields: Any) -> dict[str, str]:
    """A ``problems`` entry of the brief: code, file, severity (from the code) and message."""
    severity = "warning" if code.startswith("W") else "error"
    return {
        "code": code,
        "file": file,
        "severity": severity,
        "message": message(code, file=file, **fields),
    }


class CasebriefError(Exception):
    """An error a user can act on; its message names the file or input at fault."""

    code: str | None = None


class RecordError(CasebriefError):
    """One record could not be read; the rest of the case is still briefed."""

    def __init__(self, file: str, code: str, **fields: Any) -> None:
        super().__init__(message(code, file=file, **fields))
        self.file = file
        self.code = code
        self.fields = fields

    def as_problem(self) -> dict[str, str]:
        return problem(self.code, self.file, **self.fields)


class PolicyError(CasebriefError):
    """A policy is unknown, cannot be chosen, or its file is malformed."""

    def __init__(self, code: str, **fields: Any) -> None:
        super().__init__(message(code, **fields))
        self.code = code


class CaseError(CasebriefError):
    """The case as a whole cannot be briefed (no records, bad case.json, bad arguments)."""

    def __init__(self, code: str, **fields: Any) -> None:
        super().__init__(message(code, **fields))
        self.code = code
