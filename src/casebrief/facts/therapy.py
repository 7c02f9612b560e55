"""Therapy episodes: when each documented conservative therapy ran, from dated mentions.

Counting rule (policies.md): duration is the length of the union of documented therapy
intervals inside the window; a therapy still ongoing runs to the date of the latest note
that documents it, or to the request date if that note says "ongoing/currently".
Planned, recommended and negated mentions never make an episode.  The words that decide
(start, stop, current, planned, not done, visit, ...) are data:
``resources/lexicons/cues/therapy.yaml``; the modality groups a policy counts are
``resources/lexicons/therapy_groups.yaml``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cache, lru_cache

from casebrief.facts.evidence import Evidence, sentence_evidence
from casebrief.facts.mentions import CaseView, Mention, region_subject, spinal_regions_in
from casebrief.facts.placeholders import placeholder_days
from casebrief.facts.sides import sides_named, this_side
from casebrief.lexicon import cue, words
from casebrief.nlp.dates import shift
from casebrief.resources import load_yaml

CREDENTIAL_TERMS = {"PT", "DPT", "P.T."}
PLAN_SECTIONS = {"plan", "assessment_plan"}
# a procedure note's own procedure, findings and aftercare: drugs given during the operation and
# post-operative therapy are not the conservative care that came before it
PROCEDURE_SECTIONS = {"technique", "findings", "plan", "assessment_plan", "medications"}
NEAR_CHARS = 60  # a stated length belongs to a therapy named within this many characters
START_WINDOW = 90  # a date further than this after the mention belongs to another clause


@lru_cache(maxsize=1)
def modality_groups() -> dict[str, dict]:
    """Modality group -> its entry (``concepts``, ``point``), from therapy_groups.yaml."""
    return load_yaml("lexicons/therapy_groups.yaml")


@cache
def group_of(concept: str) -> str | None:
    for g, entry in modality_groups().items():
        if concept in entry["concepts"]:
            return g
    return None


@cache
def drug_group(group: str) -> bool:
    """Whether a modality group is drugs (NSAIDs, analgesics): several drugs, each its own
    course; a course of visits (PT, chiropractic) or a device is one therapy however named."""
    from casebrief.nlp.concepts import concept_table

    table = concept_table()
    return any(
        table.get(c, {}).get("modality") == "medication"
        for c in modality_groups()[group]["concepts"]
    )


def group_concepts(groups) -> list[str]:
    """The concept ids of the given modality groups."""
    return [c for g in groups for c in modality_groups()[g]["concepts"]]


@dataclass
class Episode:
    group: str
    start: date
    end: date
    evidence: list[Evidence] = field(default_factory=list)
    ongoing: bool = False
    kind: str = "point"  # "dated" (explicit dates), "duration" (a stated length), "point" (one day)
    approx_start: bool = False  # started in a month named without a day ("since December")
    current: bool = False  # the note says the therapy is still going on ("currently taking")
    vague: bool = False  # its length was given in words ("for years"): no number to report
    name: str = ""  # the words that named it ("meloxicam", "PT"); "" for a therapy note's span
    # a stated length told only within months named without days ("for three weeks in
    # March-April"): those months' first and last days (:func:`_snap_lengths_told_in_months`)
    within: tuple[date, date] | None = None
    day_anchored: bool = False  # placed by a date with its day ("stopped on 4/2/26", "since 3/9")
    # a length its note tells with no date of its own, counted back from the note's day
    # ("naproxen 500 bd for 2/52 (completed)"): :func:`_snap_retold_lengths`
    told_back: bool = False
    # a drug started or prescribed on the note's day with no length of its own ("Start
    # meloxicam 15 mg p.o. daily, #30 with one refill"): the day a later note's retold length
    # runs from (:func:`_snap_retold_lengths`)
    prescribed: bool = False

    @property
    def days(self) -> int:
        return max((self.end - self.start).days, 0)


PLAN_HEADING_MAX = 40  # a heading line is short: "PLAN OF CARE", "Plan of care:"


def on_plan_of_care_line(text: str, pos: int) -> bool:
    """The line holding ``pos`` is a plan of care or an authorization: it opens with the words
    ("Plan of care at IE: 2x/wk x 8 wks, 01/06/26-03/02/26"), or sits under them as a heading
    of its own ("PLAN OF CARE" / "2x/week x 12 weeks (01/12/2026 - 04/06/2026): ther ex") --
    the span planned or approved, not the care given."""
    plan = cue("therapy.plan_of_care_range")
    line_start = text.rfind("\n", 0, pos) + 1
    if plan.search(text, line_start, pos):
        return True
    above_end = line_start - 1
    if above_end <= 0:
        return False
    above_start = text.rfind("\n", 0, above_end) + 1
    heading = text[above_start:above_end].strip()
    return (
        0 < len(heading) <= PLAN_HEADING_MAX
        and not any(c.isdigit() for c in heading)
        and bool(plan.match(heading))
    )


def merge_intervals(ivs: list[tuple[date, date]]) -> list[tuple[date, date]]:
    """Overlapping or touching date intervals joined, in order."""
    merged: list[list[date]] = []
    for s, e in sorted(ivs):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [(s, e) for s, e in merged]


def union_days(
    eps: list[Episode], window_start: date | None, window_end: date
) -> tuple[int, list[tuple[date, date]]]:
    """Days covered by the episodes inside the window (each day once), and the merged intervals."""
    ivs = []
    for ep in eps:
        s = max(ep.start, window_start) if window_start else ep.start
        e = min(ep.end, window_end)
        if e >= s:
            ivs.append((s, e))
    merged = merge_intervals(ivs)
    return sum((e - s).days for s, e in merged), merged


FRONTED_START_CHARS = 25  # "On 24 February I started meloxicam": date, subject, verb
NOT_DONE_NEAR = 50  # characters around a therapy read for "declined", "no-show", ...
# ... and further on, to the end of its clause ("PT referral placed - pt declines")
NOT_DONE_AFTER = 90
_CLAUSE_END = re.compile(r"[;,.]|\n\s*[-*•]")
_CLAUSE_JOIN = re.compile(r"(?:[,;]\s*|\s)(?:but|and|so)\s+|;\s*", re.IGNORECASE)


def not_done(view: CaseView, m: Mention) -> bool:
    """:func:`_not_done`, read once per mention (every therapy criterion asks it again)."""
    key = ("not_done", m.document.id, m.start, m.end)
    if key not in view.cache:
        view.cache[key] = _not_done(m) or _not_had_says_next(view, m)
    return view.cache[key]


def _not_had_says_next(view: CaseView, m: Mention) -> bool:
    """A later clause of the same sentence, or the next sentence of the same paragraph, says by
    a pronoun that the therapy just named was never had (cue ``therapy.not_done_by_pronoun``:
    "... the knee brace is $180 because insurance wont cover it. I didnt get it.") and names no
    other therapy the pronoun could mean."""
    sents = view.sentences(m.document)
    i = view.sentence_number(m.document, m.start)
    if i is None:
        return False
    text = m.document.text
    # the same sentence's later clause: "An unloader brace ... was prescribed 9/2025 but was not
    # covered by his plan and he never obtained it" (dev28tk-04)
    # ... but not a lapse the rest of the sentence bounds ("wears it daily, but did not wear it
    # to today's visit", "she could not afford it at first but her plan covers it now": review
    # of 868b337, each dropped a therapy she had)
    for c in _CLAUSE_JOIN.finditer(text, m.end, m.sent_end):
        said = cue("therapy.not_done_by_pronoun").match(text, c.end(), m.sent_end)
        if (
            said
            and not cue("therapy.not_had_for_a_while").search(text, said.end(), m.sent_end)
            and not any(
                o.category == "therapy" and o.concept != m.concept
                for o in view.mentions_in(m.document, m.end, c.end())
            )
        ):
            return True
    if i + 1 >= len(sents):
        return False
    s, e = sents[i + 1]
    if "\n\n" in text[m.end : s] or not cue("therapy.not_done_by_pronoun").match(text, s, e):
        return False
    return not any(
        o.category == "therapy" and o.concept != m.concept
        for o in view.mentions_in(m.document, s, e)
    )


def _not_done(m: Mention) -> bool:
    """Offered, deferred, declined or an unticked box: the therapy named was not given."""
    text = m.document.text
    sent_end = m.sent_end
    if text[m.end : sent_end].rstrip().endswith("?"):
        # a note's shorthand query answered on its own line ("PT? - [illegible] - not yet.",
        # "Brace? declined"): the splitter ends the sentence at the question mark, but the
        # answer that follows on the line is this therapy's status
        line_end = text.find("\n", sent_end)
        sent_end = len(text) if line_end < 0 else line_end
    after = text[m.end : min(sent_end, m.end + NOT_DONE_AFTER)]
    cut = _CLAUSE_END.search(after)
    if cut and cut.start() >= NOT_DONE_NEAR:  # past the near window, only this clause counts
        after = after[: cut.start()]
    else:
        after = after[:NOT_DONE_NEAR]
    before = text[max(m.sent_start, m.start - NOT_DONE_NEAR) : m.start]
    window = before + text[m.start : m.end] + after
    if m.attrs.get("modality") == "medication":
        # "Currently taking meloxicam 15 mg daily - will stop 7 days pre-op": the drug is taken
        # until the surgery; its hold before the operation is no sign it was not given
        window = cue("therapy.perioperative_hold").sub(" ", window)
    if cue("therapy.not_done").search(window) or _held_off(before, after):
        return True
    if m.attrs.get("modality") != "medication" and (
        cue("therapy.order_only").search(window)
        or cue("therapy.order_title_after").match(text, m.end)
    ):
        return True  # "Medial unloader brace Rx given": the order, not the brace worn
    if m.attrs.get("modality") == "medication" and cue("therapy.avoided_before").search(before):
        return True  # "Currently using ice/heat only, avoiding NSAIDs": kept off, not taken
    # a table row closed by its status far to the right ("PT R knee ... 11/12/25-02/12/26  12
    # 0   EXPIRED" in an authorizations table): what was approved, never used
    line_end = text.find("\n", m.end)
    line = text[text.rfind("\n", 0, m.start) + 1 : len(text) if line_end < 0 else line_end]
    if cue("therapy.row_not_given").search(line):
        return True
    # a medication list's line annotated after the drug: "naproxen 500 mg BID - listed by PCP;
    # patient not taking since Jan" (dev32es-03: read as taken on the consult's day, the
    # January course ran on to it)
    if m.attrs.get("modality") != "medication":
        return False
    said = cue("therapy.list_line_not_taken").search(
        text, m.end, len(text) if line_end < 0 else line_end
    )
    # not the words of another item of the same line: "meloxicam 15 mg daily (since 08/01/2025),
    # gabapentin 300 mg qhs - pt not taking" leaves the meloxicam taken (review of b83ec45)
    return bool(said) and not _ANOTHER_ITEM.search(text, m.end, said.start())


# another drug's item between a drug and a line's "not taking": a separator, a name, a dose
_ANOTHER_ITEM = re.compile(
    r"[,;]\s*(?:and\s+)?[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*)?\s+\d+(?:\.\d+)?\s*(?:mg|mcg|g|ml|units?)\b",
    re.IGNORECASE,
)


_CLAUSE_BREAK_BEFORE = re.compile(r"[;,.]|\b(?:and|but|while|so|then)\b", re.IGNORECASE)


def _held_off(before: str, after: str) -> bool:
    """The therapy is the one "hold off" is told of: after it in its own clause ("a steroid
    injection today and she wants to hold off for now"), or after it with nothing of its own
    to hold off ("Discussed an injection today; she wants to hold off."); or before it, with no
    clause between ("pt wants to hold off on the injection").  Not a therapy of another clause
    ("Wants to hold off on surgery; takes naproxen", "Holding off on injections for now, she
    continues naproxen": review of 768748b, both dropped a therapy she had)."""
    held = cue("therapy.held_off")
    for h in held.finditer(after):
        if cue("therapy.held_off_back").match(after, h.end()) or not _CLAUSE_BREAK_BEFORE.search(
            after, 0, h.start()
        ):
            return True
    hits = list(held.finditer(before))
    return bool(hits) and not _CLAUSE_BREAK_BEFORE.search(before, hits[-1].end())


def is_credential(m: Mention) -> bool:
    """'<name>, PT, DPT' names a therapist, not a therapy."""
    if m.text not in CREDENTIAL_TERMS:
        return False
    before = m.document.text[max(0, m.start - 12) : m.start]
    after = m.document.text[m.end : m.end + 60]  # "PT: VILLATORO CHUN, JESUS A": a label
    named = cue("therapy.name_before").search(before) and not cue(
        "therapy.therapy_verb_before"
    ).search(before)
    if cue("therapy.service_after_pt").match(after) and not cue("therapy.credential_before").search(
        before
    ):
        return False  # "Lakeshore PT discharge: 14 visits": the clinic's therapy
    return bool(
        cue("therapy.credential_before").search(before)
        or cue("therapy.credential_after").match(after)
        or named
    )


def is_lab_value(m: Mention) -> bool:
    """'PT 11.0 s', 'PT/INR', 'PT 12.1 INR 1.0': prothrombin time in a lab panel; 'DP/PT 2+':
    the posterior tibial pulse.  Neither is physical therapy."""
    if m.text.upper().replace(".", "").removeprefix("DP/") != "PT":
        return False
    text = m.document.text
    if cue("therapy.lab_after").match(text, m.end):
        return True
    around = text[max(m.sent_start, m.start - 40) : min(m.sent_end, m.end + 40)]
    return bool(cue("therapy.lab_around").search(around))


def _symptom_onset(text: str, sent_start: int, date_start: int, m: Mention) -> bool:
    """'leg pain since Oct 2025; tried chiro and ibuprofen ...': the date dates the symptom, not the
    therapy.
    """
    lead = text[max(sent_start, date_start - 30) : date_start]
    if m.start > date_start:
        return bool(cue("therapy.symptom_words").search(lead))
    # "no improvement at all with PT; pain has been constant since May": a semicolon's clause
    # about the symptom, between the therapy and the date (dev35ms-03)
    semi = text.rfind(";", m.end, date_start)
    return (
        semi >= 0
        and bool(cue("therapy.symptom_subject").match(text, semi + 1, date_start))
        # "symptoms have continued since her first session on 01/05/2026", "pain is unchanged
        # since she started on ...": the date is still the therapy's start (review of this rule)
        and not _THERAPY_START_TOLD.search(text, semi + 1, date_start)
    )


_THERAPY_START_TOLD = re.compile(
    r"\b(?:since|from)\s+(?:(?:she|he|they|the\s+patient|pt)\s+)?(?:start\w*|began|begun|"
    r"(?:her|his|their|the)\s+(?:first|initial)\s+(?:session|visit|treatment|appointment))\b",
    re.IGNORECASE,
)


def stop_date(view: CaseView, m: Mention, after: int, words: str = "therapy.stop") -> date | None:
    """A stop date for a started therapy, in its sentence or the next one ("stopped on 4/2/26");
    ``words``: the cue of the stop words read."""
    sents = view.sentences(m.document)
    idx = view.sentence_number(m.document, m.start)
    if idx is None:
        return None
    for j, (s, e) in enumerate(sents[idx : idx + 2]):
        lo = after if j == 0 else s
        stop = cue(words).search(without_others_holds(view, m.document, lo, e))
        if not stop:
            continue
        if j == 1 and _tells_of_another(view, m, s, e):
            break  # "... diclofenac since February 2. She completed twelve sessions of PT from
            # March 9": the next sentence's stop is the other therapy's
        if j == 0 and _nearer_therapy_owns(view, m, lo + stop.start()):
            break  # "meloxicam ... which he is currently taking, and he went through a course
            # of physical therapy ... from November 3rd through December 19th": PT's range end
        stop_end = lo + stop.end()
        for dm in view.dates_in(m.document, stop_end, e):
            gap = m.document.text[stop_end : dm.start]
            # "stopped on 4/2", "stopped PT and the home exercises after the 8/27 visit"
            if dm.start - stop_end <= STOP_NEAR or (
                dm.start - stop_end <= STOP_FAR and not any(c.isdigit() for c in gap)
            ):
                return dm.value
            break
    return None


def _nearer_therapy_owns(view: CaseView, m: Mention, at: int) -> bool:
    """Another therapy is named between ``m`` and the stop word at ``at``, and ``m`` is not
    named again after it: the stop is that therapy's (dev34pn-01: the PT range's "through
    December 19th" ended a meloxicam "currently taking")."""
    between = [
        o
        for o in view.mentions_in(m.document, m.end, at)
        if o.category == "therapy" and not is_credential(o)
    ]
    if not between:
        return False
    nearest = max(between, key=lambda o: o.end)
    # "started naproxen ... after a few chiropractic visits; discontinued 02/23": a clause
    # break after the other therapy leaves the stop to the sentence's subject (review)
    broken = re.search(r"[;.]", m.document.text[nearest.end : at])
    return nearest.concept != m.concept and not broken


def _tells_of_another(view: CaseView, m: Mention, s: int, e: int) -> bool:
    """The sentence names another therapy and not ``m``'s own."""
    named = [o for o in view.mentions_in(m.document, s, e) if o.category == "therapy"]
    return bool(named) and all(o.concept != m.concept for o in named)


def _took_it_for(view: CaseView, m: Mention, start: date) -> date | None:
    """ "Started naproxen on May 12. She took it for about ten days and stopped ...": a length
    the next sentence gives the same therapy (by a pronoun) ends the course that long after
    its start."""
    sents = view.sentences(m.document)
    idx = view.sentence_number(m.document, m.start)
    if idx is None or idx + 1 >= len(sents):
        return None
    s, e = sents[idx + 1]
    took = cue("therapy.took_it_for").match(m.document.text, s, e)
    if not took:
        return None
    for du in view.durations_in(m.document, s, e):
        if not du.vague:
            return start + timedelta(days=round(du.days))
    return None


UMBRELLA_CONCEPTS = {"conservative_unspecified"}  # "conservative care": names no therapy
STOP_NEAR = 30  # a date this close after a stop word is the stop date
STOP_FAR = 60  # ... or this close, when nothing else is dated in between
FEW = {"a couple of": 2, "a few": 3, "once": 1, "twice": 2}


def _few_sessions(text: str, after: int, end: int, start: date) -> date | None:
    """ "started home physical therapy in January but only had two sessions before she was
    readmitted": the course is that many days long, not a course running to the note."""
    few = cue("therapy.few_sessions").search(text, after, end)
    if not few:
        return None
    n_text = " ".join(few.group("n").lower().split())
    if not few.group("unit") and n_text not in {"once", "twice"}:
        return None  # "went 2" says nothing of sessions
    n = FEW.get(n_text) or (int(n_text) if n_text.isdigit() else words().numbers.get(n_text))
    return start + timedelta(days=max(int(n) - 1, 0)) if n else None


def _stopped_after(view: CaseView, m: Mention, after: int, end: int, start: date) -> date | None:
    """ "meloxicam started 10/14 -> stopped after ~10 days": a length told after the stop word
    ends the course that long after its start."""
    stop = cue("therapy.stop").search(without_others_holds(view, m.document, after, end))
    if not stop:
        return None
    stop_end = after + stop.end()
    for du in view.durations_in(m.document, stop_end, end):
        if du.start - stop_end <= STOP_NEAR and not du.vague:
            return start + timedelta(days=round(du.days))
        break
    return None


def _length_from_start(
    view: CaseView, m: Mention, s: int, e: int, start: date, current: bool
) -> date | None:
    """ "Celecoxib 200 mg daily x 3 months from 14/10/2025 - completed", "PT for 6 weeks
    starting 1/5": a length told beside the start ends the course that long after it (not past
    the request), instead of running it on to the note's date.  Not a plan's length (a plan of
    care's "x 8 wks" is what was planned), nor a length of the symptom (:func:`_lengths_near`
    leaves those out), nor a course the note says is still going on ("currently taking"),
    which runs on as policies.md counts it, nor one that had not run out by the note's day."""
    if current or cue("therapy.planned").search(m.document.text, s, e):
        return None
    others = [
        o
        for o in view.mentions_in(m.document, s, e)
        if o.category == "therapy" and o.concept != m.concept
    ]
    durs = [
        du
        for du in _lengths_near(view, m, s, e)
        if not du.vague and not any(_owns_length(o, m, du) for o in others)
    ]
    if not durs:
        return None
    du = min(durs, key=lambda x: _distance(m.start, m.end, x.start, x.end))
    end = shift(start, du.days)
    # a length that had not run out by the note's day is what was planned ("PT started 01/12,
    # 2x/week for 8 weeks; one session so far" on 01/14): the course runs only as far as a
    # note documents it, not to the end of its plan
    if end is None or end > (m.document.date or view.request_date):
        return None
    return min(end, view.request_date)


def _owns_length(o: Mention, m: Mention, du) -> bool:  # noqa: ANN001 - a DurationMention
    """Another therapy ``o`` owns the length ``du`` rather than ``m``: it stands between them
    ("on naproxen since January and had about 8 weeks of PT"), or nearer the length ("Medrol
    Dosepak x 6 days and meloxicam 15 mg daily since 10/06")."""
    between = (m.end <= o.start and o.end <= du.start) or (du.end <= o.start and o.end <= m.start)
    return between or _distance(o.start, o.end, du.start, du.end) < _distance(
        m.start, m.end, du.start, du.end
    )


RANGE_OWNER_CHARS = 12  # a therapy's name this close before a date range owns it


def _named_just_before(view: CaseView, m: Mention, s: int, at: int) -> bool:
    """The therapy named nearest before the date range at ``at`` is another one than ``m``,
    with nothing but a few characters and no clause break between it and the range, in a list
    whose later item names ``m``: "Non-op tx: PT 10/06-12/19/25, naproxen since 11/03/25"."""
    text = m.document.text
    before = [
        o
        for o in view.mentions_in(m.document, s, at)
        if o.category == "therapy" and o.end <= at and not is_credential(o)
    ]  # "Peak Motion PT" is read as a therapist's credential, and names no therapy here
    if not before:
        return False
    o = max(before, key=lambda x: x.end)
    return (
        group_of(o.concept) != group_of(m.concept)
        and at - o.end <= RANGE_OWNER_CHARS
        and not re.search(r"[,;.\n]", text[o.end : at])
    )


def _start_of_another(view: CaseView, m: Mention, s: int, at: int) -> bool:
    """The start date at ``at``, told before ``m``, belongs to another therapy named right
    before its start word: "she has been on naproxen since\nDecember and had one cortisone
    shot in Feb" -- December starts the naproxen, not the shot told after it (dev25kb-04: the
    one shot ran as an injection course from December to the note).  Unlike
    :func:`_named_just_before`, a line wrap inside the sentence is no break: only a comma,
    semicolon or full stop between the therapy and its date separates them."""
    text = m.document.text
    before = [
        o
        for o in view.mentions_in(m.document, s, at)
        if o.category == "therapy" and o.end <= at and not is_credential(o)
    ]
    if not before:
        return False
    o = max(before, key=lambda x: x.end)
    gap = text[o.end : at]
    return (
        group_of(o.concept) != group_of(m.concept)
        and at - o.end <= RANGE_OWNER_CHARS
        and not re.search(r"[,;.]", gap)
        and bool(cue("therapy.start").search(gap))
    )


def _another_items_date(view: CaseView, m: Mention, d) -> bool:
    """The start date ``d`` is another item's of a list the mention is in: told before the
    mention across a closing bracket or a semicolon ("gabapentin 300 mg qhs (started by me
    11/2025 for the burning), vitamin D, acetaminophen prn" -- the date is gabapentin's), or
    after it across a semicolon where the mention's own item carries its own year ("PT in
    2019; gabapentin 300 qhs since 11/2025" -- PT was 2019's, not a course since November).
    Read as the therapy's, such a date made a six-year-old PT course and an as-needed
    acetaminophen run for months (dev23ri-05)."""
    text = m.document.text
    if d.end <= m.start:
        return bool(re.search(r"[);]", text[d.end : m.start]))
    semicolon = text.find(";", m.end, d.start)
    if semicolon < 0:
        return False
    return any(x.precision == "year" for x in view.dates_in(m.document, m.end, semicolon))


def _bracketed_for_another(view: CaseView, m: Mention, s: int, a: int, b: int) -> bool:
    """The range ``a``-``b`` stands in brackets that ``m`` is not in, and another therapy is
    named after ``m`` and before the brackets open, or ``m`` comes after them: the bracket
    dates what it follows ("Failed conservative tx: PT (Lakeside PT Sept-Oct), chiro (2024),
    NSAIDs" -- the months are PT's, not the chiropractor's nor the NSAIDs').  A therapy the
    bracket follows with only other words between ("a course of PT at Acme (about 6 weeks,
    May-June)") keeps it."""
    text = m.document.text
    opened = text.rfind("(", s, a)
    if opened < 0 or text.find(")", opened, a) >= 0:
        return False
    closed = text.find(")", b)
    if closed < 0 or opened <= m.start < closed:
        return False

    def another(lo: int, hi: int) -> bool:  # "conservative care (Jan-Mar): PT" names none
        return any(
            o.category == "therapy"
            and o.concept not in UMBRELLA_CONCEPTS
            and group_of(o.concept) != group_of(m.concept)
            for o in view.mentions_in(m.document, lo, hi)
        )

    return another(s, opened) if m.start > closed else another(m.end, opened)


def _threshold_asked(text: str, start: int, end: int) -> bool:
    """The length ``text[start:end]`` is a minimum ("at least 4 weeks") a question on its line
    asks about ("...?  > Yes"), not the length of a course."""
    line_end = text.find("\n", end)
    rest = text[end : len(text) if line_end < 0 else line_end]
    return "?" in rest and bool(
        cue("therapy.threshold_length").search(text, max(0, start - 20), end)
    )


def _distance(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return min(abs(a_start - b_end), abs(b_start - a_end))


def _clause(view: CaseView, text: str, s: int, e: int, m: Mention) -> str:
    """The mention's part of the sentence ``s:e``: a semicolon bounds it where the other side
    names another therapy ("Medrol 9/8; PT started 9/22 (ongoing)"), not where it goes on
    about this one ("meloxicam, started 06/03; she is currently taking it").  Nor where the
    other side turns to the symptoms ("no improvement at all with PT; pain has been constant
    since May", dev35ms-03): its "since May" is the pain's, and PT read as running from May.

    The part before the semicolon tells of the therapy after it only where it names that
    therapy: "Continue sleep hygiene counselling; stretching program as tolerated" continues
    the counselling (no therapy this policy counts), and starts the stretching -- its
    "continue" is no sign the program was already going on (a plan's new item read as a
    course running since a home program a nurse mentioned nine months before)."""

    def other_therapy(a: int, b: int) -> bool:
        return any(
            o.category == "therapy" and o.concept != m.concept
            for o in view.mentions_in(m.document, a, b)
        )

    def names_this(a: int, b: int) -> bool:
        mine = group_of(m.concept)
        return any(
            o.category == "therapy" and (o.concept == m.concept or group_of(o.concept) == mine)
            for o in view.mentions_in(m.document, a, b)
        )

    left = text.rfind(";", s, m.start)
    right = text.find(";", m.end, e)
    start = left + 1 if left >= 0 and (other_therapy(s, left) or not names_this(s, left)) else s
    end = (
        right
        if right >= 0
        and (other_therapy(right, e) or cue("therapy.symptom_subject").match(text, right + 1, e))
        else e
    )
    return without_others_holds(view, m.document, start, end)


def _ended_here(view: CaseView, m: Mention, clause: str) -> bool:
    """The clause ends on the word that stops the therapy, with its full stop ("Naproxen
    discontinued."), and no other therapy is named between the therapy and that word: "and
    tramadol was discontinued." stops the tramadol (cue ``therapy.ended_at_clause_end``)."""
    end = cue("therapy.ended_at_clause_end").search(clause)
    if end is None:
        return False
    text = m.document.text
    at = text.find(clause[end.start() :].strip(), m.end, m.sent_end + 1)
    stop = at if at >= 0 else m.sent_end
    return not any(
        o.category == "therapy" and o.concept != m.concept and o.start >= m.end
        for o in view.mentions_in(m.document, m.end, stop)
    )


_HOLD = re.compile(r"\b(?:on\s+hold|suspended|paused)\b", re.I)
# what opens the clause a hold word is told in
_HOLD_CLAUSE_START = re.compile(r"[.;,:(]|\b(?:and|but|while|whereas|although|though)\b", re.I)
# the words a therapy's own hold may be told with, its subject elided or named generically ("and
# was suspended as of 02/20", "the therapist placed the plan of care on hold", "Therapy was put
# on hold"): anything else names the hold's own subject ("her job has been on hold since 01/20",
# "Surgery was put on hold", "metformin on hold since 1/15", "her gym membership paused")
_THERAPY_HOLD_WORDS = re.compile(
    r"(?:\W|\b(?:she|he|they|it|this|that|these|them|her|his|their|its|the|a|an|all|both|was|were|is|"
    r"are|has|have|had|been|being|be|got|gets|get|then|now|currently|temporarily|also|again|"
    r"since|placed|put|patient|pt|therapist|therapists|provider|chiropractor|clinic|plan|of|care|"
    r"course|treatment|treatments|therapy|therapies|visits?|sessions?|program|exercises?|hep|"
    r"meds|medications?|medicines?|drugs?|injections?)\b)*",
    re.I,
)


def _hold_of_another(view: CaseView, d, hold_start: int, floor: int) -> bool:  # noqa: ANN001
    """Does the hold word at ``hold_start`` name its own subject, not a therapy?  Read back to
    the start of its clause (not before ``floor``): a therapy named there, or no subject but the
    words a therapy's hold is told with, makes it the therapy's hold.

    Why: "on hold", "suspended", "paused" end a course (3269c37), but notes put many things on
    hold -- "She has attended PT twice weekly since 01/05/2026 and continues.  Her job has been
    on hold since 01/20/2026", "Surgery was put on hold on 11/15/2025 until her A1c improved",
    "Naproxen 500 mg BID since 12/01/2025, metformin on hold since 01/15/2026" -- and each was
    read as the therapy's end."""
    text = d.text
    start = floor
    for x in _HOLD_CLAUSE_START.finditer(text, floor, hold_start):
        start = x.end()
    if any(o.category == "therapy" for o in view.mentions_in(d, start, hold_start)):
        return False
    return _THERAPY_HOLD_WORDS.fullmatch(text, start, hold_start) is None


def without_others_holds(view: CaseView, d, a: int, b: int) -> str:  # noqa: ANN001
    """``d.text[a:b]`` with the hold and stop words of another subject blanked out (same
    length, so offsets into it still hold): what the stop and not-current cues read."""
    others = [
        h.span() for h in _HOLD.finditer(d.text, a, b) if _hold_of_another(view, d, h.start(), a)
    ]
    others += [
        h.span()
        for h in cue("therapy.stopped_use").finditer(d.text, a, b)
        if _stop_of_another(view, d, h.start(), h.end(), a)
    ]
    out = d.text[a:b]
    for i, j in others:
        out = out[: i - a] + " " * (j - i) + out[j - a :]
    return out


_SENTENCE_BREAK = re.compile(r"[.;]\s")


def _stop_of_another(view: CaseView, d, stop_start: int, stop_end: int, floor: int) -> bool:  # noqa: ANN001
    """Is the stop word at ``stop_start`` told of something that is no counted therapy: a
    habit after it ("quit smoking 01/2026"), or another drug named before it in its clause
    with no therapy between ("Gabapentin stopped 02/2026 due to sedation")?  Either had ended
    the NSAID of the sentence before on that date (review of 8306924)."""
    text = d.text
    if cue("therapy.habit_after_stop").match(text, stop_end):
        return True
    start = max(floor, text.rfind("\n", 0, stop_start) + 1)
    for x in _SENTENCE_BREAK.finditer(text, start, stop_start):
        start = x.end()
    drugs = list(cue("therapy.other_drug").finditer(text, start, stop_start))
    if not drugs:
        return False
    therapies = [o.end for o in view.mentions_in(d, start, stop_start) if o.category == "therapy"]
    return not therapies or max(therapies) <= drugs[-1].start()  # the nearer one owns it


def _standing_prescription(view: CaseView, m: Mention) -> bool:
    """A drug prescribed in the plan at a standing dose ("Acetaminophen 1000 mg three times daily
    (scheduled, not prn)"), with no length and not as needed: a course that goes on, which a
    later "still taking ... currently" joins -- not a one-day mention."""
    sent = without_others_holds(view, m.document, m.sent_start, m.sent_end)
    return (
        m.attrs.get("modality") == "medication"
        and (m.section in PLAN_SECTIONS or bool(cue("therapy.prescription").search(sent)))
        and bool(cue("therapy.dose_frequency").search(sent))
        and not cue("therapy.as_needed").search(sent)
        and not cue("therapy.planned").search(sent)
        and not cue("therapy.not_current").search(sent)
    )


def _lengths_near(view: CaseView, m: Mention, s: int, e: int) -> list:
    """The stated lengths close to the mention in its sentence ``s:e``: "x 6 weeks", "6 weeks
    of PT" (not a symptom's length, not a window, not a question's minimum)."""
    text = m.document.text
    durs = [
        du
        for du in view.durations_in(m.document, s, e)
        if _distance(m.start, m.end, du.start, du.end) <= NEAR_CHARS
        and not cue("therapy.symptom_before_length").search(text[max(s, du.start - 25) : du.start])
        # "Conservative therapy (last 6 months):", "in the past 6 months": a window, not a length
        and not cue("therapy.window_before_length").search(
            text[max(s, du.start - 20) : min(e, du.end + 3)]
        )
        # "long-standing low back pain treated with naproxen": the words qualify the symptom
        and not (du.vague and cue("therapy.symptom_after_length").match(text, du.end))
        # a form's question "Conservative treatment for at least 4 weeks (last 6 months)? > Yes":
        # the policy's minimum, asked; no course of that length is told
        and not _threshold_asked(text, du.start, du.end)
        # "below the standard 6-month trial": the yardstick the course fell short of
        and not cue("therapy.benchmark_before_length").search(
            text[max(s, du.start - 40) : du.start]
        )
        # "... for about four months that has failed Mobic, PT": a clause between them
        and not (
            du.end <= m.start and cue("therapy.clause_between_length").search(text, du.end, m.start)
        )
    ]
    if m.concept in UMBRELLA_CONCEPTS:
        # "failed conservative care including 8 wks of PT": the length is PT's, not the umbrella's
        others = [
            o
            for o in view.mentions_in(m.document, s, e)
            if o.category == "therapy" and o.concept not in UMBRELLA_CONCEPTS
        ]
        durs = [
            du
            for du in durs
            if not any(
                _distance(o.start, o.end, du.start, du.end)
                < _distance(m.start, m.end, du.start, du.end)
                for o in others
            )
        ]
    return durs


def _length_inside(view: CaseView, m: Mention, s: int, e: int, first: date, last: date) -> bool:
    """A stated length of the therapy, shorter than the range of months ``first``-``last``
    its sentence names, and not a plan's: "took naproxen for two weeks in March-April",
    "chiropractic x 6 weeks, Sept-Nov"."""
    planned = (m.section in PLAN_SECTIONS and m.attrs.get("modality") != "medication") or bool(
        cue("therapy.planned").search(m.document.text, s, e)
    )
    return not planned and any(
        not du.vague and du.days < (last - first).days for du in _lengths_near(view, m, s, e)
    )


# a full stop or semicolon and a capitalised word between a date and a therapy named after it
_SENTENCE_BREAK = re.compile(r"[.;]\s+(?-i:[A-Z][a-z])")


def episode_from(view: CaseView, m: Mention, group: str) -> Episode | None:
    """Interval a therapy mention documents, or None when it documents no time at all."""
    s, e = m.sent_start, m.sent_end
    text = m.document.text
    sent = text[s:e]
    placeholders = placeholder_days(view, m.document)
    dates = [
        d
        for d in view.dates_in(m.document, s, e)
        if d.value <= view.request_date
        and d.precision != "year"
        # "ibuprofen ... Start: 09/30/2025*" under "* ... the conversion date (09/30/2025), not
        # the actual start date": the chart's placeholder dates no start
        and d.value not in placeholders
        # "Has not played golf since Oct. Doing HEP 4-5x/wk.": the month's period hid the
        # sentence's end from the splitter; a date that closed the sentence before is not the
        # therapy's (dev25es-03)
        and not (d.end <= m.start and _SENTENCE_BREAK.search(text, d.end - 1, m.start))
    ]
    ev = m.evidence()
    if not dates:
        course = _care_range(view, m, group)
        if course is not None:
            return course
    # "Medrol 9/8; PT started 9/22 (ongoing)": the currency is PT's, not Medrol's
    clause = own_clause = _clause(view, text, s, e, m)
    stopped_now = bool(cue("therapy.not_current").search(clause)) or _ended_here(
        view, m, clause
    )  # "not taking currently", "Naproxen discontinued."
    current = bool(cue("therapy.current").search(clause)) and not stopped_now
    ongoing = not stopped_now and (
        current
        or bool(cue("therapy.ongoing").search(clause))
        or m.section == "medications"
        or _standing_prescription(view, m)
    )
    near = text[max(s, m.start - 30) : min(e, m.end + 90)]  # a med table's row, too
    if cue("therapy.occasional_use").search(near) and not any(
        d.precision == "day" and d.value not in placeholders
        for d in view.dates_in(m.document, s, e)
    ):
        # "takes acetaminophen here and there": use without a course; two such notes are not
        # weeks of therapy between them
        ongoing = current = False
    # explicit range "from X to Y", "X - Y"
    months: tuple[date, date] | None = None  # a range of months that holds a stated length
    for a, b in zip(dates, dates[1:], strict=False):
        if not (
            cue("therapy.range_between").fullmatch(text, a.end, b.start) and a.value <= b.value
        ):
            continue
        # "PT 09/15/25-10/27/25 (11 visits); naproxen since 09/08/25": the range is PT's, told
        # in another clause, or behind another therapy's name
        between = text[b.end : m.start] if b.end <= m.start else text[m.end : a.start]
        if on_plan_of_care_line(text, a.start):
            continue  # "Plan of care at IE: 2x/wk x 8 wks (16 visits authorized), 01/06-03/02/26"
        if ";" in between or (
            a.start > m.end
            and any(
                o.category == "therapy" and o.concept != m.concept
                for o in view.mentions_in(m.document, m.end, a.start)
            )
        ):
            continue
        if b.end <= m.start and _named_just_before(view, m, s, a.start):
            continue  # "PT 10/06-12/19/25, naproxen since 11/03/25": the range is PT's
        if _bracketed_for_another(view, m, s, a.start, b.end):
            continue  # "failed PT (Lakeside PT Sept-Oct), chiro, NSAIDs": the range is PT's
        # "January through February": whole months, from the first day to the last (not past
        # the note that tells it)
        first = a.value.replace(day=1) if a.precision == "month" else a.value
        last = b.value
        if b.precision == "month":
            last = _month_end(b.value)
            if m.document.date is not None:
                last = max(first, min(last, m.document.date))
        if "month" in {a.precision, b.precision} and _length_inside(view, m, s, e, first, last):
            # "naproxen for two weeks in March-April": the months say when, the length how
            # long -- the course is the length, not the two months
            months = (first, last)
            break
        return Episode(
            group,
            first,
            last,
            [ev],
            kind="dated",
            day_anchored=a.precision == b.precision == "day",
            within=(first, last) if a.precision == b.precision == "month" else None,
        )
    rel_end = m.document.date or view.request_date
    if not dates:
        # an undated line of a log's dated entry (a records review's chronology: "01/20/2026
        # CityCare Urgent Care ... / Started ibuprofen 800 mg TID." on the entry's wrapped lines)
        # is told as of the entry's day, not the day the review was written (dev29dx-02)
        rel_end = log_entry_day(view, m) or rel_end
    # start date: "since X", "started X", "started naproxen 500 mg BID on X"
    for d in dates if months is None else []:
        if m.start < d.start and d.start - m.end > START_WINDOW:
            continue  # a date far after the mention belongs to another clause
        if _another_items_date(view, m, d):
            continue  # "gabapentin (started 11/2025 ...), vitamin D, acetaminophen prn"
        if d.end <= m.start and _start_of_another(view, m, s, d.start):
            continue  # "on naproxen since December and had one cortisone shot in Feb"
        # the start word leads up to the date, or opens the clause that names the therapy and the
        # date
        before = text[max(s, d.start - 30) : d.start]
        clause = text[max(s, m.start - 20) : d.start] if m.start < d.start else ""
        if any(
            o.category == "therapy" and o.concept != m.concept
            for o in view.mentions_in(m.document, m.end, d.start)
        ):
            continue  # "6 wks PT, HEP and meloxicam since December": the date is meloxicam's
        # a date fronted before its verb, as a letter writes it: "On 24 February I started
        # meloxicam", "In March we began PT" -- the start word between the date and the therapy
        fronted = (
            text[d.end : m.start]
            if d.end <= m.start and m.start - d.end <= FRONTED_START_CHARS
            else ""
        )
        started = (
            cue("therapy.start").search(before)
            or cue("therapy.from_before").search(before)
            or cue("therapy.start").search(clause)
            or (fronted and "\n\n" not in fronted and cue("therapy.start").search(fronted))
        )
        if started and stopped_now and cue("therapy.off_since").search(clause or before):
            continue  # "Off naproxen since Jan": the date it stopped, not a start
        if started and not _symptom_onset(text, s, d.start, m):
            stop = (
                stop_date(view, m, after=d.end)
                or _took_it_for(view, m, d.value)
                or _few_sessions(text, d.end, e, d.value)
                or _stopped_after(view, m, d.end, e, d.value)
                or _length_from_start(view, m, s, e, d.value, current)
            )
            if stop is not None:
                return Episode(
                    group,
                    d.value,
                    max(stop, d.value),
                    [ev],
                    kind="dated",
                    day_anchored=d.precision == "day",
                )
            # a started therapy continues until a note says it stopped
            return _ongoing_since(group, d, rel_end, ev, current)
    row = None if dates or stopped_now else _started_later_on_its_line(view, m)
    if row is not None:
        return _ongoing_since(group, row, rel_end, ev, current)
    durs = _lengths_near(view, m, s, e)
    medication = (
        m.attrs.get("modality") == "medication"
    )  # a prescription in the plan is started that day
    planned = (m.section in PLAN_SECTIONS and not medication) or bool(
        cue("therapy.planned").search(sent)
    )
    past_years = [
        d.value.year
        for d in view.dates_in(m.document, s, e)
        if d.precision == "year" and d.value.year < rel_end.year
    ]
    if not dates and _remote_past(view, text, s, e, m):
        # "a cortisone shot in the right knee years ago at her old doctor's office": a course of
        # the remote past, at least two years back -- not one given on the note's day
        # (dev29dx-03: counted as a second kind of knee treatment inside the year)
        rel_end = min(rel_end, shift(rel_end, -REMOTE_PAST_DAYS) or rel_end)
    if past_years and not dates:
        # "saw a chiropractor (for several months) in 2023": what the sentence tells lies in
        # that year, not at the note's date
        rel_end = min(rel_end, date(max(past_years), 12, 31))
    if durs and not planned:
        du = min(durs, key=lambda x: _distance(m.start, m.end, x.start, x.end))
        if du.vague:
            return _episode(
                group, shift(rel_end, -du.days), rel_end, ev, kind="duration", vague=True
            )
        if months is not None:
            # placed from the first month's start; a record of the same course with its days
            # takes its place (:func:`_snap_lengths_told_in_months`)
            end = min(shift(months[0], du.days) or months[1], months[1])
            return _episode(group, months[0], end, ev, kind="duration", within=months)
        if dates:
            anchor = dates[-1].value
            exact = dates[-1].precision == "day"
            if cue("therapy.completed").search(sent):
                return _episode(
                    group, shift(anchor, -du.days), anchor, ev, kind="duration", day_anchored=exact
                )
            return _episode(
                group,
                anchor,
                min(shift(anchor, du.days) or anchor, rel_end),
                ev,
                kind="duration",
                day_anchored=exact,
            )
        # a length told under a log's dated entry (a GP record print's consultation) is told
        # as of the entry's day, not the day the log was printed
        told_on = log_entry_day(view, m) or rel_end
        if medication and (m.section in PLAN_SECTIONS or cue("therapy.prescription").search(sent)):
            # "Meloxicam 15 mg daily x 14 days, #14, no refills" written today runs from today
            end = min(shift(told_on, du.days) or told_on, view.request_date)
            return _episode(group, told_on, max(end, told_on), ev, kind="duration")
        return _episode(
            group,
            shift(told_on, -du.days),
            told_on,
            ev,
            ongoing=ongoing,
            current=current,
            kind="duration",
            told_back=not (ongoing or current),
        )
    visits = cue("dates.visits").search(sent)
    freq = cue("dates.frequency").search(sent)
    if visits and freq and not planned:
        days = int(visits.group("n")) / int(freq.group("n")) * 7
        end = dates[-1].value if dates else rel_end
        return _episode(group, shift(end, -days), end, ev, kind="duration")
    when = dates[0].value if len(dates) == 1 else rel_end
    if when is None:
        return None
    if (
        planned
        and not dates
        and not current
        and m.section in PLAN_SECTIONS
        # "Continue X; walking program as tolerated": the verb of another item's clause
        and not cue("therapy.plan_item_given").search(own_clause)
        # "... has not healed despite appropriate conservative treatment": the umbrella words
        # recount care given (0 countable weeks), not a recommendation
        and not (
            m.concept in UMBRELLA_CONCEPTS and cue("therapy.care_recounted").search(own_clause)
        )
    ):
        # "RECOMMENDATIONS  1. A supervised physical therapy program of 8 to 12 weeks": an
        # undated item of a plan recommends the therapy; it tells no day it was given
        return None
    return Episode(
        group,
        when,
        when,
        [ev],
        ongoing=ongoing,
        current=current,
        day_anchored=len(dates) == 1 and dates[0].precision == "day",
        prescribed=medication
        and len(dates) <= 1
        and not planned
        and (
            m.section in PLAN_SECTIONS
            or bool(cue("therapy.prescription").search(sent))
            or bool(cue("therapy.start").search(own_clause))
        ),
    )


REMOTE_PAST_DAYS = 730  # "years ago": at least two years before the note
_YEARS_AGO = re.compile(
    r"\b(?:(?:many|several|a\s+few|some|two|three|\d+)\s+)?(?:years|decades)\s+(?:ago|back|before)\b"
    r"|\ba\s+long\s+time\s+ago\b|\b(?:as\s+a\s+(?:child|teen(?:ager)?|kid)|in\s+(?:her|his|their)\s+(?:20s|30s|40s|youth))\b",
    re.IGNORECASE,
)

_NOW_BETWEEN = re.compile(r"[,;:]|\b(?:and|but|now|currently|presently|today|since)\b", re.I)


def _remote_past(view: CaseView, text: str, s: int, e: int, m: Mention) -> bool:
    """The therapy's own words place it years back ("a cortisone shot in the right knee years
    ago"): the "years ago" of the mention's clause with no clause or "now" between the two --
    not another event's years of the same sentence ("He had a discectomy in his 40s, and now
    takes ibuprofen 800 mg three times daily for the past 3 months": review of 768748b)."""
    clause = _clause(view, text, s, e, m)
    if not _YEARS_AGO.search(clause):
        return False
    for x in _YEARS_AGO.finditer(text, s, e):
        lo, hi = (x.end(), m.start) if x.end() <= m.start else (m.end, x.start())
        between = text[lo : max(lo, hi)]
        if x.end() <= m.start and not text[s : x.start()].strip():
            between = between.replace(",", " ")  # "Years ago, she had PT for the knee"
        if not _NOW_BETWEEN.search(between):
            return True
    return False


FEW_VISITS = 2  # a course this short is abandoned, whatever span its header gives


def _abandoned_course(text: str) -> bool:
    """A therapy record of a course abandoned: it says the patient stopped coming
    (``therapy.attendance_failure``) or counts its visits at :data:`FEW_VISITS` or fewer
    ("Visits: 2", "Visits attended: 1 of 12").  Its header range is the plan's, not a course."""
    return bool(cue("therapy.attendance_failure").search(text)) or any(
        int(n) <= FEW_VISITS for n in cue("therapy.visit_count").findall(text)
    )


TITLE_LINES = 3  # a record's title stands in its first non-blank lines
CARE_RANGE_HEAD = 800  # the course's labelled range stands in the record's head


def _care_range(view: CaseView, m: Mention, group: str) -> Episode | None:
    """The course a therapy record's title names, over the range its head labels as the
    course of care: "HVCAH Rehabilitation Services - PT Discharge" over "Referring: S. Lund
    APRN     Episode: 1/20/2026 - 3/27/2026     Visits: 12" (``therapy.care_range_label``).

    Why: a discharge summary states its course once, on a header line that names no
    therapy, two lines under the title that does; read sentence by sentence, the course was
    a single day (the note's) and its dates were never quoted.  Only a mention in the title
    takes the range -- a drug in the same note's medication list is not the course -- and
    only a range that ended by the record's day (a plan's end date lies ahead)."""
    d = m.document
    # a weight program's own record (its title "Center for Medical Weight Management") is the
    # program's therapy note, whatever type its layout got
    if (d.type != "therapy_note" and group != "weight_loss") or m.start >= CARE_RANGE_HEAD:
        return None
    if _abandoned_course(d.text):
        return None  # "Visits: 2 ... did not return after 1/27": a plan's range, not a course
    lines = view.lines(d)
    title_no = lines.number(m.start)
    shown = [n for n in range(title_no + 1) if d.text[slice(*lines.line(n))].strip()]
    if len(shown) > TITLE_LINES:
        return None
    label, between = cue("therapy.care_range_label"), cue("therapy.range_between")
    first_label, last_label = (
        cue("therapy.care_range_start_label"),
        cue("therapy.care_range_end_between"),
    )
    for n in range(title_no + 1, len(lines.starts)):
        ls, le = lines.line(n)
        if ls >= CARE_RANGE_HEAD:
            break
        days = view.dates_in(d, ls, le)
        for a, b in zip(days, days[1:], strict=False):
            if not (
                (
                    label.search(d.text, ls, a.start)
                    and between.fullmatch(d.text, a.end, b.start)
                    or first_label.search(d.text, ls, a.start)
                    and last_label.fullmatch(d.text, a.end, b.start)
                )
                and a.precision == b.precision == "day"
                and a.value <= b.value <= (d.date or view.request_date)
            ):
                continue
            line_ev = sentence_evidence(d, ls, le)
            return Episode(
                group, a.value, b.value, [line_ev, m.evidence()], kind="dated", day_anchored=True
            )
    return None


ENTRY_DATE_LEAD = 3  # a log entry's date opens its line, after at most this much indentation
LOG_ENTRIES = 3  # a log has at least this many lines opened by a date
_WRAPPED = re.compile(
    r"(?:\b(?:to|through|thru|until|from|on|since|of|and|at|by|in|the)|[-–,(])\s*$", re.I
)
# a ruled line between entries ("-----" above a GP print's "05-Jan-2026  Surgery consultation")
# ends with a dash but carries no sentence on
_RULE_LINE = re.compile(r"\s*[-=_*~#]{3,}\s*")


def log_entries(view: CaseView, d) -> dict[int, date]:  # noqa: ANN001 - a Document
    """The lines of a log that a date opens ("03/18 member: feeling a lot better", "1/24   back
    feels a lot better"), by their start: each is an entry of its own day.  Not a line that
    carries on the one before ("5 visits from 12/15/2025 to\n 01/05/2026 (adjustments)"), nor
    one dated after the record (an appointment booked ahead); none in a record with fewer than
    :data:`LOG_ENTRIES` such lines (no log)."""
    key = ("log_entries", d.id)
    if key in view.cache:
        return view.cache[key]
    out: dict[int, date] = {}
    text = d.text
    for line_start in view.lines(d).starts:
        for dm in view.dates_starting_in(d, line_start, line_start + ENTRY_DATE_LEAD + 1):
            previous = text[max(0, line_start - 80) : max(0, line_start - 1)].rsplit("\n", 1)[-1]
            if (
                dm.precision == "day"
                and not text[line_start : dm.start].strip()
                and (d.date is None or dm.value <= d.date)
                and not (_WRAPPED.search(previous) and not _RULE_LINE.fullmatch(previous))
            ):
                out[line_start] = dm.value
            break
    view.cache[key] = out = out if len(out) >= LOG_ENTRIES else {}
    return out


def log_entry_day(view: CaseView, m: Mention) -> date | None:
    """The day of the log entry a mention is told under: the nearest line at or above its own
    that a date opens (:func:`log_entries`), within the same block of lines (no blank line
    between).  None outside a log, or above its first entry.

    Why: a GP practice's record print ("05-Jan-2026  Surgery consultation  Dr S Oduya" over
    "History: ...", "Medication: Naproxen 500mg tablets - 1 bd with food, 2/52 (28 tabs)") or a
    records review's chronology tells each consultation under its own day; the record's date
    is the day it was printed.  A fortnight's naproxen issued on 5 January is not a fortnight
    before the print of 16 February (dev23ig-01), and last year's course is last year's."""
    entries = log_entries(view, m.document)
    if not entries:
        return None
    lines, text = view.lines(m.document), m.document.text
    for n in range(lines.number(m.start), -1, -1):
        a, b = lines.line(n)
        if a in entries:
            return entries[a]
        if not text[a:b].strip():
            return None
    return None


def _ongoing_since(group: str, start, rel_end: date, ev: Evidence, current: bool) -> Episode:
    """A course begun on ``start`` (a date mention) and still going as of ``rel_end``."""
    return Episode(
        group,
        start.value,
        max(rel_end, start.value),
        [ev],
        ongoing=True,
        current=current,
        kind="dated",
        approx_start=start.precision != "day",
        day_anchored=start.precision == "day",
    )


def _started_later_on_its_line(view: CaseView, m: Mention):
    """The start date a medication record's row gives after the sentence that names the drug
    ends: "Acetaminophen 650 mg PO TID (0800-1400-2000) -- R knee pain.  Start 11/17/2025.  Ord:
    S. Whitfield FNP" heading a medication administration record's grid -- the row's fields are
    cut into sentences at their periods, and the start field fell outside the drug's sentence
    (dev17gr-02: the facility's record of doses given from November to March counted as two
    single days, both dropped beside its "Acetaminophen refused" notes).  Only the field that
    follows the drug's sentence on its line, a start label and its date."""
    text = m.document.text
    line_end = text.find("\n", m.sent_end)
    line_end = len(text) if line_end < 0 else line_end
    if text.rfind("\n", m.end, m.sent_end) >= 0 or line_end <= m.sent_end:
        return None  # the sentence ends its line: nothing of the row is left after it
    for d in view.dates_in(m.document, m.sent_end, line_end):
        # the row's next field is the start: "Start 11/17/2025", "Started: 03/2025" -- not a
        # sentence that dates something else ("Symptoms started 01/2025")
        if (
            d.value > view.request_date
            or d.precision == "year"
            or not cue("therapy.row_start_field").fullmatch(text, m.sent_end, d.start)
            or on_plan_of_care_line(text, d.start)
        ):
            return None
        return d
    return None


def _episode(group: str, start: date | None, end: date, ev: Evidence, **kw) -> Episode | None:
    """An episode, or None when its start fell off the calendar (a nonsense length)."""
    return Episode(group, start, end, [ev], **kw) if start is not None else None


# a table row opening with its date, or with its visit number and then its date ("  1
# 02/02/2026  L.Okafor DC  99204 NP exam, 98940 CMT": a chiropractor's visit history, dev30ce-04)
_TABLE_ROW_DATE = re.compile(r"\s*\|?\s*\d{1,2}[/-]\d{1,2}(?:[/-]\d{2,4})?\b")
_NUMBERED_ROW_DATE = re.compile(r"\s*\|?\s*\d{1,3}[.)]?[ \t]+\d{1,2}[/-]\d{1,2}(?:[/-]\d{2,4})?\b")
# a numbered row is a visit's when it names the visit's provider or service (a credential or a
# CPT code: "K.Lund DC  98940"), not a numbered list of medicines or past events with their dates
# ("  1   09/15/2025   lisinopril 10 mg daily" in a PT evaluation: review of 857a48b)
_ROW_SERVICE = re.compile(r"\b(?:DC|D\.C\.|DPT|PTA|PT|OTR?|ATC|LMT|9[5-9]\d{3})\b")


def therapy_document_span(
    view: CaseView, d, group: str, region: str | None = None, side: str | None = None
) -> list[Episode]:
    """A therapy note's own courses: its first to last visit-like date (visit logs, episode
    ranges), split where visits stand more than :data:`COURSE_GAP_DAYS` apart (:func:`_courses`).
    A clinic's log that mixes patients' body parts ("01/12/2026 PT L shoulder - M75.42") counts
    only the rows of ``region`` or that name none; with a requested ``side``, a sentence that
    names only the other side is another course ("Seen at this clinic 09/08/25 - 11/14/25 for L
    knee OA" in the right knee's evaluation).  A date its own clause gives as a plan's end
    ("18 visits, 02/03 - 04/14 (planned 24 visits through 04/28/26)") is not a visit."""
    dates: list[tuple[date, int, int]] = []
    ranges: list[tuple[date, date]] = []
    abandoned = _abandoned_course(d.text)
    for s, e in view.sentences(d):
        sent = d.text[s:e]
        if abandoned and (
            s < 200
            or cue("programs.not_attended").search(sent)
            or cue("therapy.discharge_word").search(sent)
        ):
            # a discharge-for-non-attendance note's own date, and its "DISCHARGE SUMMARY
            # 11/10/25" or "DISCHARGED" row, are not visits
            continue
        if (
            cue("therapy.not_a_visit").search(sent)
            or cue("therapy.planned").search(sent)
            and not cue("therapy.visit_word").search(sent)
            or cue("therapy.plan_of_care_range").search(sent)
            or on_plan_of_care_line(d.text, s)
        ):
            continue
        if not (
            cue("therapy.visit_words").search(sent)
            or _TABLE_ROW_DATE.match(sent)
            or (_NUMBERED_ROW_DATE.match(sent) and _ROW_SERVICE.search(sent))
        ):
            continue  # a visit record names itself, or is a table row starting with its date
        named = spinal_regions_in(sent)
        if region and named and region not in named:
            continue  # "01/12/2026 PT L shoulder - M75.42": another patient problem's row
        if not this_side(side, sent):
            continue
        clause = s
        told = []
        for dm in view.dates_in(d, s, e):
            planned = cue("therapy.plan_word_before_date").search(d.text, clause, dm.start)
            clause = dm.end
            if planned:
                continue
            if dm.precision == "day" and dm.value <= view.request_date:
                told.append(dm)
                dates.append((dm.value, s, e))
        for a, b in zip(told, told[1:], strict=False):
            if cue("therapy.range_between").fullmatch(d.text, a.end, b.start) and a.value < b.value:
                ranges.append((a.value, b.value))
    courses = _courses(dates, ranges)
    last_visit = _last_visit_told(view, d)
    if last_visit is not None:
        # "Last visit attended: 07/14/2025" in a discharge of 07/28 that also dates the call to
        # cancel (07/17) and its own signature: the course ended at the last visit (dev35ms-03)
        courses = [(lo, min(hi, last_visit)) if lo < last_visit else (lo, hi) for lo, hi in courses]
        dates = [x for x in dates if x[0] <= last_visit] or dates
    if not courses:
        return []
    return [_course_episode(view, d, group, dates, lo, hi) for lo, hi in courses]


def _without_points_after_last_visit(view: CaseView, eps: list[Episode]) -> list[Episode]:
    """A therapy note's mentions on its own day, when the note labels an earlier day the last
    visit ("Last visit attended: 07/14/2025" in a discharge summary of 07/28): the summary's
    title and its "Discharged from PT" are no visit that day (dev35ms-03)."""
    out = []
    for ep in eps:
        d = ep.evidence[0].document if ep.evidence else None
        if ep.kind == "point" and d is not None and d.type == "therapy_note" and d.date is not None:
            last = _last_visit_told(view, d)
            if last is not None and last < ep.start == d.date:
                continue
        out.append(ep)
    return out


def _last_visit_told(view: CaseView, d) -> date | None:  # noqa: ANN001 - documents.Document
    """The day a therapy note's own label gives as the course's last visit ("Last visit
    attended: 07/14/2025", "Date of last visit: 03/31/2026"), when it gives one.  Read once
    per document: the course span and every point episode of the note ask for it."""
    key = ("last_visit", d.id)
    if key not in view.cache:
        days = []
        for m in cue("therapy.last_visit_label").finditer(d.text):
            end = m.end()
            ds = [
                x for x in view.dates_in(d, end, min(len(d.text), end + 14)) if x.precision == "day"
            ]
            if ds and ds[0].start - end <= 3:
                days.append(ds[0].value)
        view.cache[key] = max(days) if days else None
    return view.cache[key]


COURSE_GAP_DAYS = 42  # visits further apart than this, with no stated range across the gap,
# are two courses of care


def _courses(dates: list[tuple[date, int, int]], ranges: list[tuple[date, date]]) -> list:
    """The (first, last) days of each course a therapy note's visit dates tell: dates and stated
    ranges ("from 08/03 to 08/31") joined while the gap between them is at most
    :data:`COURSE_GAP_DAYS`, where that leaves two courses or more, each of at least two days.
    Why: a discharge note that also tells the patient's earlier course at the clinic ("of note
    he was seen here from february second to march ninth") spanned both and the months between
    (dev33mr-05: four weeks of PT in August read as 23 weeks from February).  A note telling
    one course by its two ends, or one course and a lone date, keeps its first to last date."""
    spans = sorted([(v, v) for v, _, _ in dates] + ranges)
    merged: list[list[date]] = []
    for lo, hi in spans:
        if merged and (lo - merged[-1][1]).days <= COURSE_GAP_DAYS:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    courses = [(lo, hi) for lo, hi in merged if lo < hi]
    if len(courses) < 2:
        # one course at most: its first to last date, as before ("Start of care: 01/20/2026
        # Date of last visit: 03/31/2026" tells one course by its two ends, ten weeks apart)
        days = [v for v, _, _ in dates]  # a stated range's ends are among them
        return [(min(days), max(days))] if days and min(days) < max(days) else []
    return courses


def _course_episode(view: CaseView, d, group: str, dates: list, lo: date, hi: date) -> Episode:  # noqa: ANN001
    """One course of a therapy note, quoted by the sentence stating its whole range ("12 visits,
    03/03/2026 through 04/14/2026") where there is one, and its first and last visits."""
    ranged = []
    for s, e in view.sentences(d):
        ds = view.dates_in(d, s, e)
        if any(a.value == lo and b.value == hi for a, b in zip(ds, ds[1:], strict=False)):
            ranged.append((s, e))
    first = min(x for x in dates if lo <= x[0] <= hi)
    last = max(x for x in dates if lo <= x[0] <= hi)
    evs = [sentence_evidence(d, s, e) for s, e in ranged[:2]] + [
        sentence_evidence(d, first[1], first[2]),
        sentence_evidence(d, last[1], last[2]),
    ]
    return Episode(group, lo, hi, evs, kind="dated", day_anchored=True)


def episodes(
    view: CaseView,
    groups: set[str],
    region: str | None,
    *,
    include_superseded: bool = False,
    side: str | None = None,
) -> list[Episode]:
    """Therapy episodes of the given modality groups on ``region`` (and, for a therapy note's
    own span, the requested ``side``).

    A stated length ("completed 8 weeks of PT") is superseded by dated records of the same
    therapy when there are any; ``include_superseded`` keeps those claims (to detect
    contradictions between documents)."""
    key = ("episodes", frozenset(groups), region, include_superseded, side)
    cached = view.cache.get(key)
    if cached is None:
        cached = view.cache[key] = _episodes(
            view, groups, region, include_superseded=include_superseded, side=side
        )
    return list(cached)


def not_given(view: CaseView, groups: set[str], region: str | None) -> list[Evidence]:
    """Therapies the packet names but says were not given: ordered and never attended,
    offered and declined, authorized and not started ("PT x12 NON-CERTIFIED", "pt did NOT go to
    physical therapy").  Not counted -- and exactly what a reviewer checks beside the count."""
    out = []
    for m in view.find(categories={"therapy"}, assertions={"present", "historical", "negated"}):
        g = group_of(m.concept)
        if (
            g in groups
            and view.on_region(m, region)
            and not is_credential(m)
            and not is_lab_value(m)
            and (m.assertion == "negated" or not_done(view, m))
        ):
            out.append(m.evidence())
    return out


@dataclass(frozen=True)
class NotReceived:
    """A record's own outcome of an order or a referral that never reached the patient: the
    therapy group it is about, and the sentence that says so."""

    group: str
    evidence: Evidence


def items_not_received(view: CaseView) -> list[NotReceived]:
    """The records that say a device or a program ordered for the patient never reached the
    patient: a supplier's fitting ticket "[X] NOT dispensed ... declined the item, returned to
    inventory", a program's intake call "declined enrollment" (cue ``therapy.item_not_given``;
    dev19dm-06).  The sentence names the therapy ("the unloader brace ... was never
    dispensed"), or the record names no other: a ticket or an intake call is about the one
    item it was written for, and "[X] NOT dispensed" does not repeat its name.  An option left
    unticked ("[ ] NOT dispensed") is no outcome.  Not a drug: a pharmacy's rows that say a
    fill was never picked up are the dispensing record's business
    (:mod:`casebrief.facts.dispensing`).  Read once per case."""
    key = "items_not_received"
    if key in view.cache:
        return view.cache[key]
    outcome, unticked = cue("therapy.item_not_given"), cue("therapy.unticked_before")
    therapy = view.find(categories={"therapy"}, assertions=None)
    out: list[NotReceived] = []
    for d in view.documents:
        if not outcome.search(d.text):
            continue
        named_here = {
            g
            for m in therapy
            if m.document is d
            and m.concept not in UMBRELLA_CONCEPTS
            and (g := group_of(m.concept)) is not None
        }
        for s, e in view.sentences(d):
            hit = next(
                (
                    h
                    for h in outcome.finditer(d.text, s, e)
                    if not unticked.search(d.text, d.text.rfind("\n", 0, h.start()) + 1, h.start())
                ),
                None,
            )
            if hit is None:
                continue
            groups = {
                g
                for m in view.mentions_in(d, s, e)
                if m.category == "therapy"
                and m.concept not in UMBRELLA_CONCEPTS
                and (g := group_of(m.concept)) is not None
            } or (named_here if len(named_here) == 1 else set())
            out.extend(
                NotReceived(g, sentence_evidence(d, s, e, hit.span()))
                for g in sorted(groups)
                if not drug_group(g)
            )
    view.cache[key] = out
    return out


def _month_end(d: date) -> date:
    """The last day of ``d``'s month."""
    nxt = d.replace(day=28) + timedelta(days=4)
    return nxt - timedelta(days=nxt.day)


_BLANK_AFTER = re.compile(
    r"[^\S\n]*(?:\([^)\n]{0,40}\))?[^\S\n]*"
    r"(?::?[^\S\n]*_{3,}|:(?:[^\S\n]*[-_\u2010-\u2015=~.,'`\u2018\u2019|]+)+)"
    r"[^\S\n]*(?:\n|$)"
)


def _blank_field(m) -> bool:
    """A form's field label whose answer was left blank ("Conservative therapy (type/dates):
    ______"): it names the therapy and says nothing of it.

    On a fax the blank's underline is no longer a run of underscores: OCR reads the faint
    rule as a few dashes, underscores and specks ("Conservative therapy (type/dates):   —_
    -" on the fax copy of dev11pp-03, whose original line is blank, read as therapy named
    without dates, not_met for missing).  So after a colon, a line's rest of only rule-like
    punctuation (dashes, underscores, dots, ticks, bars) is blank too; a colon followed by
    nothing is not (the answer may be on the next line)."""
    return bool(_BLANK_AFTER.match(m.document.text, m.end))


def _episodes(
    view: CaseView,
    groups: set[str],
    region: str | None,
    *,
    include_superseded: bool,
    side: str | None = None,
) -> list[Episode]:
    out: list[Episode] = []
    for m in view.find(categories={"therapy"}, assertions={"present", "historical"}):
        g = group_of(m.concept)
        if g is None or g not in groups:
            continue
        if m.document.type == "request_form" and not m.document.date:
            continue
        if (
            m.section == "allergies"
            or not (view.on_region(m, region) or _aid_on_region(view, m, g, region))
            or is_credential(m)
            or is_lab_value(m)
            or (m.document.type == "procedure_note" and m.section in PROCEDURE_SECTIONS)
            or not_done(view, m)
            or _letterhead(view, m)
            or _blank_field(m)
            or _rebutted_claim(view, m)
            or _rule_statement(view, m)
            or _postoperative_course(view, m, g)
            or _for_another_condition(m)
            or _therapy_of_another_kind(m)
        ):
            continue
        key = ("episode", m.document.id, m.start, g)
        if key not in view.cache:  # the same mention is read for several criteria and the fact list
            view.cache[key] = episode_from(view, m, g)
        ep = view.cache[key]
        if ep is not None:
            # a copy: episode starts are adjusted per query below
            out.append(replace(ep, name=m.text.lower()))
    out.extend(_therapy_note_spans(view, groups, region, side))
    out = [ep for ep in out if not _other_sides_course(view, ep, side)]
    out = _without_declined_points(view, out)
    out = _without_list_items_the_note_denies(view, out, side)
    out = _without_points_after_last_visit(view, out)
    _snap_month_spans(out)
    _snap_approximate_starts(out)
    _snap_lengths_told_in_months(out)
    _snap_retold_lengths(out)
    dated = {ep.group for ep in out if ep.kind == "dated"}
    if not include_superseded:
        out = [
            ep
            for ep in out
            if not (
                ep.kind == "duration"
                and ep.group in dated
                and ep.evidence[0].document.type != "therapy_note"
            )
        ]
        out = _without_umbrella_lengths_retold(out)
    return _extend_ongoing(view, _cut_prescriptions_stopped_later(_started_then_stopped(out)))


STARTED_STOPPED_MAX_DAYS = 365  # a stop this long after a start is of another course
_STARTED = re.compile(r"\b(?:started|begun|began|initiated|commenced)\b", re.IGNORECASE)
_STOPPED = re.compile(r"\b(?:stopped|discontinued|d/c'?d|ceased|quit)\b", re.IGNORECASE)
TOLD_NEAR = 30  # how far from the drug's name its start or stop is told


def _told_near(name: str, quote: str, rx: re.Pattern[str]) -> bool:
    """The drug's name and, in the same clause close after it, the verb: "Naproxen 500 mg BID
    started.", "naproxen discontinued today" -- not another drug's stop in the same entry."""
    for n in re.finditer(rf"\b{re.escape(name)}\b", quote, re.IGNORECASE):
        tail = quote[n.end() : n.end() + TOLD_NEAR]
        tail = re.split(r"[.;]|\band\b|\bbut\b", tail, maxsplit=1)[0]
        if rx.search(tail):
            return True
    return False


def _started_then_stopped(eps: list[Episode]) -> list[Episode]:
    """A drug started at one dated entry and stopped at a later one: "04/04/2025 ... Naproxen
    500 mg BID started." then "05/02/2025 Dr. Marsh: naproxen discontinued today" in an IME's
    chronology (dev32mr-01: two points of no length, and the four weeks between them went
    uncounted).  The start's point becomes the course up to the stop; a stop of another drug,
    or one told before the start, joins nothing."""
    out = []
    for ep in eps:
        if (
            ep.kind == "point"
            and ep.prescribed
            and ep.name
            and drug_group(ep.group)
            and ep.evidence
            and _told_near(ep.name, ep.evidence[0].quote, _STARTED)
        ):
            ends = [
                o.start
                for o in eps
                if o is not ep
                and o.name == ep.name
                and o.kind == "point"
                and o.evidence
                and o.evidence[0].document is ep.evidence[0].document
                and ep.start < o.start <= ep.start + timedelta(days=STARTED_STOPPED_MAX_DAYS)
                and _told_near(ep.name, o.evidence[0].quote, _STOPPED)
                # "naproxen stopped after 5 days", "quit after a few doses", "discontinued 6
                # weeks ago", "he never took it": the entry tells an earlier end, not its own
                # day's (review of b83ec45)
                and not cue("therapy.stop_told_as_past").search(o.evidence[0].quote)
            ]
            if ends:
                ep = replace(ep, end=min(ends), kind="dated")
        out.append(ep)
    return out


def _aid_on_region(view: CaseView, m: Mention, group: str, region: str | None) -> bool:
    """A walking aid is about the region its sentence names besides the hand that holds it:
    "leaning on a single-point cane held in her left hand" names a hand, not a second region
    of care (dev31sc-03: a right knee's cane set aside as a wrist's, one kind of treatment
    short).  Without another region named, the record's subject decides, as for any
    sentence that names none."""
    if group != "assistive_device" or region is None:
        return False
    held = cue("therapy.aid_held_in_hand")
    if not held.search(m.sentence):
        return False
    named = spinal_regions_in(held.sub(" ", m.sentence))
    if named:
        return region in named
    return region_subject(view.affirmed_doc_regions(m.document), region)


def _without_umbrella_lengths_retold(eps: list[Episode]) -> list[Episode]:
    """A length told of conservative care as a whole ("failed >12 weeks of non-operative
    management"), counted back from its note, is a summary of the dated courses of named
    therapies when those already cover at least as many days up to it: it is not another
    course, and counted back from the note it would stretch the union over weeks with no
    therapy (dev26mx-04: diclofenac, PT, CSI and acetaminophen 11/10-03/15, and the surgeon's
    ">12 weeks" of 04/20 added five weeks to 17.9).  A length the dated courses do not
    account for is kept: it tells more than they do."""
    named = [ep for ep in eps if ep.kind == "dated" and ep.group != "unspecified"]
    out = []
    for ep in eps:
        if ep.kind == "duration" and ep.group == "unspecified" and not ep.vague and named:
            told = _note_date(ep)
            # only courses that reach into the length's own weeks: a course that ended before
            # them (PT of a year earlier, outside the window) is not what the length sums up
            before = [
                o
                for o in named
                if (told is None or (_note_date(o) or date.max) <= told) and o.end >= ep.start
            ]
            covered, _ = union_days(before, None, ep.end)
            if before and covered >= ep.days:
                continue
        out.append(ep)
    return out


OTHER_CONDITION_AFTER = 80  # the words naming what a drug is for follow it this closely


def _for_another_condition(m: Mention) -> bool:
    """Is the mention a drug the record says is taken for another illness ("Prednisone 10 mg
    daily for COPD", "Ibuprofen for headaches", "Cymbalta 60 mg for depression")?  Read in
    the words that follow it, up to the end of its clause (cue ``therapy.for_other_condition``).

    Why: a medication list's drug for another condition was read as an undated course of
    conservative care for the back or knee (not_met where nothing addresses the criterion:
    missing).  A drug for another body part is the region lexicon's to decide ("Celebrex
    200 mg daily for hand arthritis"); a drug named with no purpose stays care of the
    complaint the record is about."""
    if m.attrs.get("modality") != "medication":
        return False
    text = m.document.text
    after = text[m.end : min(m.sent_end, m.end + OTHER_CONDITION_AFTER)]
    return bool(cue("therapy.for_other_condition").search(after))


# the lay words' own mentions (concepts.yaml, conservative_unspecified's last two patterns): a verb
# of having done it, or "meds and", before a bare "therapy"
_BARE_THERAPY = re.compile(
    r"^(?:did|done|doing|had|has|have|tried|went|been|attended|completed|underwent|undergone|"
    r"participated|gone|meds|medications?|medicines?|pills)\b.*\btherapy$",
    re.I | re.S,
)


def _therapy_of_another_kind(m: Mention) -> bool:
    """Is the mention a bare "therapy" the patient did (no kind named: "did some therapy",
    "meds and therapy") in a sentence that tells talk therapy or another illness's treatment
    (cue ``therapy.other_kind_of_therapy``)?  Why: the lay words read as the complaint's care
    (322f01c) also read "She has done therapy for PTSD weekly since 10/01/2025" and "hepatitis
    C, completed therapy from 10/2025 to 01/2026, cured" as weeks of conservative care (a false
    met where nothing addressed the criterion)."""
    return (
        m.concept == "conservative_unspecified"
        and bool(_BARE_THERAPY.search(m.text))
        and not cue("therapy.other_kind_of_therapy").search(m.text)
        and bool(cue("therapy.other_kind_of_therapy").search(m.sentence))
    )


# the rehabilitation an operation is followed by: therapy, exercises, a brace or a walking aid
REHAB_GROUPS = {"pt", "home_exercise", "bracing", "assistive_device"}
POSTOP_LOOKBACK_SENTENCES = 4  # an operation told this many sentences before the therapy frames it
POSTOP_RECENT_DAYS = 183  # ... when it was done at most this long before the record
POSTOP_NEAR = 40  # the words that make a drug post-operative stand this close to it
POSTOP_REHAB_NEAR = 60  # ... and a therapy, in its own clause ("PT ... after that surgery")
_HEADING_LINE = re.compile(r"^[ \t,]*[A-Z][A-Z /&()-]{2,40}:", re.M)


def _postoperative_course(view: CaseView, m: Mention, group: str) -> bool:
    """Is the mention the aftercare of an operation rather than the non-surgical care the
    policies count?  Either its own sentence says so ("post-op PT", "she did physical therapy
    after that surgery for 3 months"), or -- for the rehabilitation kinds (therapy, exercises,
    brace, walking aid), told with no date or length of its own -- a sentence just before it in
    the same paragraph tells a recent operation the patient has had ("now approximately 4
    months status post percutaneous screw fixation of Schatzker IV tibial plateau fracture ...
    He has been working with physical therapy two to three times a week"; "On September 7,
    2007, he underwent ... anterior cruciate reconstruction ... / At the present time, he is
    progressing along with physical therapy.  He is utilizing one crutch").

    Why: such therapy is the operation's recovery, not conservative care tried before it
    (the real set's convention: post-operative PT, CPM or drugs are neither evidence for nor
    against a criterion), and the fracture's or the ACL's rehab was read as undated
    conservative care for a lumbar MRI or a knee arthroplasty (not_met where nothing
    addresses the criterion: missing).  An operation done long before the record (a fusion of
    2015) frames nothing: therapy for new pain years later is conservative care again."""
    key = ("postop_course", m.document.id, m.start, group)
    if key in view.cache:
        return view.cache[key]
    view.cache[key] = out = _postop(view, m, group)
    return out


# what parts an operation's words from a therapy told in another clause of the sentence: "His
# back pain began after a hernia repair in 2024, and he has done physical therapy ...", "worse
# after an arthroscopic meniscectomy in 2010; she completed physical therapy ..."
_CLAUSE_BREAK = re.compile(
    r"[;]|\n[ \t]*\n|,\s*(?:and|but|then|so|which|she|he|they)\b|\b(?:but|whereas|although)\b"
    r"|\band\s+(?:she|he|they|i|we|has|have|had|is|was|now)\b",
    re.I,
)


_PLANNED_AFTERCARE = re.compile(
    r"\b(?:will|would|plans?|planned|planning|needs?|expects?|expected|anticipat\w*|discussed|"
    r"recommend\w*|arrange\w*|schedul\w*)\b",
    re.I,
)


def _told_by_it(d, m: Mention, group: str) -> bool:  # noqa: ANN001 - a Document
    """Do the words of an operation's aftercare stand by the mention, in its own clause: "she
    did physical therapy after that surgery for 3 months", "He used a walker following his hip
    replacement", "post-op PT", "Celebrex after the replacement"?  Not anywhere in a sentence
    that also tells an operation as the time a symptom began or worsened ("Right knee pain for
    years, worse after an arthroscopic meniscectomy in 2010; she completed physical therapy from
    08/01/2025 to 11/15/2025"), nor a plan for after the requested one ("She has done physical
    therapy from 08/01 to 11/15 without relief and understands she will need post-op PT")."""
    text = d.text
    if group in REHAB_GROUPS:
        near = POSTOP_REHAB_NEAR
        hits = cue("therapy.postoperative_course").finditer(text, m.sent_start, m.sent_end)
    else:  # a drug: the words must stand by it, whole, as before
        near = POSTOP_NEAR
        hits = cue("therapy.postoperative_course").finditer(
            text, max(m.sent_start, m.start - near), min(m.sent_end, m.end + near)
        )
    for hit in hits:
        gap = (m.end, hit.start()) if hit.start() >= m.end else (hit.end(), m.start)
        if gap[1] - gap[0] > near:
            continue
        if _PLANNED_AFTERCARE.search(text, max(m.sent_start, hit.start() - 30), hit.start()):
            continue  # "... and understands she will need post-op PT": the aftercare planned
        if gap[0] >= gap[1] or not _CLAUSE_BREAK.search(text, *gap):
            return True
    return False


def _postop(view: CaseView, m: Mention, group: str) -> bool:
    d = m.document
    if _told_by_it(d, m, group):
        # the therapy's own words make it aftercare: the rehabilitation kinds and drugs alike
        return True
    if group not in REHAB_GROUPS or d.date is None:
        return False
    if view.dates_in(d, m.sent_start, m.sent_end) or [
        du for du in view.durations_in(d, m.sent_start, m.sent_end) if not du.vague
    ]:
        return False  # a course with its own dates or length is told as a course of its own
    sents = view.sentences(d)
    i = view.sentence_number(d, m.start)
    if i is None:
        return False
    operation = cue("therapy.operation_undergone")
    for s, e in reversed(sents[max(0, i - POSTOP_LOOKBACK_SENTENCES) : i]):
        told = operation.search(d.text, s, e)
        between = d.text[told.end() if told else s : m.sent_start]
        if "\n\n" in between or _HEADING_LINE.search(between):
            return False  # another paragraph or section: not this therapy's frame
        if told and _recent_to_record(view, d, *_operation_clause(d.text, s, e, told)):
            return True
    return False


def _operation_clause(text: str, s: int, e: int, told: re.Match) -> tuple[int, int]:
    """The clause of the sentence ``s:e`` that tells the operation ``told``: what dates it there
    is the operation's ("He had a lumbar discectomy in 2012 and has had recurrent low back pain
    for the past 4 months": the 4 months are the pain's, not a recent operation's)."""
    start = s
    for x in _CLAUSE_BREAK.finditer(text, s, told.start()):
        start = x.end()
    after = _CLAUSE_BREAK.search(text, told.end(), e)
    return start, after.start() if after else e


_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "several": 3,
    "a few": 3,
}
_UNIT_DAYS = {"day": 1, "days": 1, "week": 7, "weeks": 7, "month": 30, "months": 30}
# a time since an operation, told before the operation's words: "4 months status post", "six
# weeks s/p", "two weeks post-op", "10 days out from"
_SINCE_OPERATION = re.compile(
    r"\b(?P<n>\d{1,3}|a few|an?|one|two|three|four|five|six|seven|eight|nine|ten|several)\s+"
    r"(?P<unit>days?|weeks?|months?)\s+(?:status\s+post|s/p|post-?op\w*|out\s+from|after|since)\b",
    re.I,
)


def _recent_to_record(view: CaseView, d, s: int, e: int) -> bool:  # noqa: ANN001 - a Document
    """Does the sentence ``s:e`` date what it tells within :data:`POSTOP_RECENT_DAYS` before
    the record: a date in those days, a stated length that short ("now approximately 4 months
    status post"), or the words of a recent operation ("recently", "POD 3")?"""
    if cue("therapy.recent_operation").search(d.text, s, e):
        return True
    for x in _SINCE_OPERATION.finditer(d.text, s, e):
        n = _NUMBER_WORDS.get(x.group("n").lower())
        n = n if n is not None else int(x.group("n"))
        if n * _UNIT_DAYS[x.group("unit").lower()] <= POSTOP_RECENT_DAYS:
            return True  # "now approximately 4 months status post percutaneous screw fixation"
    for dm in view.dates_in(d, s, e):
        if dm.precision == "day" and 0 <= (d.date - dm.value).days <= POSTOP_RECENT_DAYS:
            return True
    return any(not du.vague and du.days <= POSTOP_RECENT_DAYS for du in view.durations_in(d, s, e))


REBUTTAL_SENTENCES = 2  # a reviewer's comment on a claim follows it within this many sentences


def _rebutted_claim(view: CaseView, m: Mention) -> bool:
    """A therapy named in another's claim that the writer relays ("Dr. X's letter states that
    she has failed injections, physical therapy and bracing") and rebuts in the next sentences
    ("[On the records, that description fits the left knee before 2022.]"): a records review's
    correction, not care given."""
    if not cue("therapy.relayed_claim").search(m.sentence):
        return False
    d = m.document
    i = view.sentence_number(d, m.start)
    if i is None:
        return False
    rebut = cue("therapy.claim_rebutted")
    for s, e in view.sentences(d)[i + 1 : i + 1 + REBUTTAL_SENTENCES]:
        if rebut.search(d.text, s, e):
            return True
    return False


def _rule_statement(view: CaseView, m: Mention) -> bool:
    """Is the mention's sentence a coverage rule that names the therapy as what it asks for
    ("Our guideline requires at least 6 weeks of conservative therapy ..., such as physical
    therapy or NSAIDs")?  Not when the sentence also tells the patient's own course ("she has
    completed the required 6 weeks") or dates one.  Why: a denial letter or an appeal quotes
    the rule it applies; its length was read as a course of the therapies it names, which
    met the criterion for a packet that documents none."""
    key = ("rule_statement", m.document.id, m.sent_start, m.sent_end)
    if key not in view.cache:
        sent = m.sentence
        view.cache[key] = bool(
            cue("therapy.rule_statement").search(sent)
            and not cue("therapy.rule_applied_to_patient").search(sent)
            and not any(
                d.precision == "day" for d in view.dates_in(m.document, m.sent_start, m.sent_end)
            )
        )
    return view.cache[key]


def _letterhead(view: CaseView, m: Mention) -> bool:
    """Is the mention's sentence a letterhead or address line?  Read once per sentence: a
    sentence holds several therapy mentions, and this is asked for every one of them."""
    key = ("letterhead", m.document.id, m.sent_start, m.sent_end)
    if key not in view.cache:
        view.cache[key] = bool(cue("therapy.letterhead").search(m.sentence))
    return view.cache[key]


def _without_declined_points(view: CaseView, eps: list[Episode]) -> list[Episode]:
    """Drop a therapy's undated mentions in a document that says it was never given: a portal
    thread whose "Subject: knee + physical therapy" and "PT called me" end in "closed the PT
    referral ... Patient declined (cost). No visits."  The mentions there are about arranging
    it, not receiving it; a dated course in the same document still counts.  So is a record
    whose own outcome says the item never reached the patient (:func:`items_not_received`):
    the fitting ticket's "walked 50 ft in the brace" before "[X] NOT dispensed", the weight
    program's letterhead on the intake call that ends "declined enrollment"."""
    if "declined_therapy" not in view.cache:  # read once per case, asked by every criterion
        view.cache["declined_therapy"] = {
            (m.document.id, g)
            for m in view.find(
                categories={"therapy"}, assertions={"present", "historical", "negated"}
            )
            if (g := group_of(m.concept)) is not None and not_done(view, m)
        } | {(r.evidence.document.id, r.group) for r in items_not_received(view)}
    declined = view.cache["declined_therapy"]
    return [ep for ep in eps if not _undated_told_in(ep, declined)]


def _undated_told_in(ep: Episode, where: set[tuple[str, str]]) -> bool:
    """An episode with no length of its own (neither dated nor given a duration) first told in
    one of ``where``'s (document, therapy group) pairs."""
    return (
        ep.days == 0
        and ep.kind != "dated"
        and bool(ep.evidence)
        and (ep.evidence[0].document.id, ep.group) in where
    )


FORM_TYPES = {"request_form", "fax_cover"}  # the office's cover sheets: a checklist, no account
LIST_KINDS = 3  # a sentence naming this many kinds of therapy is a list of them
# the words that deny a therapy where no concept term names it: an injection is told by its verb
# ("The L knee has never been injected") or a bare "injection", which the concept list leaves out
DENIED_CUES = {"injection": "therapy.never_injected"}


def _denied_in(view: CaseView, side: str | None) -> set[tuple[str, str]]:
    """(document, group) where the document's own words say the therapy was not given, on the
    requested side or on none: a negated mention ("He has not done formal PT for the knee"),
    or the group's words of denial where its therapy is told by a verb the concept list does not
    hold ("The L knee has never been injected": :data:`DENIED_CUES`)."""
    key = ("denied_therapy", side)
    if key in view.cache:  # read once per case and side, asked by every criterion
        return view.cache[key]
    out = {
        (m.document.id, g)
        for m in view.find(categories={"therapy"}, assertions={"negated"})
        if (g := group_of(m.concept)) is not None and this_side(side, m.sentence)
    }
    for g, name in DENIED_CUES.items():
        denial = cue(name)
        for d in view.documents:
            if (d.id, g) in out or not denial.search(d.text):
                continue
            if any(
                denial.search(d.text, s, e) and this_side(side, d.text[s:e])
                for s, e in view.sentences(d)
            ):
                out.add((d.id, g))
    view.cache[key] = out
    return out


def _listed(view: CaseView, ev: Evidence) -> bool:
    """The evidence is a list of therapies: its sentence names :data:`LIST_KINDS` kinds or more
    ("Conservative treatment tried: [NSAIDs, physical therapy, bracing, corticosteroid
    injection]")."""
    kinds = {
        group_of(o.concept)
        for o in view.mentions_in(ev.document, ev.start, ev.end)
        if o.category == "therapy" and o.concept not in UMBRELLA_CONCEPTS
    }
    return len(kinds - {None}) >= LIST_KINDS


def _without_list_items_the_note_denies(
    view: CaseView, eps: list[Episode], side: str | None
) -> list[Episode]:
    """Drop an undated item of a list of therapies that the same note's own account says was
    not given: a templated "Conservative treatment tried: [NSAIDs, physical therapy, bracing,
    corticosteroid injection]" carried into a note whose history says "The L knee has never
    been injected ... He has not done formal PT for the knee" (dev17op-04: the stale macro's
    PT and injection made two kinds of treatment of one).  The note's narrative tells what
    was done; a list item with no date of its own adds a kind only where nothing in the same
    note denies it.  A dated course is kept."""
    denied = _denied_in(view, side)
    if not denied:
        return eps
    # a request form's checklist ("Conservative treatment tried: NSAIDs / PT / activity
    # modification" on the fax cover) against a clinical note of the packet that says it was
    # not given on this side ("He has not done PT for the L knee"): the note's account holds
    # where nothing but forms tells the therapy (dev26kn-02: the cover's PT made a second kind)
    types = {d.id: d.type for d in view.documents}
    denied_groups = {g for doc, g in denied if types.get(doc) not in FORM_TYPES}
    told_elsewhere = {
        ep.group
        for ep in eps
        if ep.evidence and any(ev.document.type not in FORM_TYPES for ev in ep.evidence)
    }

    def form_item_denied(ep: Episode) -> bool:
        return (
            ep.days == 0
            and ep.kind != "dated"
            and bool(ep.evidence)
            and ep.evidence[0].document.type in FORM_TYPES
            and ep.group in denied_groups - told_elsewhere
        )

    return [
        ep
        for ep in eps
        if not (_undated_told_in(ep, denied) and _listed(view, ep.evidence[0]))
        and not form_item_denied(ep)
    ]


def _snap_month_spans(eps: list[Episode]) -> None:
    """A course told by its months only ("the hospital weight management program (Jun-Nov
    2025)", read 06/01-11/30) takes the days of the same therapy's record of a course that
    began and ended in those months ("Enrollment: 06/02/2025  Completion: 11/17/2025"): one
    course, told coarsely and exactly (dev26kn-04: two weeks too many)."""
    exact = [
        o for o in eps if o.kind == "dated" and o.day_anchored and not o.approx_start and o.days
    ]
    for ep in eps:
        if not (ep.kind == "dated" and ep.approx_start and ep.start.day == 1):
            continue
        if ep.end != _month_end(ep.end):
            continue
        for o in exact:
            if (
                o.group == ep.group
                and (o.start.year, o.start.month) == (ep.start.year, ep.start.month)
                and (o.end.year, o.end.month) == (ep.end.year, ep.end.month)
            ):
                ep.start, ep.end = o.start, o.end
                break


def _snap_approximate_starts(eps: list[Episode]) -> None:
    """A start in a month without a day ("since December") yields to an exact start of the same
    therapy within the month after it ("since 12/18/2025"), or to the day a note prescribes it
    ("Start naproxen 500 mg PO BID" in the 08/12/2025 plan, told later as "naproxeno ... since
    August": dev33bp-04, the course counted from 08/01)."""
    exact: dict[str, list[date]] = {}
    prescribed: dict[str, list[tuple[date, str]]] = {}
    for o in eps:
        if o.kind == "dated" and not o.approx_start:
            exact.setdefault(o.group, []).append(o.start)
        elif o.kind == "point" and o.prescribed:
            prescribed.setdefault(o.group, []).append((o.start, o.name))
    for starts in exact.values():
        starts.sort()
    for ep in eps:
        if not ep.approx_start:
            continue
        if ep.group in exact:
            starts = exact[ep.group]
            i = bisect.bisect_left(starts, ep.start)
            if i < len(starts) and starts[i] <= ep.start + timedelta(days=31):
                ep.start = starts[i]
                continue
        # the same drug (its name's stem: "naproxen", "naproxeno") prescribed in that month
        # (review of 8306924: "ibuprofen since August" took September's meloxicam start)
        days = [
            day
            for day, name in prescribed.get(ep.group, [])
            if (day.year, day.month) == (ep.start.year, ep.start.month)
            and day >= ep.start
            and _same_drug(name, ep.name)
        ]
        if days:
            ep.start = min(days)


def _same_drug(a: str, b: str) -> bool:
    """Two names of one drug, told in two languages or forms ("naproxen", "naproxeno",
    "Naprosyn" is not caught): the same first five letters."""
    return len(a) >= 5 and len(b) >= 5 and a[:5].lower() == b[:5].lower()


SAME_COURSE_SLACK_DAYS = 7  # "about three weeks" told of a course that ran 20 days is that course


def _snap_lengths_told_in_months(eps: list[Episode]) -> None:
    """A course told only by months named without days takes the days of the same therapy's
    account that places it exactly inside those months: two accounts of one course, not two
    courses (policies.md counts a course once).

    - a stated length ("took naproxen for two weeks in March-April") takes the days of a
      course dated with its day inside the months ("naproxen 03/20 - stopped 04/03, upset
      stomach") that is about as long or longer.  Placed by its months alone, the loosely told
      course and the exactly told one overlapped only in part, and their union counted one
      short course about twice (dev22bh-04);
    - a range of whole months ("PT: Mar-Apr 2026, Acme Rehab") takes the days of the visits
      dated inside it ("03/09/2026 97161 PT eval" ... "04/14/2026 97110"), when they begin in
      its first month and end in its last: the months say roughly when, the visits exactly
      when -- not every day from the 1st of March to the 30th of April.

    The same therapy: the same drug by name (another drug of its class is a course of its
    own), or the same course of visits or device.  Without such an account the months keep
    their place."""
    for ep in eps:
        if ep.within is None:
            continue
        lo, hi = ep.within
        same = [
            o
            for o in eps
            if o is not ep
            and o.day_anchored
            and o.within is None
            and o.group == ep.group
            and (o.name == ep.name or not drug_group(ep.group))
            and lo <= o.start
            and o.end <= hi
        ]
        if not same:
            continue
        if ep.kind == "duration":
            best = max(same, key=lambda o: o.days)
            if best.days + SAME_COURSE_SLACK_DAYS >= ep.days:
                ep.start, ep.end = best.start, best.end
            continue
        first, last = min(o.start for o in same), max(o.end for o in same)
        if first <= _month_end(lo) and last >= hi.replace(day=1):
            ep.start, ep.end = first, last
            continue
        own = [o for o in same if _own_record_span(o)]
        if own and not _own_record_span(ep) and ep.evidence[0].document.type != "therapy_note":
            ep.start, ep.end = min(o.start for o in own), max(o.end for o in own)


def _own_record_span(ep: Episode) -> bool:
    """A therapy record's own span of its course (initial evaluation to discharge, read by
    :func:`therapy_document_span`: no therapy word names it).

    Why in :func:`_snap_lengths_told_in_months`: a consult retells "She did PT from September
    through December", and the therapist's discharge summary of the same course says
    "Referral received: 09/19/2025 - pt placed on waitlist / Initial evaluation: 11/03/2025 /
    Discharge date: 12/12/2025".  The retold months round out the course, here from the
    referral; the record of the visits says when they were.  The course lies inside the
    months, so it is the same course, and its own record's days count -- even where it starts
    a month or two after the first month named (an undercount at worst, never weeks counted
    that no record shows).

    A record of a course abandoned (two visits, "has not returned") is no account of the
    course the retelling claims: that is a contradiction, which :func:`_attendance_conflict`
    reads, so its span takes no one's place."""
    return (
        not ep.name
        and bool(ep.evidence)
        and ep.evidence[0].document.type == "therapy_note"
        and not _abandoned_course(ep.evidence[0].document.text)
    )


def _snap_retold_lengths(eps: list[Episode]) -> None:
    """A length a later note tells with no date of its own ("Saw his GP in January - naproxen
    500 bd for 2/52 (completed)", counted back from the note) takes the place of the same drug's
    course of about that length that an earlier record places ("05-Jan-2026 ... Naproxen 500mg
    tablets - 1 bd with food, 2/52 (28 tabs)"): two accounts of one course, not two (policies.md
    counts a course once).  Placed back from the note's day, the retelling made a second
    fortnight of naproxen in April, weeks after the course and the physiotherapy it ran beside.

    The same drug by name, or the same course of visits or device; the earlier account about
    as long as the retold length (within :data:`SAME_COURSE_SLACK_DAYS`) and ending before the
    note that retells it.  A length told as still going on ("on naproxen for the past 2
    weeks") is no retelling: it is not marked.  Where two courses of the same length were in
    fact given, the retold one is lost -- an undercount, never a course counted that was not.

    Where no earlier record gives the course a length but one starts or prescribes the same
    drug on its day ("Start meloxicam 15 mg daily"), the retold length runs from that start
    (:func:`_prescribed_start`)."""
    for ep in eps:
        if not ep.told_back:
            continue
        same = [
            o
            for o in eps
            if o is not ep
            and not o.told_back
            and o.kind != "point"  # a course with a length of its own, not a day's mention
            and o.days > 0
            and o.within is None
            and o.group == ep.group
            and o.name
            and (o.name == ep.name or not drug_group(ep.group))
            and o.end < ep.end
            and abs(o.days - ep.days) <= SAME_COURSE_SLACK_DAYS
        ]
        if same:
            best = max(same, key=lambda o: o.end)
            ep.start, ep.end = best.start, best.end
            continue
        start = _prescribed_start(ep, eps)
        if start is not None:
            ep.start, ep.end = start, start + timedelta(days=ep.days)


def _prescribed_start(ep: Episode, eps: list[Episode]) -> date | None:
    """The day an earlier record starts or prescribes the drug whose length a later note
    retells with no date of its own: the 07/22 office note's "Start meloxicam 15 mg p.o.
    daily" and the 10/09 consultant's "Dr. Ferreira ... started him on meloxicam, which he
    took for approximately two weeks and then stopped" are one course, from 07/22 for two
    weeks -- not a fortnight counted back from 10/09, weeks after it ended (dev24dx-01, where
    the misplaced fortnight met six weeks beside a PT course that ran in between).

    The same drug by name; the latest such start from which the length had run out by the
    note that retells it (a start after that cannot be the course told).  None where no
    record starts the drug: the length stays counted back from its note."""
    told = _note_date(ep)
    if told is None or not drug_group(ep.group) or not ep.name:
        return None
    starts = [
        o.start
        for o in eps
        if o is not ep
        and o.prescribed
        and o.group == ep.group
        and o.name == ep.name
        and o.start + timedelta(days=ep.days) <= told
    ]
    return max(starts, default=None)


def _therapy_note_spans(
    view: CaseView, groups: set[str], region: str | None, side: str | None = None
) -> list[Episode]:
    out = []
    therapy = view.find(categories={"therapy"}, assertions={"present", "historical"})
    for d in view.documents:
        if d.type != "therapy_note" or not view.about_region(d, region):
            continue
        kinds = [group_of(m.concept) for m in therapy if m.document is d]
        group = "chiropractic" if kinds.count("chiropractic") > kinds.count("pt") else "pt"
        if group not in groups:
            continue
        out.extend(therapy_document_span(view, d, group, region, side))
    return out


OTHER_SIDE_SENTENCES = 3  # a record naming the other side this often ...
OTHER_SIDE_RATIO = 2  # ... and this many times as often as the requested one is about it


def _other_sides_course(view: CaseView, ep: Episode, side: str | None) -> bool:
    """A course of visits or a device told only by records of the other side's care
    (:func:`_other_sides_record`), in sentences that do not name the requested side: "Episode:
    10/17/2025 - 12/19/2025  Discipline: PT" in the left TKA's home-health discharge is not the
    right knee's PT.  A drug treats the patient, not one side: never."""
    if side not in {"left", "right"} or drug_group(ep.group) or not ep.evidence:
        return False
    return all(
        _other_sides_record(view, ev.document, side) and not sides_named(ev.quote) & {side, "both"}
        for ev in ep.evidence
    )


def _other_sides_record(view: CaseView, d, side: str | None) -> bool:
    """A record of the other side's care: its sentences name the other side far more
    often than the requested one ("HH PT for post-op L TKA rehab - L knee ROM ...", "L knee
    AROM", "Pain L knee 1/10" against one "Pt reports R knee is the bad one now": dev8nr-03,
    home-health PT after the left TKA counted for the right knee).  Read once per record."""
    if side not in {"left", "right"}:
        return False
    other = "left" if side == "right" else "right"
    key = ("side_counts", d.id)
    if key not in view.cache:
        counts = {"left": 0, "right": 0}
        for s, e in view.sentences(d):
            for named in sides_named(d.text[s:e]) & {"left", "right"}:
                counts[named] += 1
        view.cache[key] = counts
    counts = view.cache[key]
    return counts[other] >= OTHER_SIDE_SENTENCES and counts[other] > OTHER_SIDE_RATIO * counts[side]


def _note_date(ep: Episode) -> date | None:
    return ep.evidence[0].document.date if ep.evidence else None


def _cut_prescriptions_stopped_later(eps: list[Episode]) -> list[Episode]:
    """A course prescribed for a length ("Meloxicam 15 mg daily x 4 wks - Rx sent", counted from
    the note) ends where a later note of the same drug says it ended ("Meloxicam started 4/15,
    stopped on about 4/24")."""
    out = []
    for ep in eps:
        told = _note_date(ep)
        if ep.kind == "duration" and ep.name and told is not None:
            ends = [
                e.end
                for e in eps
                if e is not ep
                and e.kind == "dated"
                and not e.ongoing
                and e.name == ep.name
                and (_note_date(e) or date.min) > told
                and ep.start <= e.end < ep.end
            ]
            if ends:
                ep = replace(ep, end=max(ends))
        out.append(ep)
    return out


def _as_needed(ep: Episode) -> bool:
    """The drug named as taken as needed in its own record ("ibuprofen prn", "Tylenol as
    needed"), or now and then ("takes ibuprofen OTC sometimes", ``therapy.occasional_use``)."""
    return any(
        re.search(rf"\b{re.escape(ep.name)}\b[^.;\n]{{0,30}}\b(?:prn|as needed)\b", ev.quote, re.I)
        or _occasional_near(ep.name, ev.quote)
        for ev in ep.evidence
    )


OCCASIONAL_NEAR = 40  # how far from the drug's name its "now and then" may be told
_OCCASIONAL_STOP = re.compile(r"[.;]|\band\b|\bbut\b", re.IGNORECASE)  # its clause's ends


def _occasional_near(name: str, quote: str) -> bool:
    """The drug's name and, close by in its clause, its use now and then ("takes ibuprofen OTC
    sometimes"): not another therapy's ("she takes the naproxen every day and uses ice
    occasionally", review of 768748b)."""
    for n in re.finditer(rf"\b{re.escape(name)}\b", quote, re.I):
        a = max(0, n.start() - OCCASIONAL_NEAR)
        b = min(len(quote), n.end() + OCCASIONAL_NEAR)
        left = max((x.end() for x in _OCCASIONAL_STOP.finditer(quote[a : n.start()])), default=0)
        right = _OCCASIONAL_STOP.search(quote[n.end() : b])
        seg = quote[a + left : n.end() + right.start() if right else b]
        if cue("therapy.occasional_use").search(seg):
            return True
    return False


def _extend_ongoing(view: CaseView, eps: list[Episode]) -> list[Episode]:
    """Join an ongoing therapy across notes: from its earliest documented start to its latest
    note, or to the request date when that latest note says it is current."""
    by_group: dict[str, list[Episode]] = {}
    for ep in eps:
        by_group.setdefault(ep.group, []).append(ep)
    out = list(eps)
    for group, items in by_group.items():
        ongoing = [e for e in items if e.ongoing]
        if modality_groups()[group].get("point") or not ongoing:
            continue
        last = max(ongoing, key=lambda e: (e.end, e.current))
        end = view.request_date if last.current else last.end
        # another drug of the class, listed as needed and without a start ("Medications:
        # ibuprofen prn" in August), is its own use now and then: it does not open the course
        # of the drug the latest note tells ("meloxicam since 12/1/25" in March).  A brand
        # name of the same drug ("scheduled Tylenol" beside acetaminophen) still joins.
        start = min(
            e.start
            for e in ongoing
            if e is last
            or not drug_group(group)
            or e.kind == "dated"
            or not e.name
            or not last.name
            or e.name == last.name
            # nor, the other way, does "takes ibuprofen OTC sometimes" in December carry on a
            # naproxen course of March that a chronology's April entry discontinued
            or (not _as_needed(e) and not _as_needed(last))
        )
        told = _note_date(last)
        if (
            last.current
            and told is not None
            and start >= told
            and all(e.kind == "point" and not e.approx_start for e in ongoing)
        ):
            # "Currently using ice and OTC acetaminophen", its only account and no start: a
            # therapy given without a date adds 0 weeks (policies.md); "currently" carries a
            # documented course on to the request date, it does not open one on the note's
            # day (dev26kn-01: two weeks of an undated acetaminophen counted)
            continue
        stopped_later = [
            e.end
            for e in items
            if e.kind == "dated"
            and not e.ongoing
            and e.name
            # the same drug, not another of its class; a course of visits is one therapy
            # whatever it is called ("Currently in PT" in September, "Physical therapy
            # 09/15/2025 - 10/24/2025, completed" in April: dev16pm-03)
            and (e.name == last.name or not drug_group(group))
            and told is not None
            and (_note_date(e) or date.min) > told
            and e.end >= start
        ]
        if stopped_later:  # a later note says it stopped: "still taking it" was then, not now
            end = max(min(end, max(stopped_later)), start)
        out.append(
            Episode(
                group,
                start,
                max(end, start),
                [last.evidence[0]],
                ongoing=True,
                current=last.current,
            )
        )
    return out
