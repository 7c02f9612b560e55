"""Therapy episodes: when each documented conservative therapy ran, from dated mentions.

Counting rule (policies.md): duration is the length of the union of documented therapy
intervals inside the window; a therapy still ongoing runs to the date of the latest note
that documents it, or to the request date if that note says "ongoing/currently".
Planned, recommended and negated mentions never make an episode.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from casebrief.facts.evidence import Evidence, sentence_evidence
from casebrief.facts.mentions import CaseView, Mention, cue
from casebrief.lexicon import cue as lexicon_cue

MODALITY_GROUPS = {
    # modality group -> concept ids (TKA counts distinct groups; policies name groups)
    "pt": {"physical_therapy"},
    "chiropractic": {"chiropractic"},
    "home_exercise": {"home_exercise"},
    "nsaid": {"nsaid"},
    "analgesic": {"acetaminophen", "analgesic_other"},
    "muscle_relaxant": {"muscle_relaxant"},
    "oral_steroid": {"oral_steroid"},
    "activity_modification": {"activity_modification"},
    "injection": {"intraarticular_injection"},
    "epidural_injection": {"epidural_injection"},
    "bracing": {"bracing"},
    "assistive_device": {"assistive_device"},
    "weight_loss": {"weight_loss_program"},
}
POINT_MODALITIES = {"injection", "epidural_injection"}


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

    @property
    def days(self) -> int:
        return max((self.end - self.start).days, 0)


def group_of(concept: str) -> str | None:
    for g, cs in MODALITY_GROUPS.items():
        if concept in cs:
            return g
    return None


def _range_between(text: str) -> bool:
    return bool(re.fullmatch(r"\s*(?:-|–|—|to|through|thru|until|till|->|and|\s)\s*", text, re.I))


_SYMPTOM_BEFORE = re.compile(r"(?:pain|symptoms?|sx|onset|persistent|persisting|history|hx|c/o|complaints?|lbp|sciatica|radiculopathy)\s*(?:of|for|>|≥|over)?\s*$", re.I)
_CREDENTIAL = re.compile(r"(?:,\s*|\b(?:MS|MPT|DPT|PTA|OCS|ATC|CSCS)\s*,?\s*)$")
_PLANNED = re.compile(r"\b(?:plan|goals?|will|expected|anticipate|recommend|frequency|poc|plan of care|authorized|approved)\b", re.I)


def _not_done(m: Mention) -> bool:
    """Offered, deferred, declined or an unticked box: the therapy named was not given."""
    text = m.document.text
    window = text[max(m.sent_start, m.start - 50) : min(m.sent_end, m.end + 50)]
    return bool(cue("not_done").search(window))


_LETTERHEAD = re.compile(r"\(?\b\d{3}\)?[-.\s]\d{3}[-.\s]\d{4}\b|\b(?:suite|ste\.?|blvd|ave|fax|ph)\b", re.I)
_STOP = re.compile(r"\b(?:stopped|discontinued|d/c'?d|dc'?d|ceased|quit|until|through|ended|held|finished|completed)\b", re.I)


_SYMPTOM_WORDS = re.compile(r"\b(?:pain|sciatica|symptoms?|sx|radiculopathy|lbp|numbness|weakness|onset|injury|fall|complaints?)\b", re.I)


def _therapy_mentions(view: CaseView, document) -> list[Mention]:
    """Therapy mentions of one document (indexed once per case)."""
    key = ("therapy_mentions", document.id)
    if key not in view.cache:
        view.cache[key] = [o for o in view.mentions if o.document is document and o.category == "therapy"]
    return view.cache[key]


def _symptom_onset(text: str, sent_start: int, date_start: int, m: Mention) -> bool:
    """'R sciatica since Nov 2025, chiropractic + NSAID ...': the date dates the symptom, not the therapy."""
    lead = text[max(sent_start, date_start - 30) : date_start]
    return m.start > date_start and bool(_SYMPTOM_WORDS.search(lead))


def _stop_date(view: CaseView, m: Mention, after: int) -> date | None:
    """A stop date for a started therapy, in its sentence or the next one ("stopped on 4/2/26")."""
    sents = view.sentences(m.document)
    idx = next((i for i, (s, e) in enumerate(sents) if s <= m.start < e), None)
    if idx is None:
        return None
    for j, (s, e) in enumerate(sents[idx : idx + 2]):
        lo = after if j == 0 else s
        seg = m.document.text[lo:e]
        stop = _STOP.search(seg)
        if not stop:
            continue
        for dm in view.dates_in(m.document, lo + stop.end(), e):
            if dm.start - (lo + stop.end()) <= 30:
                return dm.value
    return None


def is_credential(m: Mention) -> bool:
    """'Lydia Chen, PT, DPT' names a therapist, not a therapy."""
    before = m.document.text[max(0, m.start - 12) : m.start]
    after = m.document.text[m.end : m.end + 8]
    if m.text not in {"PT", "DPT", "P.T."}:
        return False
    named = re.search(r"\b[A-Z][a-z'-]+,?\s*$", before) and not re.search(r"\b(?:of|for|with|to|and|start|started|did|completed|in|x)\s*$", before, re.I)
    return bool(_CREDENTIAL.search(before)) or after.startswith((", DPT", ",DPT", " DPT")) or bool(named)


def episode_from(view: CaseView, m: Mention, group: str) -> Episode | None:
    """Interval a therapy mention documents, or None when it documents no time at all."""
    doc_date = m.document.date
    s, e = m.sent_start, m.sent_end
    text = m.document.text
    sent = text[s:e]
    dates = [d for d in view.dates_in(m.document, s, e) if d.value <= view.request_date and d.precision != "year"]
    ev = m.evidence()
    current = bool(cue("current").search(sent))
    ongoing = current or bool(cue("ongoing").search(sent)) or m.section == "medications"
    # explicit range "from X to Y", "X - Y"
    for a, b in zip(dates, dates[1:]):
        if _range_between(text[a.end : b.start]) and a.value <= b.value:
            return Episode(group, a.value, b.value, [ev], kind="dated")
    rel_end = doc_date or view.request_date
    # start date: "since X", "started X", "started naproxen 500 mg BID on X"
    for d in dates:
        if m.start < d.start and d.start - m.end > 90:
            continue  # a date far after the mention belongs to another clause
        # the start word leads up to the date, or opens the clause that names the therapy and the date
        before = text[max(s, d.start - 30) : d.start]
        clause = text[max(s, m.start - 20) : d.start] if m.start < d.start else ""
        between = [o for o in _therapy_mentions(view, m.document) if m.end <= o.start < d.start and o.concept != m.concept]
        if between:
            continue  # "6 wks PT, HEP and meloxicam since December": the date is meloxicam's
        started = cue("start").search(before) or re.search(r"\bfrom\s*$", before, re.I) or cue("start").search(clause)
        if started and not _symptom_onset(text, s, d.start, m):
            stop = _stop_date(view, m, after=d.end)
            if stop is not None:
                return Episode(group, d.value, max(stop, d.value), [ev], kind="dated")
            # a started therapy continues until a note says it stopped
            return Episode(group, d.value, max(rel_end, d.value), [ev], ongoing=True, current=current, kind="dated",
                           approx_start=d.precision != "day")
    # a stated length close to the mention: "x 6 weeks", "6 weeks of PT" (not a symptom's length, not a plan)
    durs = [du for du in m.document.doc._.durations
            if s <= du.start and du.end <= e and min(abs(du.start - m.end), abs(m.start - du.end)) <= 60
            and not _SYMPTOM_BEFORE.search(text[max(s, du.start - 25) : du.start])]
    medication = m.attrs.get("modality") == "medication"  # a prescription in the plan is started that day
    planned = (m.section in {"plan", "assessment_plan"} and not medication) or bool(_PLANNED.search(sent))
    if durs and not planned:
        du = min(durs, key=lambda x: min(abs(x.start - m.end), abs(m.start - x.end)))
        days = du.days
        if dates:
            anchor = dates[-1].value
            if re.search(r"\b(?:completed|ended|finished|until|through|discharged|d/c|stopped)\b", sent, re.I):
                return Episode(group, anchor - timedelta(days=days), anchor, [ev], kind="duration")
            return Episode(group, anchor, min(anchor + timedelta(days=days), rel_end), [ev], kind="duration")
        return Episode(group, rel_end - timedelta(days=days), rel_end, [ev], ongoing=ongoing, current=current, kind="duration")
    visits = lexicon_cue("dates.visits").search(sent)
    freq = lexicon_cue("dates.frequency").search(sent)
    if visits and freq and not planned:
        days = int(visits.group("n")) / int(freq.group("n")) * 7
        end = dates[-1].value if dates else rel_end
        return Episode(group, end - timedelta(days=days), end, [ev], kind="duration")
    when = dates[0].value if len(dates) == 1 else rel_end
    if when is None:
        return None
    return Episode(group, when, when, [ev], ongoing=ongoing, current=current)


_NOT_VISIT = re.compile(r"\b(?:no-?shows?|cancel\w*|cx|phone|messages?|letter|missed|dob|d\.o\.b|birth|onset|injury|injured|doi|referr|surgery|mri|x-?ray|ct\b|printed|fax|signed|dictated|transcribed|md visit|physician visit|authorization|auth\b|approved|next appointment|re-?eval due|scheduled|appointment)\b", re.I)


_VISIT_WORDS = re.compile(r"\b(?:visits?|eval\w*|sessions?|treat\w*|tx|dos|dates? of|attended|episode|seen|discharg\w*|progress|daily note|plan of care|soc|start of care|re-?assess\w*|therex|manual|adjust\w*|d/c)\b", re.I)


def therapy_document_span(view: CaseView, d, group: str) -> Episode | None:
    """A therapy note's own span: its first to last visit-like date (visit logs, episode ranges)."""
    dates = []
    abandoned = bool(cue("attendance_failure").search(d.text))
    for s, e in view.sentences(d):
        sent = d.text[s:e]
        if abandoned and s < 200:  # a discharge-for-non-attendance note's own date is not a visit
            continue
        if _NOT_VISIT.search(sent) or _PLANNED.search(sent) and not re.search(r"\bvisit", sent, re.I):
            continue
        if not (_VISIT_WORDS.search(sent) or re.match(r"\s*\|?\s*\d{1,2}[/-]\d{1,2}(?:[/-]\d{2,4})?\b", sent)):
            continue  # a visit record names itself, or is a table row starting with its date
        for dm in view.dates_in(d, s, e):
            if dm.precision == "day" and dm.value <= view.request_date:
                dates.append((dm.value, s, e))
    if len(dates) < 2:
        return None
    first, last = min(dates), max(dates)
    if first[0] == last[0]:
        return None
    # a sentence stating the whole range ("12 visits, 03/03/2026 through 04/14/2026") is the best quote
    ranged = [(s, e) for s, e in view.sentences(d)
              if any(a.value == first[0] and b.value == last[0] for a, b in zip(view.dates_in(d, s, e), view.dates_in(d, s, e)[1:]))]
    evs = [sentence_evidence(d, s, e) for s, e in ranged[:2]] + [sentence_evidence(d, first[1], first[2]), sentence_evidence(d, last[1], last[2])]
    return Episode(group, first[0], last[0], evs, kind="dated")


def episodes(view: CaseView, groups: set[str], region: str | None, *, include_superseded: bool = False) -> list[Episode]:
    """Therapy episodes of the given modality groups on ``region``.

    A stated length ("completed 8 weeks of PT") is superseded by dated records of the same
    therapy when there are any; ``include_superseded`` keeps those claims (to detect
    contradictions between documents)."""
    key = ("episodes", frozenset(groups), region, include_superseded)
    cached = view.cache.get(key)
    if cached is None:
        cached = view.cache[key] = _episodes(view, groups, region, include_superseded=include_superseded)
    return list(cached)


def _episodes(view: CaseView, groups: set[str], region: str | None, *, include_superseded: bool) -> list[Episode]:
    out: list[Episode] = []
    for m in view.find(categories={"therapy"}, assertions={"present", "historical"}):
        g = group_of(m.concept)
        if g is None or g not in groups:
            continue
        if m.document.type in {"request_form"} and not m.document.date:
            continue
        if m.section == "allergies" or not view.on_region(m, region) or is_credential(m) or _not_done(m) or _LETTERHEAD.search(m.sentence):
            continue
        key = ("episode", m.document.id, m.start, g)
        if key not in view.cache:  # the same mention is read for several criteria and the fact list
            view.cache[key] = episode_from(view, m, g)
        ep = view.cache[key]
        if ep is not None:
            out.append(replace(ep))  # a copy: episode starts are adjusted per query below
    out.extend(_therapy_note_spans(view, groups, region))
    # "since December" yields to "since 12/18/2025" for the same therapy
    for ep in out:
        if ep.approx_start:
            exact = [o.start for o in out if o.group == ep.group and o.kind == "dated" and not o.approx_start
                     and ep.start <= o.start <= ep.start + timedelta(days=31)]
            if exact:
                ep.start = min(exact)
    dated = {ep.group for ep in out if ep.kind == "dated"}
    if not include_superseded:
        out = [ep for ep in out if not (ep.kind == "duration" and ep.group in dated and not ep.evidence[0].document.type == "therapy_note")]
    return _extend_ongoing(view, out)


def _therapy_note_spans(view: CaseView, groups: set[str], region: str | None) -> list[Episode]:
    out = []
    for d in view.documents:
        if d.type != "therapy_note":
            continue
        counts = view.doc_regions(d)
        if region and counts.get(region, 0) < max(counts.values()) and counts.get(region, 0) < 3:
            continue
        kinds = [group_of(m.concept) for m in view.find(categories={"therapy"}, assertions={"present", "historical"}) if m.document is d]
        group = "chiropractic" if kinds.count("chiropractic") > kinds.count("pt") else "pt"
        if group not in groups:
            continue
        ep = therapy_document_span(view, d, group)
        if ep is not None:
            out.append(ep)
    return out


def _extend_ongoing(view: CaseView, eps: list[Episode]) -> list[Episode]:
    """Join an ongoing therapy across notes: from its earliest documented start to its latest
    note, or to the request date when that latest note says it is current."""
    by_group: dict[str, list[Episode]] = {}
    for ep in eps:
        by_group.setdefault(ep.group, []).append(ep)
    out = list(eps)
    for group, items in by_group.items():
        ongoing = [e for e in items if e.ongoing]
        if group in POINT_MODALITIES or not ongoing:
            continue
        last = max(ongoing, key=lambda e: (e.end, e.current))
        end = view.request_date if last.current else last.end
        start = min(e.start for e in ongoing)
        out.append(Episode(group, start, max(end, start), [last.evidence[0]], ongoing=True, current=last.current))
    return out


def union_days(eps: list[Episode], window_start: date | None, window_end: date) -> tuple[int, list[tuple[date, date]]]:
    ivs = []
    for ep in eps:
        s = max(ep.start, window_start) if window_start else ep.start
        e = min(ep.end, window_end)
        if e < s:
            continue
        ivs.append((s, e))
    ivs.sort()
    merged: list[list[date]] = []
    for s, e in ivs:
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    total = sum((e - s).days for s, e in merged)
    return total, [(s, e) for s, e in merged]
