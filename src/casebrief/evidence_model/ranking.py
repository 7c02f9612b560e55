"""Rank each criterion's quotes, decisive first, and keep at most five in view.

The rules decide a criterion's status and gather its candidate quotes; the evidence scorer
orders them (ties keep the rules' order).  It also reads the rest of the packet: for a criterion
the rules decided on what they found (met, not met, or for review), the lexical stage scores
every sentence, the encoder rescores the best :data:`POOL`, and those scoring at least
:data:`FLOOR` compete for the five places with the rules' quotes, which keep a head start of
:data:`RULES_MARGIN`.  Why: a labelled decisive phrase is often a sentence no rule parses ("No
further visits scheduled", "PHYSICAL EXAM: Deferred - video visit."); the reviewer should see
it.  Such quotes are marked ``found_by="model"``: the status never rests on them.

On our dev sets, in folds by author batch, a gold phrase was among the five shown quotes 0.77 of
the time against 0.67 in the rules' own order, and among the first three 0.94 against 0.89
(826 cases, status-aware head; ``casebrief train-evidence-model`` prints the figures).  The
quotes beyond :data:`SHOWN` stay in the brief as ``more_evidence``.

The model reorders all of a criterion's candidates (:data:`RANKED` only guards a pathological
record).  It once reordered only the rules' first eight and left the rest in the rules' order,
though its cross-validated figures above were measured over all of them: a therapy criterion
citing fourteen episodes kept a labelled "Total attended 6 / booked 6" in ninth place.
Reordering them all raised dev evidence recall 0.795 -> 0.807 (real/dev unchanged).
"""

from __future__ import annotations

import re
from dataclasses import replace

import numpy as np

from casebrief.evidence_model.lexical import MIN_CHARS, terms
from casebrief.evidence_model.scorer import EvidenceScorer, criterion_text
from casebrief.facts.evidence import MAX_QUOTE, Evidence, sentence_evidence, whole_lines
from casebrief.facts.mentions import regions_in
from casebrief.lexicon import cue
from casebrief.policy.result import Outcome
from casebrief.policy.schema import Criterion, Policy

SHOWN = 5
RANKED = 24  # the rules' candidates the model reorders (they cite at most ~22); a guard only
# statuses decided on what the packet says: a missing or not-applicable criterion has nothing
# for a found sentence to stand beside
SEARCHED = frozenset({"met", "not_met", "needs_review"})
POOL = 4  # the lexical stage's best sentences per criterion that the encoder rescores
FLOOR = 1.0  # a found sentence's least score (head logit + weighted lexical score)
RULES_MARGIN = 6.0  # the rules' quotes' head start over found sentences
NEAR_REPEAT = 0.8  # word overlap (Jaccard) at which a quote repeats an earlier one
REPEAT_MIN_CHARS = 25  # a shorter quote inside a longer one is a word, not a repeat
# POOL, FLOOR and RULES_MARGIN were chosen on dev folds by author batch: 2-6, 0-2 and 3-6 all
# gave shown recall 0.73-0.77 and evidence@3 0.91-0.93


class PacketSentences:
    """The packet's sentences as the scorer reads them (request forms left out, as in
    training), with their term sets; built once per case."""

    def __init__(self, view) -> None:  # noqa: ANN001 - facts.mentions.MentionIndex
        self.items: list[tuple[object, int, int, str]] = []
        seen: set[str] = set()
        for d in view.documents:
            if d.type == "request_form":
                continue
            for s, e in view.sentences(d):
                text = d.text[s:e].strip()
                key = " ".join(text.split()).lower()
                if len(text) < MIN_CHARS or len(text) > MAX_QUOTE or key in seen:
                    continue  # a copied-forward sentence is one candidate
                seen.add(key)
                self.items.append((d, s, e, text))
        self.term_sets = [terms(t) for *_, t in self.items]

    def best(
        self,
        scorer: EvidenceScorer,
        key: str,
        exclude: list[Evidence],
        k: int,
        region: str | None = None,
    ) -> list:
        """The ``k`` sentences the lexical stage scores highest for criterion ``key`` that do
        not overlap a quote in ``exclude`` and do not name only another region than ``region``
        ("right shoulder physical therapy 10 visits" for a lumbar criterion: therapy the rules
        would never count is no evidence to show either)."""
        if not self.items or scorer.lexical is None:
            return []
        lex = scorer.lexical_scores(key, self.term_sets)
        out = []
        for i in np.argsort(-lex, kind="stable"):
            d, s, e, text = self.items[int(i)]
            if any(x.document.id == d.id and x.start < e and s < x.end for x in exclude):
                continue
            named = regions_in(text)
            if region and named and region not in named:
                continue
            out.append(self.items[int(i)])
            if len(out) == k:
                break
        return out


def _norm(text: str) -> str:
    return " ".join(text.split())


def rank_outcomes(
    policy: Policy,
    outcomes: list[tuple[Criterion, Outcome]],
    scorer: EvidenceScorer | None,
    view=None,  # noqa: ANN001 - facts.mentions.MentionIndex; None: no packet search
) -> None:
    """Reorder every outcome's evidence in place, add the sentences the model finds in the
    packet (with ``view``), and move all but the first :data:`SHOWN` to ``more_evidence``.
    Without a scorer the rules' order stands.  Quotes are first widened to their whole lines
    (:func:`~casebrief.facts.evidence.whole_lines`)."""
    for _, o in outcomes:
        o.evidence = whole_lines(o.evidence)
    if scorer is not None:
        pools: dict[str, list] = {}
        if view is not None and scorer.lexical is not None:
            packet = PacketSentences(view)
            for c, o in outcomes:
                if o.status in SEARCHED:
                    pools[c.id] = packet.best(
                        scorer, f"{policy.id}/{c.id}", o.evidence, POOL, c.params.get("region")
                    )
        texts = sorted(
            {
                _norm(e.quote)
                for c, o in outcomes
                if len(o.evidence) > 1 or pools.get(c.id)
                for e in o.evidence[:RANKED]
            }
            | {_norm(t) for pool in pools.values() for *_, t in pool},
            key=len,
        )
        emb = dict(zip(texts, scorer.encoder.encode(texts), strict=True)) if texts else {}
        for c, o in outcomes:
            pool = pools.get(c.id, [])
            if len(o.evidence) < 2 and not pool:
                continue
            key, query = f"{policy.id}/{c.id}", criterion_text(c.title, c.missing_documentation)
            head, tail = o.evidence[:RANKED], o.evidence[RANKED:]
            ranked: list[tuple[float, int, int, Evidence]] = []
            if head:
                qs = [_norm(e.quote) for e in head]
                s = scorer.scores(key, query, np.vstack([emb[q] for q in qs]), qs, o.status)
                ranked += [
                    (float(v) + RULES_MARGIN, 0, i, e)
                    for i, (v, e) in enumerate(zip(s, head, strict=True))
                ]
            if pool:
                ps = [_norm(t) for *_, t in pool]
                s = scorer.scores(key, query, np.vstack([emb[p] for p in ps]), ps, o.status)
                shown = [_norm(e.quote).lower() for e in o.evidence]
                for i, (v, (d, a, b, _)) in enumerate(zip(s, pool, strict=True)):
                    if v < FLOOR:
                        continue
                    # no rule read it: a sentence that states a condition or a plan ("to attend
                    # A&E if it occurs", "will start PT") is labelled hypothetical, not present
                    told = (
                        "hypothetical"
                        if cue("common.conditional").search(d.text, a, b)
                        else "present"
                    )
                    ev = replace(sentence_evidence(d, a, b, assertion=told), found_by="model")
                    ev = whole_lines([ev])[0]
                    line = _norm(ev.quote).lower()
                    if any(line in q or q in line for q in shown):
                        continue  # the same words already quoted (a copied-forward line)
                    shown.append(line)
                    ranked.append((float(v), 1, i, ev))
            ranked.sort(key=lambda t: (-t[0], t[1], t[2]))
            o.evidence = [e for *_, e in ranked] + tail
            o.scores = [
                round(v - (RULES_MARGIN if kind == 0 else 0.0), 3) for v, kind, *_ in ranked
            ]
    for _, o in outcomes:
        o.evidence, kept = merge_overlapping(o.evidence)
        if o.scores:
            o.scores = [o.scores[i] for i in kept if i < len(o.scores)]
        order = distinct_first([e.quote for e in o.evidence])
        o.evidence = [o.evidence[i] for i in order]
        if o.scores:
            padded = o.scores + [float("nan")] * (len(order) - len(o.scores))
            o.scores = [padded[i] for i in order][:SHOWN]
        o.more_evidence = o.evidence[SHOWN:]
        o.evidence = o.evidence[:SHOWN]


def merge_overlapping(items: list[Evidence]) -> tuple[list[Evidence], list[int]]:
    """The quotes with each one that shares characters with a higher-ranked quote of the same
    record, or stands beside it as one passage (:func:`_one_passage`), folded into it (the union of
    the two spans, at the higher one's place), and the indices of the quotes kept.

    Why: quotes are widened to whole lines, and in wrapped prose two sentences share a line, so
    the rules' and the model's candidates came out as overlapping windows of one paragraph
    ("...referred by her dentist ... Husband says she" and "... Husband says she / snores most
    nights, louder on her back"): two or three of the five places held one passage, cut at
    different lines.  One quote of their union reads as the paragraph does and frees the other
    places.  The same holds for candidates on neighbouring lines -- a report's "EXAM DATE" line
    above its impression, a download's usage rows, a visit's "S:" and "O:" lines -- and for two
    sentences of one dictated line: shown as one passage, on our dev sets a labelled decisive
    phrase was among the five shown quotes 0.847 of the time against 0.824 when only overlapping
    quotes were folded (real/dev, dictated prose, 0.869 against 0.853; evidence@3 0.967 / 0.944
    against 0.962 / 0.944), for about a seventh more characters shown (a mean quote of 136
    characters against 119).  Quotes told differently (one negated, one present) stay apart, as
    do neighbouring quotes one of which only the evidence model found: its ``found_by`` tells
    the reviewer no rule read it (folding those too would have shown 0.858 / 0.880, but a rules
    quote would hold words no rule read).  A union longer than
    :data:`~casebrief.facts.evidence.MAX_QUOTE` is not made (``distinct_first`` still moves a
    near repeat behind)."""
    out: list[Evidence] = []
    kept: list[int] = []
    for i, ev in enumerate(items):
        for j, k in enumerate(out):
            if (
                k.document.id == ev.document.id
                and k.assertion == ev.assertion
                and (_overlap(k, ev) or (k.found_by == ev.found_by and _one_passage(k, ev)))
                and max(k.end, ev.end) - min(k.start, ev.start) <= MAX_QUOTE
            ):
                out[j] = replace(k, start=min(k.start, ev.start), end=max(k.end, ev.end))
                break
        else:
            out.append(ev)
            kept.append(i)
    return out, kept


def _one_passage(a: Evidence, b: Evidence) -> bool:
    """Whether two quotes of one record that share no characters are one passage: sentences of
    one line (a dictated paragraph is often one long line: "He had a joint injection back in
    03/2007. This has only provided him with temporary relief."), or whole lines with nothing
    between them but the line break, or with one written line between ("EXAM DATE: 03/12/2024" /
    "COMPARISON: None." / "IMPRESSION: ..."; a log's rows 1 and 3).  A blank line (a paragraph or
    section break) or a page break keeps them apart, as do two lines between."""
    lo, hi = (a, b) if a.end <= b.start else (b, a)
    gap = lo.document.text[lo.end : hi.start]
    if "\f" in gap:
        return False
    parts = gap.split("\n")
    if len(parts) == 1:  # sentences of one line of prose (the union stays within MAX_QUOTE)
        return True
    if len(parts) > 3:
        return False
    edges_blank = not parts[0].strip() and not parts[-1].strip()
    return edges_blank and all(p.strip() for p in parts[1:-1])


def _overlap(a: Evidence, b: Evidence) -> bool:
    return a.start < b.end and b.start < a.end


def _words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"\w+", text.lower()))


def distinct_first(quotes: list[str]) -> list[int]:
    """The quotes' order with every repeat moved behind the distinct ones (its rank among the
    repeats kept): a quote whose words an earlier one holds ("Naproxen 500 mg BID" inside the
    line "Naproxen 500 mg BID - stopped 9/29"), or a copied-forward line with a word or two
    changed (word overlap at least :data:`NEAR_REPEAT`).  Why: five places are all a reviewer
    reads, and the same sentence twice takes one from the next decisive quote; on our dev sets
    328 shown quotes repeated an earlier one."""
    kept: list[int] = []
    repeats: list[int] = []
    norms = [" ".join(q.split()).lower() for q in quotes]
    words = [_words(q) for q in quotes]
    for i, q in enumerate(norms):
        if any(_repeats(q, words[i], norms[k], words[k]) for k in kept):
            repeats.append(i)
        else:
            kept.append(i)
    return kept + repeats


def _repeats(a: str, wa: frozenset[str], b: str, wb: frozenset[str]) -> bool:
    if a == b or (len(a) > REPEAT_MIN_CHARS and a in b) or (len(b) > REPEAT_MIN_CHARS and b in a):
        return True
    return min(len(wa), len(wb)) >= 5 and len(wa & wb) / len(wa | wb) >= NEAR_REPEAT
