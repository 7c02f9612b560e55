"""casebrief_measurements: BMI, AHI/RDI, pain scores, KL grade, Epworth, CPAP adherence.

Patterns are data (``resources/lexicons/measurements.yaml``); this module only applies
them, validates ranges, and derives BMI from height and weight when no BMI is written.
"""

import bisect
import re
from dataclasses import dataclass
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from casebrief.lexicon import cue, expand_macros, words
from casebrief.regex_prefix import with_prefix
from casebrief.resources import load_yaml


@dataclass(frozen=True)
class Measurement:
    kind: str
    value: float
    start: int
    end: int
    derived: bool = False
    extra: float | None = None


@cache
def _patterns(path: str) -> dict[str, tuple[tuple[float, float], list[re.Pattern[str]]]]:
    spec = load_yaml(path)
    return {
        kind: (
            tuple(entry["range"]),
            [with_prefix(expand_macros(p), re.I) for p in entry["patterns"]],
        )
        for kind, entry in spec.items()
    }


def _value(raw: str) -> float:
    """A measured value written in digits, words ("seven", "half", "thirty eight point four",
    as speech recognition writes numbers) or roman numerals ("III")."""
    t = words()
    low = " ".join(raw.lower().split())
    if low in t.fractions:
        return float(t.fractions[low])
    if low in t.numbers:
        return float(t.numbers[low])
    if raw.upper() in t.roman:
        return float(t.roman[raw.upper()])
    spoken = t.spoken(low) if low[:1].isalpha() else None  # "thirty eight point four"
    return spoken if spoken is not None else float(raw)


def find_measurements(text: str, path: str = "lexicons/measurements.yaml") -> list[Measurement]:
    out: list[Measurement] = []
    for kind, ((lo, hi), patterns) in _patterns(path).items():
        seen = bytearray(len(text) + 1)  # characters inside a match already taken for this kind
        for rx in patterns:
            for m in rx.finditer(text):
                vs = m.start("value")
                if seen[vs]:
                    continue
                try:
                    value = _value(m.group("value"))
                except ValueError:
                    continue
                if "value_hi" in rx.groupindex and m.group("value_hi"):
                    # a score told as a range ("pain 6-7/10") is read as its midpoint: one
                    # number the policy's threshold and the brief's value can use
                    top = _value(m.group("value_hi"))
                    if not value <= top <= hi:
                        continue
                    value = (value + top) / 2
                if not lo <= value <= hi:
                    continue
                extra = None
                if "value2" in rx.groupindex and m.group("value2"):
                    extra = float(m.group("value2"))
                seen[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
                out.append(Measurement(kind, value, m.start(), m.end(), extra=extra))
    out.extend(_tabled_bmi(text, out))
    out.extend(_derived_bmi(text, out))
    return sorted(out, key=lambda x: x.start)


TABLE_ROWS = 40  # lines read under a vitals table's header (its rows and their wrapped notes)
_BMI_LABEL = re.compile(r"(?<![\w/])BMI(?![\w/])(?:\s*\((?:kg/m2|kg/m\^2|kg/m²)\))?")
# a bare number (a footnoted "40.6*" is qualified below the table: "carried forward ... not
# recalculated at this visit")
_BMI_CELL = re.compile(r"(?<![\d./])\d{2}(?:\.\d{1,2})?(?=\s|$)(?!\s*(?:lb|lbs|kg|%|in\b|cm\b))")


def _tabled_bmi(text: str, found: list[Measurement]) -> list[Measurement]:
    """BMIs typed in a vitals or weight table's BMI column, one per row.

    A home-health record's "VITAL SIGNS / WEIGHT TREND" grid, an EHR's "Vitals History" and a
    CCD's VITAL SIGNS section print BMI as a column label over dated rows ("Visit date  Temp F
    BP  HR  Wt (lb)  BMI" / "03/02/2026  97.8  136/74  66  271.5  40.1"): no value stands beside
    its label, so the written-BMI patterns read none, and the latest measured BMI was lost to an
    older one quoted in prose (dev28tk-02).  A header is a line of cells set apart by runs of
    spaces whose BMI label has no number after it; each following row (to a line that is not
    one: blank, without digits, or prose) gives the number standing under the label
    (:func:`cell_under`).  The row's own date, before the value on its line, dates it as any
    quoted value is dated."""
    from casebrief.facts.columns import CELL_GAP, cell_under, lines_of  # facts imports nlp: local

    taken = {f.start for f in found if f.kind == "bmi"}
    out: list[Measurement] = []
    lines = lines_of(text)
    for i, (a, b) in enumerate(lines):
        line = text[a:b]
        label = _BMI_LABEL.search(line)
        if label is None or any(c.isdigit() for c in line[label.end() :]):
            continue
        if len(CELL_GAP.findall(line)) < 2:
            continue  # prose that ends with the word ("her problem list still carries BMI")
        indent = len(line) - len(line.lstrip())
        for ra, rb in lines[i + 1 : i + 1 + TABLE_ROWS]:
            row = text[ra:rb]
            # (not a row of a table indented as a whole whose first column is BMI: "  BMI   Wt
            # (lb) ..." over "  41.2    256 ...", review of 857a48b)
            if row.strip() and len(row) - len(row.lstrip()) >= label.start() > indent:
                continue  # a wide cell's wrapped text, under the columns (a visit's note)
            if not any(c.isdigit() for c in row) or len(CELL_GAP.findall(row)) < 2:
                break  # a blank line, or prose under the table
            cell = cell_under(row, label.span(), _BMI_CELL)
            if cell is None or ra + cell.start() in taken:
                continue
            value = float(cell.group(0))
            if 12 <= value <= 90:
                out.append(Measurement("bmi", value, ra + cell.start(), ra + cell.end()))
    return out


def _todays_vitals(text: str, weight_at: int, height_at: int, written_lines: set[int]) -> bool:
    """In a note that writes a BMI somewhere (on ``written_lines``), a weight still gives its own
    BMI when it stands on one line with a height (a vitals line) and no BMI is written on that
    line or the next."""
    line = text.count("\n", 0, weight_at)
    if text.count("\n", 0, height_at) != line:
        return False
    start = text.rfind("\n", 0, weight_at) + 1
    end = text.find("\n", weight_at)
    if _PAST_LINE.search(text[start : end if end >= 0 else len(text)]):
        return False  # "2 years ago ... Wt 250 lb at Ht 5'9\"": an old measurement
    return not written_lines & {line, line + 1}


_PAST_LINE = re.compile(
    r"\b(?:ago|was|were|previous(?:ly)?|prior|last (?:visit|year)|in (?:19|20)\d\d)\b", re.I
)


def _derived_bmi(text: str, found: list[Measurement]) -> list[Measurement]:
    """BMI from height and weight in the same document when no BMI is written next to them.

    A written BMI wins where it stands beside the weight; one quoted elsewhere in the note ("I
    last saw him 01/14 when his weight was 281 pounds and BMI 41.5") does not stop today's
    "Ht 175 cm  Wt 119.8 kg" from giving today's BMI."""
    written = {text.count("\n", 0, f.start) for f in found if f.kind == "bmi"}  # their lines
    heights = [(start, h) for start, _, h, _ in _heights_m(text, 0, len(text))]
    if not heights:
        return []
    nearest = _Nearest(heights)
    out = []
    for w_start, w_end, kg, _ in _weights_kg(text, 0, len(text)):
        h_start, h = nearest(w_start)
        if written and not _todays_vitals(text, w_start, h_start, written):
            continue
        bmi = round(kg / (h * h), 1)
        # a height told once above a log of dated weights ("Height (measured 10/14/2025): 169
        # cm" over "VISITA 5 - 02/24/2026 / Peso 106.8 kg"): the BMI sits at its weight, so the
        # weight's own entry dates it (dev32bm-05: every visit's BMI stood at the height's
        # line, and the first visit's 40.6 was read as the latest)
        start = (
            w_start
            if text.count("\n", h_start, w_start) > HEIGHT_LINES_APART
            else min(w_start, h_start)
        )
        if 12 <= bmi <= 90:
            out.append(Measurement("bmi", bmi, start, w_end, derived=True))
    return out


HEIGHT_LINES_APART = (
    2  # a height further above its weight than this is the record's, not the line's
)


class _Nearest:
    """The height written nearest to an offset; of equally near ones, the first found."""

    def __init__(self, heights: list[tuple[int, float]]) -> None:
        self.heights = heights
        self.first_at: dict[int, int] = {}
        for i, (start, _) in enumerate(heights):
            self.first_at.setdefault(start, i)
        self.starts = sorted(self.first_at)

    def __call__(self, offset: int) -> tuple[int, float]:
        j = bisect.bisect_left(self.starts, offset)
        near = [self.starts[k] for k in (j - 1, j) if 0 <= k < len(self.starts)]
        dist = min(abs(s - offset) for s in near)
        best = min(self.first_at[s] for s in near if abs(s - offset) == dist)
        return self.heights[best]


@Language.factory("casebrief_measurements", assigns=["doc._.measurements"])
def make_measurements(
    nlp: Language, name: str, patterns: str = "lexicons/measurements.yaml"
) -> "MeasurementTagger":
    return MeasurementTagger(patterns)


class MeasurementTagger:
    def __init__(self, patterns: str) -> None:
        self.patterns = patterns

    def __call__(self, doc: Doc) -> Doc:
        doc._.measurements = find_measurements(doc.text, self.patterns)
        return doc


def _first_group(m: re.Match[str]) -> str:
    """The value of a pattern with alternative named groups (units written, or left off)."""
    return next(v for v in m.groupdict().values() if v is not None)


@dataclass(frozen=True)
class BmiInputs:
    """A BMI computed from one height and one weight written together, with the lowest and
    highest BMI the two figures allow as written (a height "5 ft 9 in" is 68.5-69.5 in, a weight
    "284 lb" 283.5-284.5 lb)."""

    value: float
    low: float
    high: float
    start: int  # where the height and the weight are written (the first of them)
    end: int
    height_m: float = 0.0  # the two figures themselves, in metres and kilograms
    weight_kg: float = 0.0


_HEIGHT_CUES = (
    "measurements.height_ft_in",
    "measurements.height_in",
    "measurements.height_cm",
    "measurements.height_m",
)


def _half_step(raw: str) -> float:
    """Half the last written place of a number: "69" 0.5, "68.5" 0.05."""
    _, dot, frac = raw.partition(".")
    return 0.5 * 10 ** -len(frac) if dot else 0.5


def _heights_m(text: str, start: int, end: int) -> list[tuple[int, int, float, float]]:
    """(start, end, metres, +/- metres) of each height written in text[start:end], in the
    order of _HEIGHT_CUES (the derived BMI's nearest-height tie-break keeps the first found)."""
    out = []
    for name in _HEIGHT_CUES:
        for m in cue(name).finditer(text, start, end):
            g = {k: v for k, v in m.groupdict().items() if v is not None}
            if "ft" in g:
                inch = g.get("inch", "0")
                h, err = (int(g["ft"]) * 12 + float(inch)) * 0.0254, _half_step(inch) * 0.0254
            elif "cm" in g:
                h, err = float(g["cm"]) / 100, _half_step(g["cm"]) / 100
            elif "m" in g:
                h, err = float(g["m"]), _half_step(g["m"])
            else:
                raw = _first_group(m)
                h, err = float(raw) * 0.0254, _half_step(raw) * 0.0254
            out.append((m.start(), m.end(), h, err))
    return out


def _weights_kg(text: str, start: int, end: int) -> list[tuple[int, int, float, float]]:
    """(start, end, kg, +/- kg) of each current weight written in text[start:end]: a weight a
    "previous"/"was" cue calls old is left out (measurements.not_current_weight)."""
    out = []
    for name, factor in (("measurements.weight_lb", 0.45359237), ("measurements.weight_kg", 1.0)):
        for m in cue(name).finditer(text, start, end):
            if (
                cue("measurements.not_current_weight").search(
                    text[max(0, m.start() - 30) : m.start()]
                )
                or cue("measurements.stated_weight").search(m.group(0))
                or _qualified_not_current(m.group(0))
            ):
                continue
            raw = _first_group(m)
            out.append((m.start(), m.end(), float(raw) * factor, _half_step(raw) * factor))
    return out


def bmi_from_inputs(text: str, start: int, end: int) -> BmiInputs | None:
    """The BMI that the one height and the one current weight written in text[start:end] give
    (a vitals line "Ht 5 ft 9 in, Wt 284 lb, BMI 37.8"), with the range their written
    precision allows; None unless exactly one height and one weight are written there.

    A written BMI beside its own height and weight can be checked against them: a typed or
    carried-forward figure that the same line's inputs contradict (37.8 against the 41.9 that
    5 ft 9 in and 284 lb give) is two accounts of one visit's BMI."""
    heights = _distinct(_heights_m(text, start, end))
    weights = _distinct(_weights_kg(text, start, end))
    if len(heights) != 1 or len(weights) != 1:
        return None
    (hs, he, h, herr), (ws, we, w, werr) = heights[0], weights[0]
    return BmiInputs(
        round(w / (h * h), 1),
        (w - werr) / (h + herr) ** 2,
        (w + werr) / (h - herr) ** 2,
        min(hs, ws),
        max(he, we),
        h,
        w,
    )


def _distinct(found: list[tuple[int, int, float, float]]) -> list[tuple[int, int, float, float]]:
    """One figure per place in the text: patterns that match the same words count once."""
    out: list[tuple[int, int, float, float]] = []
    for f in sorted(found):
        if out and f[0] < out[-1][1]:
            continue
        out.append(f)
    return out


_QUALIFIER = re.compile(r"\(([^)\n]*)\)")


def _qualified_not_current(matched: str) -> bool:
    """A weight label's qualifier that makes it no current weight: "Weight (pt's usual): 104
    kg", "Weight (lb, highest): 310" (review of 857a48b: read as the visit's weight)."""
    q = _QUALIFIER.search(matched)
    return q is not None and bool(cue("measurements.not_current_weight").search(q.group(1)))
