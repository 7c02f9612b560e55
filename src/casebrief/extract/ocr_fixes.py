"""Repairs of OCR letter/digit confusions, one word at a time (rules as data).

Why: at fax resolution an OCR engine reads "238 lb" as "2381b" and "10/20/2025" as
"10/2O/2025"; the measurement and date readers, written for typed text, then miss a weight
or a date that a reviewer plainly sees on the page.  The repairs are limited to shapes with
one reading (a letter between digits, a unit glued to a number) and run only on words that
OCR read, so a text layer or a text record is never changed.  The rules are in
``resources/lexicons/ocr_fixes.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from casebrief.resources import load_yaml

FIXES_FILE = "lexicons/ocr_fixes.yaml"


Rule = tuple[re.Pattern[str], str]
KEYS = {"why", "pattern", "replace"}
WORD_KEYS = {"why", "vocabulary", "confusions", "keep"}
_END = re.compile(r"[.,;:)]+$")
CAPITALS_FROM = 3  # a misreading in capitals is repaired from this length on
_VOWEL = re.compile(r"[aeiou]")


@lru_cache(maxsize=1)
def _rules() -> dict[str, tuple[Rule, ...]]:
    """The repairs by scope ("word", "line"), compiled once; a bad entry is an error naming
    the file and the entry."""
    out: dict[str, list[Rule]] = {"word": [], "line": [], "row_start": []}
    for name, entry in (load_yaml(FIXES_FILE) or {}).items():
        if isinstance(entry, dict) and set(entry) == WORD_KEYS:
            continue  # words and their misreadings: misreadings()
        if not isinstance(entry, dict) or not KEYS <= set(entry) <= KEYS | {"scope"}:
            msg = (
                f"{FIXES_FILE}: entry '{name}' needs why, pattern, replace (scope optional), "
                "or why, vocabulary, confusions, keep"
            )
            raise ValueError(msg)
        scope = entry.get("scope", "word")
        if scope not in out:
            msg = (
                f"{FIXES_FILE}: entry '{name}': scope must be word, line or row_start, "
                f"not {scope!r}"
            )
            raise ValueError(msg)
        try:
            out[scope].append((re.compile(entry["pattern"]), str(entry["replace"])))
        except re.error as exc:
            msg = f"{FIXES_FILE}: entry '{name}': bad regular expression ({exc})"
            raise ValueError(msg) from None
    return {scope: tuple(rules) for scope, rules in out.items()}


@lru_cache(maxsize=1)
def _misread_words() -> dict[str, str]:
    """Misreadings of the words that matter, each with its word, in lower case,
    capitalized, and in capitals from three letters on when a vowel is left ("NOY" for NOT);
    capitals without a vowel read as an acronym ("NC" is a state, "NCT" a trial number)."""
    out: dict[str, str] = {}
    for wrong, right in misreadings().items():
        out[wrong] = right
        out[wrong.capitalize()] = right.capitalize()
        if len(wrong) >= CAPITALS_FROM and _VOWEL.search(wrong):
            out[wrong.upper()] = right.upper()
    return out


def one_glyph_misreadings(word: str, confusions: dict[str, list[str]]) -> Iterator[str]:
    """``word`` with one of its glyphs (a letter, or a run such as "rn") read as each of its
    ``confusions`` readings: every misreading one OCR confusion makes of it."""
    for glyph, readings in confusions.items():
        at = word.find(glyph)
        while at >= 0:
            for reading in readings:
                yield word[:at] + reading + word[at + len(glyph) :]
            at = word.find(glyph, at + 1)


def misreadings() -> dict[str, str]:
    """Every misreading the word entries make (lower case): each word of a ``vocabulary`` with
    one of its letters replaced by its ``confusions`` reading, less those under ``keep``."""
    out: dict[str, str] = {}
    for name, entry in (load_yaml(FIXES_FILE) or {}).items():
        if not (isinstance(entry, dict) and set(entry) == WORD_KEYS):
            continue
        confusions = entry["confusions"]
        if not isinstance(confusions, dict) or not isinstance(entry["vocabulary"], list):
            msg = f"{FIXES_FILE}: entry '{name}': vocabulary is a list, confusions a mapping"
            raise ValueError(msg)
        keep = {str(k).lower() for k in entry["keep"] or []}
        vocabulary = {str(w).lower() for w in entry["vocabulary"]}
        readings = {
            str(k): [str(x) for x in v] if isinstance(v, list) else [str(v)]
            for k, v in confusions.items()
        }
        for word in sorted(vocabulary):
            for wrong in one_glyph_misreadings(word, readings):
                if wrong not in keep and wrong not in vocabulary:
                    out.setdefault(wrong, word)
    return out


def repair_word(word: str, row_start: bool = False) -> str:
    """``word`` as OCR read it, with the known letter/digit confusions repaired; the
    ``row_start`` repairs too when it is the first word of its row (a table row's date)."""
    misread = _misread_words()
    end = _END.search(word)
    bare = word[: end.start()] if end else word
    if bare in misread:
        return misread[bare] + (end.group(0) if end else "")
    if not any(ch.isdigit() or ch in "[]{}" for ch in word):
        return word  # every other repair needs a digit or a box edge in the word
    word = _applied("word", word)
    if row_start:
        word = _row_start_repaired(word)
    return word


def _applied(scope: str, word: str) -> str:
    """``word`` through the word repairs of ``scope``, top to bottom."""
    for pattern, replacement in _rules()[scope]:
        word = pattern.sub(replacement, word)
    return word


_LETTER_AS_DIGIT = str.maketrans({"O": "0", "o": "0", "D": "0", "T": "7", "R": "8", "S": "5"})
_FULL_DATE = re.compile(r"^\d{1,2}/\d{1,2}/(?:\d\d|(?:19|20)\d\d)[.,;:)]?$")


def _row_start_repaired(word: str) -> str:
    """A row's first cell through the ``row_start`` repairs; where they make no date of it,
    the same cell with the capitals OCR reads for digits read as those digits ("OT/0R2025"
    for 07/08/2025, "OR0S2025" for 08/05/2025: tele-05's fax copy in sample O lost its
    log's first two visits so), kept only when that makes a whole date."""
    repaired = _applied("row_start", word)
    if _FULL_DATE.match(repaired) or not any(ch in "OoDTRS" for ch in word):
        return repaired
    digits = word.translate(_LETTER_AS_DIGIT)
    if sum(ch.isdigit() for ch in digits) < 7 or any(ch.isalpha() for ch in digits):
        return repaired
    digits = _applied("row_start", digits)
    return digits if _FULL_DATE.match(digits) else repaired


def repair_text(text: str) -> str:
    """A page's assembled OCR text with the line repairs made; the same length, so every
    character keeps its box (a replacement of another length is not made)."""
    for pattern, replacement in _rules()["line"]:

        def same_length(m: re.Match[str], replacement: str = replacement) -> str:
            new = m.expand(replacement)
            return new if len(new) == len(m.group(0)) else m.group(0)

        text = pattern.sub(same_length, text)
    return text
