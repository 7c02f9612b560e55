"""The evaluator registry, the request context, and helpers every evaluator shares.

Evaluators are registered by name with :func:`evaluator`; policy files refer to them by that
name.  Each topic module (findings, therapy, exams, imaging, measurements, procedures,
programs, evaluations, sleep) holds the evaluators for one kind of question.
"""


from __future__ import annotations

import re
from datetime import date
from typing import Any, Callable

from casebrief.facts.evidence import Evidence
from casebrief.facts.mentions import CaseView, Mention
from casebrief.policy.result import Outcome

Evaluator = Callable[[CaseView, dict[str, Any], "Context"], Outcome]
EVALUATORS: dict[str, Evaluator] = {}


class Context:
    """What an evaluator may know beyond the facts: the request."""

    def __init__(self, request_date: date, request_type: str) -> None:
        self.request_date = request_date
        self.request_type = request_type


def evaluator(name: str) -> Callable[[Evaluator], Evaluator]:
    def deco(fn: Evaluator) -> Evaluator:
        EVALUATORS[name] = fn
        return fn

    return deco


def _fmt(d: date) -> str:
    return d.isoformat()


def _prefer(ms: list[Mention]) -> list[Evidence]:
    """Evidence from mentions, latest documents first, one per sentence."""
    seen = set()
    out = []
    for m in sorted(ms, key=lambda m: (m.document.date or date.min), reverse=True):
        key = (m.document.id, m.sent_start)
        if key not in seen:
            seen.add(key)
            out.append(m.evidence())
    return out


def _sentences(view: CaseView, rx: re.Pattern[str], docs=None) -> list[Evidence]:
    return view.sentences_matching(rx, docs)


def _mention_evidence(view: CaseView, concepts, assertions=("present",), region: str | None = None, docs=None) -> list[Evidence]:
    ms = [m for m in view.find(concepts=concepts, assertions=set(assertions)) if (docs is None or m.document in docs)
          and (region is None or view.on_region(m, region))]
    return _prefer(ms)


_DENIED_BEFORE = re.compile(r"\b(?:no|not|without|denies|denied|negative for|only for|if|would|should|unless|any)\b[^.;]{0,45}$", re.I)


def _affirmed(rx: re.Pattern[str], sentence: str) -> bool:
    """Some match of ``rx`` in ``sentence`` is not preceded by a negation or a condition."""
    return any(not _DENIED_BEFORE.search(sentence[max(0, m.start() - 60) : m.start()]) for m in rx.finditer(sentence))


_PLAN_WORDS = re.compile(r"\b(?:refer\w*|appt|appointment|schedul\w*|will|plan\w*|pending|requested|to be)\b", re.I)
