"""casebrief_sentencizer: sentence boundaries that survive clinical and faxed formatting.

Why not PyRuSH (medspaCy's default): it logs every token to stderr (patient text in logs)
and runs ~5k words/s.  Why not pysbd alone: it is slow on 30-page packets and knows nothing
of line structure.  Clinical text carries its structure in lines: headers, list items,
"S:/O:/A/P:" labels, vitals strips and table rows are sentence boundaries even without a
period, while a fax line wrapped mid-sentence is not.  So we first decide, line by line,
whether a line break is *hard* (a boundary) or *soft* (a wrap), then split the joined text
on sentence-final punctuation, skipping abbreviations listed in
``resources/lexicons/abbreviations.txt``.
"""

import re
from functools import lru_cache

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from casebrief.lines import LineIndex
from casebrief.resources import load_lines

MAX_SENTENCE_CHARS = 2000  # a longer run without a boundary (no punctuation, no line breaks) is cut

_BULLET = re.compile(
    r"^\s*(?:[-*•·▪◦>]|\d{1,2}[.)]|[a-z][.)]|\[[ xX✓]?\]|[☐☑☒]|\(\s*[xX ]?\s*\))\s*"
)
_LABEL = re.compile(r"^\s*[A-Za-z][A-Za-z /&'()#-]{0,38}:\s*")
_HEADER = re.compile(r"^\s*[A-Z0-9][A-Z0-9 /&'(),#.-]{2,60}:?\s*$")
_TABLEISH = re.compile(r"\S\s{3,}\S|\||\.{4,}")
# a line that ends on a word no phrase ends with wraps onto the next, even into a table-like row
_DANGLING = re.compile(
    r"\b(?:of|with|without|for|to|and|or|the|an?|from|by|due|secondary|than|versus|vs\.?)$", re.I
)
_DANGLING_DENIAL = re.compile(r"\b(?:no|not|denies|denied|without|negative for|neg for)$", re.I)
_FINAL = re.compile(r"[.!?](?:[\"')\]]*)\s+(?=[\"'(\[]?[A-Z0-9•\-])")


def _hard_break(line: str, nxt: str) -> bool:
    s, n = line.rstrip(), nxt.strip()
    if not s.strip() or not n:
        return True
    if s.endswith((".", "!", "?", ":", ";")) and not _abbrev_end(s):
        return True
    if _DANGLING_DENIAL.search(s) and n[0].islower():
        # "No prior AF. No" / "history of hypertension: not on BP meds": a denial wrapped onto
        # the next line, whose words may look like a field label ("history of hypertension:")
        return False
    if _DANGLING.search(s) and n[0].isdigit() and not _BULLET.match(nxt):
        # "the dietitian evaluation is now on the calendar for\n03/24/2026.": a fax copy wraps
        # a sentence's closing date onto a line of its own, which reads like a heading of
        # digits (dev9ai-05 nutrition-evaluation: the evaluation's date left its sentence)
        return False
    if _BULLET.match(nxt) or _field_label(nxt) or _HEADER.match(nxt) or _HEADER.match(line):
        return True
    if _DANGLING.search(s):
        # "Elevated blood pressure reading without diagnosis of\n    hypertension (R03.0)"
        return False
    if s.endswith(",") and n[0].islower() and not _TABLEISH.search(n):
        # "... a video visit for   1125 at 3:45 PM. Please let us know if you develop weakness,\n
        # numbness in the groin area": a comma leaves its clause open, so a lower-case line
        # below continues it even when a gap in the line looks like a table's (a fax copy
        # spaces words where a slash was lost; ehr-08's safety-netting advice lost its "if")
        return False
    if n[0].islower() and _wraps_last_cell(line, nxt):
        return False
    if _TABLEISH.search(s.strip()) or _TABLEISH.search(_opening_clause(n)):
        return True
    if n[0].islower() or n[0] in "(,&":
        return False
    if len(s) < 45:  # a short line followed by a capitalised one: a field or a heading
        return True
    return False


_SENTENCE_END = re.compile(r"(?<!\.)\.(?=\s)(?!\s*\.)")
_CELL_GAP = re.compile(r"(?<=\S)\s{3,}(?=\S)")
CELL_WRAP_SLACK = 2  # columns a wrapped cell's next line may stand off its cell's text
PROSE_CELL_WORDS = 4  # a last cell of this many words is running text, not a table's value


def _wraps_last_cell(line: str, nxt: str) -> bool:
    """The next line carries on the last cell of a table row: a visit log's or a daily note's
    grid ("08/29/25   #40   S: Pt states the shot wore off" over "                    about
    3 wks after ..."), whose narrative column wraps under its own start, in lower case.  The
    row's gaps make the line look like a table; the wrap is still one sentence (dev20pi-03:
    the chiropractor's "wore off" lost its "about 3 wks after", and the two accounts of one
    injection's relief no longer disagreed).  Only a last cell of running text, and a next
    line indented to that cell's text with no columns of its own."""
    gaps = list(_CELL_GAP.finditer(line.rstrip()))
    if not gaps:
        return False
    col = gaps[-1].end()
    cell = line[col:].rstrip()
    if len(cell.split()) < PROSE_CELL_WORDS:
        return False
    label = _LABEL.match(cell)
    text_col = col + (len(label.group(0)) if label else 0)
    indent = len(nxt) - len(nxt.lstrip())
    if _TABLEISH.search(_opening_clause(nxt.strip())):
        return False  # a row of its own
    return col - CELL_WRAP_SLACK <= indent <= text_col + CELL_WRAP_SLACK


def _opening_clause(nxt: str) -> str:
    """The part of the next line a wrapped sentence would go on into: a line opening in lower
    case up to its first sentence end ("of septic arthritis. OK to proceed with surgery
    scheduling.   -IC": the signature spaced off after the next sentence is no table column of
    the wrapped one -- dev17fx-03's "no evidence" / "of septic arthritis" was cut in two, and
    the septic arthritis read as present); any other line whole.  Only a full stop ends it: a
    form's question wrapped onto a line that ends in its answer ("weight loss within the past
    24 months? ...... [ YES ]") is a form row still."""
    if not nxt[:1].islower():
        return nxt
    end = _SENTENCE_END.search(nxt)
    return nxt[: end.start()] if end else nxt


def _field_label(line: str) -> bool:
    """The line opens with a field's label ("Pain: 6/10", "bp: 128/82").  Not a run of four or
    more words in lower case before a colon: "approximately 60% relief" over "that lasted
    about four months: pain came back ..." is one sentence wrapped, its clause ended by a
    colon (a fax copy reads a semicolon as one: dev12wc-01's fax lost the relief's months)."""
    m = _LABEL.match(line)
    if m is None:
        return False
    label = m.group(0).strip()
    return not (label[0].islower() and len(label.split()) >= 4)


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    return frozenset(load_lines("lexicons/abbreviations.txt"))


def _abbrev_end(s: str) -> bool:
    words = s[-40:].split()
    last = words[-1].lower().rstrip(".") if words else ""
    return last in abbreviations()


_NEXT_SENTENCE = re.compile(r"\s*[A-Z][a-z]")


def _capitalised_abbreviation_ends(before: str, text: str, after: int) -> bool:
    """ "... referred to PT. She completed 8 weeks": an abbreviation written in capitals ("PT",
    "HX") before a capitalised word ends its sentence; "pt. states", "Dr. Smith" do not."""
    token = re.split(r"[\s(]", before)[-1].rstrip(".")
    return (
        len(token) >= 2
        and token.isupper()
        and token.isalpha()
        and bool(_NEXT_SENTENCE.match(text, after))
    )


def sentence_starts(text: str) -> list[int]:
    """Character offsets where sentences start (no sentence longer than ``MAX_SENTENCE_CHARS``)."""
    abbrevs = abbreviations()
    text = text.replace("\f", "\n")  # a page break is a line break (same length: offsets hold)
    starts = [0]
    lines = text.split("\n")
    offset = 0
    for i, line in enumerate(lines):
        end = offset + len(line)
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if i + 1 < len(lines) and _hard_break(line, nxt):
            starts.append(end + 1)
        offset = end + 1
    # sentence-final punctuation inside lines/blocks
    line_index = LineIndex(text)
    for m in _FINAL.finditer(text):
        before = text[max(0, m.start() - 12) : m.start() + 1]
        word = re.split(r"[\s(]", before)[-1].lower().rstrip(".!?")
        if text[m.start()] == "." and m.start() > 0 and text[m.start() - 1] == ".":
            continue  # a dot leader ("Cellulitis ........ Resolved 08/2022") is not a sentence end
        line_head = text[max(line_index.start_of(m.start()), m.start() - 200) : m.start()]
        if text[m.start()] == "." and re.fullmatch(r"\s*(?:\d{1,2}|[a-zA-Z])", line_head):
            continue  # "1. MRI lumbar spine": a list number, not a sentence
        if line_head.count("(") > line_head.count(")") and ")" in text[m.end() : m.end() + 80]:
            continue  # "(SLR neg. 5:5. DTR 2+)": inside a parenthesis (OCR reads commas as periods)
        if text[m.start()] == "." and (
            word in abbrevs
            and not _capitalised_abbreviation_ends(before, text, m.end())
            or re.fullmatch(r"[a-z]", word)
            or re.search(r"\d\.$", before)
            and text[m.end() : m.end() + 1].isdigit()
        ):
            continue
        starts.append(m.end())
    return _cap_lengths(sorted(set(s for s in starts if s < len(text))), text)


def _cap_lengths(starts: list[int], text: str) -> list[int]:
    """Cut sentences longer than ``MAX_SENTENCE_CHARS`` at their last white space before the
    limit.  Why: ConText and the assertion rules work per sentence, so a record without
    punctuation or line breaks would otherwise be one sentence and cost quadratic time."""
    out: list[int] = []
    bounds = [*starts, len(text)]
    for a, b in zip(bounds, bounds[1:], strict=False):
        out.append(a)
        while b - a > MAX_SENTENCE_CHARS:
            cut = text.rfind(" ", a + MAX_SENTENCE_CHARS // 2, a + MAX_SENTENCE_CHARS)
            a = cut + 1 if cut > a else a + MAX_SENTENCE_CHARS
            out.append(a)
    return out


@Language.factory("casebrief_sentencizer", assigns=["token.is_sent_start"])
def make_sentencizer(nlp: Language, name: str) -> "Sentencizer":
    return Sentencizer()


class Sentencizer:
    """Sets ``token.is_sent_start`` from line structure and sentence-final punctuation."""

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        starts = sentence_starts(text)
        flags = numpy.full(len(doc), -1, dtype="int32")  # -1: not a start (SENT_START convention)
        idx = 0
        for tok in doc:
            if tok.i == 0:
                flags[0] = 1
            while idx < len(starts) and starts[idx] <= tok.idx:
                flags[tok.i] = 1
                idx += 1
        # one array write: setting token.is_sent_start one by one rescans the doc (quadratic)
        doc.from_array([SENT_START], flags.reshape(-1, 1).astype("uint64"))
        return doc
