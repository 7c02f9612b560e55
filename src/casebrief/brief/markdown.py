"""A readable Markdown rendering of a brief, for the terminal and for pasting into notes."""

from __future__ import annotations

from casebrief.brief.schema import Brief

ICON = {
    "met": "MET",
    "not_met": "NOT MET",
    "missing": "MISSING",
    "not_applicable": "N/A",
    "needs_review": "REVIEW",
}


def _policy_origin(brief: Brief) -> str:
    """What the policy line adds for a dated or payer version (e.g. `, in effect 2026-01-01 to
    2026-12-31, from payer.yaml`); nothing for an undated bundled one, whose briefs read as
    they always did."""
    p = brief.policy
    parts = []
    if p.effective_from and p.effective_to:
        parts.append(f"in effect {p.effective_from} to {p.effective_to}")
    elif p.effective_from:
        parts.append(f"in effect from {p.effective_from}")
    elif p.effective_to:
        parts.append(f"in effect until {p.effective_to}")
    if p.source and p.source != "bundled":
        parts.append(f"from {p.source}")
    return "".join(f", {part}" for part in parts)


def render_markdown(brief: Brief) -> str:
    r = brief.request
    lines = [
        f"# Pre-review brief — case {brief.case_id}",
        "",
        f"**Policy:** {brief.policy.title} (`{brief.policy.id}` v{brief.policy.version}"
        f"{_policy_origin(brief)})  ",
        f"**Request:** {r.request_type}, dated {r.request_date} ({r.request_date_source}); "
        f"CPT {', '.join(r.cpt) or '—'}; ICD-10 {', '.join(r.icd10) or '—'}  ",
        f"**Summary:** {brief.summary.status.replace('_', ' ')} — {brief.summary.text}",
        "",
        "| criterion | status | value | rationale |",
        "| --- | --- | --- | --- |",
    ]
    for c in brief.criteria:
        val = f"{c.value:g} {c.unit}" if c.value is not None else ""
        lines.append(
            f"| `{c.id}` | **{ICON[c.status]}** | {val} | {c.rationale.replace('|', '/')} |"
        )
    lines.append("")
    for c in brief.criteria:
        lines.append(f"## {c.title} — {ICON[c.status]}")
        lines.append("")
        lines.append(c.rationale)
        for e in c.evidence:
            quote = " ".join(e.quote.split())
            tag = "" if e.assertion == "present" else f" _({e.assertion})_"
            lines.append(f"- “{quote}” — {e.file}, p. {e.page}{tag}")
        if c.more_evidence:
            n = len(c.more_evidence)
            lines.append(f"- _… and {n} further quote{'s' if n > 1 else ''} in the JSON brief_")
        if c.missing_documentation:
            lines.append(f"- **Please send:** {c.missing_documentation}")
        lines.append("")
    episodes = [f for f in brief.facts if f.kind == "therapy_episode"]
    if episodes:
        lines.append("## Therapy timeline")
        lines.append("")
        for f in episodes:
            lines.append(
                f"- {f.name.replace('_', ' ')}: {f.start} → {f.end} ({f.value:g} weeks, {f.detail})"
            )
        lines.append("")
    lines.append("## Documents")
    lines.append("")
    for d in brief.documents:
        lines.append(
            f"- `{d.id}` {d.file} pp. {d.pages[0]}–{d.pages[1]}: "
            f"{d.type.replace('_', ' ')}, {d.date or 'undated'} — {d.title or ''}"
        )
    if brief.problems:
        lines.append("")
        lines.append("## Problems reading the packet")
        lines.append("")
        for p in brief.problems:
            lines.append(f"- {p.severity}{' ' + p.code if p.code else ''}: {p.message}")
    return "\n".join(lines) + "\n"
