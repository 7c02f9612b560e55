"""What kind of document the office's notice asks for, per criterion: the packaged table
``resources/export/document_requests.yaml``, loaded and checked.

Why a table and not code: which records document a criterion (therapy notes, an imaging
report, a sleep test) and the LOINC document code an EHR files them under are facts about
the policy, like its thresholds; a payer corrects a code or a label in YAML.  Why checked
on load: a misspelt criterion id or category would silently drop a request from a notice,
so every unknown key, missing field and dangling category is a :class:`DocumentCodesError`
naming the entry.  The check against the policies themselves (every criterion of every
served policy mapped) is :func:`unmapped`, which the test suite runs over the registry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from casebrief.resources import load_yaml

RELPATH = "export/document_requests.yaml"
LOINC_SYSTEM = "http://loinc.org"
FALLBACK = "other_records"  # a criterion of a payer policy that the table does not know yet
_LOINC = re.compile(r"^\d{1,7}-\d$")
_TOP = {"categories", "criteria", "doc_types", "records"}


class DocumentCodesError(ValueError):
    """The document request table is malformed; the message names the entry at fault."""


@dataclass(frozen=True)
class Category:
    """A kind of document a notice asks for, with the one LOINC document code it goes by."""

    key: str
    label: str
    code: str
    display: str
    system: str = LOINC_SYSTEM


@dataclass(frozen=True)
class CriterionDocs:
    """What documents one criterion: its category, the policy parameter (days back from the
    request date) that bounds which records count, and the request used when the criterion is
    ``not_met`` and the policy itself gives none."""

    category: str
    window_days_param: str | None = None
    not_met: str | None = None


@dataclass(frozen=True)
class DocumentCodes:
    categories: dict[str, Category]
    criteria: dict[tuple[str, str], CriterionDocs]
    doc_types: dict[str, str]
    records: dict[str, str]

    def for_criterion(self, policy_id: str, criterion_id: str) -> CriterionDocs:
        """The criterion's entry; a criterion the table does not know (a payer's new one) is
        asked for as "Other records" rather than left off the notice."""
        return self.criteria.get((policy_id, criterion_id), CriterionDocs(FALLBACK))

    def for_doc_type(self, doc_type: str | None) -> Category:
        return self.categories[self.doc_types.get(doc_type or "other", FALLBACK)]


def _need(entry: Any, where: str, fields: dict[str, type], optional: dict[str, type]) -> dict:
    if not isinstance(entry, dict):
        raise DocumentCodesError(f"{RELPATH}: {where}: expected a mapping, got {entry!r}")
    unknown = set(entry) - set(fields) - set(optional)
    if unknown:
        raise DocumentCodesError(
            f"{RELPATH}: {where}: unknown field(s) {', '.join(sorted(unknown))}"
        )
    for name in fields:
        if name not in entry:
            raise DocumentCodesError(f"{RELPATH}: {where}: missing field '{name}'")
    for name, kind in {**fields, **optional}.items():
        value = entry.get(name)
        if name in entry and (not isinstance(value, kind) or (kind is str and not value.strip())):
            raise DocumentCodesError(
                f"{RELPATH}: {where}.{name}: expected a non-empty {kind.__name__}"
            )
    return entry


def parse(data: Any) -> DocumentCodes:
    """Check and convert the parsed YAML (see the module doc for what is checked)."""
    top = _need(data, "top level", {k: dict for k in _TOP}, {})
    categories: dict[str, Category] = {}
    for key, entry in top["categories"].items():
        e = _need(entry, f"categories.{key}", {"label": str, "loinc": dict}, {})
        code = _need(e["loinc"], f"categories.{key}.loinc", {"code": str, "display": str}, {})
        if not _LOINC.match(code["code"]):
            raise DocumentCodesError(
                f"{RELPATH}: categories.{key}.loinc.code: '{code['code']}' is not a LOINC code"
            )
        categories[key] = Category(key, e["label"], code["code"], code["display"])
    if FALLBACK not in categories:
        raise DocumentCodesError(f"{RELPATH}: categories: '{FALLBACK}' is required (the fallback)")
    codes = [c.code for c in categories.values()]
    if len(codes) != len(set(codes)):
        raise DocumentCodesError(f"{RELPATH}: categories: two categories share a LOINC code")

    def category(key: Any, where: str) -> str:
        if key not in categories:
            raise DocumentCodesError(
                f"{RELPATH}: {where}: unknown category '{key}' "
                f"(known: {', '.join(sorted(categories))})"
            )
        return key

    criteria: dict[tuple[str, str], CriterionDocs] = {}
    for policy_id, entries in top["criteria"].items():
        if not isinstance(entries, dict) or not entries:
            raise DocumentCodesError(f"{RELPATH}: criteria.{policy_id}: expected criterion ids")
        for cid, entry in entries.items():
            where = f"criteria.{policy_id}.{cid}"
            e = _need(entry, where, {"category": str}, {"window_days_param": str, "not_met": str})
            criteria[(policy_id, cid)] = CriterionDocs(
                category(e["category"], f"{where}.category"),
                e.get("window_days_param"),
                e.get("not_met"),
            )
    doc_types = {t: category(key, f"doc_types.{t}") for t, key in top["doc_types"].items()}
    records = {}
    for code, text in top["records"].items():
        if not isinstance(text, str) or not text.strip():
            raise DocumentCodesError(f"{RELPATH}: records.{code}: expected a sentence")
        records[str(code)] = text
    return DocumentCodes(categories, criteria, doc_types, records)


def check_against(codes: DocumentCodes, policies: list) -> None:  # noqa: ANN001 - Policy objects
    """Entries for a criterion or policy id that no bundled policy has: a misspelling that would
    leave the real criterion on the fallback category.  Window parameters must exist too."""
    known = {(p.id, c.id): c for p in policies for c in p.criteria}
    ids = {p.id for p in policies}
    for (pid, cid), entry in codes.criteria.items():
        if pid not in ids:
            raise DocumentCodesError(f"{RELPATH}: criteria.{pid}: no policy has that id")
        crit = known.get((pid, cid))
        if crit is None:
            raise DocumentCodesError(
                f"{RELPATH}: criteria.{pid}.{cid}: policy '{pid}' has no criterion '{cid}'"
            )
        if entry.window_days_param and entry.window_days_param not in crit.params:
            raise DocumentCodesError(
                f"{RELPATH}: criteria.{pid}.{cid}.window_days_param: the criterion has no "
                f"parameter '{entry.window_days_param}'"
            )


def unmapped(codes: DocumentCodes, policies: list) -> list[str]:
    """``policy/criterion`` of every criterion of ``policies`` the table does not map."""
    return [
        f"{p.id}/{c.id}" for p in policies for c in p.criteria if (p.id, c.id) not in codes.criteria
    ]


@cache
def document_codes() -> DocumentCodes:
    """The packaged table, parsed and checked against the bundled policies (cached)."""
    from casebrief.policy.loader import list_policies

    codes = parse(load_yaml(RELPATH))
    check_against(codes, list_policies())
    return codes
