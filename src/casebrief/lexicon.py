"""Cue phrases as data: named regular expressions and word lists, validated when loaded.

Every English word casebrief reads outside the spaCy components' own rule files (concepts,
ConText rules, sections, measurements, document types) lives in
``resources/lexicons/cues/<area>.yaml``: one file per area of the code that reads it
(``assertion``, ``dates``, ``documents``, ``therapy``, ``imaging``, ...), one entry per idea.
Code asks for ``cue("therapy.stop")`` and gets one compiled pattern.  Why: a missed phrasing
is then a one-line change a clinician can review, the same idea is written once, and a test
can check that every entry is used and every use has an entry.

An entry::

    stop:
      why: a stop word ends a started therapy ("stopped on 4/2/26")
      words: [stopped, discontinued, ceased]       # literal phrases, whole words
      patterns: ['d/c''?d']                         # regular expressions
      flags: [IGNORECASE]                           # default; [] for case-sensitive
      flexible_spaces: false                        # true: a space matches any run of white space
      anchor: none                                  # start | end | none: where the match must sit

``words`` become ``\\b(?:w1|w2)\\b`` (escaped, in the order given: the first alternative that
matches decides the span); ``patterns`` are used as written.  Both are
joined into one alternation.  A malformed file or pattern is an error naming the file and
the entry, raised the first time any cue is asked for.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from casebrief.resources import RESOURCES, load_yaml

CUE_DIR = "lexicons/cues"
WORDS_FILE = "lexicons/words.yaml"
Flag = Literal["IGNORECASE", "DOTALL", "MULTILINE"]
MACRO = re.compile(
    r"\{([A-Z_]+|[a-z_]+\.[a-z0-9_]+)\}"
)  # {NUMBER} (a word table) or {common.four_hours} (a cue)


class LexiconError(ValueError):
    """A lexicon file or entry is malformed; the message names the file and the entry."""


class WordTables(BaseModel):
    """``lexicons/words.yaml``: what number, date and unit words are worth."""

    model_config = ConfigDict(extra="forbid")
    numbers: dict[str, int]
    quantities: dict[str, int]
    fractions: dict[str, int]
    roman: dict[str, int]
    ordinals: dict[str, int]
    months: dict[str, int]
    month_parts: dict[str, int]
    seasons: dict[str, tuple[int, int]]
    units: dict[str, float]

    def number(self, word: str) -> float | None:
        """The value of a number word or quantity word ("six", "a few"), else None."""
        w = " ".join(word.lower().split())
        if w in self.numbers:
            return float(self.numbers[w])
        if w in self.quantities:
            return float(self.quantities[w])
        return None

    def spoken(self, text: str) -> float | None:
        """A number said in words, as speech recognition writes it: "thirty eight point four"
        (38.4), "two hundred thirty one" (231), "twenty-two"; None when it is not one."""
        toks = [t for t in re.split(r"[\s-]+", text.lower().strip()) if t and t != "and"]
        if not toks:
            return None
        whole: list[str] = toks
        frac: list[str] = []
        if "point" in toks:
            i = toks.index("point")
            whole, frac = toks[:i], toks[i + 1 :]
            if not frac or any(self.numbers.get(t, 10) > 9 for t in frac):
                return None
        total, current = 0, 0
        for t in whole:
            if t == "hundred":
                current = max(current, 1) * 100
            elif t in self.numbers:
                v = self.numbers[t]
                if current % 100 and v >= 10 or current % 10 and v < 10:
                    return None  # "twenty thirty": two numbers, not one
                current += v
            else:
                return None
        total += current
        return total + (float("0." + "".join(str(self.numbers[t]) for t in frac)) if frac else 0.0)

    def macros(self) -> dict[str, str]:
        """Alternations cue patterns can use as ``{NAME}`` (longest alternative first)."""
        digit_words = alternation([w for w, v in self.numbers.items() if v < 10])
        return {
            "NUMBER": r"\d+(?:\.\d+)?|" + alternation([*self.numbers, *self.quantities]),
            "NUMBER_WORD": alternation(self.numbers),
            "UNIT": alternation(self.units),
            "MONTH": alternation(self.months),
            "ORDINAL": alternation(self.ordinals) + r"|[0-3]?\d(?:st|nd|rd|th)",
            "SEASON": alternation(self.seasons),
            "MONTH_PART": alternation([p for p in self.month_parts if p]),
            # "two-thirds", "two thirds", "two\nthirds" (a share wrapped over a line of prose)
            "FRACTION": alternation(self.fractions).replace(r"\ ", r"\s+"),
            # a number said in words: "thirty eight point four", "two hundred thirty one"
            "SPOKEN_NUMBER": (
                f"(?:{alternation(self.numbers)})"
                rf"(?:[\s-]+(?:{alternation(self.numbers)}|hundred|and)\b)*"
                rf"(?:\s+point(?:\s+(?:{digit_words})\b)+)?"
            ),
        }


def alternation(words) -> str:
    """``a|b|c`` of escaped words, longest first (so "a few" is tried before "a")."""
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


@lru_cache(maxsize=1)
def words() -> WordTables:
    """The word tables, validated once (an error names the file and the field)."""
    try:
        return WordTables.model_validate(load_yaml(WORDS_FILE))
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        raise LexiconError(f"{WORDS_FILE}: {problems}") from None


@lru_cache(maxsize=1)
def _macro_table() -> dict[str, str]:
    """:meth:`WordTables.macros`, built once: every cue expands through it, and building the
    alternations of the word tables each time cost a tenth of a second at start-up."""
    return words().macros()


def expand_macros(pattern: str, _seen: tuple[str, ...] = ()) -> str:
    """Replace ``{NAME}`` with a word table's alternation and ``{area.name}`` with another cue's
    pattern (so one idea, such as "at least 4 hours", is written once), each as a group."""
    table = _macro_table()

    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name in table:
            return f"(?:{table[name]})"
        if "." in name:
            if name in _seen:
                msg = f"cue {name} refers to itself"
                raise ValueError(msg)
            entry = _raw_entries().get(name)
            if entry is None:
                msg = f"unknown cue {{{name}}}"
                raise ValueError(msg)
            return f"(?:{entry.source(_seen + (name,))})"
        msg = f"unknown macro {{{name}}} (known: {', '.join(sorted(table))})"
        raise ValueError(msg)

    return MACRO.sub(sub, pattern)


class CueEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    why: str = Field(min_length=3)
    words: list[str] = Field(default_factory=list)
    patterns: list[str] = Field(default_factory=list)
    flags: list[Flag] = Field(default_factory=lambda: ["IGNORECASE"])
    flexible_spaces: bool = False
    anchor: Literal["none", "start", "end"] = "none"

    @model_validator(mode="after")
    def _not_empty(self) -> CueEntry:
        if not self.words and not self.patterns:
            msg = "an entry needs 'words' or 'patterns'"
            raise ValueError(msg)
        return self

    def source(self, _seen: tuple[str, ...] = ()) -> str:
        parts = []
        if self.words:
            parts.append(r"\b(?:" + "|".join(re.escape(w) for w in self.words) + r")\b")
        for p in self.patterns:
            parts.append(expand_macros(flexible_spaces(p) if self.flexible_spaces else p, _seen))
        body = parts[0] if len(parts) == 1 else "|".join(f"(?:{p})" for p in parts)
        if self.anchor == "start":
            return rf"^(?:{body})"
        if self.anchor == "end":
            return rf"(?:{body})$"
        return body

    def compile(self) -> re.Pattern[str]:
        """Compiled, led by a lookahead of the characters a match can start with (the same
        matches, found several times faster: :mod:`casebrief.regex_prefix`)."""
        from casebrief.regex_prefix import with_prefix

        flags = 0
        for f in self.flags:
            flags |= getattr(re, f)
        source = self.source()
        if "MULTILINE" in self.flags:
            source = page_break_starts_line(source)
        return with_prefix(source, flags)


_LINE_START = r"(?:^|(?<=\f))"


def page_break_starts_line(pattern: str) -> str:
    """``pattern`` with every ``^`` (outside a character class) also matching right after a
    form feed: a line-anchored cue reads the first line of a record's second page.

    Why: a record's pages are joined by a bare form feed, and a page read by OCR ends
    without a line break, so its last line and the next page's first are one line to
    ``re.MULTILINE`` ("Page 1 of 2<FF>ADDENDUM - 06/24/2026").  On the fax copy of dev12pc-05
    a psychologist's addendum opening page 2, "She is psychologically cleared", was read as
    of the evaluation's day, not the addendum's, and the earlier "Clearance DEFERRED" held
    (not_met for met)."""
    out: list[str] = []
    opened = -1  # where the character class being read opened; -1 outside one
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":  # an escaped character, kept whole
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if opened >= 0:
            # a "]" first in its class ("[]...]", "[^]...]") is a literal one
            first = i == opened + 1 or (i == opened + 2 and pattern[opened + 1] == "^")
            if ch == "]" and not first:
                opened = -1
        elif ch == "[":
            opened = i
        elif ch == "^":
            ch = _LINE_START
        out.append(ch)
        i += 1
    return "".join(out)


def flexible_spaces(pattern: str) -> str:
    """A literal space outside a character class matches any run of white space (fax lines wrap);
    an optional space (" ?") any run or none -- not "\\s+?", which would demand one ("80% better"
    never matched "(?:8|9)\\d ?% better").

    A pattern with a lookbehind keeps its spaces: a lookbehind must have a fixed width."""
    if "(?<" in pattern:
        return pattern
    out, depth, skip = [], 0, False
    for i, ch in enumerate(pattern):
        if skip:
            skip = False
            continue
        escaped = i > 0 and pattern[i - 1] == "\\"
        if ch == "[" and not escaped:
            depth += 1
        elif ch == "]" and not escaped and depth:
            depth -= 1
        if ch == " " and depth == 0:
            skip = pattern[i + 1 : i + 2] == "?"
            out.append(r"\s*" if skip else r"\s+")
        else:
            out.append(ch)
    return "".join(out)


def cue_entries() -> dict[str, CueEntry]:
    """Every cue entry, keyed ``area.name`` (validated; every pattern compiles)."""
    _compiled()
    return _raw_entries()


@lru_cache(maxsize=1)
def _compiled() -> dict[str, re.Pattern[str]]:
    """Every cue's pattern, compiled once; a bad one is an error naming its file and entry."""
    out = {}
    for name, entry in _raw_entries().items():
        try:
            out[name] = entry.compile()
        except (re.error, ValueError) as exc:
            area, key = name.split(".", 1)
            raise LexiconError(
                f"{CUE_DIR}/{area}.yaml: cue '{key}': bad regular expression ({exc})"
            ) from None
    return out


@lru_cache(maxsize=1)
def _raw_entries() -> dict[str, CueEntry]:
    """Every cue entry, validated against the schema (patterns not yet compiled)."""
    out: dict[str, CueEntry] = {}
    for entry in sorted(RESOURCES.joinpath(CUE_DIR).iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(".yaml"):
            continue
        area = entry.name.removesuffix(".yaml")
        relpath = f"{CUE_DIR}/{entry.name}"
        data = load_yaml(relpath)
        if not isinstance(data, dict):
            raise LexiconError(f"{relpath}: top level must be a mapping of cue names to entries")
        for name, raw in data.items():
            try:
                out[f"{area}.{name}"] = CueEntry.model_validate(raw)
            except ValidationError as exc:
                problems = "; ".join(
                    f"{'.'.join(str(p) for p in e['loc']) or name}: {e['msg']}"
                    for e in exc.errors()
                )
                raise LexiconError(f"{relpath}: cue '{name}': {problems}") from None
    return out


def cue(name: str) -> re.Pattern[str]:
    """The compiled pattern of one cue entry, e.g. ``cue("therapy.stop")``."""
    compiled = _compiled()
    if name not in compiled:
        raise LexiconError(
            f"unknown cue '{name}' (known areas: "
            f"{', '.join(sorted({k.split('.')[0] for k in compiled}))})"
        )
    return compiled[name]
