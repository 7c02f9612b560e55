"""The therapy timeline: one bar per therapy per body region, the policy's window and the
duration it requires, drawn as inline SVG on the server.

Why SVG from the server: the page needs no chart library and no build step, the chart is in
the HTML the browser first receives (so first paint has it), and it prints.  Each bar and
the window carry a ``<title>``, and the same facts are listed in a table beside the chart
for a screen reader or a keyboard user.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape

from casebrief.facts.therapy import modality_groups

WIDTH, LEFT, RIGHT, ROW, TOP = 860, 190, 20, 26, 30
DURATION_EVALUATORS = {"therapy_duration", "program_duration"}


@dataclass(frozen=True)
class Bar:
    label: str
    region: str | None
    start: dt.date
    end: dt.date
    weeks: float
    ongoing: bool


@dataclass(frozen=True)
class Window:
    criterion_id: str
    title: str
    start: dt.date
    end: dt.date
    need: str  # "6 weeks", "6 months"
    need_days: int
    counted: str | None  # "7.7 weeks counted"


def bars(brief: dict) -> list[Bar]:
    groups = modality_groups()
    out = []
    for f in brief.get("facts", []):
        if f.get("kind") != "therapy_episode" or f.get("assertion", "present") != "present":
            continue
        if not (f.get("start") and f.get("end")):
            continue
        parts = [p.strip() for p in (f.get("detail") or "").split(";")]
        region = parts[1] if len(parts) > 1 and parts[1] else None
        out.append(
            Bar(
                label=groups.get(f["name"], {}).get("label", f["name"].replace("_", " ")),
                region=region,
                start=dt.date.fromisoformat(f["start"]),
                end=dt.date.fromisoformat(f["end"]),
                weeks=float(f.get("value") or 0.0),
                ongoing=parts[0] == "ongoing",
            )
        )
    return sorted(out, key=lambda b: (b.label, b.region or "", b.start))


def windows(brief: dict, policy) -> list[Window]:  # noqa: ANN001 - policy.schema.Policy
    """The duration criteria of the policy the brief used: their look-back window ending on
    the request date, and the time they require."""
    try:
        request = dt.date.fromisoformat(brief["request"]["request_date"])
    except (KeyError, TypeError, ValueError):
        return []
    if policy is None:
        return []
    results = {c["id"]: c for c in brief.get("criteria", [])}
    out = []
    for crit in policy.criteria:
        if crit.evaluator not in DURATION_EVALUATORS:
            continue
        p = crit.params or {}
        days = int(p.get("window_days") or 0)
        if not days:
            continue
        if p.get("min_weeks"):
            need, need_days = f"{p['min_weeks']:g} weeks", round(float(p["min_weeks"]) * 7)
        elif p.get("min_months"):
            need, need_days = f"{p['min_months']:g} months", round(float(p["min_months"]) * 30.4)
        else:
            continue
        res = results.get(crit.id, {})
        value, unit = res.get("value"), res.get("unit") or ""
        out.append(
            Window(
                criterion_id=crit.id,
                title=crit.title,
                start=request - dt.timedelta(days=days),
                end=request,
                need=need,
                need_days=need_days,
                counted=f"{value:g} {unit} counted".strip() if value is not None else None,
            )
        )
    return out


def svg(brief: dict, policy) -> str:  # noqa: ANN001
    """The chart, or an empty string when the packet documents no dated therapy."""
    items, wins = bars(brief), windows(brief, policy)
    if not items:
        return ""
    lo = min([b.start for b in items] + [w.start for w in wins])
    hi = max([b.end for b in items] + [w.end for w in wins])
    span = max((hi - lo).days, 14)
    plot = WIDTH - LEFT - RIGHT

    def x(d: dt.date) -> float:
        return round(LEFT + plot * (d - lo).days / span, 1)

    rows = len(items)
    height = TOP + rows * ROW + 24 + 36 * len(wins)
    parts = [
        f'<svg class="timeline" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="timeline-title" xmlns="http://www.w3.org/2000/svg">',
        '<title id="timeline-title">Therapy timeline: each documented therapy by body region, '
        "with the policy's look-back window</title>",
    ]
    for w in wins:
        parts.append(
            f'<rect class="window" x="{x(w.start)}" y="{TOP - 8}" '
            f'width="{max(x(w.end) - x(w.start), 1)}" height="{rows * ROW + 8}">'
            f"<title>{escape(w.criterion_id)}: window {w.start} to {w.end}</title></rect>"
        )
    for i, b in enumerate(items):
        y = TOP + i * ROW
        name = b.label + (f" ({b.region})" if b.region else "")
        tip = f"{name}: {b.start} to {b.end}, {b.weeks:g} weeks" + (
            ", ongoing" if b.ongoing else ""
        )
        parts.append(
            f'<text class="label" x="{LEFT - 8}" y="{y + 14}" text-anchor="end">'
            f"{escape(name)}</text>"
        )
        parts.append(
            f'<rect class="bar{" ongoing" if b.ongoing else ""}" x="{x(b.start)}" y="{y + 3}" '
            f'width="{max(x(b.end) - x(b.start), 3)}" height="{ROW - 8}" rx="3">'
            f"<title>{escape(tip)}</title></rect>"
        )
    axis = TOP + rows * ROW + 4
    parts.append(f'<line class="axis" x1="{LEFT}" x2="{LEFT + plot}" y1="{axis}" y2="{axis}"/>')
    for d in _ticks(lo, hi):
        parts.append(
            f'<text class="tick" x="{x(d)}" y="{axis + 14}" text-anchor="middle">{d:%b %Y}</text>'
        )
    for j, w in enumerate(wins):
        y = axis + 34 + j * 36
        end = x(w.end)
        start = max(LEFT, end - plot * w.need_days / span)
        label = f"{w.criterion_id}: {w.need} needed in the shaded window ({w.start} to {w.end})"
        label += f"; {w.counted}" if w.counted else ""
        parts.append(
            f'<text class="need-label" x="{LEFT}" y="{y}">{escape(label)}</text>'
            f'<line class="need" x1="{round(start, 1)}" x2="{end}" y1="{y + 9}" y2="{y + 9}">'
            f"<title>{escape(w.need)} drawn to scale, ending on the request date</title></line>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _ticks(lo: dt.date, hi: dt.date) -> list[dt.date]:
    """First days of months between ``lo`` and ``hi``, at most about eight of them."""
    months = []
    d = dt.date(lo.year, lo.month, 1)
    while d <= hi:
        if d >= lo:
            months.append(d)
        d = dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    step = max(1, -(-len(months) // 8))
    return months[::step]
