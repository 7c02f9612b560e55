"""Repairs of OCR'd words that are one glyph away from a word our rules read.

Why: at fax resolution Tesseract reads "TELEPHONE ENCOUNTER" as "TRLEPHONE ENCOUNTER",
"referring" as "relerring", "Denies" as "Denics".  A rule looking for a telephone visit, a
denial or a referral then reads nothing, and the brief counts an exam that never happened
or a finding the patient denied.  ``ocr_fixes`` repairs a hand-made list of such words; this
module makes the list from the words the rules themselves read (every lexicon and cue file),
so a word added to a lexicon is repaired on a fax without anyone listing its misreadings.

How (rules as data, ``resources/lexicons/ocr_spelling.yaml``):

- the *targets* are the plain words of the lexicons (concept terms, cues, section and
  document titles), four letters or more;
- each target's *misreadings* are made by one visual confusion OCR makes at low resolution
  (``confusions``: e read as c or r, l as i or t, m as rn, ...);
- a misreading that is itself an English word (SymSpell's frequency dictionary, shipped in
  the ``symspellpy`` wheel), a target, or a misreading of two different targets, is dropped:
  "pad" is never "bad", and "lime" is neither "line" nor "time";
- a word is repaired only when OCR read it with less than ``max_confidence``: a word read
  with high confidence is what the page says (a name, a brand, another language: on the
  fax copies of dev cases a patient named "Baek" read at 95-97%, while the misreadings
  "Slecp", "Pian", "Viait" read at 81-93%); and a short word in capitals is an acronym,
  never repaired.

Only OCR'd words are repaired (``extract.ocr.assemble``), never a text layer or a text
record; a repaired word keeps its box.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from casebrief.extract.ocr_fixes import one_glyph_misreadings
from casebrief.resources import load_yaml

SPELLING_FILE = "lexicons/ocr_spelling.yaml"
_WORD = re.compile(r"^(?P<pre>[^A-Za-z]*)(?P<core>[A-Za-z]+)(?P<post>[^A-Za-z]*)$")
_ESCAPE = re.compile(r"\\[A-Za-z]")  # \b, \s, \d: regex syntax, not letters of a word
# a run of letters that stands as a word in a pattern: not glued to a group or a quantifier
_PLAIN = re.compile(r"(?<![A-Za-z])([A-Za-z]{4,})(?![A-Za-z(\[*+{])")


@lru_cache(maxsize=1)
def _settings() -> dict:
    spec = load_yaml(SPELLING_FILE) or {}
    needed = {
        "why",
        "min_length",
        "min_capitals_length",
        "max_confidence",
        "loose_min_length",
        "loose_max_confidence",
        "sources",
        "confusions",
        "keep",
    }
    if set(spec) != needed:
        msg = f"{SPELLING_FILE}: needs exactly {', '.join(sorted(needed))}"
        raise ValueError(msg)
    return spec


_PROSE_KEYS = {"why", "note", "notes", "description", "comment"}


def _strings(node) -> list[str]:
    """The strings under a YAML node that rules read: list items, values, and keys that are
    words ("twelve: 12", "ortho: [...]"), not a rule's name ("visit_sentence") nor its
    explanation (why)."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        out = []
        for k, v in node.items():
            if str(k) in _PROSE_KEYS:
                continue
            if isinstance(k, str) and "_" not in k:
                out.append(k)
            out += _strings(v)
        return out
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return []


@lru_cache(maxsize=1)
def target_words() -> frozenset[str]:
    """The plain words (lower case) of the lexicon files the rules read."""
    spec = _settings()
    out: set[str] = set()
    base = Path(__file__).resolve().parent.parent / "resources"
    for pattern in spec["sources"]:
        for path in sorted(base.glob(pattern)):
            rel = str(path.relative_to(base))
            for text in _strings(load_yaml(rel)):
                text = _ESCAPE.sub(" ", text)
                for m in _PLAIN.finditer(text):
                    word = m.group(1).lower()
                    if len(word) >= spec["min_length"]:
                        out.add(word)
    return frozenset(out)


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """English words: SymSpell's frequency dictionary (82,765 words), as shipped in the
    ``symspellpy`` wheel."""
    import symspellpy

    path = Path(symspellpy.__file__).with_name("frequency_dictionary_en_82_765.txt")
    with path.open(encoding="utf-8") as fh:
        return frozenset(line.split(" ", 1)[0] for line in fh if line.strip())


@lru_cache(maxsize=1)
def misreadings() -> dict[str, str]:
    """Misreading (lower case) -> the target word it was, for every target and every single
    confusion, less misreadings that are words themselves or that two targets share."""
    spec = _settings()
    confusions: dict[str, list[str]] = {
        str(k): [str(x) for x in (v if isinstance(v, list) else [v])]
        for k, v in spec["confusions"].items()
    }
    targets = target_words()
    english = english_words()
    keep = {str(k).lower() for k in spec["keep"] or []}
    out: dict[str, str] = {}
    ambiguous: set[str] = set()
    for word in sorted(targets):
        for wrong in one_glyph_misreadings(word, confusions):
            if wrong in targets or wrong in english or wrong in keep:
                continue
            if out.get(wrong, word) != word:
                ambiguous.add(wrong)
            out[wrong] = word
    for wrong in ambiguous:
        del out[wrong]
    return out


_STROKE_END = re.compile(r"^(?P<core>[A-Za-z]{3,})[)|\]](?P<post>[.,;:]?)$")


def _known(word: str) -> bool:
    return word in english_words() or word in target_words()


def _stroke_read_as_bracket(word: str) -> str | None:
    """ "TFES)", "Initia)": a word's last letter, a thin stroke (I or l), read as a closing
    bracket with none opened in the word; repaired where that makes a known word of an
    unknown one."""
    m = _STROKE_END.match(word)
    if m is None or _known(m.group("core").lower()):
        return None
    core = m.group("core")
    letter = "I" if core.isupper() else "l"
    if _known((core + letter).lower()):
        return core + letter + m.group("post")
    return None


_SPLIT_H = re.compile(
    r"^(?P<pre>[^A-Za-z]*)(?:ll|Il|lI|II)(?P<rest>[a-z]{1,12})(?P<post>[^A-Za-z]*)$"
)


def _capital_h_split(word: str) -> str | None:
    """ "lle was given ...", "llis pain": a capital H read as two strokes (ll, Il), which also
    hides the sentence's start from the sentence splitter ("... cleared for surgery. lle was
    given information ... if mood symptoms recur" read as one conditional sentence).
    Repaired where the word read is not a word and the repaired one is."""
    m = _SPLIT_H.match(word)
    if m is None or _known(word.strip(".,;:()").lower()):
        return None
    rest = word.strip(".,;:()")[1:].lower()
    if len(rest) >= 4 and _known(rest):
        return None  # "lleft": a doubled l as likely as an H
    fixed = "H" + m.group("rest")
    return m.group("pre") + fixed + m.group("post") if _known(fixed.lower()) else None


_LETTERS = re.compile(r"^[A-Za-z]+$")
_LETTERS_THEN_PUNCT = re.compile(r"^([A-Za-z]+)[.,;:)]?$")
SPLIT_MIN = 6  # a joined word this long at least (short joins are too often two real words)


def split_word(first: str, second: str) -> bool:
    """Whether two neighbouring words OCR read one space apart are one word split in two
    ("QUE STIONNAIRE", "rad iculopathy"): joined, they make a word the rules read, and one
    half at least is no word at all."""
    m = _LETTERS_THEN_PUNCT.match(second)
    if not _LETTERS.match(first) or m is None:
        return False
    joined = (first + m.group(1)).lower()
    if len(joined) < SPLIT_MIN or joined not in target_words():
        return False
    return not (_known(first.lower()) and _known(m.group(1).lower()))


def capitals_heading(words: list[str]) -> bool:
    """A row of words in capitals, two or more of them known words of four letters or more
    ("SLEEPPATI DIAGNOSTICS HOMR SLEEP APNEA TEST REPORT"): a heading or a title, whose short
    capitals words are words, not acronyms, so one misread there may be repaired.  On the
    fax copy of dev7os-05 the HSAT report's title read "HOMR SLEEP APNEA TEST REPORT": the
    report was not told a sleep study, the sleep test's date went unread, and a
    face-to-face evaluation after the test met the criterion (the text copy's is not_met)."""
    cores = [m.group("core") for w in words if (m := _WORD.match(w)) is not None]
    if len(cores) < 3 or not all(c.isupper() for c in cores if len(c) > 1):
        return False
    known = sum(len(c) >= _settings()["min_length"] and _known(c.lower()) for c in cores)
    return known >= 2


_STRAY = "¢£©®°§¥€™"
_STRAY_INSIDE = re.compile(rf"(?<=[A-Za-z])[{_STRAY}](?=[A-Za-z])")
_STRAY_AS_LETTER = {"¢": "c", "©": "c", "®": "R", "€": "e", "£": "E", "§": "s"}


def _stray_symbol(word: str) -> str | None:
    """ "c¢leared", "Al¢ohol": a symbol no clinical word holds (a cent, a copyright sign),
    read between two letters; left out, or read as the letter it looks like, where that
    makes a known word of an unknown one.  On the fax copy of dev5is-05 (sample O) the
    psychologist's "NOT psychologically c¢leared" was neither a clearance nor a refusal, and
    the criterion went from needs_review to met on the other reports' clearances."""
    if not _STRAY_INSIDE.search(word):
        return None
    for fixed in (
        _STRAY_INSIDE.sub("", word),
        _STRAY_INSIDE.sub(lambda m: _STRAY_AS_LETTER.get(m.group(0), m.group(0)), word),
    ):
        m = _WORD.match(fixed)
        if m is not None and _known(m.group("core").lower()):
            return fixed
    return None


# the measurement labels that end in I, too short to be target words ("AH!" for AHI, "BM!" for
# BMI: dev12sp-03's fax copy in sample P lost its AHI so)
_INDEX_LABELS = frozenset({"ahi", "rdi", "rei", "bmi", "odi"})
_BANG = re.compile(r"^(?P<word>[^A-Za-z]*[A-Za-z]+)!$")


def _exclamation_misread(word: str, row_start: bool) -> str | None:
    """A word ending in "!" that OCR was not sure of: at fax resolution a colon, a semicolon
    or a thin l or I read as "!" ("Assessment!", "now!" for "now;", "Bilatera!", "BM!"); on
    512 pages of dev fax copies (sample O) 86 of 102 such words were read under 0.93, nearly
    all misreadings, and the sentence splitter cut a sentence there.  On tele-06's copy "RD
    eval to be forwarded" lost the "request now;" before it and read as a done evaluation.
    A letter where that makes a known word; else a colon on a row's first word (a label), a
    semicolon elsewhere: either keeps the sentence whole."""
    m = _BANG.match(word)
    if m is None:
        return None
    head = m.group("word")
    core = _WORD.match(head)
    letters = core.group("core") if core else head
    if not _known(letters.lower()):
        for letter in ("I", "l") if letters.isupper() else ("l", "I"):
            whole = (letters + letter).lower()
            if _known(whole) or (letters.isupper() and whole in _INDEX_LABELS):
                return head + letter
    return head + (":" if row_start else ";")


@lru_cache(maxsize=1)
def _long_targets() -> dict[int, tuple[str, ...]]:
    """The target words of ``loose_min_length`` letters or more, by length."""
    least = _settings()["loose_min_length"]
    out: dict[int, list[str]] = {}
    for w in target_words():
        if len(w) >= least and w.isalpha():
            out.setdefault(len(w), []).append(w)
    return {n: tuple(sorted(ws)) for n, ws in out.items()}


def _any_glyph_misread(core: str, confidence: float | None) -> str | None:
    """A long word read with little confidence, one letter off one target word and no
    English word: that target, whatever the confusion.  The confusions table lists the
    likely ones; a page read this poorly makes others ("Pxychological", read at 0.37 on
    form-12's fax copy in sample O, lost the surgeon's note of the psychological clearance).
    Eight letters or more leave one target in reach: on 512 dev fax pages every such repair
    was right."""
    spec = _settings()
    if confidence is None or confidence >= spec["loose_max_confidence"]:
        return None
    low = core.lower()
    if len(low) < spec["loose_min_length"] or _known(low):
        return None
    hits = [
        t
        for t in _long_targets().get(len(low), ())
        if sum(a != b for a, b in zip(t, low, strict=True)) == 1
    ]
    return hits[0] if len(hits) == 1 else None


def correct_word(
    word: str,
    confidence: float | None,
    bracket_open: bool = False,
    heading: bool = False,
    row_start: bool = False,
) -> str:
    """``word`` as OCR read it, with a misread lexicon word repaired (its case kept).
    ``bracket_open``: a bracket opened earlier on the row is still open, so a closing one
    on this word is a bracket ("(R THA)"), not a misread stroke.  ``heading``: the word is
    on a row of capitals words (``capitals_heading``), where a short word in capitals is a
    word, not an acronym.  ``row_start``: the row's first word (a label's place)."""
    spec = _settings()
    if confidence is not None and confidence >= spec["max_confidence"]:
        return word
    if (stray := _stray_symbol(word)) is not None:
        word = stray
    if (bang := _exclamation_misread(word, row_start)) is not None:
        word = bang
    if not bracket_open and (stroke := _stroke_read_as_bracket(word)) is not None:
        return stroke
    if (split := _capital_h_split(word)) is not None:
        return split
    m = _WORD.match(word)
    if m is None or len(m.group("core")) < spec["min_length"]:
        return word
    core = m.group("core")
    if core.isupper() and len(core) < spec["min_capitals_length"] and not heading:
        return word  # an acronym ("ACHC", "MSSA")
    fixed = misreadings().get(core.lower()) or _any_glyph_misread(core, confidence)
    if fixed is None:
        return word
    if core.isupper():
        fixed = fixed.upper()
    elif core[0].isupper():
        fixed = fixed.capitalize()
    return m.group("pre") + fixed + m.group("post")
