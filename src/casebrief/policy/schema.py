"""The policy file format, validated with pydantic (unknown keys are errors).

A policy declares its criteria: which evaluator reads the facts, with which parameters
(thresholds, windows counted back from the request date, modality groups), which
criteria a waiver waives, and when a conditional criterion applies.  Evaluators are
generic and registered by name in :mod:`casebrief.policy.evaluators`; a payer edits
thresholds and windows in YAML, not code.

A policy file may be dated: ``effective_from`` and ``effective_to`` (YYYY-MM-DD, both
inclusive, either may be left out for an open end) say on which request dates this version
is in effect.  Several files may hold versions of one policy id; the registry
(:mod:`casebrief.policy.registry`) checks that their periods do not overlap and picks the
version in effect on a case's request date.  An undated file is in effect on every date,
so it must be the only version of its id.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from casebrief.lexicon import LexiconError, cue

Kind = Literal["requirement", "waiver", "exclusion"]
CUE_PARAMS = {
    "screen_cue",
    "normal_cue",
    "support_cue",
    "document_cue",
    "qualified_cue",
    "unqualified_provider_cue",
    "support_filter_cue",
    "with_pain_cue",
    "other_cause_cue",
    "own_cause_cue",
    "negation_void_cue",
    "program_document_cue",
    "discount_cue",
    "unrated_cue",
    "severity_cue",
    "explanation_cue",  # also read inside the entries of finding_documented's "explained"
    "unless_named",  # read only inside those entries: a diagnosis that keeps its mentions
    "instrument_cue",  # a function questionnaire's name, no limitation by itself
}  # parameters that name a cue (lexicons/cues/<area>.yaml)
# parameters that name concepts of lexicons/concepts.yaml
CONCEPT_PARAMS = {
    "concepts",
    "support_concepts",
    "against_concepts",
    "with_concepts",
    "findings",
    "normal_findings",
    "severe_concepts",
    "mild_concepts",
    "symptom_concepts",
    "historical_counts",
    "new_only",  # concepts the policy wants new: a longstanding one is not a red flag
    "insufficient_modalities",
    "recent_days",  # concept -> days: a mention dated longer before its note is history
    "discounted",  # concepts whose mention does not count in a record matching discount_cue
    "told_old",  # concepts whose mention the words around it call old or of another bone
    "with_new_pain",  # concepts that count only beside new back pain (a cancer history)
    "disputed_by_denial",  # concepts whose mention a later record's denial disputes
    "disputed_same_visit",  # concepts whose mention another record of the same day denies
    "lumbar_only",  # concepts that do not count when told of the cervical or thoracic spine
    "with_back_pain",  # concepts that count only in a packet documenting back pain (a fever)
    "with_acute_pain",  # concepts that count only beside new or acute back pain (osteoporosis)
    "severity_required",  # concepts whose bare mechanism ("MVC") needs its force told
    "disputed_history",  # personal histories another record's explicit denial disputes
    "off_the_back",  # concepts that do not count when told only of another body region
    "negated_mild_concepts",  # concepts whose denial on a film is a mild read (no significant OA)
}
STATUSES = ("met", "not_met", "missing", "not_applicable", "needs_review")


class AppliesWhen(BaseModel):
    model_config = ConfigDict(extra="forbid")
    request_type: list[str] | None = None


class Criterion(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    kind: Kind
    evaluator: str
    params: dict[str, Any] = Field(default_factory=dict)
    waives: list[str] = Field(default_factory=list)
    applies_when: AppliesWhen | None = None
    unit: str | None = None
    missing_documentation: str
    not_met_documentation: str | None = None
    rationales: dict[str, str] = Field(
        default_factory=dict
    )  # overrides of the evaluator's rationale templates


class Policy(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    version: str
    title: str
    codes: list[str] = Field(min_length=1)
    criteria: list[Criterion] = Field(min_length=1)
    effective_from: date | None = None  # first request date this version is in effect on
    effective_to: date | None = None  # last request date this version is in effect on
    # where this version came from: "bundled" or the payer file's name (set by the loader,
    # never read from the file; the brief names it), and the path errors name
    _source: str | None = PrivateAttr(default=None)
    _origin: str | None = PrivateAttr(default=None)

    @property
    def source(self) -> str | None:
        """``"bundled"`` or the name (not the path) of the payer file this version came from."""
        return self._source

    @property
    def origin(self) -> str:
        """The file this version came from, as error messages name it."""
        return self._origin or self._source or f"policy '{self.id}'"

    def from_file(self, source: str, origin: str) -> Policy:
        """Record where this version came from (the loader calls it); returns ``self``."""
        self._source, self._origin = source, origin
        return self

    def in_effect(self, on: date) -> bool:
        """Whether a request dated ``on`` falls in this version's period (both ends inclusive)."""
        return (self.effective_from is None or self.effective_from <= on) and (
            self.effective_to is None or on <= self.effective_to
        )

    @property
    def period(self) -> str:
        """The effective period in words, for listings and error messages."""
        start, end = self.effective_from, self.effective_to
        if start and end:
            return f"{start.isoformat()} to {end.isoformat()}"
        if start:
            return f"from {start.isoformat()}"
        if end:
            return f"until {end.isoformat()}"
        return "always (undated)"

    @field_validator("effective_from", "effective_to", mode="before")
    @classmethod
    def _full_date(cls, v: object) -> object:
        # YAML reads an unquoted 2026-01-01 as a date already; a quoted one must be exactly
        # YYYY-MM-DD (pydantic alone would also take timestamps and date-times)
        if v is None or (isinstance(v, date) and type(v) is date):
            return v
        if isinstance(v, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", v.strip()):
            try:
                return date.fromisoformat(v.strip())
            except ValueError:
                pass
        msg = f"'{v}' is not a date (expected YYYY-MM-DD)"
        raise ValueError(msg)

    @model_validator(mode="after")
    def _check_period(self) -> Policy:
        if self.effective_from and self.effective_to and self.effective_to < self.effective_from:
            msg = (
                f"effective_to {self.effective_to.isoformat()} is before "
                f"effective_from {self.effective_from.isoformat()}"
            )
            raise ValueError(msg)
        return self

    @field_validator("codes")
    @classmethod
    def _codes_upper(cls, v: list[str]) -> list[str]:
        return [c.strip().upper() for c in v]

    @model_validator(mode="after")
    def _check_references(self) -> Policy:
        from casebrief.policy.evaluators import EVALUATORS
        from casebrief.policy.evaluators.base import default_rationales, template_fields

        ids = [c.id for c in self.criteria]
        dupes = {i for i in ids if ids.count(i) > 1}
        if dupes:
            msg = f"duplicate criterion ids {sorted(dupes)}"
            raise ValueError(msg)
        for c in self.criteria:
            if c.evaluator not in EVALUATORS:
                msg = (
                    f"criterion '{c.id}': unknown evaluator '{c.evaluator}' "
                    f"(known: {', '.join(sorted(EVALUATORS))})"
                )
                raise ValueError(msg)
            for w in c.waives:
                if w not in ids:
                    msg = f"criterion '{c.id}' waives unknown criterion '{w}'"
                    raise ValueError(msg)
            if c.waives and c.kind != "waiver":
                msg = f"criterion '{c.id}' waives others but its kind is '{c.kind}', not 'waiver'"
                raise ValueError(msg)
            defaults = default_rationales().get(c.evaluator, {})
            for key, template in c.rationales.items():
                if key not in defaults:
                    msg = (
                        f"criterion '{c.id}': rationale '{key}' is not one "
                        f"of {c.evaluator}'s ({', '.join(sorted(defaults))})"
                    )
                    raise ValueError(msg)
                extra = template_fields(template) - template_fields(defaults[key])
                if extra:
                    msg = (
                        f"criterion '{c.id}': rationale '{key}' uses fields "
                        f"{sorted(extra)} its evaluator does not give "
                        f"(it gives {sorted(template_fields(defaults[key]))})"
                    )
                    raise ValueError(msg)
            _check_ids(c)
            # finding_documented's "explained": {concept: {explanation_cue, later,
            # unless_named}}, each
            # checked like a criterion's own concepts and cue
            for concept, entry in (c.params.get("explained") or {}).items():
                _check_explained(c, concept, entry)
            for param in CUE_PARAMS & set(c.params):
                try:
                    cue(c.params[param])
                except LexiconError as exc:
                    msg = f"criterion '{c.id}': {param}: {exc}"
                    raise ValueError(msg) from None
        return self


def _check_explained(c: Criterion, concept: str, entry: Any) -> None:
    """One entry of ``explained``: a known concept and existing cues (the explanation's and,
    when given, ``unless_named``)."""
    from casebrief.nlp.concepts import concept_table

    if not isinstance(entry, dict) or set(entry) - {"explanation_cue", "later", "unless_named"}:
        msg = (
            f"criterion '{c.id}': explained: each entry is {{explanation_cue, later, unless_named}}"
        )
        raise ValueError(msg)
    if concept not in concept_table():
        msg = f"criterion '{c.id}': explained: unknown concept {concept!r}"
        raise ValueError(msg)
    try:
        cue(entry["explanation_cue"])
        if entry.get("unless_named"):
            cue(entry["unless_named"])
    except (KeyError, LexiconError) as exc:
        msg = f"criterion '{c.id}': explained: {exc}"
        raise ValueError(msg) from None


def _check_ids(c: Criterion) -> None:
    """Concept ids and modality groups a criterion names must exist (a typo would never match)."""
    from casebrief.facts.therapy import modality_groups
    from casebrief.nlp.concepts import concept_table

    known = concept_table()
    therapy = c.evaluator.startswith(
        "therapy_"
    )  # a therapy's modalities are groups, an imaging's concepts
    for param in sorted(
        (CONCEPT_PARAMS | ({"modalities"} if not therapy else set())) & set(c.params)
    ):
        unknown = sorted(set(c.params[param]) - set(known))
        if unknown:
            msg = f"criterion '{c.id}': {param}: unknown concepts {unknown}"
            raise ValueError(msg)
    if therapy and "modalities" in c.params:
        unknown = sorted(set(c.params["modalities"]) - set(modality_groups()))
        if unknown:
            msg = f"criterion '{c.id}': modalities: unknown modality groups {unknown}"
            raise ValueError(msg)
