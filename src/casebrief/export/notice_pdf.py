"""The notice as a fax-friendly PDF (reportlab).

Why these choices: many offices still receive requests by fax, where grey text, small type
and colour are lost.  So: black on white only, Helvetica (a font every fax and PDF reader
has, nothing embedded), 10 pt or larger everywhere, one page when the requests fit and
numbered pages ("page 1 of 2") when they do not, every page carrying the case reference,
policy and version and the reply-by date, and a footer saying casebrief makes no
determination.  Long lines wrap; text outside the Windows-1252 set of the standard
Helvetica (a "≥" in a title) is spelled in plain characters (">=") rather than dropped.

Only what the notice already holds is printed: the requests, criterion titles, file names
and page numbers -- no patient text from the records.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from casebrief.export.notice import Notice

BODY_PT = 10.5
SMALL_PT = 10  # the smallest size on the page
LEADING = 1.25
SPELLED = {
    "≥": ">=",
    "≤": "<=",
    "≠": "!=",
    "→": "->",
    "←": "<-",
    "×": "x",
    "−": "-",
    "‑": "-",
    "\u00a0": " ",
}
STATUS_WORDS = {
    "missing": "no record received addresses this",
    "not_met": "the records received do not show this in full",
}


def plain(text: str) -> str:
    """``text`` in characters standard Helvetica can print (Windows-1252)."""
    for k, v in SPELLED.items():
        text = text.replace(k, v)
    return text.encode("cp1252", errors="replace").decode("cp1252")


def _p(text: str) -> str:
    return escape(plain(text))


def _stamp(t) -> str:  # noqa: ANN001 - datetime or None
    return t.strftime("%Y-%m-%d %H:%M UTC") if t else "as soon as possible"


def render_pdf(notice: Notice) -> bytes:
    """The notice as PDF bytes (see the module doc for the layout rules)."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_LEFT
    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import inch
    from reportlab.pdfgen import canvas as rl_canvas
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer

    black = colors.black

    def style(name: str, size: float, bold: bool = False, **kw) -> ParagraphStyle:  # noqa: ANN003
        return ParagraphStyle(
            name,
            fontName="Helvetica-Bold" if bold else "Helvetica",
            fontSize=size,
            leading=size * LEADING,
            textColor=black,
            alignment=TA_LEFT,
            **kw,
        )

    title = style("title", 15, bold=True, spaceAfter=4)
    head = style("head", 11, spaceAfter=1)
    head_bold = style("headb", 12, bold=True, spaceBefore=3, spaceAfter=6)
    body = style("body", BODY_PT, spaceAfter=6)
    group = style("group", 12, bold=True, spaceBefore=8, spaceAfter=3)
    item = style("item", BODY_PT, leftIndent=14, bulletIndent=2, spaceAfter=1)
    why = style("why", SMALL_PT, leftIndent=14, spaceAfter=6)

    story = [
        Paragraph("Request for additional documentation", title),
        Paragraph(f"<b>Case:</b> {_p(notice.reference or notice.case_id)}", head),
        Paragraph(
            f"<b>Policy:</b> {_p(notice.policy_title or notice.policy_id)} "
            f"({_p(notice.policy_id)}, version {_p(notice.policy_version)})",
            head,
        ),
        Paragraph(
            f"<b>Request date:</b> {_p(notice.request_date or 'not given')} &nbsp;&nbsp; "
            f"<b>Review:</b> {_p(notice.urgency)}",
            head,
        ),
        Paragraph(f"Please reply by: {_stamp(notice.reply_by)}", head_bold),
    ]
    if notice.nothing_requested:
        story.append(
            Paragraph("Nothing further is requested: every criterion is documented.", body)
        )
    else:
        story.append(
            Paragraph(
                "To review this prior authorization request, please send the documents listed "
                "below. Send what you have; if a record does not exist, please say so.",
                body,
            )
        )
    for g in notice.groups:
        entries = []  # each request with its "For:" line, never split across pages
        for line in g.lines:
            entry = [Paragraph(_p(line.text), item, bulletText="\u2022")]
            if line.kind == "criterion":
                words = STATUS_WORDS.get(line.status or "", line.status or "")
                what = f"{_p(line.title or '')} ({_p(line.criterion_id or '')}; {_p(words)})"
                entry.append(Paragraph(f"For: {what}", why))
            else:
                entry.append(Spacer(1, 5))
            entries.append(entry)
        heading = Paragraph(_p(g.label), group)
        if not entries:
            continue
        story.append(KeepTogether([heading, *entries[0]]))  # a heading never ends a page
        story.extend(KeepTogether(e) for e in entries[1:])

    header = plain(  # reply-by first: a long case reference is what gets cut
        f"Reply by {_stamp(notice.reply_by)} | {notice.policy_id} v{notice.policy_version}"
        f" | case {notice.reference or notice.case_id}"
    )
    footer = plain(
        "casebrief makes no coverage determination: this is a request for documentation only, "
        "and a clinical reviewer decides every request."
    )
    margin = 0.75 * inch
    bottom = 1.0 * inch  # the footer sits clear of the strip a fax machine loses at the edge

    class Numbered(rl_canvas.Canvas):
        """Draws "page N of M", the running header and the footer once the page count is known."""

        def __init__(self, *a, **kw) -> None:  # noqa: ANN002, ANN003
            super().__init__(*a, **kw)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for n, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._furniture(n, total)
                super().showPage()
            super().save()

        def _furniture(self, n: int, total: int) -> None:
            width, height = LETTER
            self.setFillColor(black)
            self.setStrokeColor(black)
            self.setFont("Helvetica", SMALL_PT)
            if n > 1:
                self.drawString(margin, height - margin + 14, _fit(header, width - 2 * margin))
            self.setLineWidth(0.75)
            self.line(margin, bottom - 10, width - margin, bottom - 10)
            y = bottom - 24
            for part in _wrap(footer, width - 2 * margin - 70):
                self.drawString(margin, y, part)
                y -= SMALL_PT * LEADING
            self.drawRightString(width - margin, bottom - 24, f"page {n} of {total}")

    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=LETTER,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=bottom,
        title=plain(f"Documentation request {notice.case_id}"),
        author="casebrief",
        subject="Request for additional documentation",
        pageCompression=1,
    )
    doc.build(story, canvasmaker=Numbered)
    return buf.getvalue()


def _wrap(text: str, width: float) -> list[str]:
    from reportlab.lib.utils import simpleSplit

    return simpleSplit(text, "Helvetica", SMALL_PT, width)


def _fit(text: str, width: float) -> str:
    """``text`` cut with an ellipsis to fit ``width`` at the small size (the running header)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(text, "Helvetica", SMALL_PT) <= width:
        return text
    while text and stringWidth(text + "...", "Helvetica", SMALL_PT) > width:
        text = text[:-1]
    return text + "..."
