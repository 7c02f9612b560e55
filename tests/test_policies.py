"""Bundled policies, choosing a policy from codes, policy file validation and the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from casebrief.cli import main
from casebrief.errors import PolicyError
from casebrief.policy import choose_policy, get_policy, list_policies, load_policy_file

# The public contract of policies.md: policy id -> (codes, {criterion id: kind}).
EXPECTED = {
    "lumbar-spine-mri": (
        {"72148", "72149", "72158"},
        {
            "red-flags": "waiver",
            "conservative-therapy": "requirement",
            "therapy-failure": "requirement",
            "clinical-evaluation": "requirement",
            "repeat-imaging": "exclusion",
        },
    ),
    "lumbar-epidural-steroid-injection": (
        {"62322", "62323", "64483", "64484"},
        {
            "radicular-pain": "requirement",
            "conservative-care-4wk": "requirement",
            "pain-assessment": "requirement",
            "imaging-concordant": "requirement",
            "prior-injection-response": "requirement",
        },
    ),
    "total-knee-arthroplasty": (
        {"27447"},
        {
            "radiographic-severity": "requirement",
            "functional-limitation": "requirement",
            "conservative-therapy-12wk": "requirement",
            "bmi-below-40": "requirement",
            "no-active-infection": "exclusion",
        },
    ),
    "bariatric-surgery": (
        {"43644", "43645", "43775"},
        {
            "bmi-comorbidity": "requirement",
            "supervised-weight-loss-6mo": "requirement",
            "psych-evaluation": "requirement",
            "nutrition-evaluation": "requirement",
        },
    ),
    "cpap-osa": (
        {"E0601"},
        {
            "face-to-face-evaluation": "requirement",
            "sleep-test-ahi": "requirement",
            "adherence": "requirement",
            "clinical-reevaluation": "requirement",
        },
    ),
}


def test_exactly_the_five_policies_are_bundled() -> None:
    assert sorted(p.id for p in list_policies()) == sorted(EXPECTED)


@pytest.mark.parametrize("policy_id", sorted(EXPECTED))
def test_bundled_policy_criteria(policy_id: str) -> None:
    pol = get_policy(policy_id)
    codes, criteria = EXPECTED[policy_id]
    assert pol.id == policy_id
    assert set(pol.codes) == codes
    assert [c.id for c in pol.criteria] == list(criteria)
    assert {c.id: c.kind for c in pol.criteria} == criteria
    for c in pol.criteria:
        assert c.title.strip()
        assert c.missing_documentation.strip()


def test_red_flags_waive_therapy() -> None:
    pol = get_policy("lumbar-spine-mri")
    red = next(c for c in pol.criteria if c.id == "red-flags")
    assert set(red.waives) == {"conservative-therapy", "therapy-failure"}


@pytest.mark.parametrize(
    ("policy_id", "criterion"),
    [
        pytest.param("cpap-osa", "adherence", id="cpap-adherence"),
        pytest.param("cpap-osa", "clinical-reevaluation", id="cpap-reevaluation"),
    ],
)
def test_continuation_only_criteria_are_conditional(policy_id: str, criterion: str) -> None:
    c = next(c for c in get_policy(policy_id).criteria if c.id == criterion)
    assert c.applies_when is not None
    assert c.applies_when.request_type == ["continuation"]


@pytest.mark.parametrize(
    ("policy_id", "criterion", "unit"),
    [
        pytest.param("lumbar-spine-mri", "conservative-therapy", "weeks", id="mri-weeks"),
        pytest.param(
            "lumbar-epidural-steroid-injection", "conservative-care-4wk", "weeks", id="esi-weeks"
        ),
        pytest.param(
            "total-knee-arthroplasty", "conservative-therapy-12wk", "weeks", id="tka-weeks"
        ),
        pytest.param(
            "bariatric-surgery", "supervised-weight-loss-6mo", "months", id="bariatric-months"
        ),
    ],
)
def test_duration_units(policy_id: str, criterion: str, unit: str) -> None:
    c = next(c for c in get_policy(policy_id).criteria if c.id == criterion)
    assert c.unit == unit


# ---------------------------------------------------------------- choose_policy --------------
@pytest.mark.parametrize(
    ("codes", "policy_id"),
    [
        pytest.param(["72148"], "lumbar-spine-mri", id="72148"),
        pytest.param(["72158"], "lumbar-spine-mri", id="72158"),
        pytest.param(["E0601"], "cpap-osa", id="E0601"),
        pytest.param(["e0601"], "cpap-osa", id="e0601-lowercase"),
        pytest.param([" 27447 "], "total-knee-arthroplasty", id="whitespace"),
        pytest.param(
            ["64483", "99999"], "lumbar-epidural-steroid-injection", id="one-known-one-unknown"
        ),
        pytest.param(["43644", "43645"], "bariatric-surgery", id="two-codes-same-policy"),
    ],
)
def test_choose_policy(codes: list[str], policy_id: str) -> None:
    assert choose_policy(codes).id == policy_id


@pytest.mark.parametrize(
    "codes",
    [
        pytest.param(["99213"], id="unknown"),
        pytest.param([], id="none"),
    ],
)
def test_choose_policy_unknown_codes(codes: list[str]) -> None:
    with pytest.raises(PolicyError) as exc:
        choose_policy(codes)
    assert "no policy" in str(exc.value).lower() or "could be chosen" in str(exc.value)
    for c in codes:
        assert c in str(exc.value)


def test_choose_policy_two_policies() -> None:
    with pytest.raises(PolicyError) as exc:
        choose_policy(["72148", "27447"])
    msg = str(exc.value)
    assert "lumbar-spine-mri" in msg
    assert "total-knee-arthroplasty" in msg


def test_unknown_policy_names_known_ones() -> None:
    with pytest.raises(PolicyError) as exc:
        get_policy("knee-mri")
    msg = str(exc.value)
    assert "knee-mri" in msg
    for pid in EXPECTED:
        assert pid in msg


# ---------------------------------------------------------------- policy files ---------------
GOOD = {
    "id": "test-policy",
    "version": "1",
    "title": "A test policy",
    "codes": ["99999"],
    "criteria": [
        {
            "id": "waiver-one",
            "title": "A waiver",
            "kind": "waiver",
            "evaluator": "finding_documented",
            "waives": ["therapy"],
            "params": {"label": "red flags", "concepts": ["foot_drop"], "silent_status": "not_met"},
            "missing_documentation": "Red flags.",
        },
        {
            "id": "therapy",
            "title": "Therapy",
            "kind": "requirement",
            "evaluator": "therapy_duration",
            "unit": "weeks",
            "params": {"modalities": ["pt", "nsaid"], "window_days": 182, "min_weeks": 6},
            "missing_documentation": "Therapy notes.",
        },
    ],
}


def _bad(mutate) -> dict:
    import copy

    data = copy.deepcopy(GOOD)
    mutate(data)
    return data


BAD = [
    pytest.param(_bad(lambda d: d.update(colour="blue")), "colour", id="unknown-top-key"),
    pytest.param(
        _bad(lambda d: d["criteria"][1].update(threshold=6)),
        "threshold",
        id="unknown-criterion-key",
    ),
    pytest.param(
        _bad(lambda d: d["criteria"][1].update(evaluator="no_such_evaluator")),
        "no_such_evaluator",
        id="unknown-evaluator",
    ),
    pytest.param(
        _bad(lambda d: d["criteria"][0].update(waives=["nonexistent"])),
        "nonexistent",
        id="waives-unknown",
    ),
    pytest.param(_bad(lambda d: d.pop("title")), "title", id="missing-title"),
    pytest.param(
        _bad(lambda d: d["criteria"][1].pop("title")), "title", id="missing-criterion-title"
    ),
    pytest.param(_bad(lambda d: d["criteria"][1].update(kind="must")), "kind", id="bad-kind"),
    pytest.param(
        _bad(lambda d: d["criteria"].append(dict(d["criteria"][1]))), "duplicate", id="duplicate-id"
    ),
    pytest.param(
        _bad(lambda d: d["criteria"][0]["params"].update(concepts=["foot_drpo"])),
        "unknown concepts ['foot_drpo']",
        id="unknown-concept",
    ),
    pytest.param(
        _bad(lambda d: d["criteria"][1]["params"].update(modalities=["pt", "yoga"])),
        "unknown modality groups ['yoga']",
        id="unknown-modality",
    ),
    pytest.param(
        _bad(
            lambda d: d["criteria"][1].update(
                evaluator="no_recent_imaging", params={"modalities": ["mir"], "window_days": 365}
            )
        ),
        "modalities: unknown concepts ['mir']",
        id="unknown-imaging-modality",
    ),
    pytest.param(
        _bad(lambda d: d["criteria"][0]["params"].update(screen_cue="findings.no_such_cue")),
        "unknown cue 'findings.no_such_cue'",
        id="unknown-cue",
    ),
    pytest.param(
        _bad(lambda d: d["criteria"][1].update(rationales={"great": "All good."})),
        "rationale 'great' is not one of therapy_duration's",
        id="unknown-rationale",
    ),
    pytest.param(
        _bad(lambda d: d["criteria"][1].update(rationales={"met": "{arithmetic} with {drug}."})),
        "uses fields ['drug']",
        id="rationale-unknown-field",
    ),
]


def _write(tmp_path: Path, data: object, name: str = "policy.yaml") -> Path:
    f = tmp_path / name
    f.write_text(
        yaml.safe_dump(data, sort_keys=False) if not isinstance(data, str) else data,
        encoding="utf-8",
    )
    return f


def test_good_policy_file_loads(tmp_path: Path) -> None:
    pol = load_policy_file(_write(tmp_path, GOOD))
    assert pol.id == "test-policy"
    assert [c.id for c in pol.criteria] == ["waiver-one", "therapy"]


@pytest.mark.parametrize(("data", "problem"), BAD)
def test_bad_policy_file_names_file_and_problem(tmp_path: Path, data: dict, problem: str) -> None:
    f = _write(tmp_path, data, "broken-policy.yaml")
    with pytest.raises(PolicyError) as exc:
        load_policy_file(f)
    msg = str(exc.value)
    assert "broken-policy.yaml" in msg
    assert problem in msg


def test_policy_file_yaml_syntax_error(tmp_path: Path) -> None:
    f = _write(tmp_path, "id: x\ncriteria: [unclosed\n", "syntax.yaml")
    with pytest.raises(PolicyError) as exc:
        load_policy_file(f)
    assert "syntax.yaml" in str(exc.value)


def test_policy_file_not_a_mapping(tmp_path: Path) -> None:
    f = _write(tmp_path, "- just\n- a list\n", "list.yaml")
    with pytest.raises(PolicyError) as exc:
        load_policy_file(f)
    assert "list.yaml" in str(exc.value)
    assert "mapping" in str(exc.value)


def test_policy_file_missing(tmp_path: Path) -> None:
    with pytest.raises(PolicyError) as exc:
        load_policy_file(tmp_path / "absent.yaml")
    assert "absent.yaml" in str(exc.value)


# ---------------------------------------------------------------- CLI --------------------------
def test_cli_validate_policy_good(tmp_path: Path, capsys) -> None:
    f = _write(tmp_path, GOOD, "good.yaml")
    assert main(["validate-policy", str(f)]) == 0
    out, err = capsys.readouterr()
    assert "test-policy" in out
    assert "valid" in out
    assert err == ""


@pytest.mark.parametrize(("data", "problem"), BAD[:5])
def test_cli_validate_policy_bad(tmp_path: Path, capsys, data: dict, problem: str) -> None:
    f = _write(tmp_path, data, "bad.yaml")
    assert main(["validate-policy", str(f)]) == 2
    out, err = capsys.readouterr()
    assert "bad.yaml" in err
    assert problem in err
    assert err.startswith("casebrief: error:")
    assert "valid policy" not in out


@pytest.mark.parametrize("policy_id", sorted(EXPECTED))
def test_cli_validate_bundled_policy_files(capsys, policy_id: str) -> None:
    from casebrief.resources import RESOURCES

    path = RESOURCES.joinpath("policies", f"{policy_id}.yaml")
    assert main(["validate-policy", str(path)]) == 0
    assert policy_id in capsys.readouterr().out


def test_cli_policies_lists_all(capsys) -> None:
    assert main(["policies"]) == 0
    out = capsys.readouterr().out
    for pid, (_, criteria) in EXPECTED.items():
        assert pid in out
        for cid in criteria:
            assert cid in out
