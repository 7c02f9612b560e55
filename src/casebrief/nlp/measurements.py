"""casebrief_measurements: BMI, AHI/RDI, pain scores, KL grade, Epworth, CPAP adherence.

Patterns are data (``resources/lexicons/measurements.yaml``); this module only applies
them, validates ranges, and derives BMI from height and weight when no BMI is written.
"""


import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from casebrief.nlp.numbers import NUMBER_WORDS
from casebrief.resources import load_yaml

ROMAN = {"0": 0, "I": 1, "II": 2, "III": 3, "IV": 4}
WORDS = NUMBER_WORDS
_HEIGHT_FTIN = re.compile(r"(?:\b(?:height|ht)\.?\s*(?:of|is|was|:|=)?\s*|\b(?=[4-7]\s*(?:'|ft|feet|foot)\s*\d{1,2}(?:\.\d)?\s*(?:\"|''|in|inches)?\s*(?:tall|in height)))(?P<ft>[4-7])\s*(?:'|ft\.?|feet|foot)\s*(?:,\s*)?(?P<inch>\d{1,2}(?:\.\d)?)?\s*(?:\"|''|in\.?|inches)?", re.I)
_HEIGHT_IN = re.compile(r"\b(?:height|ht)\.?\s*(?:of|is|was|:|=)?\s*(?P<inch>[5-8]\d(?:\.\d)?)\s*(?:in|inches|\")|\b(?P<inch2>[5-8]\d(?:\.\d)?)\s*(?:in|inches)\s*(?:tall|in height)", re.I)
_HEIGHT_CM = re.compile(r"\b(?:height|ht)\.?\s*[:=]?\s*(?P<cm>1[2-9]\d(?:\.\d)?)\s*cm", re.I)
_HEIGHT_M = re.compile(r"\b(?:height|ht)\.?\s*[:=]?\s*(?P<m>[12]\.\d{1,2})\s*m\b", re.I)
_WEIGHT_LB = re.compile(r"\b(?:weight|wt|weighs|weighed)\.?\s*(?:is|was|of|today|:|=)?\s*(?:today\s*)?(?:is\s*)?(?P<lb>[7-9]\d|[1-6]\d\d)(?:\.\d+)?\s*(?:lb|lbs|pounds|#)", re.I)
_WEIGHT_KG = re.compile(r"\b(?:weight|wt|weighs|weighed)\.?\s*(?:is|was|of|today|:|=)?\s*(?P<kg>[3-9]\d|[1-2]\d\d)(?:\.\d+)?\s*(?:kg|kilograms)", re.I)


@dataclass(frozen=True)
class Measurement:
    kind: str
    value: float
    start: int
    end: int
    derived: bool = False
    extra: float | None = None


@lru_cache(maxsize=None)
def _patterns(path: str) -> dict[str, tuple[tuple[float, float], list[re.Pattern[str]]]]:
    spec = load_yaml(path)
    return {
        kind: (tuple(entry["range"]), [re.compile(p, re.I) for p in entry["patterns"]])
        for kind, entry in spec.items()
    }


def _value(raw: str) -> float:
    fractions = {"half": 50.0, "a third": 33.0, "two-thirds": 67.0, "two thirds": 67.0, "three-quarters": 75.0, "three quarters": 75.0}
    if raw.lower() in fractions:
        return fractions[raw.lower()]
    if raw.lower() in WORDS:
        return float(WORDS[raw.lower()])
    return float(ROMAN[raw.upper()]) if raw.upper() in ROMAN else float(raw)


def find_measurements(text: str, path: str = "lexicons/measurements.yaml") -> list[Measurement]:
    out: list[Measurement] = []
    for kind, ((lo, hi), patterns) in _patterns(path).items():
        seen: list[tuple[int, int]] = []
        for rx in patterns:
            for m in rx.finditer(text):
                vs, ve = m.span("value")
                if any(s <= vs < e for s, e in seen):
                    continue
                try:
                    value = _value(m.group("value"))
                except ValueError:
                    continue
                if not lo <= value <= hi:
                    continue
                extra = None
                if "value2" in rx.groupindex and m.group("value2"):
                    extra = float(m.group("value2"))
                seen.append((m.start(), m.end()))
                out.append(Measurement(kind, value, m.start(), m.end(), extra=extra))
    out.extend(_derived_bmi(text, out))
    return sorted(out, key=lambda x: x.start)


def _derived_bmi(text: str, found: list[Measurement]) -> list[Measurement]:
    """BMI from height and weight in the same document when no BMI is written next to them."""
    heights: list[tuple[int, float]] = []
    for m in _HEIGHT_FTIN.finditer(text):
        heights.append((m.start(), (int(m["ft"]) * 12 + float(m["inch"] or 0)) * 0.0254))
    for m in _HEIGHT_IN.finditer(text):
        heights.append((m.start(), float(m["inch"] or m["inch2"]) * 0.0254))
    for m in _HEIGHT_CM.finditer(text):
        heights.append((m.start(), float(m["cm"]) / 100))
    for m in _HEIGHT_M.finditer(text):
        heights.append((m.start(), float(m["m"])))
    if not heights:
        return []
    out = []
    if any(f.kind == "bmi" for f in found):
        return []  # a written BMI wins; derive only when the note gives height and weight alone
    for rx, factor in ((_WEIGHT_LB, 0.45359237), (_WEIGHT_KG, 1.0)):
        for m in rx.finditer(text):
            if re.search(r"\b(?:highest|max(?:imum)?|previous|prior|pre-?\w*|goal|ideal|target|lost|gain(?:ed)?|starting|initial|baseline|usual)\b[\s\S]{0,20}$", text[max(0, m.start() - 30) : m.start()], re.I):
                continue
            kg = float(m.group(1)) * factor
            h = min(heights, key=lambda hh: abs(hh[0] - m.start()))[1]
            bmi = round(kg / (h * h), 1)
            if 12 <= bmi <= 90:
                start = min(m.start(), min(heights, key=lambda hh: abs(hh[0] - m.start()))[0])
                out.append(Measurement("bmi", bmi, start, m.end(), derived=True))
    return out


@Language.factory("casebrief_measurements", assigns=["doc._.measurements"])
def make_measurements(nlp: Language, name: str, patterns: str = "lexicons/measurements.yaml") -> "MeasurementTagger":
    return MeasurementTagger(patterns)


class MeasurementTagger:
    def __init__(self, patterns: str) -> None:
        self.patterns = patterns

    def __call__(self, doc: Doc) -> Doc:
        doc._.measurements = find_measurements(doc.text, self.patterns)
        return doc
