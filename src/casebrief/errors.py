"""Every user-facing message casebrief emits, as coded constants (spaCy's errors.py habit).

Why: messages are part of the contract with operators (batch logs are grepped for codes)
and with the requesting office (problems are echoed in the brief).  Keeping them in one
place keeps wording consistent and lets tests assert on codes instead of prose.  No
message ever carries patient text: only file names, page numbers, ids and counts.
"""

from __future__ import annotations


class Messages:
    E001 = "{file}: file is empty (0 bytes)"
    E002 = "{file}: PDF is encrypted and needs a password; send an unencrypted copy"
    E003 = "{file}: not a readable PDF ({reason})"
    E004 = "{file}: unsupported record type '{suffix}' (expected .pdf, .txt or .md)"
    E005 = "{file}: no text could be extracted from any page"
    E006 = "{file}: extraction stopped after {seconds:.0f} s at page {page} of {pages}; later pages were skipped"
    E007 = "{file}: file is {size_mb:.0f} MB, over the {limit_mb:.0f} MB limit for one record"
    E008 = "{file}: listed in case.json but not found in the case directory"
    E009 = "{file}: text file contains no readable text"
    E010 = "{file}: PDF has no pages (its page tree is empty or unreadable)"
    E011 = "{file}: could not be read (unexpected {error}); please report this file"
    W104 = "{file}: page {page} could not be read ({reason}); it was skipped"
    R_PDF_FILE = "the file could not be opened"
    R_PDF_FORMAT = "damaged file or not a PDF"
    R_PDF_SECURITY = "unsupported encryption or security handler"
    R_PDF_PAGE = "page tree is damaged"
    R_PDF_UNKNOWN = "PDFium could not parse it"
    W101 = "{file}: page {page} has no text layer (scanned image); OCR is not available yet, so its content was not read"
    W102 = "{file}: page {page} is blank"
    W103 = "{file}: decoded as {encoding} (not UTF-8)"
    E201 = "unknown policy '{policy}'; known policies: {known}"
    E202 = "no policy given and none could be chosen from CPT/HCPCS codes {codes}"
    E203 = "CPT/HCPCS codes {codes} match more than one policy: {policies}; pass --policy"
    E204 = "policy file {file}: {problem}"
    E205 = "case path {path} does not exist"
    E206 = "{path}: case.json is not valid JSON ({reason})"
    E207 = "no request date given and no dated document found in the case"
    E208 = "{path}: no record files (.pdf, .txt, .md) in the case"
    E209 = "request date '{value}' is not a date (expected YYYY-MM-DD)"


class CasebriefError(Exception):
    """An error a user can act on; its message names the file or input at fault."""


class RecordError(CasebriefError):
    """One record could not be read; the rest of the case is still briefed."""

    def __init__(self, file: str, message: str) -> None:
        super().__init__(message)
        self.file = file


class PolicyError(CasebriefError):
    """A policy is unknown, cannot be chosen, or its file is malformed."""


class CaseError(CasebriefError):
    """The case as a whole cannot be briefed (no records, bad case.json)."""
