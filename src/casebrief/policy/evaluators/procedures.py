"""Prior procedures (epidural injections) and the response they gave."""

from __future__ import annotations

import re
from typing import Any

from casebrief.facts.evidence import sentence_evidence
from casebrief.facts.mentions import CaseView
from casebrief.lexicon import cue
from casebrief.nlp.dates import number_value, unit_days
from casebrief.policy.evaluators.base import (
    Context, _prefer, evaluator,
)
from casebrief.policy.result import Outcome


_RELIEF_FOR = cue("procedures.relief_lasted")
_INJECTION_WORDS = re.compile(r"\b(?:injection|inj|esi|tfesi|ilesi|epidural|block|shot|snrb)\b", re.I)


@evaluator("prior_procedure_response")
def prior_procedure_response(view: CaseView, p: dict[str, Any], ctx: Context) -> Outcome:
    """Conditional: only when a prior procedure is documented; its relief % and duration."""
    prior = [m for m in view.find(concepts=p["concepts"], assertions={"present", "historical"})
             if not re.search(r"\b(?:request|requesting|authori[sz]ation|precert|proceed with|schedul|plan|candidate|cpt|proposed|order|prefers?|try|wants?|would like|interested|consider|discuss)", m.sentence, re.I)
             and m.document.type not in {"fax_cover"}]
    prior = [m for m in prior if re.search(r"\b(?:prior|previous|previously|last|had|received|underwent|s/p|status post|in (?:19|20)\d\d|\d{1,2}/\d{2,4}|ago|relief|helped|gave|first|performed|done)\b", m.sentence, re.I)
             or m.document.type == "procedure_note" and m.document.date and m.document.date < ctx.request_date]
    if not prior:
        return Outcome("not_applicable", "No prior procedure of this kind is documented, so this criterion does not apply.")
    docs_sents: list[tuple[Any, int, int]] = []
    for m in prior:
        sents = view.sentences(m.document)
        if m.document.type == "procedure_note":  # its addenda report the response, anywhere in the note
            docs_sents.extend((m.document, s, e) for s, e in sents)
            continue
        idx = next((i for i, (s, e) in enumerate(sents) if s <= m.start < e), None)
        if idx is None:
            continue
        for s, e in sents[idx : idx + 3]:
            docs_sents.append((m.document, s, e))
    for m in prior:  # plus any sentence of that document that reports relief from an injection
        for s, e in view.sentences(m.document):
            if _INJECTION_WORDS.search(m.document.text, s, e) and re.search(r"relief|improv|better|benefit|helped", m.document.text[s:e], re.I):
                docs_sents.append((m.document, s, e))
    reliefs = []
    for d, s, e in docs_sents:
        for mm in d.doc._.measurements:
            if mm.kind == "relief_percent" and s <= mm.start < e and not re.search(r"\b(?:if|would|will|expect\w*|goal|hope\w*|should)\b", d.text[s:e], re.I):
                reliefs.append((d, s, e, mm.value))
        if re.search(r"\bno (?:significant |meaningful )?(?:relief|benefit|improvement)\b|did not help|without relief", d.text[s:e], re.I) \
                and not re.search(r"\b(?:if|would|will|expect\w*|hope\w*|unless|should)\b", d.text[s:e], re.I):
            reliefs.append((d, s, e, 0.0))
    if not reliefs:
        return Outcome("missing", "A prior procedure is documented, but its response (percent relief and how long it lasted) is not.").cite(_prefer(prior), 2)
    d, s, e, pct = max(reliefs, key=lambda r: r[3])
    text = d.text[s:e]
    durs = [number_value(m.group("num")) * unit_days(m.group("unit")) for m in _RELIEF_FOR.finditer(text)]
    months = max(durs, default=0) / 30.4
    ev = [sentence_evidence(d, s, e)]
    if pct >= p["min_relief_percent"] and months >= p["min_months"]:
        return Outcome("met", f"Prior procedure gave {pct:.0f}% relief for {months:.1f} months (≥ {p['min_relief_percent']}% for ≥ {p['min_months']} months).").cite(ev, 2)
    if pct >= p["min_relief_percent"] and not durs:
        return Outcome("missing", f"Prior procedure gave {pct:.0f}% relief, but how long it lasted is not documented.").cite(ev, 2)
    del text
    return Outcome("not_met", f"Prior procedure gave {pct:.0f}% relief" + (f" for {months:.1f} months" if durs else "") + f"; ≥ {p['min_relief_percent']}% for ≥ {p['min_months']} months is required.").cite(ev, 2)
