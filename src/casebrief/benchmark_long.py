"""`casebrief benchmark --long`: does the cost of a brief grow linearly with a record's length?

One text record of N words (1k, 4k, 16k, 64k by default) is built from the generated packet
text of :mod:`casebrief.benchmark` (office notes, therapy notes and imaging reports with their
ROS lists, medication lists and visit tables, repeated with shifted dates) and briefed end to
end; the command prints words per second overall and for the language pipeline, and the
ratio of the longest document's rate to the 1k rate (the target: within 20 %).  Then a
record of ``record_mb`` megabytes is briefed with the default time budgets: it must finish
(briefed whole, or cut with a clear E012 message) in under 60 s on one core.

The process is pinned to one CPU while timing, like the packet benchmark.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from casebrief.benchmark import REQUEST_DATE, packet_pages, pin_one_cpu, rss_peak_mb

POLICY = "lumbar-spine-mri"
RATIO_TARGET = 0.8
RECORD_TARGET_S = 60.0


def long_text(n_words: int, seed: int = 11) -> str:
    """About ``n_words`` words of clinical text: generated packet pages, repeated with the
    dates of each repetition moved back a week, joined by blank lines."""
    pages = ["\n".join(lines) for lines in packet_pages(40, seed=seed)][1:]  # no fax cover
    out: list[str] = []
    count = 0
    rep = 0
    while count < n_words:
        for page in pages:
            text = _shift_dates(page, rep)
            out.append(text)
            count += len(text.split())
            if count >= n_words:
                break
        rep += 1
    return "\n\n".join(out)


def _shift_dates(page: str, rep: int) -> str:
    if rep == 0:
        return page
    old = REQUEST_DATE
    new = REQUEST_DATE - timedelta(days=7 * rep)
    return page.replace(old.strftime("%m/%d/%Y"), new.strftime("%m/%d/%Y"))


def _write_case(root: Path, name: str, text: str) -> Path:
    case = root / name
    case.mkdir(parents=True, exist_ok=True)
    (case / "record.txt").write_text(text, encoding="utf-8")
    meta = {
        "case_id": name,
        "policy": POLICY,
        "request": {
            "request_date": REQUEST_DATE.isoformat(),
            "request_type": "initial",
            "cpt": ["72148"],
        },
    }
    (case / "case.json").write_text(json.dumps(meta), encoding="utf-8")
    return case


def _brief(case: Path, repeats: int = 1) -> tuple[float, dict[str, float], object]:
    from casebrief.service import brief_case
    from casebrief.timing import Stopwatch

    runs = []
    for _ in range(repeats):
        sw = Stopwatch()
        t = time.perf_counter()
        brief = brief_case(case, stopwatch=sw)
        runs.append((time.perf_counter() - t, dict(sw.seconds), brief))
    runs.sort(key=lambda r: r[0])
    return runs[len(runs) // 2]


def run_long_benchmark(words: list[int] | None = None, record_mb: float = 5.0) -> int:
    words = sorted(words or [1000, 4000, 16000, 64000])
    saved = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    pinned = pin_one_cpu()
    rows = []
    try:
        from casebrief.nlp.pipeline import get_pipeline

        get_pipeline()
        with tempfile.TemporaryDirectory(prefix="casebrief-long-") as tmp:
            _brief(_write_case(Path(tmp), "warmup", long_text(500)))
            for n in words:
                text = long_text(n)
                real = len(text.split())
                seconds, stages, brief = _brief(
                    _write_case(Path(tmp), f"w{n}", text), repeats=3 if n <= 16000 else 1
                )
                nlp_s = stages.get("NLP pipeline", 0.0)
                rows.append((n, real, len(text), seconds, nlp_s, stages))
            big = None
            if record_mb > 0:
                text = long_text(int(record_mb * 2**20 / 6.2))
                text = text[: int(record_mb * 2**20)]
                case = _write_case(Path(tmp), "record", text)
                t = time.perf_counter()
                from casebrief.service import brief_case

                brief = brief_case(case)
                big = (len(text.encode("utf-8")), len(text.split()), time.perf_counter() - t, brief)
    finally:
        if saved is not None:
            os.sched_setaffinity(0, saved)
    print(
        "casebrief benchmark --long: one text record per size, "
        f"policy {POLICY}; {pinned}; Python {sys.version.split()[0]}"
    )
    print(
        f"  {'words':>8} {'chars':>9} {'brief s':>8} {'words/s':>9} "
        f"{'NLP s':>7} {'NLP words/s':>12}  other stages"
    )
    base = None
    for _, real, chars, seconds, nlp_s, stages in rows:
        rate = real / seconds
        base = base or rate
        other = ", ".join(
            f"{k} {v:.2f}" for k, v in stages.items() if k != "NLP pipeline" and v >= 0.01
        )
        print(
            f"  {real:>8} {chars:>9} {seconds:>8.2f} {rate:>9.0f} "
            f"{nlp_s:>7.2f} {real / max(nlp_s, 1e-9):>12.0f}  {other}"
        )
    if len(rows) > 1:
        ratio = (rows[-1][1] / rows[-1][3]) / base
        verdict = "MET" if ratio >= RATIO_TARGET else "NOT MET"
        print(
            f"  rate at {rows[-1][1]} words / rate at {rows[0][1]} words: {ratio:.2f} "
            f"(target >= {RATIO_TARGET:.2f}, i.e. within 20 %): {verdict}"
        )
    if big is not None:
        size, n_words, seconds, brief = big
        cut = [p for p in brief.problems if p.code in {"E012", "E013"}]
        how = f"cut with a clear message: {cut[0].message}" if cut else "briefed whole"
        print(f"  {size / 2**20:.1f} MB record ({n_words} words): {seconds:.1f} s, {how}")
        print(
            f"    target < {RECORD_TARGET_S:.0f} s on one core: "
            f"{'MET' if seconds < RECORD_TARGET_S else 'NOT MET'}; "
            f"status {brief.summary.status}; peak RSS {rss_peak_mb():.0f} MiB"
        )
    return 0
