"""Findings documented present or absent: red flags, radicular pain, functional limitation,
exclusions.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Any

from casebrief.facts.evidence import Evidence
from casebrief.facts.mentions import CaseView, regions_in
from casebrief.lexicon import cue
from casebrief.nlp.sections import header_category
from casebrief.policy.evaluators.base import (
    Context,
    affirmed,
    evaluator,
    mention_evidence,
    prefer,
)
from casebrief.policy.result import Outcome


@evaluator("finding_documented")
def finding_documented(view: CaseView, p: dict[str, Any], ctx: Context) -> Outcome:
    """Waiver/requirement/exclusion on concepts asserted present.

    params: concepts; historical_counts (concepts for which a personal history counts);
    recent_days (concept -> days: dated longer before its note it is history); discounted and
    discount_cue (concepts whose mention does not count in a document matching the cue, e.g.
    a crash its note calls low-energy); recent_to_request
    (concept -> days: it counts only when dated within that many days before the request);
    against_concepts (present => not_met, e.g. axial-only pain); support_concepts; region;
    negation_is_not_met; silent_status; screen_cue (a cue whose sentences record a screen);
    with_pain_cue (a cue the packet must match somewhere: the pain the limitation is of);
    told_old (concepts whose mention the words around it call old or place on another bone:
    history, e.g. "old healed metatarsal stress fracture"); with_new_pain
    (concepts that count only beside new back pain, e.g. a cancer history); disputed_by_denial
    (concepts whose present mention a later record's denial disputes, e.g. new incontinence);
    disputed_same_visit (concepts that come and go, whose present mention only another record
    of the same day disputes by denying it, e.g. a fever);
    lumbar_only (concepts that do not count when told of the neck or the chest spine, e.g. a
    cervical discectomy); with_back_pain (concepts that count only in a packet that documents
    back or leg pain, e.g. a fever); with_acute_pain (concepts that count only in a packet that
    calls the back pain new or acute, e.g. osteoporosis); severity_required, unrated_cue and
    severity_cue (concepts whose mention, when it is only a mechanism the unrated cue names --
    "MVC", "car accident" -- counts only where its record tells its force, e.g. significant
    trauma); off_the_back (concepts that do not count when their sentence places them only on
    another body region: "a motor vehicle accident with a neck injury"); disputed_history
    (personal histories -- a cancer, IV drug use -- that another record's explicit denial
    disputes, in either order, e.g. "No personal history of cancer"); other_cause_cue and
    own_cause_cue (a finding whose sentence blames another illness and names not its own cause
    is set aside: "homebound due to CHF"); negation_void_cue (negated mentions matching it are
    no denial: "not homebound").
    """
    hist = set(p.get("historical_counts", []))
    discounted = set(p.get("discounted", []))
    recent_days = p.get("recent_days", {})
    recent_to_request = p.get("recent_to_request", {})
    told_old = set(p.get("told_old", []))
    lumbar_only = set(p.get("lumbar_only", []))
    rated = set(p.get("severity_required", []))
    off_back = set(p.get("off_the_back", []))
    found = [
        m
        for m in view.find(concepts=p["concepts"], assertions={"present", "historical"})
        if (m.assertion == "present" or m.concept in hist)
        and view.on_region(m, p.get("region"))
        and (m.document.date is None or m.document.date <= ctx.request_date)
        and not _dated_before(view, m, recent_days.get(m.concept), ctx)
        and _within_of_request(view, m, recent_to_request.get(m.concept), ctx)
        # an acute event listed under past history ("pmhx: neck strain (MVA)") is history
        and not (m.concept in recent_days and _under_past_history(view, m))
        and not (m.concept in discounted and _discounted(m, p["discount_cue"]))
        and not (m.concept in told_old and _told_old(m))
        and not (m.concept in lumbar_only and _on_other_spine_level(view, m))
        and not (m.concept in rated and _crash_of_unstated_force(m, p))
        and not (m.concept in off_back and _injury_told_elsewhere(view, m))
    ]
    found = _without_longstanding(view, found, set(p.get("new_only", [])))
    labels = _labels_the_exam_denies(view, found) if p.get("labels_yield_to_exam") else []
    if labels:
        found = [m for m in found if m not in labels]
    explained, explanations = _explained(view, found, p)
    if explained:
        found = [m for m in found if m not in explained]
    needs_new_pain = set(p.get("with_new_pain", []))
    old_pain = _pain_told_old(view) if any(m.concept in needs_new_pain for m in found) else []
    set_aside = prefer([m for m in found if m.concept in needs_new_pain]) if old_pain else []
    if explained:  # the finding first, then the words that explain it
        set_aside = prefer(explained)[:1] + explanations[:1] + set_aside
    if labels:
        set_aside = prefer(labels)[:1] + set_aside
    if old_pain:  # "Hx breast ca 2012 ... back sx long-standing and stable; no new or night pain"
        found = [m for m in found if m.concept not in needs_new_pain]
    # "history of cancer with new back pain", "fever with back pain", "osteoporosis with acute
    # pain" (policies.md): without the pain the history, the fever or the bone density is no
    # red flag of the low back
    unpaired = _without_their_pain(view, found, p)
    if unpaired:
        set_aside = set_aside + prefer(unpaired)
        found = [m for m in found if m not in unpaired]
    normal: list = []
    if p.get("normal_cue"):  # "Stairs: reciprocal without rail" names the activity, not a limit
        normal = [m for m in found if cue(p["normal_cue"]).search(m.sentence)]
        found = [m for m in found if m not in normal]
    negated = view.find(concepts=p["concepts"], assertions={"negated"})
    if p.get("instrument_cue") and negated and found:
        # a questionnaire named (its score uninterpreted) is no limitation where a record
        # denies one and nothing else tells one (dev26kn-06: "KOOS JR ... 76.3" beside "no
        # trouble with stairs or getting up from a chair ... not limited in anything")
        instrument = cue(p["instrument_cue"])
        if all(instrument.search(m.text) for m in found):
            set_aside = set_aside + prefer(found)
            found = []
    if p.get("other_cause_cue"):
        # "Pt is homebound due to CHF exacerbation": a limitation its sentence blames on another
        # illness, naming neither the knee nor its pain (review of 857a48b)
        other, own = cue(p["other_cause_cue"]), cue(p["own_cause_cue"])
        blamed = [m for m in found if other.search(m.sentence) and not own.search(m.sentence)]
        if blamed:
            set_aside = set_aside + prefer(blamed)
            found = [m for m in found if m not in blamed]
    if p.get("with_pain_cue") and not any(
        cue(p["with_pain_cue"]).search(d.text) for d in view.documents
    ):
        # "Pain with limitation of daily activities": a heart-failure patient's "unable to walk
        # more than 25 feet", in a packet that tells no knee pain anywhere, is not the knee's
        found = []
    negated = view.find(concepts=p["concepts"], assertions={"negated"})
    if p.get("negation_void_cue"):  # "Homebound status: ( ) Yes (X) No" denies no limitation
        void = cue(p["negation_void_cue"])
        negated = [m for m in negated if not void.search(m.text)]
    label = p.get("label", "finding")
    if found:
        names = ", ".join(sorted({m.text.lower() for m in found})[:5])
        support = (
            mention_evidence(view, p["support_concepts"], ("present",))
            if p.get("support_concepts")
            else []
        )
        if p.get("support_filter_cue"):  # "patellar 1+ R vs 2+ L", not "reflexes 2+ symmetric"
            keep = cue(p["support_filter_cue"])
            support = [e for e in support if keep.search(e.quote)]
        best = prefer(found)  # the finding first, then the exam that supports it
        denials = _later_denials(
            view,
            found,
            set(p.get("disputed_by_denial", [])),
            ctx,
            same_visit=set(p.get("disputed_same_visit", [])),
        )
        if denials:
            same_day = all(
                r.document.date == m.document.date for m, r in zip(found, denials, strict=True)
            )
            key = "disputed_same_visit" if same_day else "disputed"
            return Outcome("needs_review", ctx.say(key, label=label, names=names)).cite(
                best[:2] + prefer(denials)[:2] + best[2:4], 6
            )
        denials = _form_claims_denied(view, found, ctx)
        if denials:
            return Outcome("needs_review", ctx.say("form_disputed", label=label, names=names)).cite(
                best[:2] + prefer(denials)[:3], 6
            )
        history = set(p.get("disputed_history", []))
        denials = _history_denials(view, found, history, ctx) if history else []
        if denials:
            told, denied = found_and_denial(found, denials)
            return Outcome(
                "needs_review",
                ctx.say(
                    "history_disputed",
                    label=label,
                    names=names,
                    told=told,
                    denied=denied,
                ),
            ).cite(best[:2] + prefer(denials)[:2] + best[2:4], 6)
        return Outcome("met", ctx.say("present", label=label, names=names)).cite(
            best[:3] + support[:2] + best[3:6] + support[2:3], 9
        )
    against = (
        view.find(concepts=p["against_concepts"], assertions={"present"})
        if p.get("against_concepts")
        else []
    )
    if against or (negated and p.get("negation_is_not_met")):
        opp, neg = prefer(against), prefer(negated)  # "back pain only" beside "no radiation"
        items = opp[:2] + neg[:2] + opp[2:] + neg[2:]
        support = (
            mention_evidence(view, p["support_concepts"], ("negated",))
            if p.get("support_concepts")
            else []
        )
        # and an activity the packet records as done normally ("climbs 2 flights of stairs
        # without stopping"), the same facts in other words
        return Outcome("not_met", ctx.say("opposite", label=label)).cite(
            items[:5] + support[:2] + prefer(normal)[:1] if negated else items[:5] + support[:2]
        )
    if p.get("silent_status", "missing") == "not_met":
        if negated:
            # a screen records the findings absent: its quotes are labelled as negations
            screen = (
                [
                    replace(e, assertion="negated")
                    for e in view.sentences_matching(cue(p["screen_cue"]))
                ]
                if p.get("screen_cue")
                else []
            )
            denials = [m for m in negated if cue("findings.denial_words").search(m.sentence)]
            # a finding set aside is quoted first, with the words that set it aside
            aside = set_aside[: 2 if explained else 1] + old_pain[:1]
            return Outcome("not_met", ctx.say("screened", label=label)).cite(
                aside + screen[:3] + prefer(denials + negated)[:4] + _relatives(view, p),
                8 + len(aside),
            )
        out = Outcome("not_met", ctx.say("silent", label=label), by_silence=not set_aside)
        return out.cite(set_aside[:1] + old_pain[:1] + _relatives(view, p), 4)
    return Outcome("missing", ctx.say("missing", label=label))


def _explained(view: CaseView, found: list, p: dict[str, Any]) -> tuple[list, list]:
    """The findings a record explains away, and the sentences that explain them.

    ``p["explained"]`` maps a concept to ``{explanation_cue, later, unless_named}``: the cue
    names what explains a mention of it; ``unless_named`` a cue for the finding's own name
    (a diagnosis) that, told present in the same record, keeps all its mentions.  A fever its
    own record traces to a diagnosed illness away from the spine (a positive influenza test, an
    assessment of a viral URI) is that illness's fever, not "fever with back pain"; a weight
    loss a record calls intended (a keto diet, a GLP-1 drug) is not "unexplained weight
    loss" (policies.md).  The explanation is read in the finding's own record; for an entry
    with ``later: true`` also in any clinical record (not a request form) of the same day or
    later -- the clinician who asks about a ticked intake box and records the
    answer.  An earlier record's explanation never sets aside a later finding."""
    entries = p.get("explained") or {}
    rules = {c: e["explanation_cue"] for c, e in entries.items()}
    later = {c for c, e in entries.items() if e.get("later")}
    kept_by = {c: e["unless_named"] for c, e in entries.items() if e.get("unless_named")}
    out, why = [], []
    for m in found:
        if m.concept not in rules:
            continue
        if m.concept in kept_by and any(
            o.document.id == m.document.id and cue(kept_by[m.concept]).search(o.text)
            for o in found
            if o.concept == m.concept
        ):
            # "clinical right L2 radiculopathy, which is symptomatic" beside "most of her
            # remaining symptoms are probably coming from her right hip" (real-esi-14): the
            # record diagnoses the radiculopathy itself; the hip explains the rest, not it
            continue
        rx = cue(rules[m.concept])
        docs = [m.document]
        if m.concept in later and m.document.date is not None:
            docs += [
                d
                for d in view.documents
                if d.id != m.document.id
                and d.type not in {"request_form", "fax_cover"}
                and d.date is not None
                and d.date >= m.document.date
            ]
        # a sentence that denies the explanation or tells it as past explains nothing: "not on a
        # diet", "denies any intentional weight loss", "with no dieting", "unintentional";
        # "was influenza A positive in early January and recovered from that"
        said = [e for e in view.sentences_matching(rx, docs) if not _explanation_void(rx, e.quote)]
        if said:
            out.append(m)
            why += [e for e in said if e not in why]
    return out, why


def _explanation_void(rx: re.Pattern[str], quote: str) -> bool:
    """Whether the clause that explains a finding (the ``;``-delimited stretch of ``quote``
    around the explanation cue's match) denies the explanation or tells it as past.  The clause,
    not the sentence: "She checked unexplained weight loss on the intake form; she has
    intentionally lost about 12 lb" explains the intake's box in its second clause, though its
    first says "unexplained"."""
    m = rx.search(quote)
    if m is None:
        return False
    a = quote.rfind(";", 0, m.start()) + 1
    b = quote.find(";", m.end())
    return bool(cue("findings.explanation_void").search(quote[a : b if b >= 0 else len(quote)]))


def _relatives(view: CaseView, p: dict[str, Any]) -> list:
    """A relative's history of the finding ("Father had prostate cancer"): quoted so a reviewer
    sees it was read, and read as not the patient's."""
    return prefer(view.find(concepts=p["concepts"], assertions={"family"}))[:2]


LABEL_SECTIONS = frozenset({"chief_complaint", "pmh"})
DENIAL_SECTIONS = frozenset({"hpi", "physical_exam", "assessment", None})


def _labels_the_exam_denies(view: CaseView, found: list) -> list:
    """The found mentions, when every one is only a diagnosis's label -- a referral's reason,
    a problem or past-history list, an imaging indication, "carries a diagnosis of 'sciatica'
    on his problem list" -- and a clinician's own history or exam of a record dated on or after
    the latest label finds the finding absent ("On careful questioning, the pain sits across
    the low back at the belt line ... does not travel", "No radicular pattern on history or
    exam": dev29es-04); else [].  Policies.md asks for radicular pain documented, or a
    radiculopathy diagnosis *supported by exam*: a label the examiner has looked at and denied
    documents neither.  A label beside any mention told in a history or an exam is kept."""
    if not found or not all(_diagnosis_label(m) for m in found):
        return []
    latest = max((m.document.date for m in found if m.document.date), default=None)
    concepts = {m.concept for m in found}
    denied = [
        n
        for n in view.find(concepts=concepts, assertions={"negated"})
        if n.document.type in ("office_note", "letter", "other")
        and n.section in DENIAL_SECTIONS
        and n.document.date is not None
        and (latest is None or n.document.date >= latest)
    ]
    return list(found) if denied else []


def _diagnosis_label(m) -> bool:
    return (
        m.section in LABEL_SECTIONS
        or bool(cue("findings.diagnosis_label").search(m.sentence))
        or _queried(m)
    )


_QUERY_MARK = re.compile(
    r"[ \t]*\?(?![ \t]*(?:yes|no|y\b|n\b|\[|☒|☑|☐|denies|positive|negative))", re.I
)


def _queried(m) -> bool:
    """A diagnosis written with a question mark and no answer after it ("Lumbar radiculopathy?
    (M54.16) - ordering MRI"): the assessment's query, a label to be confirmed, like a problem
    list's -- not a history told (dev35ms-05).  A form's "Leg pain? Yes" is answered, and is not
    one."""
    return bool(_QUERY_MARK.match(m.document.text, m.end))


def _without_longstanding(view: CaseView, found: list, new_only: set[str]) -> list:
    """Drop findings the policy wants *new* ("new urinary retention or incontinence") when the
    packet calls them longstanding somewhere (baseline, stable, since 2019, predates the back
    pain, a stress or occasional leak, the reason for a bladder drug) or lists them on a
    past-history line ("PMH: ... intermittent urinary incontinence"), and nowhere new: the
    incontinence an OASIS item lists is the same old urge incontinence the NP describes."""
    if not new_only:
        return found
    old = {
        m.concept
        for m in found
        if m.concept in new_only
        and (cue("findings.longstanding").search(m.sentence) or _under_past_history(view, m))
    }
    new = {
        m.concept
        for m in found
        if m.concept in new_only and cue("findings.new_onset").search(m.sentence)
    }
    return [m for m in found if m.concept not in old - new]


BACK_PAIN_CONCEPTS = ["back_pain", "axial_pain", "radicular_pain"]


def _without_their_pain(view: CaseView, found: list, p: dict[str, Any]) -> list:
    """The findings that count only beside the back pain they qualify, in a packet that does
    not document that pain: policies.md's "personal history of cancer with new back pain",
    "fever with back pain" and "osteoporosis with acute pain".  ``with_back_pain`` concepts
    (a fever, a cancer history) need back or leg pain told present somewhere in the packet; a
    thyroid carcinoma in a cardiology consult, or the fevers of a tonsillitis, beside no back
    pain at all, suspect nothing of the spine.  ``with_acute_pain`` concepts (osteoporosis)
    need the back pain called new, acute or worsening ("osteoporosis ... chronic back pain,
    very kyphotic" is the old bone, not a suspected fracture).  Mined on real notes: oncology,
    cardiology, psychiatry and ENT notes whose cancer history or fever waived therapy."""
    back = set(p.get("with_back_pain", []))
    acute = set(p.get("with_acute_pain", []))
    if not any(m.concept in back | acute for m in found):
        return []
    # leg pain counts where it is the back's ("pain down the left leg"), not an ankle's
    has_pain = any(
        view.on_region(m, "lumbar")
        for m in view.find(concepts=BACK_PAIN_CONCEPTS, assertions={"present"})
    )
    new_rx = cue("findings.pain_new")
    has_new = has_pain and any(affirmed(new_rx, e.quote) for e in view.sentences_matching(new_rx))
    return [
        m
        for m in found
        if (m.concept in back and not has_pain) or (m.concept in acute and not has_new)
    ]


def _crash_of_unstated_force(m, p: dict[str, Any]) -> bool:
    """A vehicle crash named without its force: "She was in a car accident a couple of weeks
    ago", "REASON FOR EXAM: MVA".  The annotated real notes' judgement (real/README.md) is that
    car accidents and falls of unstated severity are not the significant trauma a suspected
    fracture asks for; a record that tells a severe one anywhere ("high-speed rollover",
    "ejected", "65 mph head-on") keeps it.  A fracture, a fall from a height or a pedestrian
    struck is read as before."""
    return bool(
        cue(p["unrated_cue"]).match(m.text.strip())
        and not cue(p["severity_cue"]).search(m.document.text)
    )


def _on_other_spine_level(view: CaseView, m) -> bool:
    """A spinal finding told of the neck or the chest, not the low back: "anterior cervical
    discectomy C5-C6", "thoracic discectomy T8-T9".  Its sentence decides when it names a
    level (a lumbar word wins: "C5-6 and L4-5 laminectomies"); else its line; else its
    document, when the document names the neck or chest spine and never the low back."""
    lumbar, other = cue("findings.lumbar_level"), cue("findings.other_spine_level")
    start, end = view.lines(m.document).bounds(m.start)
    for text in (m.sentence, m.document.text[start:end]):
        if lumbar.search(text):
            return False
        if other.search(text):
            return True
    # the document decides only by the neck's or chest's spine itself: a bare "Neck: supple"
    # or "T2 hyperintense" is in every low-back note and MRI report
    text = m.document.text
    return not lumbar.search(text) and bool(cue("findings.other_spine_doc").search(text))


def _pain_told_old(view: CaseView) -> list[Evidence]:
    """The packet's words that the back pain is old -- "long-standing and stable", "no new or
    night pain", "~3 yrs of low back pain" -- when no record calls it new, recent or changed
    ("new LBP since January", "night pain", "acute back pain"); else [].  policies.md's
    malignancy red flag is a personal history of cancer *with new back pain*: a breast cancer
    of 2012 beside back pain three years old and unchanged suspects no metastasis, while the
    same history beside "new low back pain since ~10/20" does.  Unsure (no word on the pain's
    age, or words both ways), the cancer history counts, as it always did."""
    old_rx, new_rx = cue("findings.pain_not_new"), cue("findings.pain_new")
    if any(affirmed(new_rx, e.quote) for e in view.sentences_matching(new_rx)):
        return []
    return [e for e in view.sentences_matching(old_rx) if affirmed(old_rx, e.quote)]


def _later_denials(
    view: CaseView,
    found: list,
    disputable: set[str],
    ctx: Context,
    same_visit: set[str] = frozenset(),
) -> list:
    """When every finding found is one a later record, or another record of the same day,
    denies, the denials (in the order of ``found``); else [].

    A chiropractor records "new onset of urinary leakage x ~1 wk"; the physician's note two
    days later reads "GU: Negative for ... urinary incontinence, retention": the records
    disagree on the one fact that would waive conservative care, so a reviewer decides.  For
    the policy's ``disputed_by_denial`` concepts (the cauda equina signs, which do not come
    and go between visits) a denial on the same day or later disputes the sign.  For its
    ``disputed_same_visit`` concepts (signs that do come and go, a fever) only a denial in
    another record of the same day does: the rooming nurse's screen "Fever or chills in past 2
    weeks: [X] No" and the physician's HPI of that visit with home temperatures of 101 F worked
    up as a possible spinal infection are two accounts of one visit that disagree (dev27nr-02);
    a fever denied a week later has passed, no dispute.  Only a denial of the same sign (a
    bowel denial does not deny a bladder sign) in another dated record that is not the request
    form, not the patient's own questionnaire and not a record of recovery ("retention
    resolved").  A denial *before* the sign is no dispute: the sign is new since."""
    disputable = disputable | same_visit
    if not disputable or not found or any(m.concept not in disputable for m in found):
        return []
    denials = [_later_denial(view, m, ctx, same_day_only=m.concept in same_visit) for m in found]
    return [] if any(r is None for r in denials) else denials


def _later_denial(view: CaseView, m, ctx: Context, *, same_day_only: bool = False):
    """A later (or, with ``same_day_only``, a same-day) record's denial of the sign ``m``
    records (see :func:`_later_denials`), or None; a same-day denial first."""
    denials = sorted(
        view.find(concepts=[m.concept], assertions={"negated"}),
        key=lambda r: r.document.date != m.document.date,
    )
    for r in denials:
        d = r.document
        if (
            d.id != m.document.id
            and d.type != "request_form"
            and d.date is not None
            and m.document.date is not None
            and m.document.date <= d.date <= ctx.request_date
            and (not same_day_only or d.date == m.document.date)
            and (not same_day_only or _same_visit_denial(d, _denial_line(r)))
            and not (d.date == m.document.date and _denial_after_care(d.text))
            and not cue("findings.denial_tells_recovery").search(r.sentence)
            and not cue("findings.patient_reported").search(r.sentence)
            and _same_organ(m.text, r.text)
        ):
            return r
    return None


def _form_claims_denied(view: CaseView, found: list, ctx: Context) -> list:
    """When every finding found is told only on the request form, and for each a clinical
    record explicitly denies the same finding, the denials; else [].

    A signed imaging request checks "[X] Progressive neurological deficit (new foot drop /
    worsening weakness)" while both office notes it attaches read "no weakness" and "no foot
    drop" (dev31sc-01): the form is the requester's account of those records, and they do not
    bear it out, so a reviewer decides (the convention for a signed form against the primary
    record).  A form whose finding a clinical record also tells is not disputed: that record's
    mention is among those found.  Not denials: the patient's own answers retold, another
    organ's sign ("no bowel change" beside a bladder sign).  A ticked item that names several
    findings ("[X] Progressive neurological deficit (new foot drop)") is one claim: a record's
    denial of any of them disputes it."""
    if not found or any(m.document.type != "request_form" for m in found):
        return []
    items: dict[tuple[str, int], list] = {}
    for m in found:  # one ticked item may name several findings: "deficit (new foot drop)"
        items.setdefault((m.document.id, m.sent_start), []).append(m)
    out = []
    for told in items.values():
        onset = _item_dated(view, told[0])
        denial = next(
            (
                r
                for m in told
                for r in view.find(concepts=[m.concept], assertions={"negated"})
                # a study's negative read ("No acute fracture" on the x-ray) denies no history
                # or symptom the form ticks ("fall from a 12-foot ladder 01/10/2026")
                if r.document.type not in {"request_form", "fax_cover", "imaging_report"}
                and (r.document.date is None or r.document.date <= ctx.request_date)
                # a record written before the day the form dates the finding ("new left foot
                # drop, onset 01/15/2026", "Tmax 101.8 F on 01/17/2026") did not see it
                and not (
                    onset is not None and r.document.date is not None and r.document.date < onset
                )
                and not cue("findings.patient_reported").search(r.sentence)
                and _same_organ(m.text, r.text)
            ),
            None,
        )
        if denial is None:
            return []  # an item no record denies stands
        out.append(denial)
    return out


def _item_dated(view: CaseView, m) -> date | None:
    """The latest day (or month) a form's ticked item writes beside its finding, up to the
    form's own date: the finding's onset or the day it was seen (review of 8dcdc79: a denial
    written before it was read as disputing it)."""
    d = m.document
    days = [
        x.value
        for x in view.dates_in(d, m.sent_start, m.sent_end)
        if x.precision in ("day", "month") and (d.date is None or x.value <= d.date)
    ]
    return max(days) if days else None


def _history_denials(view: CaseView, found: list, disputable: set[str], ctx: Context) -> list:
    """When every finding found is a personal history that another record explicitly denies,
    the denials; else [].

    A PCP's past history lists "Breast cancer (L) 2016 - lumpectomy + XRT"; the spine
    consult's reads "No personal history of cancer."  With new back pain the history would be
    the malignancy red flag, and the records disagree on it, so a reviewer decides
    (policies.md: ``needs_review`` when the packet contradicts itself).  Unlike a cauda
    equina sign, a history does not begin between visits, so a denial *before* the record
    that tells it disputes it too -- when that record tells it as history (dated, on a
    past-history list); a cancer first found after a note that denied any is new, no dispute.

    Not denials: a relative's history ("no family history of cancer" is read as family, never
    negated); a denial of recurrence or of active disease ("no evidence of recurrent breast
    cancer", "in remission, no active malignancy", a drug stopped: "off all
    immunosuppressants" -- findings.denial_not_of_history, read around the denial); a denial of
    another kind ("no history of skin cancer" beside a breast cancer); the request form and
    the patient's own answer retold."""
    if not disputable or not found or any(m.concept not in disputable for m in found):
        return []
    denials = [_history_denial(view, m, ctx) for m in found]
    return [] if any(r is None for r in denials) else denials


def _history_denial(view: CaseView, m, ctx: Context):
    """Another record's explicit denial of the history ``m`` tells (see
    :func:`_history_denials`), or None."""
    told_as_history = m.assertion == "historical" or _under_past_history(view, m)
    for r in view.find(concepts=[m.concept], assertions={"negated"}):
        d = r.document
        if (
            d.id != m.document.id
            and d.type != "request_form"
            and d.date is not None
            and m.document.date is not None
            and d.date <= ctx.request_date
            and (d.date > m.document.date or (told_as_history and d.date < m.document.date))
            and not cue("findings.denial_not_of_history").search(_around(r))
            and not cue("findings.patient_reported").search(r.sentence)
            and _same_kind(m, r)
        ):
            return r
    return None


DENIAL_BEFORE, DENIAL_AFTER = 40, 30  # the words around a denial that say what it denies


def _around(r) -> str:
    """The words of a denial's own clause around it ("no evidence of recurrent breast cancer",
    "off all immunosuppressants"), not the rest of a long review of systems."""
    text = r.document.text
    return text[max(r.sent_start, r.start - DENIAL_BEFORE) : min(r.sent_end, r.end + DENIAL_AFTER)]


def found_and_denial(found: list, denials: list) -> tuple[str, str]:
    """The words of the first history and of its denial, each with its record's date, for the
    rationale: ('"Breast cancer" (2025-09-18)', '"No personal history of cancer." (2026-01-22)')."""
    m, r = found[0], denials[0]
    when = lambda d: f" ({d.isoformat()})" if d else ""  # noqa: E731
    return (
        f'"{m.text.strip()}"{when(m.document.date)}',
        f'"{r.sentence.strip()[:120]}"{when(r.document.date)}',
    )


def _same_kind(told, denied) -> bool:
    """Whether a denial can be of the history told: a denial in general words ("no history of
    cancer", "never had a malignancy", "no IV drug use") denies any kind; one that names a
    kind ("no history of skin cancer") denies only that kind ("Colon cancer 2015" is not
    denied by it).  The kind is a site named in the mention or just before it
    (findings.history_kind)."""
    kinds = [_kind(x) for x in (told, denied)]
    return kinds[1] is None or kinds[0] == kinds[1]


KIND_BEFORE = 30  # how far before a mention the site that names its kind is read


def _kind(m) -> str | None:
    """The site that names a history's kind ("breast", "colon", "skin"), read in the mention
    and just before it; None for a history named in general words."""
    text = m.document.text[max(m.sent_start, m.start - KIND_BEFORE) : m.end]
    # only the mention's own item: "Lung nodule; no history of cancer" names no kind
    text = text[max(text.rfind(c, 0, len(text) - len(m.text)) for c in ",;:(") + 1 :]
    hits = cue("findings.history_kind").findall(text)
    return hits[-1].lower() if hits else None  # the site nearest the mention


def _injury_told_elsewhere(view: CaseView, m) -> bool:
    """An injury its sentence places only on a body region away from the back: "He was in a
    motor vehicle accident in early 2025 with a neck injury, treated separately", "fell off a
    ladder last month and hurt his right shoulder".  The suspected-fracture red flag of
    policies.md is a fracture of the spine the MRI would image; a crash told of the neck, a
    shoulder or a knee suspects none in the low back.  Its sentence decides (its own line
    where the sentence runs over several): a sentence that names the back, the legs or the
    spine anywhere ("MVC with neck and low back pain") keeps it, as does one naming no region
    at all; a chest, abdomen or pelvis CT after a crash images the spine too, and keeps it."""
    # "fell onto her hip ... X-ray shows a compression fracture": the fracture is the spine's
    if cue("findings.spinal_fracture").search(
        m.document.text[max(m.sent_start, m.start - 20) : m.end]
    ):
        return False
    named = regions_in(m.sentence)
    if len(named) > 1:
        start, end = view.lines(m.document).bounds(m.start)
        named = regions_in(m.document.text[start:end]) or named
    return bool(named) and named <= ELSEWHERE


ELSEWHERE = frozenset({"cervical", "shoulder", "knee", "hip", "ankle", "wrist"})


def _same_organ(sign: str, denied: str) -> bool:
    """Whether a denial can be of the sign: "bowel incontinence" denied is no denial of
    "urinary leakage"; a bare "incontinence" names either."""
    kinds = {"bowel": cue("findings.bowel_sign"), "bladder": cue("findings.bladder_sign")}
    organs = [{organ for organ, rx in kinds.items() if rx.search(t)} for t in (sign, denied)]
    return not (organs[0] and organs[1] and not organs[0] & organs[1])


OLD_BEFORE_CHARS, OLD_AFTER_CHARS = 80, 60  # how far around a mention its qualifiers are read


def _told_old(m) -> bool:
    """The words right around a mention call it old or place it on a bone away from the spine:
    "Old healed L 2nd metatarsal stress fracture", "L ankle fracture", "fracture of the left
    wrist", "fracture - healed".  Read just before the mention (a cue anchored at its end) and
    just after it (one anchored at its start), so that "old healed rib fractures and a new L1
    compression fracture" leaves the L1 fracture standing."""
    text = m.document.text
    before = text[max(m.sent_start, m.start - OLD_BEFORE_CHARS) : m.start]
    after = text[m.end : min(m.sent_end, m.end + OLD_AFTER_CHARS)]
    return bool(
        cue("findings.told_old_before").search(before)
        or cue("findings.told_old_after").match(after)
    )


def _year_beside(m) -> int | None:
    """A bare year written right beside a mention ("reported 2024 stress fracture", "Left
    ankle fracture 2012 (ORIF)"), which the date parser reads only after a date word."""
    text = m.document.text
    before = cue("findings.year_beside_before").search(
        text[max(m.sent_start, m.start - OLD_BEFORE_CHARS) : m.start]
    )
    after = cue("findings.year_beside_after").match(
        text[m.end : min(m.sent_end, m.end + OLD_AFTER_CHARS)]
    )
    hit = before or after
    return int(hit.group("y")) if hit else None


WRAP_TAIL = 80  # characters of the next line read with a sentence that ends at a line break


def _with_wrapped_tail(m) -> str:
    """The mention's sentence with the rest of its line ("cellulitis of left lower limb.
    Status: COMPLETED course - inactive") and, when the sentence ends at a line break, the
    next line up to its first full stop."""
    text = m.document.text
    tail = text[m.sent_end : m.sent_end + WRAP_TAIL]
    ends_line = m.sentence.rstrip(" \t").endswith("\n") or tail.startswith("\n")
    if not ends_line:
        line_break = tail.find("\n")
        rest = tail if line_break < 0 else tail[:line_break]
        # only a status column of the same row ("Status: COMPLETED course - inactive"), not the
        # next sentence ("Active cellulitis, on cephalexin. Hx of MRSA abscess 2019.")
        return m.sentence + rest if cue("findings.status_column").match(rest) else m.sentence
    if m.sentence.rstrip().endswith((".", "!", "?", ":")):
        return m.sentence  # a finished sentence: the next line is another one
    return m.sentence + tail.lstrip("\n").split(".")[0]


def _discounted(m, cue_name: str) -> bool:
    """A finding its own record weighs down elsewhere in the note: the ED note whose chief
    complaint is "MVC" and whose decision-making says "Low-energy mechanism, neuro intact,
    plain films negative for fracture" tells a minor crash, not the significant trauma a
    suspected fracture asks for.  ``cue_name`` is the policy's ``discount_cue`` (for the
    lumbar MRI's red flags, findings.low_energy_mechanism), which the mention's document
    must match."""
    return bool(cue(cue_name).search(m.document.text))


def _under_past_history(view: CaseView, m) -> bool:
    """ "pmhx: neck strain 2025 (MVA), otherwise healthy": a mention on a past-history line (not
    an active problem list or the day's diagnoses)."""
    line_start, _ = view.lines(m.document).bounds(m.start)
    return bool(cue("findings.past_history_line").search(m.document.text, line_start, m.start))


def _within_of_request(view: CaseView, m, days: int | None, ctx: Context) -> bool:
    """Whether a finding the policy wants *recent* ("recent spinal procedure") is dated within
    ``days`` before the request -- by a date in its sentence, else its document's date.  An
    undated one is not shown to be recent."""
    if days is None:
        return True
    dates = [d.value for d in view.dates_in(m.document, m.sent_start, m.sent_end)]
    # undated, it is the record's own date only in the note of the procedure itself ("He
    # underwent an L4-5 laminectomy" in an office note tells a past operation of any age)
    when = max(dates) if dates else m.document.date if m.document.type == "procedure_note" else None
    return when is not None and 0 <= (ctx.request_date - when).days <= days


def _dated_before(view: CaseView, m, days: int | None, ctx: Context) -> bool:
    """The mention's sentence dates it more than ``days`` before its note: an old event
    ("a fall from a ladder 08/2025" in a note of 2026-03) is history, not a current finding."""
    if days is None:
        return False
    ref = m.document.date or ctx.request_date
    year = _year_beside(m)  # "reported 2024 stress fracture": its own year, even undated else
    if year is not None and (ref - date(year, 12, 31)).days > days:
        return True
    dates = [d.value for d in view.dates_in(m.document, m.sent_start, m.sent_end)]
    if not dates:
        return False
    return (ref - max(dates)).days > days


HEADING_LINES_BACK = 40  # how far up a list item the heading of its list is looked for


def _past_history_heading(view: CaseView, m) -> bool:
    """The mention sits in a section whose own heading names a past history ("PAST MEDICAL
    HISTORY:" / "Positive for ..., recurrent cellulitis of the lower extremities", "PAST
    SURGICAL HISTORY:" / "2. Left lower quadrant abscess drainage in 12/07") -- not a
    problem list, "Active problems" or "Diagnoses", which the sectionizer files under the same
    category but which list today's problems.  The heading is the nearest header line above."""
    if m.section not in ("pmh", "psh"):
        return False
    lines = view.lines(m.document)
    text = m.document.text
    number = lines.number(m.start)
    for n in range(number, max(number - HEADING_LINES_BACK, -1), -1):
        a, b = lines.line(n)
        line = text[a:b]
        if header_category(line) is not None:
            return bool(cue("findings.past_history_heading").match(line))
        if cue("findings.other_heading_line").match(line):
            # a heading the sectionizer does not know ("KNEE ASPIRATION RESULTS:", "WOUND
            # CHECK: ...") opens another section than the past history above it
            return False
    return False


def _listed_as_past_history(view: CaseView, m) -> bool:
    """An infection listed as past history -- under a past medical or surgical history heading,
    or on a "PMH:" line -- is a past episode, not an active one: a consult's "PAST MEDICAL
    HISTORY: ... recurrent cellulitis of the lower extremities" and a cardiology consult's
    "PAST SURGICAL HISTORY: ... Left lower quadrant abscess drainage in 12/07" (mined on real
    notes: both read as an active infection, and the knee arthroplasty's exclusion not_met).
    Such a list tells what the patient has had; a surgery listed there is done.  The item
    stays current when its own words say so ("Cellulitis of the right leg, currently on
    doxycycline", "chronic osteomyelitis", "active MRSA"): read from the list's previous
    separator to the end of the sentence or line, or of a numbered item's line
    (findings.current_in_history), or when the item is dated within weeks of its note."""
    if not (_past_history_heading(view, m) or _under_past_history(view, m)):
        return False
    text = m.document.text
    line_start, line_end = view.lines(m.document).bounds(m.start)
    start = max(line_start, m.sent_start)
    cut = max(text.rfind(sep, start, m.start) for sep in (",", ";", ":"))
    # a numbered or bulleted item runs to its line's end ("2. Right knee septic arthritis
    # 01/2026. Still on IV cefazolin."); a paragraph's, to its sentence's
    bulleted = cue("findings.list_item_marker").match(text, line_start)
    item_start = cut + 1 if cut >= 0 else start
    item_end = line_end if bulleted else min(line_end, m.sent_end)
    if cue("findings.current_in_history").search(text, item_start, item_end):
        return False
    return not _dated_lately(view, m, item_start, item_end)


LISTED_RECENT_DAYS = 60  # a history item dated this close before its note is not shown to be over


def _dated_lately(view: CaseView, m, start: int, end: int) -> bool:
    """A history item dated within :data:`LISTED_RECENT_DAYS` days of its note ("Septic
    arthritis of the left knee diagnosed 2/10/2026, washout 2/11/2026" in a note of 2/16, "I&D
    right knee abscess 01/28/2026"): an episode of these weeks, which the list does not show to
    be over -- unlike "abscess drainage in 12/07" or "10/25" months before."""
    ref = m.document.date
    if ref is None:
        return False
    return any(
        -LISTED_RECENT_DAYS <= (ref - x.value).days <= LISTED_RECENT_DAYS
        for x in view.dates_in(m.document, start, end)
    )


@evaluator("exclusion_absent")
def exclusion_absent(view: CaseView, p: dict[str, Any], ctx: Context) -> Outcome:
    """Exclusion: met unless an excluding finding is documented present (not history)."""
    # an infection listed as past history ("PAST SURGICAL HISTORY: ... abscess drainage in 12/07")
    # is a past episode: not active, and quoted as history beside the denials
    found = view.find(concepts=p["concepts"], assertions={"present"})
    listed = [m for m in found if _listed_as_past_history(view, m)]
    listed_ids = {id(m) for m in listed}
    present = [
        m
        for m in found
        if (
            not cue("therapy.success").search(m.sentence)
            or cue("findings.active_word").search(m.sentence)
        )
        and not cue("findings.not_a_finding_after").match(m.document.text, m.end)
        # a sentence wrapped over a line ("had a bladder infection in Dec, took the\n
        # antibotic, all better now"): the words after it on the next line count too
        and not cue("findings.not_active").search(_with_wrapped_tail(m))
        and id(m) not in listed_ids
    ]
    present = _not_resolved_later(view, present, p["concepts"])
    label = p.get("label", "excluding condition")
    support_cue = cue(p["support_cue"]) if p.get("support_cue") else None
    if present:
        support = (
            mention_evidence(view, p["support_concepts"], ("present",))
            if p.get("support_concepts")
            else []
        )
        docs = list({m.document.id: m.document for m in present}.values())
        screen = view.sentences_matching(support_cue, docs) if support_cue else []
        return Outcome("not_met", ctx.say("active", label=label)).cite(
            prefer(present)[:5] + support[:2] + screen, 8
        )
    negated = view.find(concepts=p["concepts"], assertions={"negated", "historical"}) + listed
    support = (
        mention_evidence(view, p["support_concepts"], ("negated",))
        if p.get("support_concepts")
        else []
    )
    screen = (
        [
            e
            for e in view.sentences_matching(support_cue)
            if not cue("findings.says_active").search(e.quote)
            or cue("findings.no_active").search(e.quote)
        ]
        if support_cue
        else []
    )
    out = Outcome(
        "met",
        ctx.say("absent" if negated else "silent", label=label),
        by_silence=not (negated or screen),
    )
    return out.cite(prefer(negated)[:4] + support[:2] + screen, 8)


TOPIC_BEFORE_CHARS = 60  # how far before the word "risk of", "to prevent" is read


def _names_a_topic(m) -> bool:
    """The word names a hazard or a topic of care, not the patient's state: "infection risk",
    "infection precautions", "risk of infection", "to prevent infection".  Negated by the words
    around it ("Injection: discussed, not given - infection risk on immunosuppression") it says
    nothing of whether an infection is present, so it is no later finding of its absence (an
    invented case: "active MRSA bacteremia on vancomycin" on 03/01, then "steroid shot not
    given - infection risk" on 03/08 -- the bacteremia is not cleared by it)."""
    text = m.document.text
    return bool(
        cue("findings.topic_not_state_after").match(text, m.end)
        or cue("findings.topic_not_state_before").search(
            text[max(0, m.start - TOPIC_BEFORE_CHARS) : m.start]
        )
    )


def _not_resolved_later(view: CaseView, present: list, concepts: list[str]) -> list:
    """Drop an active finding that a later entry records as resolved ("Active cellulitis L shin
    - injection deferred" on 01/06, then "Cellulitis L shin resolved - completed cephalexin" on
    01/27): the latest word on the condition decides.  Later: a later document, or further on
    in the same running document (procedure logs and flowsheets append in order)."""
    resolved = [
        m
        for m in view.find(concepts=concepts, assertions={"present", "negated", "historical"})
        if cue("findings.resolved_now").search(m.sentence)
        and not cue("findings.says_active").search(m.sentence)
        and not cue("findings.resolution_awaited").search(m.sentence)
    ]

    def later(r, m) -> bool:
        if r.document.id == m.document.id:
            return r.start > m.end
        return bool(r.document.date and m.document.date and r.document.date > m.document.date)

    # a later record that finds the condition absent ("septic arthritis ruled out" in the
    # discharge summary after the ED's "septic arthritis considered"; a pre-surgical screen's
    # "[ ] Active infection  [X] none identified" two months after a treated UTI) is the latest
    # word too: only a later document, not a denial further on in the same note
    # -- a clinician's or a screener's finding, not the requester's form nor the patient's own
    # answer retold ("Any active infection? .... No" on a portal submission, "Infection: none
    # reported on questionnaire" six days after a clinician's cellulitis: dev16pp-03)
    absent_later = [
        r
        for r in view.find(concepts=concepts, assertions={"negated"})
        if r.document.type != "request_form"
        and not cue("findings.patient_reported").search(r.sentence)
        and not _names_a_topic(r)
    ]

    def cleared(m) -> bool:
        return any(later(r, m) for r in resolved) or any(
            r.document.id != m.document.id and later(r, m) for r in absent_later
        )

    return [m for m in present if not cleared(m)]


_FORM_LINE = 120  # characters: a line of form fields, not a paragraph
_FORM_FIELD = re.compile(r"(?:^|[.;]\s+)[A-Z][\w /-]{0,30}:\s*\S")


def _denial_line(r) -> str:
    """The short line of a denial's sentence, where a form's fields share their line's time
    ("Fever: none today. Chills: none." -- the chills are denied today too); the sentence
    alone in a paragraph, whose other sentences' "today" may be of something else."""
    text = r.document.text
    start = text.rfind("\n", 0, r.sent_start) + 1
    end = text.find("\n", max(r.sent_start, r.sent_end - 1))
    line = text[start : end if end >= 0 else len(text)]
    fields = _FORM_FIELD.findall(line)
    # only a line of "Label: value" fields shares its time ("Here today for back pain
    # follow-up. Denies fever or chills." is two sentences, and the visit's "today" is not the
    # denial's: review of this rule)
    return line if len(line) <= _FORM_LINE and len(fields) >= 2 else r.sentence


def _same_visit_denial(d, sentence: str) -> bool:
    """A same-day denial that disputes a sign that comes and goes (review of 941473b): not a
    denial of the sign *now* ("No fever today", "Fever: none today" beside fevers to 101 F last
    week: a fever that has passed), not the indication line of an imaging report ("CLINICAL
    HISTORY: low back pain, no fever"), not the patient's own questionnaire."""
    if d.type == "imaging_report" or cue("findings.denial_of_now_only").search(sentence):
        return False
    return not cue("findings.patient_form_heading").search(d.text[:200])


def _denial_after_care(text: str) -> bool:
    """A same-day denial written after the sign was treated ("Foley in place, draining well.
    Denies urinary retention"): the sign relieved, not denied."""
    return bool(cue("findings.sign_treated").search(text))
