"""`casebrief eval`: score briefs against gold `expected.json` files.

Why so many figures: most criteria in real packets are `met`, so accuracy flatters (a
brief that says `met` everywhere scores ~0.7).  The figures that matter are how many of
the *non-met* gold criteria the brief got right, and how often it said `met` where the
gold did not — a false `met` pushes an undocumented request toward approval.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

STATUSES = ("met", "not_met", "missing", "not_applicable", "needs_review")
WEEK_MONTH_TOL = 1.0
OTHER_TOL = 0.5


def fold(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip().lower()


def tolerance(unit: str | None, criterion: str) -> float:
    if (
        unit in {"weeks", "months"}
        or criterion.endswith(("wk", "6mo"))
        or "therapy" in criterion
        or "care" in criterion
    ):
        return WEEK_MONTH_TOL
    return OTHER_TOL


@dataclass
class CaseScore:
    case_id: str
    policy: str
    gold: dict[str, str]
    got: dict[str, str]
    seconds: float
    crashed: str | None = None
    evidence_hits: int = 0
    evidence_total: int = 0
    value_hits: int = 0
    value_total: int = 0
    top3_hits: int = 0
    top3_total: int = 0
    misses: list[str] = field(default_factory=list)
    phrases: dict[str, int] = field(default_factory=dict)


def score_case(
    case_dir: Path, brief: dict[str, Any] | None, seconds: float, crashed: str | None = None
) -> CaseScore:
    gold = json.loads((case_dir / "expected.json").read_text())
    g = gold["criteria"]
    cs = CaseScore(
        case_dir.name,
        gold["policy"],
        g,
        {},
        seconds,
        crashed,
        phrases={k: len(v) for k, v in gold.get("evidence", {}).items()},
    )
    if brief is None:
        cs.got = {k: "<crash>" for k in g}
        cs.evidence_total = sum(len(v) for v in gold.get("evidence", {}).values())
        cs.top3_total = sum(1 for v in gold.get("evidence", {}).values() if v)
        cs.value_total = sum(v is not None for v in gold.get("values", {}).values())
        return cs
    by_id = {c["id"]: c for c in brief["criteria"]}
    cs.got = {k: by_id.get(k, {}).get("status", "<absent>") for k in g}
    for cid, phrases in gold.get("evidence", {}).items():
        quotes = [fold(e["quote"]) for e in by_id.get(cid, {}).get("evidence", [])]
        if phrases:
            # evidence@3: a reviewer reads the first quotes; is a decisive phrase among them?
            cs.top3_total += 1
            cs.top3_hits += any(fold(ph) in q for ph in phrases for q in quotes[:3])
        for ph in phrases:
            cs.evidence_total += 1
            if any(fold(ph) in q for q in quotes):
                cs.evidence_hits += 1
            else:
                cs.misses.append(f"evidence {cid}: {ph!r}")
    for cid, val in gold.get("values", {}).items():
        if val is None:  # decided without a number ("moderate OSA"): no value to compare
            continue
        cs.value_total += 1
        got = by_id.get(cid, {}).get("value")
        if (
            got is not None
            and abs(float(got) - float(val))
            <= tolerance(by_id.get(cid, {}).get("unit"), cid) + 1e-9
        ):
            cs.value_hits += 1
        else:
            cs.misses.append(f"value {cid}: gold {val} got {got}")
    return cs


def aggregate(scores: list[CaseScore]) -> dict[str, Any]:
    pairs = [(s.policy, k, s.gold[k], s.got[k]) for s in scores for k in s.gold]
    n = len(pairs)
    right = sum(g == b for _, _, g, b in pairs)
    per_policy: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    per_criterion: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    confusion: Counter[tuple[str, str]] = Counter()
    for pol, k, g, b in pairs:
        per_policy[pol][0] += g == b
        per_policy[pol][1] += 1
        per_criterion[f"{pol}/{k}"][0] += g == b
        per_criterion[f"{pol}/{k}"][1] += 1
        confusion[(g, b)] += 1
    f1s = {}
    for st in STATUSES:
        tp = confusion[(st, st)]
        fp = sum(v for (g, b), v in confusion.items() if b == st and g != st)
        fn = sum(v for (g, b), v in confusion.items() if g == st and b != st)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f1s[st] = 2 * p * r / (p + r) if p + r else 0.0
    present = [st for st in STATUSES if any(g == st for _, _, g, _ in pairs)]
    non_met = [(g, b) for _, _, g, b in pairs if g != "met"]
    false_met = sum(1 for _, _, g, b in pairs if b == "met" and g != "met")
    ev_hits = sum(s.evidence_hits for s in scores)
    ev_total = sum(s.evidence_total for s in scores)
    top3_hits = sum(s.top3_hits for s in scores)
    top3_total = sum(s.top3_total for s in scores)
    val_hits = sum(s.value_hits for s in scores)
    val_total = sum(s.value_total for s in scores)
    return {
        "cases": len(scores),
        "criteria": n,
        "accuracy": right / n if n else 0.0,
        "per_policy": {k: v[0] / v[1] for k, v in sorted(per_policy.items())},
        "per_criterion": {
            k: {"accuracy": v[0] / v[1], "n": v[1]} for k, v in sorted(per_criterion.items())
        },
        "confusion": {f"{g}->{b}": v for (g, b), v in sorted(confusion.items())},
        "macro_f1": sum(f1s[st] for st in present) / len(present) if present else 0.0,
        "f1_per_status": f1s,
        "non_met_right": sum(g == b for g, b in non_met),
        "non_met_total": len(non_met),
        "false_met": false_met,
        "false_met_rate": false_met / n if n else 0.0,
        "exact_case_rate": sum(all(s.gold[k] == s.got[k] for k in s.gold) for s in scores)
        / len(scores)
        if scores
        else 0.0,
        "evidence_recall": ev_hits / ev_total if ev_total else 0.0,
        "evidence_phrases": ev_total,
        "evidence_at_3": top3_hits / top3_total if top3_total else 0.0,
        "evidence_at_3_criteria": top3_total,
        "value_agreement": val_hits / val_total if val_total else 0.0,
        "values": val_total,
        "crashes": sum(1 for s in scores if s.crashed),
        "seconds_per_case": sum(s.seconds for s in scores) / len(scores) if scores else 0.0,
        "status_and_evidence_right": _status_with_evidence(scores),
        "status_and_some_evidence_right": _status_with_evidence(scores, require_all=False),
    }


def _status_with_evidence(scores: list[CaseScore], *, require_all: bool = True) -> float:
    """Share of criteria whose status is right and whose gold phrases are cited: all of them
    (``require_all``) or at least one.  Criteria without gold phrases need the status only."""
    right = total = 0
    for s in scores:
        missed: dict[str, int] = {}
        for m in s.misses:
            if m.startswith("evidence "):
                cid = m.split(":")[0].split()[-1]
                missed[cid] = missed.get(cid, 0) + 1
        for k in s.gold:
            total += 1
            n_phrases = s.phrases.get(k, 0)
            cited = n_phrases - missed.get(k, 0)
            ok_evidence = (missed.get(k, 0) == 0) if require_all else (n_phrases == 0 or cited > 0)
            if s.gold[k] == s.got[k] and ok_evidence:
                right += 1
    return right / total if total else 0.0


def run_eval(
    root: Path, brief_fn: Callable[[Path], dict[str, Any]]
) -> tuple[dict[str, Any], list[CaseScore]]:
    scores = []
    for exp in sorted(root.rglob("expected.json")):
        case_dir = exp.parent
        t0 = time.perf_counter()
        try:
            brief = brief_fn(case_dir)
            crashed = None
        except Exception as exc:  # noqa: BLE001 - a crash is a scored outcome
            brief, crashed = None, f"{type(exc).__name__}: {exc}"
        scores.append(score_case(case_dir, brief, time.perf_counter() - t0, crashed))
    return aggregate(scores), scores


def format_report(report: dict[str, Any], scores: list[CaseScore], verbose: bool = False) -> str:
    r = report
    out = [
        f"cases {r['cases']}  criteria {r['criteria']}  crashes "
        f"{r['crashes']}  seconds/case {r['seconds_per_case']:.2f}",
        f"status accuracy       {r['accuracy']:.3f}",
        f"macro-F1 (5 statuses) {r['macro_f1']:.3f}",
        f"non-met gold right    {r['non_met_right']}/{r['non_met_total']}",
        f"false met             {r['false_met']} ({r['false_met_rate']:.1%} of criteria)",
        f"exact-case rate       {r['exact_case_rate']:.3f}",
        f"evidence recall       {r['evidence_recall']:.3f} ({r['evidence_phrases']} phrases)",
        f"evidence@3            {r['evidence_at_3']:.3f} ({r['evidence_at_3_criteria']} criteria)",
        f"value agreement       {r['value_agreement']:.3f} ({r['values']} values)",
        f"status + all evidence phrases cited   {r['status_and_evidence_right']:.3f}",
        f"status + some evidence phrase cited   {r['status_and_some_evidence_right']:.3f}",
        "",
        "per policy:",
    ]
    out += [f"  {k:36s} {v:.3f}" for k, v in r["per_policy"].items()]
    out += ["", "per criterion:"]
    out += [f"  {k:60s} {v['accuracy']:.3f} (n={v['n']})" for k, v in r["per_criterion"].items()]
    out += ["", "confusion (gold -> brief):"]
    header = "  " + "gold\\brief".ljust(16) + "".join(s[:12].rjust(14) for s in STATUSES)
    out.append(header)
    for g in STATUSES:
        row = [r["confusion"].get(f"{g}->{b}", 0) for b in STATUSES]
        if sum(row):
            out.append("  " + g.ljust(16) + "".join(str(v).rjust(14) for v in row))
    if verbose:
        out += ["", "case details:"]
        for s in scores:
            wrong = [
                f"{k}: gold {s.gold[k]} got {s.got[k]}" for k in s.gold if s.gold[k] != s.got[k]
            ]
            if wrong or s.misses or s.crashed:
                out.append(
                    f"  {s.case_id} ({s.policy})" + (f" CRASH {s.crashed}" if s.crashed else "")
                )
                out += [f"    {w}" for w in wrong + s.misses]
    return "\n".join(out)


SET_COLUMNS = (
    ("cases", "cases", "{:d}"),
    ("criteria", "criteria", "{:d}"),
    ("accuracy", "accuracy", "{:.3f}"),
    ("macro-F1", "macro_f1", "{:.3f}"),
    ("non-met right", None, None),
    ("false met", None, None),
    ("evid. recall", "evidence_recall", "{:.3f}"),
    ("evid.@3", "evidence_at_3", "{:.3f}"),
    ("values", "value_agreement", "{:.3f}"),
)


def format_sets(reports: dict[str, dict[str, Any]]) -> str:
    """One line per labelled set: the figures the issue tracker and the README quote."""
    head = ["set"] + [c[0] for c in SET_COLUMNS]
    rows = [head]
    for name, r in reports.items():
        row = [name]
        for _, key, fmt in SET_COLUMNS:
            if key is not None:
                row.append(fmt.format(r[key]))
        row.insert(5, f"{r['non_met_right']}/{r['non_met_total']}")
        row.insert(6, f"{r['false_met']} ({r['false_met_rate']:.1%})")
        rows.append(row)
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    return "\n".join(
        "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(r, widths, strict=True))
        )
        for r in rows
    )
