"""Conservative therapy: weeks in the window, kinds of treatment, response, contradictory claims."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from casebrief.facts.dispensing import fills
from casebrief.facts.evidence import Evidence, distinct, sentence_evidence
from casebrief.facts.mentions import CaseView, Mention, spinal_regions_in
from casebrief.facts.therapy import (
    Episode,
    episodes,
    group_concepts,
    group_of,
    items_not_received,
    log_entries,
    modality_groups,
    not_given,
    stop_date,
    union_days,
)
from casebrief.lexicon import cue
from casebrief.nlp.dates import find_dates
from casebrief.policy.evaluators.base import (
    CONFLICT_DAYS,
    Context,
    evaluator,
    fmt_date,
    mention_evidence,
    not_planned,
    sides_named,
)
from casebrief.policy.evaluators.exams import entry_date
from casebrief.policy.result import Outcome

MAX_CLAUSES = 4  # a rationale names at most this many therapies; the evidence shows the rest
ABANDONABLE = {
    "pt",
    "chiropractic",
}  # therapies given as a course of visits, which a patient can stop attending


SIDED = {"injection", "bracing"}  # therapies given to one joint: the heading above them names it
SIDE_LOOKBACK = 300  # how far above such a therapy its procedure heading may name the side


def on_requested_side(ep: Episode, side: str | None) -> bool:
    """Whether a therapy may have been given to the requested side: not when every record of it
    names only the other one ("20610-LT", "PROCEDURE: LEFT knee intra-articular injection"
    above "Injected triamcinolone 40 mg") -- the other knee's injection is not this knee's care.
    """
    if side not in {"left", "right"} or not ep.evidence or ep.group not in SIDED:
        return True  # a drug or a program treats the patient, not one knee
    for e in ep.evidence:
        named = sides_named(e.quote)
        if not named and ep.group in SIDED:
            above = e.document.text[max(0, e.start - SIDE_LOOKBACK) : e.start]
            named = sides_named("\n".join(above.splitlines()[-4:]))
        if not named and ep.group in SIDED:
            named = procedure_site(e.document)
        if not named or side in named or "both" in named:
            return True
    return False


SAME_PROCEDURE_DAYS = 31  # later accounts of a one-joint treatment this close are of the same one


def _procedure_side_disputed(view: CaseView, eps: list, side: str | None):
    """A procedure note for a one-joint treatment whose own header names the requested side
    ("PROCEDURE: Intra-articular injection - LEFT knee", "CPT: 20610-LT") while its narrative
    of the procedure names only the other ("The right knee was prepped ... the right knee joint
    was entered"): the packet contradicts itself on which knee was treated (dev25kb-04).  The
    episodes that may be that treatment (the groups the note names, from a month before the
    procedure on: the surgeon's "s/p L knee CSI" retells it) and the two quotes, or None.
    Whether it decides is the caller's: the criterion goes to a reviewer only when the rest
    falls short."""
    if side not in {"left", "right"}:
        return None
    other = "right" if side == "left" else "left"
    action = cue("therapy.procedure_act")
    for d in view.documents:
        if d.type != "procedure_note" or d.date is None:
            continue
        groups = {
            group_of(m.concept)
            for m in view.find(categories=["therapy"], assertions=None)
            if m.document.id == d.id
        } & SIDED
        if not groups:
            continue
        heads = _header_lines_of_side(d, side)
        acts = [
            (a, b)
            for a, b in view.sentences(d)
            if action.search(d.text, a, b) and sides_named(d.text[a:b]) == {other}
        ]
        if not heads or not acts:
            continue
        doubtful = [
            o
            for o in eps
            if o.group in groups and o.end >= d.date - timedelta(days=SAME_PROCEDURE_DAYS)
        ]
        if doubtful:
            return doubtful, [sentence_evidence(d, *heads[0]), sentence_evidence(d, *acts[0])]
    return None


def _header_lines_of_side(d, side: str) -> list[tuple[int, int]]:  # noqa: ANN001 - a Document
    """The spans of a procedure note's header lines ("PROCEDURE: Intra-articular injection -
    LEFT knee", "CPT: 20610-LT") that name ``side`` and no other."""
    header = cue("therapy.procedure_header_line")
    return [
        (x.start(), x.end())
        for x in re.finditer(r"[^\n]+", d.text)
        if header.match(x.group(0)) and sides_named(x.group(0)) == {side}
    ]


def _header_sides(view: CaseView, d) -> tuple[set[str], str]:  # noqa: ANN001 - a Document
    """The sides a procedure note's header lines name ("Procedure: US-guided IA injection RIGHT
    knee, Synvisc 2 mL", "Site: RIGHT KNEE"), and those lines' text."""
    header = cue("therapy.procedure_header_line")
    lines = [ln for ln in d.text.splitlines() if header.match(ln)]
    named: set[str] = set()
    for ln in lines:
        named |= sides_named(ln)
    return named | procedure_site(d), "\n".join(lines)


def _retold_on_other_side(view: CaseView, eps: list, side: str | None):
    """Another record's account of a one-joint treatment on the requested side ("Synvisc
    hyaluronic acid series x3 in the L knee in Nov 2025"), against the procedure notes of that
    treatment, whose every procedure line names only the other side ("US-guided IA injection
    RIGHT knee, Synvisc 2 mL" three times, dev26kn-06): the packet contradicts itself on which
    knee was treated.  The same treatment: the same group and kind (``therapy_groups.yaml``
    ``kinds``: hyaluronic is not a steroid), told within :data:`SAME_PROCEDURE_DAYS` of the
    note; a procedure note of the requested side in those days leaves no dispute.  The
    doubtful episodes and the quotes, or None; whether it decides is the caller's."""
    if side not in {"left", "right"}:
        return None
    other = "right" if side == "left" else "left"
    notes = [d for d in view.documents if d.type == "procedure_note" and d.date is not None]
    near = timedelta(days=SAME_PROCEDURE_DAYS)
    for d in notes:
        named, head = _header_sides(view, d)
        if named != {other}:
            continue
        if any(
            n is not d and side in _header_sides(view, n)[0] and abs(n.date - d.date) <= near
            for n in notes
        ):
            continue
        for group in sorted(SIDED):
            kind = _kind_of(group, head)
            doubtful = [
                ep
                for ep in eps
                if ep.group == group
                and ep.evidence
                and all(ev.document.id != d.id for ev in ep.evidence)
                and all(ev.document.type != "procedure_note" for ev in ep.evidence)
                and any(side in sides_named(ev.quote) for ev in ep.evidence)
                and abs(ep.start - d.date) <= near
                and (kind is None or _kind_of(group, ep.name) in (None, kind))
            ]
            if doubtful:
                lines = _header_lines_of_side(d, other)
                return doubtful, [doubtful[0].evidence[0]] + [
                    sentence_evidence(d, a, b) for a, b in lines[:2]
                ]
    return None


def procedure_site(d) -> set[str]:  # noqa: ANN001 - documents.Document
    """The side a procedure note's own site field names ("Site: RIGHT KNEE   Laterality
    verified w/ pt: YES" below "PROCEDURE NOTE - LARGE JOINT INJECTION"): the side of every
    injection the note records, where the title and the drug's line name none (dev17op-04: the
    right knee's injection counted for the left knee's arthroplasty).  Empty unless the note
    is a procedure note whose site fields name one side only."""
    if d.type != "procedure_note":
        return set()
    field = cue("therapy.procedure_site_field")
    named: set[str] = set()
    for line in d.text.splitlines():
        if field.match(line):
            named |= sides_named(line)
    return named if len(named) == 1 and "both" not in named else set()


def therapy_groups(p: dict[str, Any]) -> set[str]:
    groups = set(p["modalities"])
    unknown = groups - set(modality_groups())
    if unknown:
        msg = f"unknown modalities {sorted(unknown)}"
        raise ValueError(msg)
    return groups


def _label(group: str) -> str:
    """A modality group's label; a policy's own class name ("analgesics") as written."""
    return modality_groups().get(group, {}).get("label", group.replace("_", " "))


def _names(groups) -> str:
    """'Physical therapy and NSAID', as a nurse would list them."""
    names = [_label(g) for g in groups]
    if len(names) > 1:
        return ", ".join(names[:-1]) + " and " + names[-1]
    return names[0] if names else "Therapy"


def _window(days: int | None) -> str:
    if days is None:
        return "record"
    months = round(days / 30.4)
    return f"{months} months" if months >= 2 else f"{days} days"


def course(eps: list[Episode], window_start: date | None, end: date) -> str:
    """One clause per therapy, earliest first: 'Physical therapy 2025-10-20 to 2025-12-12
    (7.6 weeks); NSAID since 2025-10-07 (16.6 weeks)' -- the spans inside the window."""
    by_group: dict[str, list[Episode]] = {}
    for ep in eps:
        if not ep.vague:  # a length given in words has no dates to show
            by_group.setdefault(ep.group, []).append(ep)
    if len(by_group) > 1:  # "conservative measures" adds nothing beside therapies it names
        by_group.pop("unspecified", None)
    spans = []
    for group, items in by_group.items():
        days, merged = union_days(items, window_start, end)
        if not merged:
            continue
        first, last = merged[0][0], merged[-1][1]
        ongoing = any(e.current or e.ongoing for e in items) and last >= end
        pieces = [
            (
                f"since {fmt_date(a)}"
                if ongoing and b == last and a != b
                else f"{fmt_date(a)} to {fmt_date(b)}"
            )
            if a != b
            else f"on {fmt_date(a)}"
            for a, b in merged[:3]
        ]
        if len(merged) > 3:
            pieces.append(f"{len(merged) - 3} more dates")
        when = ", ".join(pieces)
        weeks = f" ({days / 7:.1f} weeks)" if days else ""
        spans.append((first, f"{_label(group)} {when}{weeks}"))
    parts = [text for _, text in sorted(spans)]
    if len(parts) > MAX_CLAUSES:
        parts = parts[:MAX_CLAUSES] + [f"{len(parts) - MAX_CLAUSES} more"]
    return "; ".join(parts) if parts else "No dated therapy in the window"


def _attendance_conflict(
    view: CaseView, eps: list[Episode], min_days: int, window_start: date | None = None
) -> list[Evidence]:
    """Evidence that a therapy claimed as long was in fact abandoned early (same therapy).

    Only a claim that reaches into the window: a course that ended before it counts for
    nothing, so whether it was abandoned decides nothing ("chiropractic, about 8 visits
    May-June 2024" beside this spring's PT discharge for no-shows is no contradiction)."""
    long_claims = [
        ep
        for ep in eps
        if ep.days >= min_days
        and ep.group in ABANDONABLE
        and (window_start is None or ep.end >= window_start)
    ]
    if not long_claims:
        return []
    out: list[Evidence] = []
    failure = cue("therapy.attendance_failure")
    for group in {ep.group for ep in long_claims}:
        concepts = set(group_concepts([group]))
        failures = []
        for d in view.documents:
            for s, e in view.sentences(d):
                if not failure.search(d.text, s, e):
                    continue
                inside = view.mentions_in(d, s, e)
                named = any(m.concept in concepts for m in inside)
                unnamed = d.type == "therapy_note" and not any(
                    m.category == "therapy" for m in inside
                )
                if (named or unnamed) and not _dated_before(d, s, e, long_claims, group):
                    failures.append(sentence_evidence(d, s, e))
        # "cancelled remaining 2 authorized visits" in the record that logs ten visits is how
        # the course ended, not a contradiction of it
        logged_long = {
            ev.document.id for ep in long_claims if ep.group == group for ev in ep.evidence
        }
        failures = [
            f
            for f in failures
            if not (f.document.id in logged_long and cue("therapy.ended_remaining").search(f.quote))
        ]
        if not failures:
            continue
        fail_docs = {f.document.id for f in failures}
        # the record that tells how the course ended early ("Reason for d/c: patient
        # self-discharged", "Visits: 9 (of 12 planned)") and logs its dates itself: a claim
        # that keeps within those dates tells the same course, not a longer one
        logged = _logged_courses(view, eps, group, failures)
        # the therapist's own record of an early end is judged by the course it logs (above),
        # not by its stop day: a claim within the stop day may still start months before it
        ended = _told_end_days([f for f in failures if f.document.type != "therapy_note"])
        claims = [
            ev
            for ep in long_claims
            if ep.group == group
            and not _within_logged(ep, logged, fail_docs)
            and not _within_told_end(ep, ended, fail_docs, eps)
            for ev in ep.evidence
            if ev.document.id not in fail_docs
        ]
        if claims:
            out.extend(failures[:2] + claims[:2])
    return out


LOGGED_SLACK_DAYS = 7  # a claim this close to the logged course's dates tells the same course


def _logged_courses(
    view: CaseView, eps: list[Episode], group: str, failures: list[Evidence]
) -> dict[str, Episode]:
    """The dated course of ``group`` that a therapy note saying it ended early logs itself,
    by document (the longest): the therapist's own record of the course and of its end.  Not
    where an early end is dated before the logged course's last day ("discharged her for
    non-attendance 12/29/25" beside "12 visits 12/08-01/28" in an adjuster's note): that
    tells another, shorter course."""
    docs = {f.document.id for f in failures if f.document.type == "therapy_note"}
    out: dict[str, Episode] = {}
    for ep in eps:
        if ep.group != group or ep.kind != "dated":
            continue
        for d_id in {ev.document.id for ev in ep.evidence} & docs:
            if d_id not in out or ep.days > out[d_id].days:
                out[d_id] = ep
    slack = timedelta(days=LOGGED_SLACK_DAYS)
    for f in failures:
        log = out.get(f.document.id)
        told = [m.value for m in find_dates(f.quote, f.document.date, dmy=f.document.day_first)]
        if log is not None and any(v < log.end - slack for v in told):
            del out[f.document.id]
    return out


def _within_logged(ep: Episode, logged: dict[str, Episode], fail_docs: set[str]) -> bool:
    """Every document that says the course ended early logs it, and ``ep`` runs no longer than
    what each logs (a dated claim: not past its end either)."""
    if not fail_docs or not fail_docs <= set(logged):
        return False
    slack = LOGGED_SLACK_DAYS
    return all(
        ep.days <= log.days + slack
        and (ep.kind != "dated" or ep.end <= log.end + timedelta(days=slack))
        for log in (logged[d_id] for d_id in fail_docs)
    )


def _told_end_days(failures: list[Evidence]) -> dict[str, date]:
    """The last day each failure's record tells the course ran to, in words that date where it
    stopped (cue ``therapy.stopped_after_day``, the date just after them): "she stopped going
    after 1/19 because of the copay" -> 1/19 (by document).  A discharge line's own date is
    not one: "Discharged for non-attendance 12/20" may date the paperwork."""
    out: dict[str, date] = {}
    stopped = cue("therapy.stopped_after_day")
    for f in failures:
        said = stopped.search(f.quote)
        if said is None:
            continue
        days = [
            m.value
            for m in find_dates(f.quote, f.document.date, dmy=f.document.day_first)
            if m.precision == "day" and said.end() <= m.start <= said.end() + 12
        ]
        if days:
            last = max(days)
            out[f.document.id] = max(last, out.get(f.document.id, last))
    return out


def _within_told_end(
    ep: Episode, ended: dict[str, date], fail_docs: set[str], eps: list[Episode]
) -> bool:
    """Every record that says the course ended early dates its end, and the dated claim ``ep``
    ends by then: a letter's "attended physical therapy from mid-December to mid-January" beside
    a physician's "PT discharge summary reviewed - she stopped going after 1/19" tells the one
    short course twice, not a longer course the other account disputes (dev31sc-02: 5.6 weeks
    read for review instead of not met).

    Not a claim that starts well before another record's dated account of that same course
    (one of the same kind that ends with it): "attended physical therapy from 09/15/2025 to
    01/15/2026" beside the therapist's "Dates of service: 12/11/2025 through 01/19/2026" or the
    physician's "started PT on 12/11/2025 and stopped going after 1/19" ends where the short
    course ended, but tells three more months of it -- the accounts disagree on its length
    (review of 8dcdc79: read as 18 weeks met)."""
    if ep.kind != "dated" or not fail_docs or not fail_docs <= set(ended):
        return False
    slack = timedelta(days=LOGGED_SLACK_DAYS)
    if not all(ep.end <= ended[d] + slack for d in fail_docs):
        return False
    own = {ev.document.id for ev in ep.evidence}
    last = max(ended[d] for d in fail_docs) + slack
    return not any(
        o.kind == "dated"
        and o.group == ep.group
        and not own & {ev.document.id for ev in o.evidence}
        and o.start > ep.start + slack
        and ep.end - slack <= o.end <= last
        for o in eps
    )


EARLIER_COURSE_DAYS = 14  # a failure dated this long before a long course is another course


def _dated_before(d, s: int, e: int, claims: list[Episode], group: str) -> bool:
    """A failure sentence whose dates all fall before the long course began tells of an
    earlier course: "referred him for PT in November 2025 - ... that plan of care was never
    started" in the evaluation that opens the May 2026 course is not that course abandoned."""
    found = [m.value for m in find_dates(d.text[s:e], d.date, dmy=d.day_first)]
    if not found:
        return False
    begun = min(ep.start for ep in claims if ep.group == group)
    return all(v < begun - timedelta(days=EARLIER_COURSE_DAYS) for v in found)


@evaluator("therapy_duration")
def therapy_duration(view: CaseView, p: dict[str, Any], ctx: Context) -> Outcome:
    """Union of therapy intervals inside a window, against a minimum in weeks.

    params: modalities (groups), window_days, min_weeks, min_modalities, modality_classes,
    region, require_inadequate_response.
    """
    groups = therapy_groups(p)
    region = p.get("region")
    concepts = group_concepts(groups)
    eps = [
        ep
        for ep in episodes(view, groups, region, side=ctx.side)
        if on_requested_side(ep, ctx.side)
    ]
    window_start = (
        ctx.request_date - timedelta(days=p["window_days"]) if p.get("window_days") else None
    )
    days, merged = union_days(eps, window_start, ctx.request_date)
    weeks = round(days / 7, 1)
    used = sorted({ep.group for ep in eps if (window_start is None or ep.end >= window_start)})
    min_weeks = p["min_weeks"]
    if not eps:
        negated = mention_evidence(view, concepts, ("negated",))
        return Outcome("missing", ctx.say("none_negated" if negated else "none")).cite(negated, 4)
    if days == 0:
        # only undated, one-day mentions: the packet addresses the criterion but documents no
        # countable time (policies.md: not_met with 0 weeks, and the brief asks for the dates)
        return Outcome("not_met", ctx.say("undated", therapies=_names(used)), value=0.0).cite(
            _round_robin(eps)[:4] + not_given(view, groups, region)[:4], 8
        )
    told = course(eps, window_start, ctx.request_date)
    arithmetic = ctx.say(
        "arithmetic",
        therapies=_names(used),
        course=told,
        window=_window(p.get("window_days")),
        days=days,
        weeks=weeks,
        spans=" ∪ ".join(f"{fmt_date(s)}→{fmt_date(e)}" for s, e in merged),
    )
    facts = {"arithmetic": arithmetic, "min_weeks": min_weeks}
    therapy_docs = [
        d
        for d in view.documents
        if (
            d.type == "therapy_note"
            or any(ep.evidence and ep.evidence[0].document is d for ep in eps)
        )
        and view.about_region(d, region)
    ]
    # what a reviewer reads first: the dated episodes, the therapy notes' own visit summaries,
    # and what the packet says was *not* done
    summaries = [
        e
        for e in not_planned(view.sentences_matching(cue("therapy.visit_summary"), therapy_docs))
        if not region or not spinal_regions_in(e.quote) or region in spinal_regions_in(e.quote)
    ]
    evidence = (
        _round_robin(eps)[:18] + summaries[:3] + mention_evidence(view, concepts, ("negated",))[:3]
    )
    conflict = (
        _attendance_conflict(
            view,
            episodes(view, groups, region, include_superseded=True, side=ctx.side),
            # a claimed course of four weeks or more, against a record of it abandoned, is a
            # contradiction even where the policy asks more weeks in all: with at least two
            # kinds required, a short course may be the one that decides (dev7rx-04: "Completed
            # 8 wks of formal PT" against the clinic's "2 of 12 planned visits")
            int(min(min_weeks, CLAIM_CHECKED_WEEKS) * 7),
            window_start,
        )
        or _denied_later(view, eps, window_start)
        or _not_taking(view, eps)
    )
    if conflict:
        return Outcome("needs_review", ctx.say("contradiction", **facts), value=weeks).cite(
            conflict, 4
        )
    unreceived = _not_received(view, eps, window_start, ctx.request_date, p)
    if unreceived is not None:
        evidence_unreceived, say = unreceived
        return Outcome(
            "needs_review", ctx.say("not_received_contradiction", **facts, **say), value=weeks
        ).cite(evidence_unreceived, 8)
    ended = _use_ended_before_claim(view, eps, window_start, ctx.request_date, p)
    if ended is not None:
        evidence_ended, say = ended
        return Outcome(
            "needs_review", ctx.say("ended_contradiction", **facts, **say), value=weeks
        ).cite(evidence_ended, 6)
    # a length stated only in words ("on ibuprofen for years") is surely long but has no number:
    # it decides (and the value is left out) only when the dated therapy alone falls short
    exact_days, _ = union_days([ep for ep in eps if not ep.vague], window_start, ctx.request_date)
    vague = exact_days < min_weeks * 7 and any(
        ep.vague for ep in eps if window_start is None or ep.end >= window_start
    )
    out = Outcome("met", "", value=None if vague else weeks).cite(evidence, 24)
    # short of the rule: what was counted, then what the packet says was not given
    short = distinct(_round_robin(eps)[:4] + not_given(view, groups, region)[:4] + evidence, 24)
    if weeks < min_weeks:
        out.status, out.rationale = "not_met", ctx.say("too_short", **facts)
        out.evidence = short
        return out
    classes = p.get("modality_classes") or {g: [g] for g in groups}
    used_classes = sorted({c for c, members in classes.items() if set(members) & set(used)})
    if p.get("min_modalities") and len(used_classes) < p["min_modalities"]:
        out.status = "not_met"
        out.rationale = ctx.say(
            "too_few_kinds",
            **facts,
            kinds=len(used_classes),
            classes=_names(used_classes),
            min_modalities=p["min_modalities"],
        )
        out.evidence = short
        return out
    disputed, why = _procedure_side_disputed(view, eps, ctx.side), "side_contradiction"
    if not disputed:
        disputed, why = _retold_on_other_side(view, eps, ctx.side), "side_retold_contradiction"
    if disputed:
        doubtful, quotes = disputed
        rest = [ep for ep in eps if ep not in doubtful]
        rest_days, _ = union_days(rest, window_start, ctx.request_date)
        rest_used = {ep.group for ep in rest if window_start is None or ep.end >= window_start}
        rest_classes = {c for c, members in classes.items() if set(members) & rest_used}
        if rest_days < min_weeks * 7 or (
            p.get("min_modalities") and len(rest_classes) < p["min_modalities"]
        ):
            return Outcome("needs_review", ctx.say(why, **facts), value=weeks).cite(
                quotes + evidence, 8
            )
    if p.get("require_inadequate_response"):
        # response() answers in its own words ("improved"), which RESPONSE_STATUS maps to a
        # status; compared with "not_met" itself (since 403c512) the check never fired, and an
        # epidural's conservative care that worked ("about 70% better overall") read as met
        # read plainly (:func:`_taken_back`): a mixed account or an injection's relief is no
        # sign the conservative care worked
        status, evidence = response(view, region, plainly=True)
        if RESPONSE_STATUS[status] == "not_met":
            out.status, out.rationale = "not_met", ctx.say("improved", **facts)
            return out.cite(evidence, 20)
        out.cite(evidence[:4], 20)
    out.rationale = (
        ctx.say(
            "met_unquantified",
            course=_names(sorted({ep.group for ep in eps if ep.vague})),
            min_weeks=min_weeks,
        )
        if vague
        else ctx.say("met", **facts)
    )
    return out


DENIAL_GRACE_DAYS = 28  # a denial written this long after a claimed course began falls inside it


def _denied_later(view: CaseView, eps: list[Episode], window_start: date | None) -> list[Evidence]:
    """A therapy documented as given (with dates or a stated length), and a later document that
    says it never was ("has never had physical therapy", "she never attended", "No physical
    therapy to date"): the packet contradicts itself on the point.

    Later: once the course is over, or while it was under way by the other record's account --
    a note written weeks into a course that a surgeon's letter says ran mid-January to
    mid-April, telling that "to date she has had no formal therapy", is the other account of
    the same weeks, not history (an IME against the surgeon's narrative).  Inside the course
    only a denial of the whole past counts ("never", "to date"): "no prior PT" there is the
    course's own history."""
    out: list[Evidence] = []
    never, never_after = cue("therapy.never_had"), cue("therapy.never_had_after")
    earlier_only, since = cue("therapy.earlier_only"), cue("therapy.denial_since")
    counted = {"dated", "duration"}  # a course with dates, or one claimed with its length
    for group in sorted({ep.group for ep in eps if ep.kind in counted and ep.days > 0}):
        given = [ep for ep in eps if ep.group == group and ep.kind in counted and ep.days > 0]
        if window_start is not None and all(ep.end < window_start for ep in given):
            continue
        given_sentences = {(ev.document.id, ev.start) for ep in given for ev in ep.evidence}
        given_docs = {ev.document.id for ep in given for ev in ep.evidence}
        # a denial counts once the course is over: "no prior PT for back" in the note that
        # starts the course is history, not a contradiction
        course_end = max(ep.end for ep in given)
        grace = timedelta(days=DENIAL_GRACE_DAYS)
        denials = []
        for m in view.find(concepts=group_concepts([group]), assertions={"negated"}):
            d = m.document
            if (d.id, m.evidence().start) in given_sentences or d.date is None:
                continue
            before = never.search(d.text, max(m.sent_start, m.start - 40), m.start)
            after = never_after.match(d.text, m.end, m.sent_end)
            if not (before or after) or since.search(d.text, m.sent_start, m.start):
                continue  # "Since leaving the SNF he has done no formal therapy": not the past
            if cue("therapy.exercises_of_after").match(d.text, m.end):
                continue  # "Has not done the PT home exercises": the home program, not the PT
            # told in a dated entry of a running record, the denial is of that entry's day: the
            # "No prior PT for back" of a PT record's initial evaluation (01/06) is the course's
            # own history, though the record is filed under its discharge's date (dev23pa-01)
            told = entry_date(view, m) or d.date
            if _other_kind_denied(group, m.text, given):
                continue
            if (
                told > course_end
                or (
                    any(ep.start + grace <= told <= ep.end for ep in given if _one_account(ep))
                    and d.id not in given_docs
                    and not (before and earlier_only.search(before.group(0)))
                )
                or _earlier_course_denied(given, told, d.id)
            ):
                denials.append(m)
        if denials:
            out.extend([given[0].evidence[0], denials[0].evidence()])
    return out


EARLIER_COURSE_MIN_DAYS = 14  # a course of visits, not one day's mention of the therapy


def _earlier_course_denied(given: list[Episode], told: date, doc_id: str) -> bool:
    """A denial told between two courses of the same therapy contradicts the earlier one:
    "He has not had physical therapy for his back" in a hospital discharge summary of 03/01,
    against a pain clinic's "completed about 6 weeks of PT at Lakeview in January and
    February", with a new course started 03/16 (dev26tr-06: the later course put the
    group's end after the denial, and the contradiction went unread).  Only a course one
    sentence tells whole (:func:`_one_account`), of two weeks or more, that ended before the
    denial was written and is told by another document: a fragment of the current course
    (a referral's day, a log's first row) is no earlier course."""
    return any(
        ep.end < told
        and ep.days >= EARLIER_COURSE_MIN_DAYS
        and _one_account(ep)
        and all(ev.document.id != doc_id for ev in ep.evidence)
        for ep in given
    )


def _kind_of(group: str, words: str) -> str | None:
    """Which of a group's kinds (``therapy_groups.yaml`` ``kinds``) these words name, if
    exactly one ("Synvisc" -> hyaluronic, "Kenalog" -> corticosteroid; "knee injection" none)."""
    kinds = modality_groups()[group].get("kinds") or {}
    low = words.lower()
    named = {
        k for k, terms in kinds.items() if any(re.search(rf"\b{re.escape(t)}", low) for t in terms)
    }
    return named.pop() if len(named) == 1 else None


def _other_kind_denied(group: str, denied: str, given: list[Episode]) -> bool:
    """A denial naming one kind of the group ("has not tried hyaluronic acid") against courses
    that all name another kind ("corticosteroid injection 11/17/2025", "Kenalog"): two
    treatments, no contradiction (dev26kn-01)."""
    kind = _kind_of(group, denied)
    if kind is None:
        return False
    kinds = {_kind_of(group, ep.name) for ep in given if ep.name}
    return bool(kinds) and None not in kinds and kind not in kinds


def _one_account(ep: Episode) -> bool:
    """A course one sentence tells whole ("completed twelve weeks of PT from mid-January to
    mid-April", "Dates of service: 10/06 - 12/12"), not a span drawn from a log's first and last
    rows (a claims history's chiropractic rows of 2024 and PT rows of 2026): only such an
    account says the therapy went on at every date inside it."""
    return len({(ev.document.id, ev.start) for ev in ep.evidence}) == 1


def _not_taking(view: CaseView, eps: list[Episode]) -> list[Evidence]:
    """A medication list's row that marks the drug not taken ("meloxicam ... Patient not
    taking   Took about 2 wks in Jan"; "diclofenac ... NOT TAKING - never started, bottle
    unopened") against another record's account of it taken: "never" against any dated
    course; "not taking" against a course another record calls current on or after the
    list's day ("meloxicam daily since 1/9" on the request form).  A course that ended
    before the list was written is compatible with it."""
    row = cue("therapy.not_taking_row")
    never = cue("therapy.never_taken")
    # a course of visits (PT, chiropractic) is abandoned, not "not taken": _attendance_conflict
    counted = {"dated", "duration"}
    for group in sorted({ep.group for ep in eps if ep.kind in counted} - ABANDONABLE):
        given = [ep for ep in eps if ep.group == group and ep.kind in counted]
        given_docs = {ev.document.id for ep in given for ev in ep.evidence}
        for m in view.find(concepts=group_concepts([group]), assertions=None):
            d = m.document
            if d.id in given_docs or d.date is None:
                continue
            line_start, line_end = view.lines(d).bounds(m.start)
            tail = d.text[m.end : line_end]
            if not row.search(tail) or _dated_before(d, line_start, line_end, given, group):
                continue
            told_never = bool(never.search(tail))
            clash = [
                ep
                for ep in given
                if ep.days > 0
                and (
                    told_never
                    or (ep.ongoing or ep.current)
                    and ep.start < d.date <= ep.end
                    and any(ev.document.date and ev.document.date >= d.date for ev in ep.evidence)
                )
            ]
            if clash:
                return [clash[0].evidence[0], m.evidence()]
    return []


ITEM_CLAIM_DAYS = 31  # a claimed use beginning this soon after the record's day is that item's


def _meets(eps: list[Episode], window_start: date | None, end: date, p: dict[str, Any]) -> bool:
    """Whether these episodes reach the policy's weeks and kinds of treatment."""
    days, _ = union_days(eps, window_start, end)
    used = {ep.group for ep in eps if window_start is None or ep.end >= window_start}
    classes = p.get("modality_classes") or {g: [g] for g in therapy_groups(p)}
    kinds = sum(1 for members in classes.values() if set(members) & used)
    return days >= p["min_weeks"] * 7 and kinds >= (p.get("min_modalities") or 0)


def _not_received(
    view: CaseView, eps: list[Episode], window_start: date | None, end: date, p: dict[str, Any]
) -> tuple[list[Evidence], dict[str, Any]] | None:
    """A device or a program another record says was used for weeks ("has worn the unloader
    brace daily since mid-January"), against the supplier's or the program's own record that
    it never reached the patient in those weeks ("[X] NOT dispensed", "declined enrollment":
    :func:`~casebrief.facts.therapy.items_not_received`): two accounts of the same weeks,
    which policies.md sends to a reviewer -- when the difference decides the criterion.
    Why: the surgeon's and the request form's "brace since January - present" against the
    orthotist's ticket of the January fitting, "NOT dispensed", was read as a second kind of
    treatment, met (dev19dm-06: with the NSAID alone, one kind).

    The same weeks: the claimed use runs on past the record's day and began no later than
    :data:`ITEM_CLAIM_DAYS` after it (a use that began months later may be of an item got
    elsewhere since; one that ended before it, of an earlier one).  "Decides": with the
    claimed use the therapy reaches the weeks and the kinds the policy asks, and without the
    therapy's use from the record's day on it does not; a contradiction that changes nothing
    is left to the evidence.  Drugs and courses of visits have their own accounts
    (:func:`_not_taking`, :func:`_attendance_conflict`)."""
    if not _meets(eps, window_start, end, p):
        return None
    counted = {"dated", "duration"}
    for record in items_not_received(view):
        d = record.evidence.document
        if d.date is None:
            continue
        claims = [
            ep
            for ep in eps
            if ep.group == record.group
            and ep.kind in counted
            and ep.days > 0
            and ep.evidence
            and all(ev.document.id != d.id for ev in ep.evidence)
            and ep.end > d.date
            and ep.start <= d.date + timedelta(days=ITEM_CLAIM_DAYS)
        ]
        if not claims:
            continue
        rest = [ep for ep in eps if ep.group != record.group or ep.end < d.date]
        if not _meets(rest, window_start, end, p):
            say = {
                "therapy": _label(record.group).lower(),
                "record": fmt_date(d.date),
                "claimed": fmt_date(claims[0].evidence[0].document.date),
            }
            # the record's every sentence that says so ("[X] NOT dispensed", "declined the
            # item"): a checkbox alone tells a reviewer little
            told = [
                r.evidence
                for r in items_not_received(view)
                if r.group == record.group and r.evidence.document is d
            ]
            # and what stands without the item: the other therapies' latest accounts
            standing = sorted(
                (ep for ep in eps if ep.group != record.group and ep.evidence),
                key=lambda ep: (ep.end, ep.current or ep.ongoing, ep.days),
                reverse=True,
            )
            return [
                claims[0].evidence[0],
                *told,
                *(ep.evidence[0] for ep in standing[:3]),
            ], say
    return None


SUPPLY_GRACE_DAYS = 30  # past a fill's last day of supply, a month more before "still taking"
# it disagrees with the record (a missed dose here and there, a supply stretched)


def _claimed_current(ep: Episode) -> bool:
    """A note's account of a drug taken at its date ("still taking every day", "has been taking
    meloxicam daily since January", a current medication list's row), with the drug's name."""
    return bool(ep.name) and (ep.ongoing or ep.current) and bool(ep.evidence)


@dataclass(frozen=True)
class _Ended:
    """Another record's account that a drug's use ended on ``day``: what it says, and its
    evidence (the fill rows, or the sentence telling the stop)."""

    day: date
    told: str
    evidence: list[Evidence]


def _fills_ended(view: CaseView, ep: Episode, told: date) -> _Ended | None:
    """A dispensing record printed on or after ``told`` listing ``ep``'s drug, whose last
    supply before ``told`` ran out well before it (past the grace and that fill's own days)."""
    named = [
        f
        for f in fills(view)
        if f.names(ep.name)
        and f.day <= told
        and f.document.date is not None
        and f.document.date >= told
    ]
    if not named:
        return None
    last = max(named, key=lambda f: (f.runs_out, f.day))
    if (told - last.runs_out).days <= max(SUPPLY_GRACE_DAYS, last.days):
        return None
    record = last.document
    rows = sorted((f for f in named if f.document is record), key=lambda f: f.day)
    others = [  # the record's own words on the drug beside its rows ("last fill 06/09/2025")
        sentence_evidence(record, s, e)
        for s, e in view.sentences(record)
        if re.search(rf"\b{re.escape(ep.name)}\b", record.text[s:e], re.I)
        and not any(f.start < e and s < f.end for f in rows)
    ]
    n = len(rows)
    return _Ended(
        last.runs_out,
        f"the dispensing record shows {ep.name} supplied only to {fmt_date(last.runs_out)} "
        f"({n} fill{'s' if n != 1 else ''}, last {fmt_date(rows[-1].day)})",
        [rows[-1].evidence(), *others[:2], *(f.evidence() for f in rows[:-1])],
    )


def _told_stops(view: CaseView, group: str, name: str) -> list[tuple[Mention, date]]:
    """The mentions of drug ``name`` (of ``group``) that date its stop, with the day; read once
    per case and drug -- a long record names a drug hundreds of times, and every claim of it
    being taken asked again (a 5 MB record took 62 s instead of 37)."""
    key = ("told_stops", group, name)
    if key not in view.cache:
        out = []
        for m in view.find(concepts=group_concepts([group]), assertions=None):
            if m.text.lower() != name:
                continue
            stop = stop_date(view, m, after=m.end, words="therapy.stopped_use")
            if stop is not None:
                out.append((m, stop))
        view.cache[key] = out
    return view.cache[key]


def _stop_told(view: CaseView, ep: Episode, told: date, began: date) -> _Ended | None:
    """Another record written on or after ``told`` that says ``ep``'s drug was stopped on a day
    well before it, after the course ``began`` ("meloxicam 15 mg tablet - patient reports she
    stopped on 02/02/2026" in the same day's after-visit summary); a stop before the course
    began ended an earlier one.  Only words that say the drug was stopped count, not a range's
    end ("no insurance until February")."""
    claim_doc = ep.evidence[0].document.id
    for m, stop in _told_stops(view, ep.group, ep.name):
        d = m.document
        if d.id == claim_doc or d.date is None or d.date < told:
            continue
        if began <= stop and (told - stop).days > SUPPLY_GRACE_DAYS:
            return _Ended(
                stop,
                f"a record of {fmt_date(d.date)} says {ep.name} stopped on {fmt_date(stop)}",
                [m.evidence()],
            )
    return None


def _use_ended_before_claim(
    view: CaseView, eps: list[Episode], window_start: date | None, end: date, p: dict[str, Any]
) -> tuple[list[Evidence], dict[str, Any]] | None:
    """A drug a note says is taken at its date, against another record -- written on or after
    that date -- whose account has the drug's use end well before it: a dispensing record that
    lists the drug's fills, its last supply run out more than a month before (and more than
    that fill's own days); or a record dating its stop.  Two accounts of the same months, which
    policies.md sends to a reviewer -- when the difference decides the criterion.

    Why: "Meloxicam 15 mg daily since June 2025 ... still taking every day" in the surgeon's
    note against the pharmacy's full history, one 30-day fill on 06/09/2025 and no refill while
    her other drugs are refilled on time (dev16pm-03); the note alone counted 45 weeks.  The
    drug must be in the record (a drug it never lists may be bought elsewhere or over the
    counter).  A record written before the claim is an earlier state (the drug may have been
    restarted); one written after it that tells an end before it contradicts it.

    "Decides": with the claimed course cut at that end (a dispensing record's fills counted
    by their days), the therapy falls short of the weeks or the kinds the policy asks; a claim
    that does not change the outcome is left to the evidence."""
    clashes: list[tuple[Episode, _Ended]] = []
    began_of: dict[str, date] = {}  # each drug's first claimed start, computed once
    for o in eps:
        if _claimed_current(o):
            began_of[o.name] = min(o.start, began_of.get(o.name, o.start))
    fill_docs = {id(f.document) for f in fills(view)}
    for ep in eps:
        if not _claimed_current(ep):
            continue
        told = ep.evidence[0].document
        if told.date is None or id(told) in fill_docs:
            continue
        began = began_of[ep.name]
        ended = _fills_ended(view, ep, told.date) or _stop_told(view, ep, told.date, began)
        if ended is not None:
            clashes.append((ep, ended))
    if not clashes:
        return None
    alt: list[Episode] = []
    for ep in eps:
        # the claims, and every other account of the same course still going: the class word
        # beside the drug ("failed NSAID (meloxicam since Jan)"), the course joined across notes
        cut = max(
            (
                ended.day
                for claim, ended in clashes
                if ep.group == claim.group
                and (ep.ongoing or ep.current)
                and (
                    not ep.name
                    or any(
                        re.search(rf"\b{re.escape(claim.name)}\b", ev.quote, re.I)
                        for ev in ep.evidence
                    )
                )
            ),
            default=None,
        )
        if cut is not None:
            ep = replace(ep, end=max(ep.start, min(ep.end, cut)))
        alt.append(ep)
    for ep, _ in clashes:
        alt.extend(
            Episode(ep.group, f.day, f.runs_out, [f.evidence()])
            for f in fills(view)
            if f.names(ep.name)
        )
    if _meets(alt, window_start, end, p) or not _meets(eps, window_start, end, p):
        # either way the same outcome: 24 weeks of one kind of treatment fall short of the
        # knee's two kinds whichever account of the acetaminophen holds (dev32bm-01)
        return None
    alt_days, _ = union_days(alt, window_start, end)
    ep, ended = clashes[0]
    say = {
        "ended": ended.told,
        "drug": ep.name,
        "claimed": fmt_date(ep.evidence[0].document.date),
        "alt_weeks": round(alt_days / 7, 1),
    }
    return [ep.evidence[0], *ended.evidence], say


def _round_robin(eps: list[Episode]) -> list[Evidence]:
    """Evidence for every modality used, best-dated first: one per group per round."""
    by_group: dict[str, list[Evidence]] = {}
    for ep in sorted(eps, key=lambda e: (e.kind != "dated", -e.days)):
        by_group.setdefault(ep.group, []).extend(ep.evidence)
    out: list[Evidence] = []
    while any(by_group.values()):
        for g in list(by_group):
            if by_group[g]:
                out.append(by_group[g].pop(0))
    return out


UNTICKED_LOOKBACK = 30  # how far before a phrase its form's empty box may stand


def _unticked(sent: str, at: int) -> bool:
    """The phrase at ``at`` is one of a form's choices whose box is left empty: "Since your last
    visit: [ ] much better  [ ] a little better  [X] about the same  [ ] worse" answers "about
    the same"; the other choices are printed words, not the patient's answer."""
    return bool(
        cue("therapy.unticked_choice_before").search(sent[max(0, at - UNTICKED_LOOKBACK) : at])
    )


def _ticked(rx: re.Pattern[str], sent: str) -> re.Match[str] | None:
    """The first match of ``rx`` in ``sent`` that is not an unticked choice (:func:`_unticked`)."""
    return next((m for m in rx.finditer(sent) if not _unticked(sent, m.start())), None)


def _success(sent: str) -> re.Match[str] | None:
    """The first success phrase of ``sent`` not negated just before ("has not been back to
    work" is no success), not an unticked choice of a form, and not a goal the patient names
    before a visit ("Goals for your visit: get back to work" is a hope, not an outcome)."""
    negated, goal = cue("therapy.success_negated_before"), cue("therapy.goal_before")
    for m in cue("therapy.success").finditer(sent):
        if (
            not negated.search(sent[max(0, m.start() - 30) : m.start()])
            and not _unticked(sent, m.start())
            and not goal.search(sent, 0, m.start())
        ):
            return m
    return None


def _failure(sent: str) -> re.Match[str] | None:
    """The first failure phrase of ``sent`` that is not an aggravating factor: "Worse bending and
    lifting", "worse with sitting" tell what makes the pain worse, at any visit -- the one that
    prescribes the first therapy included -- not how a therapy worked; nor an unticked choice
    of a form ("[ ] worse  [ ] much worse")."""
    aggravating = cue("therapy.aggravating_after_worse")
    for m in cue("therapy.failure").finditer(sent):
        if m.group(0).lower().startswith("worse") and aggravating.match(sent, m.end()):
            continue
        if _unticked(sent, m.start()):
            continue
        if cue("therapy.failure_denied_before").search(sent[max(0, m.start() - 30) : m.start()]):
            continue  # "Denies new or worsening symptoms since his MRI": no failure told
        return m
    return None


def _success_of_other_treatment(view: CaseView, d, s: int, e: int, good: re.Match[str]) -> bool:  # noqa: ANN001, E501 - a Document
    """The success phrase names what the patient does well on (cue ``therapy.success_object``:
    "Doing well on semaglutide 1.7 mg weekly, some early satiety", "much improved with CPAP",
    "resolved after starting omeprazole"), its sentence names no therapy, and it says nothing
    of symptoms or function beside the phrase itself: the response of another treatment, for
    the condition it treats.

    Why: a weight clinic's note of a patient doing well on her GLP-1 drug, written the week
    her back's PT was discharged without progress, was read as a rival account of the back's
    response (dev24sw-04: needs_review where every account of the back says it persists).  A
    success told of a therapy ("doing well with PT", "much better on meloxicam") or beside
    symptom words ("doing well on naproxen, pain 2/10") still counts."""
    if not cue("therapy.success_object").match(d.text, s + good.end(), e):
        return False
    if any(m.category == "therapy" for m in view.mentions_in(d, s, e)):
        return False
    rest = d.text[s : s + good.start()] + " " + d.text[s + good.end() : e]
    return not cue("therapy.about_symptoms").search(rest)


def response(
    view: CaseView, region: str | None, plainly: bool = False
) -> tuple[str, list[Evidence]]:
    """How symptoms responded, the latest document deciding: ``persist_latest`` / ``persist``
    (inadequate response, met), ``improved`` (not_met) or ``missing``; with the evidence.
    ``plainly``: a success its own sentence takes back (:func:`_taken_back`) is none."""
    conditional, about = cue("common.conditional"), cue("therapy.about_symptoms")
    by_doc: dict[tuple[str, date], tuple[date, list[Evidence], list[Evidence]]] = {}
    therapy_docs = {
        m.document.id
        for m in view.find(categories={"therapy"}, assertions={"present", "historical"})
    }
    for d in view.documents:
        if d.type in {"fax_cover", "imaging_report", "request_form"} and d.id not in therapy_docs:
            continue
        if d.type == "therapy_note" and not view.about_region(d, region):
            continue
        accounts: dict[date, tuple[list[Evidence], list[Evidence]]] = {}
        for s0, e0 in view.sentences(d):
            for s, e, when in _dated_entries(view, d, s0, e0):
                sent = d.text[s:e]
                if region and (named := spinal_regions_in(sent)) and region not in named:
                    continue
                fails, oks = accounts.setdefault(when or d.date or date.min, ([], []))
                good = _success(sent)
                if good and _success_of_other_treatment(view, d, s, e, good):
                    good = None  # "Doing well on semaglutide 1.7 mg weekly": the weight drug's
                if good and cue("therapy.other_illness").search(sent) and not about.search(sent):
                    good = None  # "fever resolved after 3 days on Tamiflu": the flu's course
                if good and plainly and _taken_back(sent, good):
                    good = None
                if good and not conditional.search(sent):
                    oks.append(sentence_evidence(d, s, e, good.span()))
                elif (
                    (
                        bad := _failure(sent)
                        or _ticked(cue("therapy.retrospective_failure"), sent)
                        or _ticked(cue("therapy.persists_plainly"), sent)
                    )
                    # a failure told of the therapy itself ("unresponsive to extensive
                    # conservative treatment") speaks of the symptoms without naming them
                    and (about.search(sent) or cue("therapy.therapy_failed_itself").search(sent))
                    and not conditional.search(sent)
                    and not answered_no(sent)
                ):
                    fails.append(sentence_evidence(d, s, e, bad.span()))
        accounts = {k: v for k, v in accounts.items() if v[0] or v[1]}
        if accounts and d.date is not None:
            # a log stands by its latest entry as of the record's date: nothing later in it
            # says otherwise (a diary of 1/24 "a lot better" typed up on 2/3)
            latest = max(accounts)
            if latest < d.date:
                fails, oks = accounts.pop(latest)
                mine = accounts.setdefault(d.date, ([], []))
                mine[0].extend(fails)
                mine[1].extend(oks)
        for when, (fails, oks) in accounts.items():
            by_doc[(d.id, when)] = (when, fails, oks)
    if not by_doc:
        return "missing", []
    # a request form restates the requester's case ("Symptom onset: 12/2025 (recurrent LBP)"):
    # it is neither a second account of the same days nor the latest one; the clinical
    # records' accounts decide when there are any
    forms = {d.id for d in view.documents if d.type == "request_form"}
    by_doc = {k: v for k, v in by_doc.items() if k[0] not in forms} or by_doc
    conflict = _conflicting_accounts(by_doc)
    if conflict:
        return "conflict", conflict
    _, fails, oks = max(by_doc.values(), key=lambda t: t[0])
    all_fails = [ev for _, f, _ in by_doc.values() for ev in f]
    if fails and len(fails) >= len(oks):
        return "persist_latest", distinct(fails + all_fails, 8)
    if oks:
        return "improved", distinct(oks, 4)
    return "persist", distinct(all_fails, 8)


CLAIM_CHECKED_WEEKS = 4  # a claimed course this long is checked against attendance records


def _dated_entries(view: CaseView, d, s: int, e: int) -> list[tuple[int, int, date | None]]:
    """The sentence ``s:e`` cut at each entry of a log (:func:`log_entries`) -- which the
    sentence splitter joins when they carry no full stop -- each piece with the date of the
    entry it belongs to (None: the record's own date).

    Why: a message thread exported on 04/10 ("03/18 member: feeling a lot better this week!!
    ... 03/27 member: tweaked it ... leg is bad again / 04/06 member: it's worse than January")
    was read as one account of 04/10 saying "better", against the notes of 04/14 and 04/16 --
    a contradiction of the same fortnight (dev16dh-04).  Its entries are accounts of their own
    days: the improvement of 03/18 came before the flare, and the latest accounts decide."""
    entries = log_entries(view, d)
    if not entries:
        return [(s, e, None)]
    line_start = d.text.rfind("\n", 0, s) + 1
    cuts = [s] + [p for p in sorted(entries) if s < p < e] + [e]
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        if a < b:
            opened = entries.get(a if a != s else line_start)
            out.append((a, b, opened))
    return out


def _conflicting_accounts(
    by_doc: dict[str, tuple[date, list[Evidence], list[Evidence]]],
) -> list[Evidence]:
    """Evidence of both sides when two dated documents, within ``CONFLICT_DAYS`` of the latest
    account, say opposite things of the response (a letter "symptoms persist" against the
    patient's own diary "a lot better, pain 2" the same week).

    Why: symptoms do change, so an earlier "improved" followed months later by "worse again" is
    a course, and the latest account decides; but two accounts of the same days that disagree
    are a contradiction, which ``policies.md`` sends to a reviewer (``needs_review``).
    """
    verdicts = [
        (day, "persist" if len(f) >= len(o) else "improved", f if len(f) >= len(o) else o)
        for day, f, o in by_doc.values()
        if day != date.min
    ]
    if len(verdicts) < 2:
        return []
    latest_day = max(day for day, _, _ in verdicts)
    recent = [v for v in verdicts if (latest_day - v[0]).days <= CONFLICT_DAYS]
    retro = cue("therapy.retrospective_failure")
    retro_days = [
        day
        for day, kind, evs in verdicts
        if kind == "persist" and any(retro.search(ev.quote) for ev in evs)
    ]
    if retro_days and any(k == "improved" and day < max(retro_days) for day, k, _ in verdicts):
        # "his leg pain never let up at any point during therapy" a month after the therapist's
        # "85% better": the later account tells of the same weeks, so it contradicts, not follows
        recent = verdicts
    sides = {kind for _, kind, _ in recent}
    if len(sides) < 2:
        return []
    persist = [ev for _, kind, evs in recent if kind == "persist" for ev in evs]
    improved = [ev for _, kind, evs in recent if kind == "improved" for ev in evs]
    return distinct(persist[:2] + improved[:2] + persist[2:] + improved[2:], 8)


def answered_no(sentence: str) -> bool:
    """A form's question answered "No" ("Leg weakness getting worse ..... [ ] Yes [X] No", or
    written after it: "Is your leg getting weaker or worse? ...... No"): the question's
    words are not the patient's answer."""
    if cue("therapy.question_answered_no").search(sentence):
        return True
    return bool(cue("assertion.check_no").search(sentence)) and not cue(
        "assertion.check_yes"
    ).search(sentence)


_CONTRAST_AFTER = re.compile(r"\b(?:but|however|although|though|yet|except|still)\b", re.I)
_INJECTION = re.compile(
    r"\b(?:epidural|ESI|[TI]L?ESI|TFESI|injections?|injected|shots?|blocks?|ablation|RFA)\b", re.I
)


def _taken_back(sent: str, good: re.Match[str]) -> bool:
    """A success phrase its own sentence takes back, for a criterion that asks the conservative
    care to have failed (``require_inadequate_response``): a mixed account ("Her back pain has
    resolved, but the left leg pain persists", "Doing well with the PT exercises, but the leg
    pain persists", "much better in the mornings but by evening it is back to 7/10"), or an
    injection's relief ("she was pain-free for five months after a left L5 TFESI"), which is
    the prior injection's response, not the conservative care's (review of 768748b: each made an
    epidural's conservative care not_met)."""
    return bool(
        _failure(sent) or _INJECTION.search(sent) or _CONTRAST_AFTER.search(sent, good.end())
    )


RESPONSE_STATUS = {
    "conflict": "needs_review",
    "persist_latest": "met",
    "persist": "met",
    "improved": "not_met",
    "missing": "missing",
}


@evaluator("therapy_response")
def therapy_response(view: CaseView, p: dict[str, Any], ctx: Context) -> Outcome:
    """Inadequate response (met) vs resolved/improved (not_met), the latest document deciding."""
    if not episodes(view, therapy_groups(p), p.get("region")):
        return Outcome("missing", ctx.say("no_therapy"))
    key, evidence = response(view, p.get("region"))
    return Outcome(RESPONSE_STATUS[key], ctx.say(key)).cite(evidence, 8)
