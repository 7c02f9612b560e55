"""A readable Markdown rendering of a brief, for the terminal and for pasting into notes."""

from __future__ import annotations

from casebrief.brief.schema import Brief, PacketQuality

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


_NOT_READ = {
    "too_large": "page image too large to read",
    "failed": "reading it failed",
    "timeout": "ran out of time",
    "no_ocr": "scanned page, OCR switched off",
}


def _packet_quality(q: PacketQuality) -> list[str]:
    """The "Packet quality" section: what was read, and every page or file a nurse should
    know was not, was sent twice, was turned, or never arrived."""
    read = q.pages_read - q.pages_blank
    head = f"{q.pages_total} page{'s' if q.pages_total != 1 else ''}: {read} read"
    head += " from the text layer or by OCR"
    if q.pages_ocr:
        conf = q.ocr_confidence
        head += f" ({q.pages_ocr} by OCR" + (f", mean OCR confidence {conf:.0%})" if conf else ")")
    if q.pages_blank:
        head += f", {q.pages_blank} blank"
    if q.pages_unreadable:
        head += f", {q.pages_unreadable} could not be read"
    lines = ["## Packet quality", "", head + ".", ""]
    for p in q.pages:
        if p.status in {"unreadable", "not_read"}:
            why = _NOT_READ.get(p.reason or "", p.reason or "unreadable")
            lines.append(f"- {p.file} p. {p.page}: **could not be read** ({why})")
        if p.duplicate_of:
            d = p.duplicate_of
            other = f"p. {d.page}" if d.file == p.file else f"{d.file} p. {d.page}"
            lines.append(f"- {p.file} p. {p.page}: repeats {other}")
        if p.rotated:
            how = "upside down" if p.rotated == 180 else "sideways"
            lines.append(f"- {p.file} p. {p.page}: scanned {how}; turned upright to read it")
    for m in q.missing_pages:
        where = f"after p. {m.after_page}" if m.after_page else "before p. 1"
        lines.append(f"- **Please send:** {m.expected} ({m.file}, {where}; {m.evidence})")
    for f in q.files_not_read:
        lines.append(f"- {f}: **not read at all** (see Problems reading the packet)")
    if q.parts_not_read:
        n = q.parts_not_read
        lines.append(
            f"- {n} document part{'s' if n > 1 else ''} **cut short**, the rest not read "
            "(see Problems reading the packet)"
        )
    return lines + [""]


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
            if e.found_by == "model":  # the status does not rest on it: say so
                told = "" if e.assertion == "present" else f"; {e.assertion}"
                tag = f" _(found by the evidence model; not read by the rules{told})_"
            if e.source == "ocr":  # a reviewer weighs a quote OCR read by its confidence
                conf = f" {e.ocr_confidence:.0%}" if e.ocr_confidence is not None else ""
                tag += f" _(OCR{conf})_"
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
    q = brief.packet_quality
    if q and (not q.complete or q.pages_ocr):
        lines.extend(_packet_quality(q))
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
