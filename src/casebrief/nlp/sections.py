"""casebrief_sectionizer: note sections from line-initial headers (rules in sections.yaml).

Why our own and not medspaCy's Sectionizer: medspaCy matches header phrases anywhere in a
sentence, so "family history of diabetes" inside an HPI would open a family-history
section.  Here a header counts only at the start of a line, alone or followed by ':'.
The rules stay data, in medspaCy's SectionRule spirit (category -> header literals).
"""

import re
from functools import lru_cache

from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc

from casebrief.nlp.extensions import SECTIONS_KEY
from casebrief.resources import load_yaml


def compile_section_rules(rules: dict[str, list[str]]) -> list[tuple[str, re.Pattern[str]]]:
    """One line-start header pattern per section category (the sectionizer's, and the exam
    evaluator's when it walks up to the heading of a finding's section)."""
    out = []
    for category, literals in rules.items():
        alts = "|".join(re.escape(lit) for lit in sorted(literals, key=len, reverse=True))
        # header alone on its line (any case, short), or "Header:" at line start; transcription
        # exports often open a line with stray commas (",PHYSICAL EXAMINATION: , Vital signs")
        out.append(
            (
                category,
                re.compile(
                    rf"^[ \t,]*(?:{alts})[ \t]*(?:\([^)\n]{{0,40}}\)[ \t]*)?(?::|$)", re.I | re.M
                ),
            )
        )
    return out


@lru_cache(maxsize=1)
def _default_rules() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple(compile_section_rules(load_yaml("lexicons/sections.yaml")))


def header_category(line: str) -> str | None:
    """The section a line opens when it is a header by the default rules (``sections.yaml``),
    else None.  Why public: an evaluator that walks up from a finding to the heading of its
    section (an exam's own heading, a past-history list's) reads the same headers the
    sectionizer did."""
    return next((cat for cat, rx in _default_rules() if rx.match(line)), None)


@Language.factory(
    "casebrief_sectionizer",
    assigns=["doc.spans", "token._.section"],
    default_config={"rules": "lexicons/sections.yaml"},
)
def make_sectionizer(nlp: Language, name: str, rules: str) -> "Sectionizer":
    return Sectionizer(load_yaml(rules))


# "RECOMMENDATIONS / ANSWERS TO CARRIER", "PLAN / DISPOSITION": a header line in capitals whose
# first part names a section and whose rest, after a slash, names none
_COMPOUND = re.compile(
    r"^[ \t,]*(?P<first>[A-Z][A-Z &-]{0,38}?)[ \t]*/[ \t]*"
    r"(?P<rest>[A-Z][A-Z /&-]{0,40}?)[ \t]*:?[ \t]*$",
    re.M,
)


# Sections that are one field of a note, not a part of it: "Allergies: codeine (nausea)." told on
# its own line is over at its paragraph's end.  Why: a consult's "Allergies: codeine (nausea).
# Non-smoker, rare alcohol." above an untitled exam paragraph ("On exam she walks in slowly,
# leaning on a single-point cane") made the exam an allergy list, and the cane was read as no
# treatment (dev31sc-03).  A header alone on its line ("ALLERGIES:" over a list) keeps its
# section to the next header, blank lines and all.
FIELD_SECTIONS = frozenset({"allergies"})
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
# ... but a field whose value points at the list under it ("Allergies: see list below", "Allergies:
# Yes -") runs on past the blank line to the next header, and so does one whose next paragraph is
# another entry of the list, a drug and its reaction ("Naproxen - angioedema", "meloxicam (GI
# bleed), diclofenac (rash)"): those drugs are allergies, not treatments (review of 8dcdc79: an
# allergy list set off by a blank line was read as an NSAID taken, a second kind of knee care).
_FIELD_POINTS_BELOW = re.compile(
    r"\b(?:see|as|listed|list(?:ed)?\s+(?:below|as\s+follows))\b[^\n]{0,20}\b(?:below|follows?|list)\b"
    r"|\bas\s+follows\b|\bfollowing\b|^[ \t]*(?:yes|y|positive|\+)?[ \t]*[-–:,]?[ \t]*$"
    r"|[-–:,][ \t]*$",
    re.I,
)
_ALLERGY_ENTRY = re.compile(
    r"^[ \t]*(?:[-•*]|\d{1,2}[.)])?[ \t]*[A-Za-z][\w/.'-]*(?:[ \t]+[\w/.'-]+){0,3}?[ \t]*"
    r"(?:\(|[-–:=][ \t]*|[ \t]{2,})[^\n]{0,25}?\b(?:rash\w*|hives|urticaria|itch\w*|prurit\w*|"
    r"anaphyla\w*|angioedema|swell\w*|nause\w*|vomit\w*|gi\s+(?:upset|bleed\w*|intoleran\w*)|"
    r"bleed\w*|upset\s+stomach|stomach\s+upset|intoleran\w*|reactions?|wheez\w*|sob|"
    r"shortness\s+of\s+breath|dizz\w*|diarrh\w*|palpitations?|confusion|hallucinat\w*|"
    r"myalgias?|blisters?|sjs|stevens)\b",
    re.I,
)


def _field_end(text: str, head_end: int, stop: int) -> int:
    """Where an inline field's section ends: at the first blank line after it whose next
    paragraph is not another entry of the field's list (see ``_FIELD_POINTS_BELOW``); a header
    with nothing after it on its line keeps its section to ``stop``."""
    line_end = text.find("\n", head_end)
    value = text[head_end : line_end if line_end >= 0 else len(text)]
    if not value.strip() or _FIELD_POINTS_BELOW.search(value):
        return stop  # a header alone on its line heads a section, not a field
    pos = head_end
    while True:
        blank = _BLANK_LINE.search(text, pos, stop)
        if blank is None:
            return stop
        nxt = text.find("\n", blank.end())
        if not _ALLERGY_ENTRY.match(text[blank.end() : nxt if nxt >= 0 else len(text)]):
            return blank.start()
        pos = blank.end()


class Sectionizer:
    def __init__(self, rules: dict[str, list[str]]) -> None:
        self.patterns = compile_section_rules(rules)
        self.literals = {lit.lower(): category for category, lits in rules.items() for lit in lits}

    def _compound_headers(self, text: str) -> list[tuple[int, int, str]]:
        """Capitals headers of two parts where only the first is a section's: an IME's
        "RECOMMENDATIONS / ANSWERS TO CARRIER" opens its recommendations.  Why: the items under
        it ("Further physical therapy: a 6-week course ... is reasonable") are plans, and a fax
        copy that misreads the one cue word of such an item ("rcusonable") otherwise reads a
        recommended course as one given (dev5is-02).  When both parts name sections ("IMPRESSION
        / PLAN") the line is left to the literals, which name the pair."""
        out = []
        for m in _COMPOUND.finditer(text):
            first = re.sub(r"\s+", " ", m.group("first")).strip().lower()
            rest = [re.sub(r"\s+", " ", r).strip().lower() for r in m.group("rest").split("/")]
            category = self.literals.get(first)
            if category is None or any(r in self.literals for r in rest):
                continue
            out.append((m.start(), m.end(), category))
        return out

    def headers(self, text: str) -> list[tuple[int, int, str]]:
        found: dict[int, tuple[int, int, str]] = {}
        for category, rx in self.patterns:
            for m in rx.finditer(text):
                line_end = text.find("\n", m.start())
                line = text[m.start() : line_end if line_end >= 0 else len(text)]
                if not m.group(0).rstrip().endswith(":") and len(line.strip()) > 40:
                    continue
                if (
                    not m.group(0).rstrip().endswith(":")
                    and line.strip() != line.strip().upper()
                    and len(line.split()) > 4
                ):
                    continue
                prev = found.get(m.start())
                if prev is None or (m.end() - m.start()) > (prev[1] - prev[0]):
                    found[m.start()] = (m.start(), m.end(), category)
        for head in self._compound_headers(text):
            found.setdefault(head[0], head)
        return sorted(found.values())

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text  # rebuilt on every access: read once
        heads = self.headers(text)
        carried = doc._.section_at_start
        if carried and (
            not heads or heads[0][0] > 0
        ):  # a chunk of a long document continues a section
            heads.insert(0, (0, 0, carried))
        spans = []
        offsets = doc.to_array(IDX).tolist() if heads else []
        user_data = doc.user_data
        for i, (start, head_end, category) in enumerate(heads):
            stop = heads[i + 1][0] if i + 1 < len(heads) else len(text)
            if category in FIELD_SECTIONS and head_end > start:
                stop = _field_end(text, head_end, stop)
            span = doc.char_span(start, stop, label=category, alignment_mode="expand")
            if span is not None and len(span):
                spans.append(span)
                # token._.section for every token of the span, written where spaCy's
                # Underscore keeps it (the key tok._.section = ... builds): one Token object
                # and one Underscore per token cost a twentieth of the warm pipeline
                for k in range(span.start, span.end):
                    user_data[("._.", "section", offsets[k], None)] = category
        doc.spans[SECTIONS_KEY] = spans
        return doc
