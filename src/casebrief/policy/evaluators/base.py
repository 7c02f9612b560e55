"""The evaluator registry, the request context, and helpers every evaluator shares.

Evaluators are registered by name with :func:`evaluator`; policy files refer to them by that
name.  Each topic module (findings, therapy, exams, imaging, measurements, procedures,
programs, evaluations, sleep) holds the evaluators for one kind of question.  What an
evaluator says is not written in code: :meth:`Context.say` fills a rationale template,
taken from the criterion's own ``rationales`` in its policy file, else from the evaluator's
default in ``resources/rationales.yaml``.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Mapping
from datetime import date
from functools import lru_cache
from typing import Any

from casebrief.facts.evidence import Evidence
from casebrief.facts.mentions import CaseView, Mention
from casebrief.facts.sides import sides_named, this_side
from casebrief.lexicon import cue
from casebrief.policy.result import Outcome
from casebrief.resources import load_yaml

Evaluator = Callable[[CaseView, dict[str, Any], "Context"], Outcome]
EVALUATORS: dict[str, Evaluator] = {}
RATIONALES_FILE = "rationales.yaml"


@lru_cache(maxsize=1)
def default_rationales() -> dict[str, dict[str, str]]:
    """Evaluator name -> outcome key -> rationale template."""
    return load_yaml(RATIONALES_FILE)


def template_fields(template: str) -> set[str]:
    """The ``{field}`` names a template uses."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


class Context:
    """What an evaluator may know beyond the facts: the request, and how to phrase its rationale."""

    def __init__(
        self,
        request_date: date,
        request_type: str,
        evaluator_name: str | None = None,
        rationales: Mapping[str, str] | None = None,
        side: str | None = None,
    ) -> None:
        self.request_date = request_date
        self.request_type = request_type
        self.side = side  # "right" / "left" / "both" when the request's codes name a side
        self.evaluator_name = evaluator_name
        self.rationales = dict(default_rationales().get(evaluator_name or "", {}))
        self.rationales.update(rationales or {})

    def for_criterion(self, evaluator_name: str, rationales: Mapping[str, str] | None) -> Context:
        return Context(
            self.request_date, self.request_type, evaluator_name, rationales, side=self.side
        )

    def say(self, key: str, **fields: Any) -> str:
        """The rationale ``key`` of this criterion's evaluator, with ``fields`` filled in."""
        return self.rationales[key].format(**fields)


def evaluator(name: str) -> Callable[[Evaluator], Evaluator]:
    def deco(fn: Evaluator) -> Evaluator:
        EVALUATORS[name] = fn
        return fn

    return deco


def fmt_date(d: date) -> str:
    return d.isoformat()


def prefer(ms: list[Mention]) -> list[Evidence]:
    """Evidence from mentions, latest documents first, one per sentence."""
    seen = set()
    out = []
    for m in sorted(ms, key=lambda m: m.document.date or date.min, reverse=True):
        key = (m.document.id, m.sent_start)
        if key not in seen:
            seen.add(key)
            out.append(m.evidence())
    return out


def mention_evidence(
    view: CaseView, concepts, assertions=("present",), region: str | None = None, docs=None
) -> list[Evidence]:
    ms = [
        m
        for m in view.find(concepts=concepts, assertions=set(assertions))
        if (docs is None or m.document in docs) and (region is None or view.on_region(m, region))
    ]
    return prefer(ms)


def affirmed(rx: re.Pattern[str], sentence: str) -> bool:
    """Some match of ``rx`` in ``sentence`` is not preceded by a negation or a condition."""
    denied = cue("common.denied_before")
    return any(
        not denied.search(sentence[max(0, m.start() - 60) : m.start()])
        for m in rx.finditer(sentence)
    )


def not_planned(evidence: list[Evidence]) -> list[Evidence]:
    """Evidence whose sentence is not about what will be done (referrals, appointments, plans)."""
    plan = cue("common.plan_words")
    return [e for e in evidence if not plan.search(e.quote)]


def work_kind(matched: str) -> str:
    """What kind of work a match names: its first word's first five letters ("calorie" and
    "calories", "meal plan" and "meal pattern" are one kind)."""
    words = matched.lower().split()
    return words[0][:5] if words else ""


def documents_doing(view: CaseView, rx: re.Pattern[str], minimum: int) -> list:
    """(document, matches) for documents showing ``minimum`` distinct kinds of the work ``rx``
    names (a dietitian's: food records, meal plan, calories ...), not written by a physician-run
    program (cue evaluations.not_a_dietitian_note), nor only planned."""
    out = []
    for d in view.documents:
        if d.type in {"request_form", "fax_cover"} or cue(
            "evaluations.not_a_dietitian_note"
        ).search(d.text):
            continue
        hits = [
            m
            for m in rx.finditer(d.text)
            if not cue("evaluations.not_completed").search(
                d.text[max(0, m.start() - 60) : m.start()]
            )
        ]
        if len({work_kind(m.group(0)) for m in hits}) >= minimum:
            out.append((d, hits))
    return out


def request_side(icd10: list[str], cpt: list[str]) -> str | None:
    """The side a request is for, from its ICD-10 codes and CPT modifiers
    (``lexicons/laterality.yaml``); None when they name none or both sides disagree."""
    table = load_yaml("lexicons/laterality.yaml")
    mods = {m.upper() for c in cpt for m in re.split(r"[-\s:]+", c)[1:]}  # "27447-RT"
    found = set()
    for side, rules in table.items():
        if any(re.match(rx, c.strip(), re.I) for rx in rules["icd10"] for c in icd10):
            found.add(side)
        if mods & set(rules["cpt_modifiers"]):
            found.add(side)
    return found.pop() if len(found) == 1 else None


SIDE_HEADING_LINES = 10  # how far above an unsided finding its paragraph's side heading may lie


def side_of_heading(text: str, start: int) -> set[str]:
    """The side named by the heading of the paragraph a finding sits in, when its own sentence
    names none: "RIGHT KNEE:" above "Severe medial joint space narrowing ... Kellgren-Lawrence
    grade 4."  A blank line ends the paragraph."""
    *above, own = text[max(0, start - 800) : start].split("\n")[-SIDE_HEADING_LINES:]
    for i, line in enumerate([own, *reversed(above)]):
        if i and not line.strip():
            break
        named = sides_named(line) - {"both"}
        if len(named) == 1:
            return named
    return set()


def finding_on_side(side: str | None, text: str, sent_start: int, sentence: str, at: int) -> bool:
    """:func:`this_side` for a finding in ``text``, falling back on its heading's side."""
    if side not in {"left", "right"} or sides_named(sentence):
        return this_side(side, sentence, at)
    heading = side_of_heading(text, sent_start)
    return not heading or side in heading


CONFLICT_DAYS = 14  # two accounts of the same fortnight: a contradiction, not a change
ADDENDUM_LINES_BACK = 40  # how far up an addendum's heading is looked for


def addendum_date(view: CaseView, d, offset: int) -> date | None:
    """The day of the addendum a sentence sits in ("ADDENDUM - 06/24/2026" above it), when that
    day is later than its document's: an addendum filed weeks after the note reports what
    happened since.  None otherwise."""
    if d.date is None:
        return None
    heading = addendum_heading(view, d, offset)
    if heading is None:
        return None
    days = [x.value for x in view.dates_in(d, *heading) if x.precision == "day"]
    later = [x for x in days if x > d.date]
    return max(later) if later else None


def addendum_heading(view: CaseView, d, offset: int) -> tuple[int, int] | None:
    """(start, end) of the addendum heading line a sentence at ``offset`` sits under, up to
    :data:`ADDENDUM_LINES_BACK` lines above it; None when it is not in an addendum."""
    lines = view.lines(d)
    number = lines.number(offset)
    heading = cue("common.addendum_heading")
    for n in range(number, max(number - ADDENDUM_LINES_BACK, -1), -1):
        a, b = lines.line(n)
        if heading.search(d.text, a, b):
            return a, b
    return None


_CORRECTION_HEADING_WORD = re.compile(
    r"[ \t\-=*#]*(?:correction|amendment|erratum|corrected\s+(?:entry|note|letter|report))\b",
    re.IGNORECASE,
)


def corrects_under_heading(d, heading: tuple[int, int], start: int, end: int) -> bool:
    """Whether the addendum under ``heading`` corrects what stands at ``start:end``: a word of
    correction (cue common.correction) from the heading to it, the heading's own "CORRECTION"
    aside -- that word makes the heading, it does not say what is corrected: "Correction: her
    preferred pharmacy is CVS" above "the pain drops to 2/10 when lying flat" corrects no pain
    score (review of 857a48b) -- unless the value stands on the heading's own line
    ("CORRECTION: pain today is 7/10, not 2/10")."""
    a = heading[0]
    word = _CORRECTION_HEADING_WORD.match(d.text, a)
    if word is not None:
        if start < heading[1]:
            return True
        a = word.end()
    return bool(cue("common.correction").search(d.text, a, end))


HEADING_LINES_BACK = 40  # how far up a sentence the heading of its section is looked for


def heading_category(view: CaseView, d, offset: int) -> str | None:
    """The section category (``sections.yaml``) of the nearest header line at or above the
    line of ``offset``, up to :data:`HEADING_LINES_BACK` lines; None when there is none."""
    from casebrief.nlp.sections import header_category

    lines = view.lines(d)
    number = lines.number(offset)
    for n in range(number, max(number - HEADING_LINES_BACK, -1), -1):
        a, b = lines.line(n)
        category = header_category(d.text[a:b])
        if category is not None:
            return category
    return None


def told_of_someone_else(view: CaseView, d, sent_start: int, hit_start: int) -> bool:
    """A sentence's account belongs to someone other than the patient: it sits under a family
    history heading ("Family history: father with OSA, compliant with CPAP"), or a relative is
    the subject of the clause that tells it ("His wife also ... uses her CPAP every night").
    Why: a narrative rule reading a sentence's words, not a mention's assertion, would take a
    relative's use or program for the patient's."""
    relative, ends = cue("common.relative_subject"), cue("common.relative_not_subject")
    as_object = cue("common.relative_as_object")
    for m in relative.finditer(d.text, sent_start, hit_start):
        if not ends.match(d.text[m.end() : hit_start]) and not as_object.search(
            d.text[max(sent_start, m.start() - 25) : m.start()]
        ):
            return True
    return heading_category(view, d, sent_start) == "family_history"
