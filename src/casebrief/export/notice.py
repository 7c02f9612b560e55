"""The office's missing-documentation notice: what to send, by kind of document, and by when.

Why it exists: a brief tells a reviewer which criteria the packet leaves undocumented; the
requesting office needs the same finding as a to-do list it can act on -- one plain-language
line per thing to send, grouped the way records are filed (office notes, therapy notes,
imaging reports...), with the case reference, the policy and version the finding rests on,
and a date to reply by.  The JSON, the fax PDF (:mod:`casebrief.export.notice_pdf`) and the
FHIR CDex data request (:mod:`casebrief.export.cdex_task`) are all renderings of the one
:class:`Notice` built here, so they never disagree.

What is asked for:

- every ``missing`` criterion, and every ``not_met`` one that is not a waiver: the brief's
  own ``missing_documentation`` (the policy's sentence), else for ``not_met`` the table's
  "any further ..." sentence (``resources/export/document_requests.yaml``); when the policy
  bounds the records by a window counted back from the request date, the line names the
  dates that count.  A waiver that is not met is no gap: the criteria it would waive carry
  their own requests.  ``needs_review`` and ``not_applicable`` ask for nothing.
- every page the brief could not read (``unreadable`` or ``not_read``), every page the
  packet's own numbering says is missing, and every record that could not be read at all.

Wording: a request for documentation only.  Nothing here says, or implies, what a reviewer
will decide; casebrief makes no determination.

The reply-by rule (:func:`reply_by`): the decision clock starts when the case is received
(the HTTP service's ``received_at``; on the command line, which has no receipt time, the
start of the request date, UTC) and runs 72 hours for an expedited case and 7 calendar
days for a standard one (the service's ``due_at``).  The office is asked to reply a margin
before the decision is due -- 24 hours for expedited, 2 calendar days for standard -- so
the reviewer has time to read what arrives; never earlier than the receipt itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, Literal

from pydantic import BaseModel, Field

from casebrief.export.document_codes import Category, DocumentCodes, document_codes

UTC = dt.UTC
CLOCK = {"expedited": dt.timedelta(hours=72), "standard": dt.timedelta(days=7)}
MARGIN = {"expedited": dt.timedelta(hours=24), "standard": dt.timedelta(days=2)}
REPLY_BY_RULE = (
    "reply by 24 hours before the decision is due for an expedited request (72-hour clock), "
    "2 calendar days before for a standard one (7-day clock), counted from receipt"
)
DISCLAIMER = (
    "This notice lists documentation that would help the review of this request. It is a "
    "request for records only: casebrief makes no coverage determination, and a clinical "
    "reviewer decides every request."
)
ASKED = ("missing", "not_met")


class LoincCode(BaseModel):
    system: str = "http://loinc.org"
    code: str
    display: str


class NoticeItem(BaseModel):
    """One criterion the office is asked to document (the notice's original item shape, with
    the category added)."""

    criterion_id: str
    title: str
    status: str
    request: str = Field(description="the request sentence (the policy's, or the table's)")
    line: str = Field("", description="the full line the office reads: request and dates")
    category: str = ""
    category_label: str = ""
    loinc: str = Field("", description="the LOINC document code of the category")


class NoticeLine(BaseModel):
    """One thing to send, as the office reads it."""

    kind: Literal["criterion", "page", "missing_page", "record"]
    text: str
    criterion_id: str | None = None
    title: str | None = None
    status: str | None = None
    file: str | None = None
    pages: list[int] = Field(default_factory=list)


class NoticeGroup(BaseModel):
    """The lines of one kind of document, with its LOINC document code."""

    category: str
    label: str
    loinc: LoincCode
    lines: list[NoticeLine]


class Notice(BaseModel):
    """The missing-documentation notice of one brief."""

    case_id: str
    external_id: str | None
    version: int | None = Field(description="the brief version (null on the command line)")
    policy: str = Field(description="'<policy id> v<version>'")
    items: list[NoticeItem] = Field(description="the criteria asked for (pages: see groups)")
    text: str = Field(description="the whole request as one paragraph")
    reference: str = Field("", description="how the notice names the case")
    policy_id: str = ""
    policy_title: str = ""
    policy_version: str = ""
    request_date: str | None = None
    urgency: Literal["standard", "expedited"] = "standard"
    received_at: dt.datetime | None = None
    due_at: dt.datetime | None = None
    reply_by: dt.datetime | None = None
    reply_by_rule: str = REPLY_BY_RULE
    groups: list[NoticeGroup] = Field(default_factory=list)
    nothing_requested: bool = False
    generated_at: dt.datetime | None = None
    disclaimer: str = DISCLAIMER


def _utc(t: dt.datetime | None) -> dt.datetime | None:
    """Aware UTC (SQLite hands back naive datetimes that are UTC)."""
    if t is None:
        return None
    return t.replace(tzinfo=UTC) if t.tzinfo is None else t.astimezone(UTC)


def reply_by(
    urgency: str,
    *,
    received_at: dt.datetime | None = None,
    due_at: dt.datetime | None = None,
    request_date: str | None = None,
) -> tuple[dt.datetime | None, dt.datetime | None, dt.datetime | None]:
    """``(start, due, reply_by)`` by the rule in the module doc; all None without any date."""
    clock = "expedited" if urgency == "expedited" else "standard"
    start = _utc(received_at)
    if start is None and request_date:
        try:
            start = dt.datetime.combine(dt.date.fromisoformat(request_date), dt.time(), UTC)
        except ValueError:
            start = None
    due = _utc(due_at) or (start + CLOCK[clock] if start else None)
    if due is None:
        return start, None, None
    by = due - MARGIN[clock]
    return start, due, max(by, start) if start else by


def _window_days(crit_id: str, param: str | None, policy: Any) -> int | None:
    if not param or policy is None:
        return None
    for c in policy.criteria:
        if c.id == crit_id:
            value = c.params.get(param)
            return int(value) if isinstance(value, int | float) and value > 0 else None
    return None


def _served_policy(brief: dict) -> Any:
    """The policy version the brief used, from the registry (for its date windows); None if
    it is no longer served."""
    from casebrief.errors import PolicyError
    from casebrief.policy.registry import get_registry

    ref = brief.get("policy") or {}
    try:
        versions = get_registry().versions_of(ref.get("id", ""))
    except PolicyError:
        return None
    return next((p for p in versions if p.version == ref.get("version")), None)


def _dates_sentence(request_date: str | None, days: int | None) -> str:
    if not request_date or not days:
        return ""
    try:
        end = dt.date.fromisoformat(request_date)
    except ValueError:
        return ""
    since = end - dt.timedelta(days=days)
    return f" Only records dated {since.isoformat()} to {end.isoformat()} count toward this."


def _criterion_items(
    brief: dict, codes: DocumentCodes, policy: Any
) -> list[tuple[NoticeItem, Category]]:
    pid = (brief.get("policy") or {}).get("id", "")
    request_date = (brief.get("request") or {}).get("request_date")
    out = []
    for c in brief.get("criteria", []):
        status = c.get("status")
        if status not in ASKED:
            continue
        entry = codes.for_criterion(pid, c["id"])
        request = c.get("missing_documentation")
        if not request and status == "not_met" and c.get("kind") != "waiver":
            request = entry.not_met
        if not request:
            continue
        days = _window_days(c["id"], entry.window_days_param, policy)
        cat = codes.categories[entry.category]
        line = request.strip() + _dates_sentence(request_date, days)
        item = NoticeItem(
            criterion_id=c["id"],
            title=c.get("title", c["id"]),
            status=status,
            request=request,
            line=line,
            category=cat.key,
            category_label=cat.label,
            loinc=cat.code,
        )
        out.append((item, cat))
    return out


def _runs(pages: Iterable[int]) -> list[list[int]]:
    """Consecutive page numbers together: [3, 4, 5, 9] -> [[3, 4, 5], [9]]."""
    runs: list[list[int]] = []
    for p in sorted(set(pages)):
        if runs and p == runs[-1][-1] + 1:
            runs[-1].append(p)
        else:
            runs.append([p])
    return runs


def _pages_words(run: list[int]) -> str:
    return f"Page {run[0]}" if len(run) == 1 else f"Pages {run[0]}-{run[-1]}"


def _doc_type(brief: dict, file: str, page: int | None) -> str | None:
    """The brief's type of the document holding ``page`` of ``file`` (the nearest earlier
    one of that file when no document lists the page)."""
    docs = [d for d in brief.get("documents", []) if d.get("file") == file]
    if page is not None:
        for d in docs:
            if page in (d.get("pages") or []):
                return d.get("type")
        before = [d for d in docs if d.get("pages") and min(d["pages"]) <= page]
        if before:
            return max(before, key=lambda d: min(d["pages"])).get("type")
    return docs[0].get("type") if docs else None


def _resend_lines(brief: dict, codes: DocumentCodes) -> list[tuple[NoticeLine, Category]]:
    """Pages not read, pages missing from the packet, and records not read at all."""
    q = brief.get("packet_quality") or {}
    out: list[tuple[NoticeLine, Category]] = []
    unread: dict[str, list[int]] = {}
    for p in q.get("pages", []):
        if p.get("status") in ("unreadable", "not_read"):
            unread.setdefault(p["file"], []).append(int(p["page"]))
    for file, pages in unread.items():
        for run in _runs(pages):
            them = "it" if len(run) == 1 else "them"
            text = (
                f"{_pages_words(run)} of {file} could not be read: please resend a clearer "
                f"copy of {them}."
            )
            cat = codes.for_doc_type(_doc_type(brief, file, run[0]))
            out.append((NoticeLine(kind="page", text=text, file=file, pages=run), cat))
    for m in q.get("missing_pages", []):
        after = m.get("after_page")
        where = f", after page {after}" if after else ", before its first page"
        expected = str(m.get("expected", "a page")).strip()
        text = (
            f"{expected[:1].upper()}{expected[1:]} is missing from {m['file']}{where} "
            f"({m.get('evidence', 'the page numbering has a gap')}): please send it."
        )
        cat = codes.for_doc_type(_doc_type(brief, m["file"], after or 1))
        out.append((NoticeLine(kind="missing_page", text=text, file=m["file"]), cat))
    reasons: dict[str, str] = {}
    for prob in brief.get("problems", []):
        code, file = prob.get("code"), prob.get("file")
        if file and code in codes.records and file not in reasons:
            reasons[file] = codes.records[code]
    files = list(dict.fromkeys([*q.get("files_not_read", []), *reasons]))
    for file in files:
        why = reasons.get(file, "the file could not be opened")
        text = f"{file} could not be read ({why}): please send it again."
        cat = codes.for_doc_type(_doc_type(brief, file, None))
        out.append((NoticeLine(kind="record", text=text, file=file), cat))
    return out


def _paragraph(items: list[NoticeItem], resend: list[NoticeLine]) -> str:
    if not items and not resend:
        return "Nothing further is requested: every criterion is documented."
    parts = []
    if items:
        parts.append(
            f"Please send documentation for {len(items)} requirement(s): "
            + " ".join(f"({i + 1}) {it.line or it.request}" for i, it in enumerate(items))
        )
    if resend:
        parts.append(
            f"Please also send again {len(resend)} page(s) or record(s) that could not be "
            "read or did not arrive: "
            + " ".join(f"({i + 1}) {r.text}" for i, r in enumerate(resend))
        )
    return " ".join(parts)


def build_notice(
    brief: Any,
    *,
    case_id: str | None = None,
    external_id: str | None = None,
    version: int | None = None,
    urgency: str | None = None,
    received_at: dt.datetime | None = None,
    due_at: dt.datetime | None = None,
    now: dt.datetime | None = None,
    codes: DocumentCodes | None = None,
) -> Notice:
    """The notice of ``brief`` (a :class:`~casebrief.brief.schema.Brief` or its JSON).

    ``case_id``: the service's case id (default: the brief's ``case_id``); ``external_id``:
    the sender's own case id, if any.  ``urgency``, ``received_at`` and ``due_at`` come from
    the service's case row; without them (the command line) the brief's urgency (expedited
    when the request or the packet's priority says so) and its request date are used, as the
    module doc's reply-by rule says."""
    if hasattr(brief, "model_dump"):
        brief = brief.model_dump(mode="json")
    codes = codes or document_codes()
    pol = brief.get("policy") or {}
    req = brief.get("request") or {}
    if urgency is None:
        prio = (brief.get("priority") or {}).get("level")
        urgency = "expedited" if "expedited" in (req.get("urgency"), prio) else "standard"
    urgency = "expedited" if urgency == "expedited" else "standard"
    start, due, by = reply_by(
        urgency, received_at=received_at, due_at=due_at, request_date=req.get("request_date")
    )
    crit = _criterion_items(brief, codes, _served_policy(brief))
    resend = _resend_lines(brief, codes)
    groups: dict[str, NoticeGroup] = {}

    def group(cat: Category) -> NoticeGroup:
        if cat.key not in groups:
            loinc = LoincCode(system=cat.system, code=cat.code, display=cat.display)
            groups[cat.key] = NoticeGroup(category=cat.key, label=cat.label, loinc=loinc, lines=[])
        return groups[cat.key]

    for item, cat in crit:
        group(cat).lines.append(
            NoticeLine(
                kind="criterion",
                text=item.line,
                criterion_id=item.criterion_id,
                title=item.title,
                status=item.status,
            )
        )
    for line, cat in resend:
        group(cat).lines.append(line)
    items = [item for item, _ in crit]
    cid = case_id or brief.get("case_id", "")
    ext = external_id
    reference = f"{ext} (casebrief case {cid})" if ext and ext != cid else cid
    return Notice(
        case_id=cid,
        external_id=ext,
        version=version,
        policy=f"{pol.get('id', '')} v{pol.get('version', '')}",
        items=items,
        text=_paragraph(items, [line for line, _ in resend]),
        reference=reference,
        policy_id=pol.get("id", ""),
        policy_title=pol.get("title", ""),
        policy_version=pol.get("version", ""),
        request_date=req.get("request_date"),
        urgency=urgency,
        received_at=start,
        due_at=due,
        reply_by=by,
        groups=list(groups.values()),
        nothing_requested=not items and not resend,
        generated_at=_utc(now) or dt.datetime.now(UTC).replace(microsecond=0),
    )
