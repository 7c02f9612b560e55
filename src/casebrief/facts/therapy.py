"""Therapy episodes: when each documented conservative therapy ran, from dated mentions.

Counting rule (policies.md): duration is the length of the union of documented therapy
intervals inside the window; a therapy still ongoing runs to the date of the latest note
that documents it, or to the request date if that note says "ongoing/currently".
Planned, recommended and negated mentions never make an episode.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from casebrief.facts.evidence import Evidence
from casebrief.facts.mentions import CaseView, Mention, cue
from casebrief.nlp.dates import FREQUENCY, VISITS

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


def episode_from(view: CaseView, m: Mention, group: str) -> Episode | None:
    """Interval a therapy mention documents, or None when it documents no time at all."""
    doc_date = m.document.date
    s, e = m.sent_start, m.sent_end
    sent = m.document.text[s:e]
    dates = [d for d in view.dates_in(m.document, s, e) if d.value <= view.request_date]
    ev = m.evidence()
    current = bool(cue("current").search(sent))
    ongoing = current or bool(cue("ongoing").search(sent)) or m.section == "medications"
    # explicit range "from X to Y", "X - Y"
    for a, b in zip(dates, dates[1:]):
        between = m.document.text[a.end : b.start]
        if _range_between(between) and a.value <= b.value:
            return Episode(group, a.value, b.value, [ev], ongoing=False)
    rel_end = doc_date or view.request_date
    # start date: "since X", "started X"
    for d in dates:
        before = m.document.text[max(s, d.start - 25) : d.start]
        if cue("start").search(before) or re.search(r"\bfrom\s*$", before, re.I):
            return Episode(group, d.value, max(rel_end, d.value), [ev], ongoing=ongoing, current=current)
    # duration "x 6 weeks", "6 weeks of PT"
    durs = [du for du in m.document.doc._.durations if s <= du.start and du.end <= e]
    if durs:
        days = max(du.days for du in durs)
        if dates:
            anchor = dates[-1].value
            if re.search(r"\b(?:completed|ended|finished|until|through|discharged|d/c)\b", sent, re.I):
                return Episode(group, anchor - timedelta(days=days), anchor, [ev])
            return Episode(group, anchor, min(anchor + timedelta(days=days), rel_end), [ev])
        return Episode(group, rel_end - timedelta(days=days), rel_end, [ev], ongoing=ongoing, current=current)
    visits = VISITS.search(sent)
    freq = FREQUENCY.search(sent)
    if visits and freq:
        days = int(visits.group("n")) / int(freq.group("n")) * 7
        end = dates[-1].value if dates else rel_end
        return Episode(group, end - timedelta(days=days), end, [ev])
    when = dates[0].value if len(dates) == 1 else rel_end
    if when is None:
        return None
    return Episode(group, when, when, [ev], ongoing=ongoing, current=current)


def episodes(view: CaseView, groups: set[str], region: str | None) -> list[Episode]:
    out: list[Episode] = []
    for m in view.find(categories={"therapy"}, assertions={"present", "historical"}):
        g = group_of(m.concept)
        if g is None or g not in groups:
            continue
        if m.document.type in {"request_form"} and not m.document.date:
            continue
        if not view.on_region(m, region):
            continue
        ep = episode_from(view, m, g)
        if ep is not None:
            out.append(ep)
    return _extend_ongoing(view, out)


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
