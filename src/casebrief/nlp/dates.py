"""Dates, durations and frequencies in clinical text, resolved to calendar values.

Why regexes here and not a learned tagger: date forms in packets are a closed, enumerable
set (03/04/2026, 3/4/26, 2026-03-04, March 4, 2026, 4-Mar-2026, 03/2026, "mid-January",
"3 weeks ago") and every one must resolve to a calendar date for window arithmetic.  The
forms are listed once here; relative forms are resolved against the document's date.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from casebrief.nlp.numbers import NUMBER_WORDS, QUANTITY_WORDS

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
_MON = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_WORD_NUM = {**NUMBER_WORDS, **QUANTITY_WORDS}
NUM = r"(?P<num>\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|sixteen|twenty|a|an|several|a few|a couple of)"
UNIT = r"(?P<unit>days?|d|weeks?|wks?|wk|w|months?|mos?|mths?|years?|yrs?)"

_ORD_WORDS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth",
              "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth"]
ORDINALS = {w: i + 1 for i, w in enumerate(_ORD_WORDS)}
ORDINALS.update({f"twenty-{w}": 20 + i + 1 for i, w in enumerate(_ORD_WORDS[:9])})
ORDINALS.update({"thirtieth": 30, "thirty-first": 31})
_ORD = r"(?P<ord>" + "|".join(sorted((re.escape(k) for k in ORDINALS), key=len, reverse=True)) + r"|[0-3]?\d(?:st|nd|rd|th))"

SEASON_STARTS = {"winter": (12, 1), "spring": (3, 20), "summer": (6, 21), "fall": (9, 22), "autumn": (9, 22), "holidays": (12, 20),
                 "thanksgiving": (11, 25), "christmas": (12, 25), "halloween": (10, 31), "labor day": (9, 3), "new year": (1, 1)}

DATE_PATTERNS = [
    ("ord_of_month", re.compile(r"\b(?:the\s+)?" + _ORD + r"\s+(?:day\s+)?of\s+" + _MON + r"(?:,?\s+(?P<y>(?:19|20)\d\d))?\b", re.I)),
    ("iso", re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)\b")),
    ("mdy", re.compile(r"(?<![\d/.-])(?P<m>[01]?\d)(?P<sep>[/.-])(?P<d>[0-3]?\d)(?P=sep)(?P<y>(?:19|20)?\d\d)(?![\d/])")),
    ("month_d_y", re.compile(_MON + r"\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)\b", re.I)),
    ("d_month_y", re.compile(r"\b(?P<d>[0-3]?\d)(?:st|nd|rd|th)?[\s-]+" + _MON + r"[\s,-]+(?P<y>(?:19|20)\d\d)\b", re.I)),
    ("month_y", re.compile(r"\b(?P<q>early|mid|late|end of|beginning of)?[\s-]*" + _MON + r",?\s+(?P<y>(?:19|20)\d\d)\b", re.I)),
    ("m_y", re.compile(r"(?<![\d/])(?P<m>[01]?\d)/(?P<y>(?:19|20)\d\d)(?![\d/])")),
    ("mid_month", re.compile(r"\b(?P<q>early|mid|late|end of|beginning of)[\s-]*" + _MON + r"(?!\w)(?![\s,]+(?:19|20)\d\d)", re.I)),
    ("bare_month", re.compile(r"(?<=\bsince )" + _MON + r"(?![\w.])(?!\s*(?:\d|,\s*\d))|(?:(?<=\bin )|(?<=\bduring )|(?<=\bthrough )|(?<=\buntil )|(?<=\band )|(?<=\bto )|(?<=\bfrom ))"
                            + _MON.replace("?P<mon>", "?P<mon2>") + r"(?![\w.])(?!\s*(?:\d|,\s*\d))"
                            r"|\b" + _MON.replace("?P<mon>", "?P<mon3>") + r"(?=\s+(?:and|to|through|-)\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))", re.I)),
    ("season", re.compile(r"(?:(?<=\bsince )|(?<=\bin )|(?<=\bover )|(?<=\bduring )|(?<=\baround )|(?<=\bfrom ))(?:the\s+)?(?P<rel>last|this|past)?\s*(?P<season>winter|spring|summer|fall|autumn|holidays|thanksgiving|christmas|halloween|labor day|new year'?s?)\b", re.I)),
    ("month_d", re.compile(_MON + r"\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\b(?![,\s]*(?:19|20)\d\d)(?!\s*(?:mg|%))", re.I)),
    ("m_d", re.compile(r"(?<![\d/.])(?P<m>1[0-2]|0?[1-9])/(?P<d>3[01]|[12]\d|0?[1-9])(?![\d/%])(?!\s*(?:mg|mm|cm|ml|in|lb|kg|h))")),
    ("ago", re.compile(NUM + r"\s+" + UNIT + r"\s+ago\b", re.I)),
    # a bare year, only where it reads as a date ("MRI 2019", "in 2021", "(2020)", "2020 REI 8.9")
    ("year", re.compile(r"(?:(?<=\bin )|(?<=\bfrom )|(?<=\bsince )|(?<=\()|(?<=\bcirca )|(?<=\bMRI )|(?<=\bCT )|(?<=\bstudy )|(?<=\bPSG )|(?<=\bHSAT )|(?<=\bHST )|(?<=\btest )|(?<=\bfilms )|(?<=\bX-ray )|(?<=\bXR )|^|(?<=\n)|(?<=[-,;] ))(?P<y>(?:19[5-9]|20[0-4])\d)\b(?![-/.]\d)(?!\s*(?:mg|lb|kg|cm|mm|ml|units|pages|visits))", re.I)),
]

DURATION = re.compile(
    r"(?:(?:\bx|×)\s*|\bfor\s+(?:the\s+)?(?:past\s+|last\s+|about\s+|approximately\s+|~\s*|over\s+|nearly\s+|almost\s+|roughly\s+)?"
    r"|\bover\s+(?:the\s+)?(?:past\s+|last\s+)?|\b(?:past|last|total of|completed|completing|finished|after)\s+(?:about\s+|approximately\s+|~\s*)?)"
    + NUM + r"[\s-]*\+?\s*" + UNIT + r"\b(?!\s+ago)"
    r"|\b" + NUM.replace("?P<num>", "?P<num2>") + r"[\s-]*\+?\s*" + UNIT.replace("?P<unit>", "?P<unit2>")
    + r"\b(?=\s+(?:of|course|trial|conservative|physical|PT|chiro\w*|supervised|formal|skilled|therapy)\b)",
    re.I,
)
VISITS = re.compile(r"\b(?P<n>\d{1,3})\s+(?:PT\s+|therapy\s+|chiropractic\s+|chiro\s+|skilled\s+|total\s+)?(?:visits|sessions|treatments|appointments)\b", re.I)
FREQUENCY = re.compile(r"\b(?P<n>[1-7])\s*(?:x|times)\s*(?:/|per|a)\s*(?:wk|week)\b", re.I)


@dataclass(frozen=True)
class DateMention:
    """A date found in text, with the span it covers and how precise it is."""

    start: int
    end: int
    value: date
    precision: str  # "day" | "month"
    form: str


@dataclass(frozen=True)
class DurationMention:
    start: int
    end: int
    days: float
    text: str


def _year(y: str) -> int:
    yi = int(y)
    return yi + 2000 if yi < 100 else yi


def _num(s: str) -> float:
    s = s.lower().strip()
    if s in {"a few", "a couple of"}:
        return 3.0 if "few" in s else 2.0
    return float(_WORD_NUM.get(s, s)) if s in _WORD_NUM or s.replace(".", "", 1).isdigit() else 0.0


def unit_days(unit: str) -> float:
    u = unit.lower()
    if u.startswith("d"):
        return 1.0
    if u.startswith("w"):
        return 7.0
    if u.startswith("m"):
        return 30.4
    return 365.25


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _resolve(form: str, g: dict, ref: date | None) -> tuple[date | None, str]:
    if form in {"iso", "mdy"}:
        return _safe(_year(g["y"]), int(g["m"]), int(g["d"])), "day"
    if form in {"month_d_y", "d_month_y"}:
        return _safe(_year(g["y"]), MONTHS[g["mon"].lower().rstrip(".")], int(g["d"])), "day"
    if form == "m_y":
        return _safe(_year(g["y"]), int(g["m"]), 15), "month"
    if form in {"month_y", "mid_month"}:
        mon = MONTHS[g["mon"].lower().rstrip(".")]
        q = (g.get("q") or "").lower()
        day = {"early": 5, "beginning of": 1, "mid": 15, "late": 25, "end of": 28}.get(q, 15)
        if form == "month_y":
            return _safe(_year(g["y"]), mon, day), "month"
        if ref is None:
            return None, "month"
        year = ref.year if mon <= ref.month else ref.year - 1
        return _safe(year, mon, day), "month"
    if form in {"month_d", "m_d"}:
        if ref is None:
            return None, "day"
        mon = MONTHS[g["mon"].lower().rstrip(".")] if form == "month_d" else int(g["m"])
        d = _safe(ref.year, mon, int(g["d"]))
        if d and d > ref + timedelta(days=31):
            d = _safe(ref.year - 1, mon, int(g["d"]))
        return d, "day"
    if form == "bare_month":  # "since September", "in March", "july and august": the most recent such month
        if ref is None:
            return None, "month"
        mon = MONTHS[(g.get("mon") or g.get("mon2") or g.get("mon3")).lower().rstrip(".")]
        year = ref.year if mon <= ref.month else ref.year - 1
        return _safe(year, mon, 1 if g.get("mon") else 15), "month"
    if form == "season":  # "since last winter", "since the holidays", "since Halloween": its latest start
        if ref is None:
            return None, "month"
        month, day = SEASON_STARTS[g["season"].lower().replace("'", "").rstrip("s") if g["season"].lower().startswith("new year") else g["season"].lower()]
        year = ref.year if (month, day) <= (ref.month, ref.day) else ref.year - 1
        if (g.get("rel") or "").lower() == "last" and year == ref.year and g["season"].lower() not in {"winter"}:
            year -= 1
        return _safe(year, month, day), "month"
    if form == "ord_of_month":
        o = g["ord"].lower()
        day = ORDINALS.get(o) or int(re.sub(r"\D", "", o))
        mon = MONTHS[g["mon"].lower().rstrip(".")]
        if g.get("y"):
            return _safe(_year(g["y"]), mon, day), "day"
        if ref is None:
            return None, "day"
        d = _safe(ref.year, mon, day)
        if d and d > ref + timedelta(days=31):
            d = _safe(ref.year - 1, mon, day)
        return d, "day"
    if form == "year":
        return _safe(int(g["y"]), 7, 1), "year"
    if form == "ago":
        if ref is None:
            return None, "day"
        return ref - timedelta(days=_num(g["num"]) * unit_days(g["unit"])), "day"
    return None, "day"


_DATE_CUE_BEFORE = re.compile(r"(?:\bon|since|from|started|starting|began|dated|date|through|thru|until|to|between|and|-|–|dos|seen|visit|eval)\s*:?\s*$", re.I)
_RANGE_AFTER = re.compile(r"^\s*(?:-|–|—|to|through|thru)\s*\d{1,2}/\d{1,2}")


def _plausible_month_day(text: str, m: re.Match[str]) -> bool:
    """'6/10' is a pain score and '4/5' a strength grade far more often than a date: a bare
    month/day counts only with a date cue before it or as one end of a range."""
    mo, d = int(m.group("m")), int(m.group("d"))
    before = text[max(0, m.start() - 12) : m.start()]
    after = text[m.end() : m.end() + 12]
    if re.search(r"(?:^|[^/\d])\d{1,2}\s*[-–]\s*$", before):
        return False  # "5-6/10": a range of scores
    cued = bool(_DATE_CUE_BEFORE.search(before) or _RANGE_AFTER.match(after))
    if d == 10 or (mo <= 5 and d <= 5) or re.match(r"\s*(?:\(|strength|mmt|reflex|pain|bilat|b/l|[+-])", after, re.I):
        return cued and not re.search(r"(?:pain|nrs|vas|strength|mmt|score|rated?)\s*:?\s*$", before, re.I)
    return True


def find_dates(text: str, ref: date | None = None) -> list[DateMention]:
    """All dates in ``text`` (non-overlapping, earliest pattern wins), resolved against ``ref``."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for form, rx in DATE_PATTERNS:
        for m in rx.finditer(text):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            if form == "m_d" and not _plausible_month_day(text, m):
                continue
            value, precision = _resolve(form, m.groupdict(), ref)
            if value is None or not (1950 <= value.year <= 2100):
                continue
            found.append(DateMention(s, e, value, precision, form))
            taken.append((s, e))
    found.sort(key=lambda d: d.start)
    # the end of a range written without a year follows its start ("12/15 - 1/20")
    for i in range(1, len(found)):
        a, b = found[i - 1], found[i]
        if b.form in {"m_d", "month_d", "ord_of_month"} and b.value < a.value and re.fullmatch(r"\s*(?:-|–|—|to|through|thru|until)\s*", text[a.end : b.start], re.I):
            found[i] = DateMention(b.start, b.end, b.value.replace(year=b.value.year + 1), b.precision, b.form)
    return found


def parse_date(value: str) -> date | None:
    """One date in any supported form (for case.json and labelled fields)."""
    ds = find_dates(value)
    return ds[0].value if ds else None


def find_durations(text: str) -> list[DurationMention]:
    out = []
    for m in DURATION.finditer(text):
        num = m.group("num") or m.group("num2")
        unit = m.group("unit") or m.group("unit2")
        n = _num(num)
        if n <= 0 or n > 400:
            continue
        out.append(DurationMention(m.start(), m.end(), n * unit_days(unit), m.group(0)))
    return out
