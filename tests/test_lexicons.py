"""Rules as data stay honest: every cue is valid, used and defined; every id named exists.

A cue that no code reads is dead weight a maintainer will still "fix"; a cue name the code asks
for that no file defines fails only when that line runs; a concept id misspelt in a policy or a
modality group silently never matches.  These tests catch all of that at once.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from casebrief.lexicon import CueEntry, LexiconError, cue, cue_entries, expand_macros, words
from casebrief.policy.schema import CONCEPT_PARAMS, CUE_PARAMS
from casebrief.resources import RESOURCES, load_yaml

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "casebrief"
CUE_NAME = re.compile(r"""["']([a-z_]+\.[a-z0-9_]+)["']""")  # "therapy.stop" quoted in code
CUE_REF = re.compile(r"\{([a-z_]+\.[a-z0-9_]+)\}")


def _code_uses() -> set[str]:
    from casebrief.nlp.dates import DATE_FORMS

    used = {f"dates.form_{form}" for form in DATE_FORMS}  # read as f"dates.form_{form}"
    for p in SRC.rglob("*.py"):
        used |= set(CUE_NAME.findall(p.read_text(encoding="utf-8")))
    for p in (SRC / "resources").rglob("*.yaml"):
        text = p.read_text(encoding="utf-8")
        used |= set(CUE_REF.findall(text))
        params = "|".join(sorted(CUE_PARAMS))
        used |= set(re.findall(rf"(?:{params}):\s*([a-z_]+\.[a-z0-9_]+)", text))
    return used


def test_every_cue_compiles_and_explains_itself() -> None:
    entries = cue_entries()
    assert len(entries) > 100
    for name, entry in entries.items():
        assert cue(name).pattern
        assert len(entry.why.split()) >= 3, name


def test_every_cue_the_code_asks_for_exists() -> None:
    areas = {name.split(".")[0] for name in cue_entries()}
    missing = sorted(u for u in _code_uses() - set(cue_entries()) if u.split(".")[0] in areas)
    assert not missing, missing


def test_every_cue_is_used() -> None:
    unused = sorted(set(cue_entries()) - _code_uses())
    assert not unused, f"dead cue entries: {unused}"


def test_every_explicit_cue_call_names_an_entry() -> None:
    calls = set()
    for p in SRC.rglob("*.py"):
        calls |= set(re.findall(r"""\bcue\(\s*["']([^"']+)["']""", p.read_text(encoding="utf-8")))
    assert calls and not sorted(calls - set(cue_entries()))


def test_unknown_cue_is_a_clear_error() -> None:
    with pytest.raises(LexiconError, match="unknown cue 'therapy.nope'"):
        cue("therapy.nope")


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ({"why": "a cue with nothing in it"}, "needs 'words' or 'patterns'"),
        ({"why": "x y z", "patterns": ["a"], "colour": "red"}, "Extra inputs"),
        ({"patterns": ["a"]}, "why"),
        ({"why": "x y z", "patterns": ["a"], "flags": ["VERBOSE"]}, "flags"),
    ],
)
def test_cue_schema_rejects_malformed_entries(raw: dict, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        CueEntry.model_validate(raw)


def test_macros_expand_and_unknown_macros_fail() -> None:
    assert re.fullmatch(expand_macros(r"(?P<n>{NUMBER}) (?P<u>{UNIT})"), "a few weeks", re.I)
    assert re.search(expand_macros("{common.four_hours}"), "used >= 4 hrs on 80% of nights")
    with pytest.raises(ValueError, match="unknown macro"):
        expand_macros("{NOPE}")
    with pytest.raises(ValueError, match="unknown cue"):
        expand_macros("{common.nope}")


def test_word_tables_are_consistent() -> None:
    t = words()
    assert t.number("twenty-one") == 21 and t.number("a few") == 3 and t.number("seven") == 7
    assert set(t.months.values()) == set(range(1, 13))
    assert all(1 <= m <= 12 and 1 <= d <= 31 for m, d in t.seasons.values())
    assert t.units["weeks"] == 7


def _concept_ids() -> set[str]:
    return {e["id"] for e in load_yaml("lexicons/concepts.yaml")}


def test_modality_groups_name_real_concepts() -> None:
    groups = load_yaml("lexicons/therapy_groups.yaml")
    for name, entry in groups.items():
        assert set(entry) <= {"concepts", "point", "label", "kinds"}, name
        assert isinstance(entry.get("label", ""), str), name
        assert set(entry["concepts"]) <= _concept_ids(), name
        for kind, names in entry.get("kinds", {}).items():  # words naming each kind of member
            assert names and all(isinstance(w, str) and w for w in names), (name, kind)


def test_schema_checks_every_concept_list_the_policies_use() -> None:
    """The policy schema validates concept ids in CONCEPT_PARAMS (tests/test_policies.py shows it
    refuses a typo); every list of ids a bundled policy gives must be one of those parameters."""
    concepts = _concept_ids()
    for entry in RESOURCES.joinpath("policies").iterdir():
        if not entry.name.endswith(".yaml"):
            continue
        for c in load_yaml(f"policies/{entry.name}")["criteria"]:
            for key, value in c.get("params", {}).items():
                if isinstance(value, list) and value and set(value) <= concepts:
                    checked = CONCEPT_PARAMS | (
                        {"modalities"} if not c["evaluator"].startswith("therapy_") else set()
                    )
                    assert key in checked, (entry.name, c["id"], key)
