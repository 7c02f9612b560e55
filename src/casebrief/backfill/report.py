"""``report.html``: one self-contained page over everything the ledger holds -- statuses per
criterion per policy, the documentation most often missing, briefs that disagree with the
recorded decision, the processing time distribution, and the failures with their errors.

Why from the ledger with SQL aggregates: the report covers every case recorded in the
output folder (all runs), and a query per chart keeps it one pass over SQLite whatever the
number of cases; lists of cases (disagreements, failures) are capped at ``LIST_CAP`` rows
with the rest counted (the tables hold them all).  No script, no external resource: charts
are inline SVG (:mod:`casebrief.backfill.charts`), so it opens offline and can be mailed.
Case ids appear only in the lists, linked to their briefs; no record text appears.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from html import escape
from pathlib import Path

from casebrief.backfill.charts import STATUS_COLORS, bars, histogram, legend, stacked_bars
from casebrief.backfill.decisions import AGREEMENT, DECISIONS

LIST_CAP = 200
TOP_MISSING = 15
HIST_BINS = 24

CSS = """
body { font-family: system-ui, sans-serif; margin: 24px auto; max-width: 960px; color: #222; }
h1 { font-size: 22px; margin-bottom: 4px; } h2 { font-size: 18px; margin-top: 32px;
  border-bottom: 1px solid #ddd; padding-bottom: 4px; } h3 { font-size: 15px; margin: 18px 0 6px; }
.muted { color: #666; font-size: 13px; }
.tiles { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0; }
.tile { border: 1px solid #ddd; border-radius: 6px; padding: 8px 14px; min-width: 110px; }
.tile b { display: block; font-size: 20px; }
table { border-collapse: collapse; font-size: 13px; margin: 8px 0; }
th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; }
td.n { text-align: right; } .agrees { background: #e8f5e9; } .disagrees { background: #ffebee; }
.legend { font-size: 12px; margin: 4px 0 8px; } .key { margin-right: 14px; }
.swatch { display: inline-block; width: 10px; height: 10px; margin-right: 4px; }
svg.chart { display: block; margin: 4px 0 12px; overflow: visible; }
"""


def _q(ledger, sql: str, args: tuple = ()) -> list[tuple]:  # noqa: ANN001 - a Ledger
    return ledger.query(sql, args)


def _table(head: list[str], rows: list[list[str]], numeric: set[int] | None = None) -> str:
    numeric = numeric or set()
    th = "".join(f"<th>{escape(h)}</th>" for h in head)
    body = "".join(
        "<tr>"
        + "".join(
            f"<td{' class=n' if i in numeric else ''}>{cell}</td>" for i, cell in enumerate(r)
        )
        + "</tr>"
        for r in rows
    )
    return f"<table><tr>{th}</tr>{body}</table>"


def _more(total: int, shown: int, what: str) -> str:
    if total <= shown:
        return ""
    return f'<p class="muted">{total - shown} more {what} are in cases.parquet.</p>'


def _brief_link(brief: str | None, case_id: str) -> str:
    if not brief:
        return escape(case_id)
    return f'<a href="{escape(brief)}">{escape(case_id)}</a>'


# --------------------------------------------------------------------------- sections


def _overview(ledger, stats) -> str:  # noqa: ANN001
    n, done, failed, pages, missing_cases = _q(
        ledger,
        "SELECT COUNT(*), SUM(state = 'done'), SUM(state = 'failed'), SUM(pages), "
        "SUM(missing > 0) FROM cases",
    )[0]
    done, failed = done or 0, failed or 0
    median = _percentile(ledger, 0.5)
    tiles = [
        ("cases recorded", f"{n}"),
        ("briefed", f"{done}"),
        ("failed", f"{failed}"),
        (
            "with documentation missing",
            f"{missing_cases or 0} ({100 * (missing_cases or 0) / done:.0f}%)" if done else "0",
        ),
        ("pages read", f"{pages or 0}"),
        ("median s / case", f"{median:.2f}" if median is not None else "-"),
    ]
    html = '<div class="tiles">' + "".join(
        f'<div class="tile"><b>{escape(v)}</b>{escape(k)}</div>' for k, v in tiles
    )
    html += "</div>"
    if stats is not None and getattr(stats, "interrupted", False):
        html += (
            '<p class="muted">The last run was interrupted; re-run the same command to brief '
            "the cases left.</p>"
        )
    return html


def _statuses(ledger) -> str:  # noqa: ANN001
    rows = _q(
        ledger,
        "SELECT policy, criterion, MIN(position), MAX(title), status, COUNT(*) FROM criteria "
        "GROUP BY policy, criterion, status ORDER BY policy, MIN(position)",
    )
    if not rows:
        return "<p>No case has been briefed yet.</p>"
    cases = dict(
        _q(ledger, "SELECT policy, COUNT(*) FROM cases WHERE state = 'done' GROUP BY policy")
    )
    policies: dict[str, dict[str, tuple[int, str, dict[str, int]]]] = {}
    for policy, criterion, pos, title, status, n in rows:
        crits = policies.setdefault(policy, {})
        p0, t0, counts = crits.get(criterion, (pos, title, {}))
        counts[status] = counts.get(status, 0) + n
        crits[criterion] = (min(p0, pos), t0, counts)
    out = [legend(STATUS_COLORS)]
    for policy, crits in policies.items():
        ordered = sorted(crits.items(), key=lambda kv: kv[1][0])
        n = cases.get(policy, 0)
        label = f"{n} case{'' if n == 1 else 's'}"
        out.append(f"<h3>{escape(policy)} <span class=muted>({label})</span></h3>")
        out.append(
            stacked_bars(
                [(f"{t} ({cid})", counts) for cid, (_, t, counts) in ordered],
                STATUS_COLORS,
                f"statuses per criterion of {policy}",
            )
        )
    return "".join(out)


def _missing(ledger) -> str:  # noqa: ANN001
    rows = _q(
        ledger,
        "SELECT policy, criterion, MAX(title), MAX(missing_documentation), COUNT(*) AS n "
        "FROM criteria WHERE status = 'missing' GROUP BY policy, criterion "
        "ORDER BY n DESC, policy, criterion LIMIT ?",
        (TOP_MISSING,),
    )
    if not rows:
        return "<p>No criterion was missing its documentation.</p>"
    chart = bars(
        [(f"{p}: {t}", n, f"{n} cases: {m or ''}") for p, _, t, m, n in rows],
        STATUS_COLORS["missing"],
        "most common missing documentation",
    )
    table = _table(
        ["policy", "criterion", "cases", "what the office is asked for"],
        [[escape(p), escape(c), str(n), escape(m or "")] for p, c, _, m, n in rows],
        {2},
    )
    return chart + table


def _decisions(ledger) -> str:  # noqa: ANN001
    rows = _q(
        ledger,
        "SELECT decision, summary, COUNT(*) FROM cases WHERE decision IS NOT NULL "
        "AND state = 'done' GROUP BY decision, summary",
    )
    if not rows:
        return (
            "<p>No recorded decisions were given (a manifest's <code>decision</code> column), "
            "so no brief was compared.</p>"
        )
    summaries = ["criteria_met", "criteria_not_met", "documentation_incomplete", "needs_review"]
    grid: dict[tuple[str, str], int] = {(d, s): n for d, s, n in rows}
    decisions = [d for d in DECISIONS if any(k[0] == d for k in grid)]
    head = "".join(f"<th>{escape(h)}</th>" for h in ["decision \\ brief", *summaries])
    body = "".join(
        f"<tr><td>{escape(d)}</td>"
        + "".join(
            f'<td class="n {AGREEMENT.get((d, s), "")}">{grid.get((d, s), 0)}</td>'
            for s in summaries
        )
        + "</tr>"
        for d in decisions
    )
    matrix = f"<table><tr>{head.replace('_', ' ')}</tr>{body}</table>"
    pairs = [k for k, v in AGREEMENT.items() if v == "disagrees"]
    where = " OR ".join("(decision = ? AND summary = ?)" for _ in pairs)
    args = tuple(x for p in pairs for x in p)
    total = _q(ledger, f"SELECT COUNT(*) FROM cases WHERE state = 'done' AND ({where})", args)[0][0]
    compared = sum(n for (d, s), n in grid.items() if (d, s) in AGREEMENT)
    listed = _q(
        ledger,
        "SELECT case_id, decision, decided_on, summary, met, not_met, missing, needs_review, "
        f"brief FROM cases WHERE state = 'done' AND ({where}) ORDER BY case_id LIMIT ?",
        (*args, LIST_CAP),
    )
    intro = (
        f"<p><b>{total}</b> of {compared} compared briefs disagree with the recorded decision "
        "(green: agrees, red: disagrees; a brief that needs review is not compared). "
        "casebrief never recommends a denial: a disagreement is a case to look at, either "
        "way.</p>"
    )
    table = _table(
        ["case", "decision", "decided on", "brief", "met", "not met", "missing", "review"],
        [
            [
                _brief_link(b, cid),
                escape(d),
                escape(on or ""),
                escape(s.replace("_", " ")),
                str(m),
                str(nm),
                str(mi),
                str(nr),
            ]
            for cid, d, on, s, m, nm, mi, nr, b in listed
        ],
        {4, 5, 6, 7},
    )
    return intro + matrix + (table if listed else "") + _more(total, len(listed), "disagreements")


def _percentile(ledger, q: float) -> float | None:  # noqa: ANN001
    n = _q(ledger, "SELECT COUNT(*) FROM cases WHERE seconds IS NOT NULL")[0][0]
    if not n:
        return None
    offset = min(n - 1, int(q * (n - 1) + 0.5))
    return _q(
        ledger,
        "SELECT seconds FROM cases WHERE seconds IS NOT NULL ORDER BY seconds LIMIT 1 OFFSET ?",
        (offset,),
    )[0][0]


def _times(ledger) -> str:  # noqa: ANN001
    marks = {f"p{int(q * 100)}": _percentile(ledger, q) for q in (0.5, 0.9, 0.99)}
    if marks["p50"] is None:
        return "<p>No case has been timed yet.</p>"
    lo = _q(ledger, "SELECT MIN(seconds), MAX(seconds) FROM cases WHERE seconds IS NOT NULL")[0]
    top = max(marks["p99"] * 1.1, lo[0] + 0.01)  # beyond p99 goes in the last column
    width = (top - 0.0) / HIST_BINS
    counts = dict(
        _q(
            ledger,
            "SELECT MIN(CAST(seconds / ? AS INTEGER), ?), COUNT(*) FROM cases "
            "WHERE seconds IS NOT NULL GROUP BY 1",
            (width, HIST_BINS - 1),
        )
    )
    bins = [(i * width, (i + 1) * width, counts.get(i, 0)) for i in range(HIST_BINS)]
    chart = histogram(
        bins, "seconds per case", "seconds of a worker per case", marks={"p50": marks["p50"]}
    )
    return chart + (
        f'<p class="muted">p50 {marks["p50"]:.2f} s, p90 {marks["p90"]:.2f} s, '
        f"p99 {marks['p99']:.2f} s, slowest {lo[1]:.2f} s (the last column holds every case "
        f"beyond {top:.2f} s). Failed cases count with the time they took.</p>"
    )


def _failures(ledger) -> str:  # noqa: ANN001
    groups = _q(
        ledger,
        "SELECT COALESCE(error_code, '?'), COUNT(*), MIN(error) FROM cases WHERE state = 'failed' "
        "GROUP BY 1 ORDER BY 2 DESC",
    )
    if not groups:
        return "<p>No case failed.</p>"
    total = sum(n for _, n, _ in groups)
    summary = _table(
        ["code", "cases", "for example"],
        [[escape(c), str(n), escape(e or "")] for c, n, e in groups],
        {1},
    )
    listed = _q(
        ledger,
        "SELECT case_id, error, attempts, seconds FROM cases WHERE state = 'failed' "
        "ORDER BY case_id LIMIT ?",
        (LIST_CAP,),
    )
    table = _table(
        ["case", "error", "attempts", "seconds"],
        [
            [escape(c), escape(e or ""), str(a or 0), f"{s:.1f}" if s is not None else "-"]
            for c, e, a, s in listed
        ],
        {2, 3},
    )
    return summary + table + _more(total, len(listed), "failed cases")


def _runs(ledger) -> str:  # noqa: ANN001
    rows = [
        [
            str(r["run"]),
            escape(r["started_at"] or ""),
            escape(r["state"] or ""),
            escape(f"{r['engine']} x {r['workers']}" if r["workers"] else "none needed"),
            str(r["total"] or 0),
            str(r["skipped"] or 0),
            str(r["briefed"] or 0),
            str(r["failed"] or 0),
            escape(r["version"] or ""),
        ]
        for r in ledger.runs()
    ]
    return _table(
        [
            "run",
            "started (UTC)",
            "state",
            "engine",
            "cases",
            "skipped",
            "briefed",
            "failed",
            "casebrief",
        ],
        rows,
        {4, 5, 6, 7},
    )


def render_report(ledger, stats=None) -> str:  # noqa: ANN001
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    sections = [
        ("Statuses per criterion, by policy", _statuses(ledger)),
        ("Most common missing documentation", _missing(ledger)),
        ("Briefs against the recorded decisions", _decisions(ledger)),
        ("Processing time", _times(ledger)),
        ("Failures", _failures(ledger)),
        ("Runs", _runs(ledger)),
    ]
    body = "".join(
        f'<section id="{escape(t.lower().split(",")[0].replace(" ", "-"))}"><h2>{escape(t)}</h2>'
        f"{html}</section>"
        for t, html in sections
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>casebrief backfill report</title><style>{CSS}</style></head><body>"
        "<h1>casebrief backfill report</h1>"
        f'<p class="muted">Every case recorded in this folder, generated {generated}. '
        "Each brief is a pre-review summary for a human reviewer; casebrief never recommends "
        "a denial.</p>" + _overview(ledger, stats) + body + "</body></html>\n"
    )


def write_report(ledger, out: Path, stats=None) -> Path:  # noqa: ANN001
    path = Path(out) / "report.html"
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(render_report(ledger, stats), encoding="utf-8")
    os.replace(tmp, path)
    return path
