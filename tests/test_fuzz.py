"""Fuzzing: the committed corpus and every past crash replayed, property tests, and a bounded
coverage-guided run.

* Every file of ``fuzz/corpus/<target>/`` and ``fuzz/regressions/<target>-*`` goes through its
  target (``fuzz/targets.py``): only casebrief's coded errors may come out.
* Hypothesis properties of the pieces fuzzing leans on most (dates, chunking, sentences,
  case.json, the pipeline's offsets).
* ``-m fuzz``: atheris runs each target for ``CASEBRIEF_FUZZ_SECONDS`` (default 20) seconds,
  instrumenting casebrief's own code; CI runs it (see .ci/run).  Long runs:
  ``python fuzz/run.py TARGET -max_total_time=600 fuzz/corpus/TARGET``.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

REPO = Path(__file__).resolve().parents[1]
FUZZ = REPO / "fuzz"
_spec = importlib.util.spec_from_file_location("casebrief_fuzz_targets", FUZZ / "targets.py")
targets = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(targets)


def _inputs() -> list[tuple[str, Path]]:
    out = []
    for name in targets.TARGETS:
        out += [(name, p) for p in sorted((FUZZ / "corpus" / name).glob("*"))]
        out += [(name, p) for p in sorted((FUZZ / "regressions").glob(f"{name}-*"))]
    return out


INPUTS = _inputs()


def test_every_target_has_a_corpus() -> None:
    for name in targets.TARGETS:
        assert list((FUZZ / "corpus" / name).glob("*")), name


@pytest.mark.parametrize(("target", "path"), INPUTS, ids=[f"{t}/{p.name}" for t, p in INPUTS])
def test_corpus_and_regressions_replay(target: str, path: Path) -> None:
    targets.TARGETS[target](path.read_bytes())


# --------------------------------------------------------------------------- properties

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
clinical_alphabet = st.sampled_from(
    list("0123456789/-.:,;() \n\tABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz%#|[]x")
    + [
        "since ",
        "PT ",
        "mg ",
        "weeks",
        "2/29",
        "13/45",
        "Jan ",
        "ago ",
        "no ",
        "denies ",
        "AHI ",
        "BMI ",
    ]
)
clinical_text = st.lists(clinical_alphabet, max_size=400).map("".join)


@FAST
@given(clinical_text, st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31)))
def test_find_dates_never_raises_and_stays_in_the_text(text: str, ref: date) -> None:
    from casebrief.nlp.dates import find_dates, find_durations

    for d in find_dates(text, ref):
        assert 0 <= d.start < d.end <= len(text)
        assert 1950 <= d.value.year <= 2101
    for du in find_durations(text):
        assert du.days > 0


@FAST
@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2099, 12, 31)))
def test_full_dates_round_trip(d: date) -> None:
    from casebrief.nlp.dates import parse_full_date

    assert parse_full_date(d.isoformat()) == d
    assert parse_full_date(d.strftime("%m/%d/%Y")) == d
    assert parse_full_date(str(d.year)) is None


@FAST
@given(st.text(max_size=3000), st.integers(min_value=8, max_value=500))
def test_chunks_cover_the_text_exactly(text: str, limit: int) -> None:
    from casebrief.nlp.chunking import chunk_spans

    spans = chunk_spans(text, limit)
    assert "".join(text[s:e] for s, e in spans) == text
    assert all(0 < e - s <= limit for s, e in spans) or text == ""


@FAST
@given(clinical_text)
def test_sentence_starts_are_ordered_and_bounded(text: str) -> None:
    from casebrief.nlp.sentences import MAX_SENTENCE_CHARS, sentence_starts

    starts = sentence_starts(text)
    assert starts == sorted(set(starts))
    bounds = [*starts, len(text)]
    assert all(b - a <= MAX_SENTENCE_CHARS for a, b in zip(bounds, bounds[1:], strict=False))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)
case_like = st.fixed_dictionaries(
    {},
    optional={
        "case_id": json_values,
        "policy": json_values,
        "documents": json_values,
        "request": json_values
        | st.fixed_dictionaries(
            {},
            optional={
                "request_date": json_values,
                "request_type": json_values,
                "cpt": json_values,
                "icd10": json_values,
            },
        ),
    },
)


@FAST
@given(case_like | json_values)
def test_any_case_json_is_read_or_refused_with_a_coded_error(value: object) -> None:
    targets.case_json(json.dumps(value).encode())


@SLOW
@given(clinical_text)
def test_pipeline_keeps_offsets(text: str) -> None:
    from casebrief.nlp.pipeline import process

    doc = process(text, date(2026, 2, 20))
    assert doc.text == text
    for ent in doc.ents:
        assert text[ent.start_char : ent.end_char] == ent.text
        assert ent._.assertion in {
            "present",
            "negated",
            "hypothetical",
            "historical",
            "family",
            "uncertain",
        }


@SLOW
@given(clinical_text)
def test_pipeline_target_on_generated_text(text: str) -> None:
    targets.pipeline(text.encode())


def test_long_document_is_chunked_with_offsets_kept() -> None:
    from casebrief.nlp.pipeline import CHUNK_CHARS, process

    para = "HPI: Denies fever. Started naproxen 12/01/2025, currently taking. BMI 41.2.\n\n"
    text = para * (CHUNK_CHARS // len(para) * 2 + 3)
    doc = process(text, date(2026, 2, 20))
    assert doc.text == text
    fevers = [e for e in doc.ents if e.text == "fever"]
    assert len(fevers) == text.count("fever") and all(e._.assertion == "negated" for e in fevers)
    assert len(doc._.measurements) == text.count("BMI 41.2")
    assert all(text[m.start : m.end].startswith("BMI") for m in doc._.measurements)
    assert all(text[d.start : d.end] == "12/01/2025" for d in doc._.dates)


# --------------------------------------------------------------------------- coverage-guided run


@pytest.mark.fuzz
@pytest.mark.parametrize("target", sorted(targets.TARGETS))
def test_atheris_finds_no_crash(target: str, tmp_path: Path) -> None:
    pytest.importorskip("atheris")
    seconds = int(os.environ.get("CASEBRIEF_FUZZ_SECONDS", "20"))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    cmd = [
        sys.executable,
        str(FUZZ / "run.py"),
        target,
        f"-max_total_time={seconds}",
        "-max_len=4096",
        "-timeout=60",
        "-rss_limit_mb=4096",
        f"-artifact_prefix={tmp_path}/",
        "-print_final_stats=1",
        str(corpus),
        str(FUZZ / "corpus" / target),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 300, cwd=REPO)
    crashes = sorted(p.name for p in tmp_path.glob("crash-*")) + sorted(
        p.name for p in tmp_path.glob("timeout-*")
    )
    runs = re.search(r"stat::number_of_executed_units:\s*(\d+)", proc.stderr)
    print(
        f"\nfuzz {target}: {runs.group(1) if runs else '?'} "
        f"executions in {seconds} s, crashes {crashes or 'none'}"
    )
    assert proc.returncode == 0 and not crashes, proc.stderr[-3000:]
