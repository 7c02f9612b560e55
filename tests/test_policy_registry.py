"""Policies a payer brings: CASEBRIEF_POLICY_DIR and --policy-file, dated versions, the
version in effect on the request date, and the brief naming the version it used."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import yaml

from casebrief.brief.markdown import render_markdown
from casebrief.cli import main
from casebrief.errors import PolicyError
from casebrief.policy import choose_policy, get_policy
from casebrief.policy.registry import (
    ENV_POLICY_DIR,
    build_registry,
    get_registry,
    reset_registry,
    served_policies,
)
from casebrief.resources import RESOURCES
from casebrief.service import brief_case

MRI = "lumbar-spine-mri"
NOTE = (
    "Office visit 05/20/2025\n"
    "Low back pain for 3 months. Physical therapy since 02/01/2025 without improvement.\n"
    "Straight leg raise negative. Strength 5/5.\n"
)


@pytest.fixture(autouse=True)
def _fresh_registry(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv(ENV_POLICY_DIR, raising=False)
    reset_registry()
    yield
    reset_registry()


def bundled(policy_id: str = MRI) -> dict:
    return yaml.safe_load(RESOURCES.joinpath("policies", f"{policy_id}.yaml").read_text())


def write_policy(folder: Path, name: str, **changes: object) -> Path:
    """A copy of the bundled lumbar MRI policy with ``changes`` (version, dates, id...)."""
    folder.mkdir(parents=True, exist_ok=True)
    data = bundled() | changes
    path = folder / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def payer_dir(tmp_path: Path) -> Path:
    """Two dated versions of the lumbar MRI policy: 2025 (closed) and 2026 onwards."""
    folder = tmp_path / "payer"
    write_policy(
        folder,
        "mri-2025.yaml",
        version="2025.1",
        effective_from="2025-01-01",
        effective_to="2025-12-31",
    )
    write_policy(folder, "mri-2026.yml", version="2026.1", effective_from=date(2026, 1, 1))
    return folder


def write_case(root: Path, request_date: str, policy: str | None = MRI) -> Path:
    root.mkdir(parents=True)
    meta: dict = {
        "case_id": root.name,
        "request": {"request_date": request_date, "request_type": "initial", "cpt": ["72148"]},
    }
    if policy:
        meta["policy"] = policy
    (root / "case.json").write_text(json.dumps(meta), encoding="utf-8")
    (root / "01_office_note.txt").write_text(NOTE, encoding="utf-8")
    return root


# ---------------------------------------------------------------- briefs -------------------------
@pytest.mark.parametrize(
    ("request_date", "version", "start", "end", "source"),
    [
        pytest.param(
            "2025-06-01", "2025.1", "2025-01-01", "2025-12-31", "mri-2025.yaml", id="2025"
        ),
        pytest.param("2026-02-10", "2026.1", "2026-01-01", None, "mri-2026.yml", id="2026"),
    ],
)
def test_brief_uses_the_version_in_effect_and_names_it(
    tmp_path: Path,
    payer_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    request_date: str,
    version: str,
    start: str,
    end: str | None,
    source: str,
) -> None:
    monkeypatch.setenv(ENV_POLICY_DIR, str(payer_dir))
    brief = brief_case(write_case(tmp_path / "case", request_date))
    assert brief.policy.id == MRI
    assert brief.policy.version == version
    assert brief.policy.effective_from == start
    assert brief.policy.effective_to == end
    assert brief.policy.source == source  # the file name, not its path
    assert [c.id for c in brief.criteria] == [c["id"] for c in bundled()["criteria"]]
    assert f"v{version}" in render_markdown(brief)
    assert f"from {source}" in render_markdown(brief)


def test_brief_on_a_date_in_no_period_is_a_clear_error(
    tmp_path: Path, payer_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_POLICY_DIR, str(payer_dir))
    with pytest.raises(PolicyError) as exc:
        brief_case(write_case(tmp_path / "case", "2024-11-30"))
    msg = str(exc.value)
    assert exc.value.code == "E215"
    assert MRI in msg
    assert "2024-11-30" in msg
    assert "2025-01-01 to 2025-12-31" in msg
    assert "from 2026-01-01" in msg


def test_version_follows_a_request_date_found_in_the_packet(
    tmp_path: Path, payer_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No request date in case.json: the latest document's date decides the version, so the
    date is resolved before the policy."""
    monkeypatch.setenv(ENV_POLICY_DIR, str(payer_dir))
    case = write_case(tmp_path / "case", "2026-03-01")
    meta = json.loads((case / "case.json").read_text())
    del meta["request"]["request_date"]
    meta["documents"] = [{"file": "01_office_note.txt", "date": "2025-05-20"}]
    (case / "case.json").write_text(json.dumps(meta), encoding="utf-8")
    brief = brief_case(case)
    assert brief.request.request_date == "2025-05-20"
    assert "latest document date" in brief.request.request_date_source
    assert brief.policy.version == "2025.1"


def test_bundled_brief_names_bundled_and_reads_as_before(tmp_path: Path) -> None:
    brief = brief_case(write_case(tmp_path / "case", "2025-06-01"))
    assert brief.policy.version == bundled()["version"]
    assert brief.policy.source == "bundled"
    assert brief.policy.effective_from is None
    assert brief.policy.effective_to is None
    line = next(x for x in render_markdown(brief).splitlines() if x.startswith("**Policy:**"))
    assert line.endswith(f"(`{MRI}` v{bundled()['version']})  ")


# ---------------------------------------------------------------- registry -----------------------
@pytest.mark.parametrize(
    ("on", "version"),
    [
        pytest.param(date(2025, 1, 1), "2025.1", id="first-day-inclusive"),
        pytest.param(date(2025, 12, 31), "2025.1", id="last-day-inclusive"),
        pytest.param(date(2026, 1, 1), "2026.1", id="next-version-first-day"),
        pytest.param(date(2040, 1, 1), "2026.1", id="open-end"),
    ],
)
def test_get_and_choose_respect_dates(payer_dir: Path, on: date, version: str) -> None:
    reg = build_registry(payer_dir)
    assert reg.get(MRI, on).version == version
    assert reg.choose(["72148"], on).version == version
    assert reg.choose(["99999", "72148"], on).id == MRI


def test_choose_on_a_date_in_no_period(payer_dir: Path, monkeypatch) -> None:
    monkeypatch.setenv(ENV_POLICY_DIR, str(payer_dir))
    with pytest.raises(PolicyError) as exc:
        choose_policy(["72148"], date(2024, 12, 31))
    assert exc.value.code == "E215"
    assert "2024-12-31" in str(exc.value)
    assert choose_policy(["27447"], date(2024, 12, 31)).id == "total-knee-arthroplasty"


def test_payer_versions_replace_the_bundled_ones(payer_dir: Path) -> None:
    reg = build_registry(payer_dir)
    assert [(p.version, p.source) for p in reg.versions_of(MRI)] == [
        ("2025.1", "mri-2025.yaml"),
        ("2026.1", "mri-2026.yml"),
    ]
    assert reg.get("cpap-osa").source == "bundled"  # other ids keep their bundled version
    assert len(reg.ids()) == 5


def test_registry_follows_the_environment(payer_dir: Path, monkeypatch) -> None:
    assert get_policy(MRI).source == "bundled"
    monkeypatch.setenv(ENV_POLICY_DIR, str(payer_dir))
    assert get_policy(MRI, date(2025, 3, 1)).source == "mri-2025.yaml"
    write_policy(
        payer_dir,
        "mri-2025.yaml",
        version="2025.2",
        effective_from="2025-01-01",
        effective_to="2025-12-31",
    )
    assert get_policy(MRI, date(2025, 3, 1)).version == "2025.1"  # cached until reset
    reset_registry()
    assert get_policy(MRI, date(2025, 3, 1)).version == "2025.2"


def test_overlapping_periods_name_both_files(tmp_path: Path) -> None:
    folder = tmp_path / "payer"
    write_policy(
        folder, "a.yaml", version="1", effective_from="2025-01-01", effective_to="2025-06-30"
    )
    write_policy(folder, "b.yaml", version="2", effective_from="2025-06-30")
    with pytest.raises(PolicyError) as exc:
        build_registry(folder)
    msg = str(exc.value)
    assert exc.value.code == "E216"
    assert str(folder / "a.yaml") in msg
    assert str(folder / "b.yaml") in msg
    assert MRI in msg


def test_undated_version_must_be_the_only_one(tmp_path: Path) -> None:
    folder = tmp_path / "payer"
    write_policy(folder, "dated.yaml", version="2", effective_from="2026-01-01")
    write_policy(folder, "undated.yaml", version="1")
    with pytest.raises(PolicyError) as exc:
        build_registry(folder)
    assert exc.value.code == "E216"
    assert "undated.yaml" in str(exc.value)
    assert "dated.yaml (from 2026-01-01)" in str(exc.value)


def test_same_version_twice_names_both_files(tmp_path: Path) -> None:
    folder = tmp_path / "payer"
    write_policy(folder, "a.yaml", version="7", effective_to="2024-12-31")
    write_policy(folder, "b.yaml", version="7", effective_from="2025-01-01")
    with pytest.raises(PolicyError) as exc:
        build_registry(folder)
    assert exc.value.code == "E217"
    assert "a.yaml" in str(exc.value)
    assert "b.yaml" in str(exc.value)


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        pytest.param(
            {"effective_from": "2026-01-01", "effective_to": "2025-12-31"},
            "effective_to 2025-12-31 is before effective_from 2026-01-01",
            id="end-before-start",
        ),
        pytest.param({"effective_from": "01/02/2026"}, "YYYY-MM-DD", id="not-iso"),
        pytest.param({"effective_to": "2026-02-30"}, "YYYY-MM-DD", id="no-such-day"),
        pytest.param({"criteria": "none"}, "criteria", id="bad-criteria"),
    ],
)
def test_malformed_payer_file_names_the_file(
    tmp_path: Path, monkeypatch, changes: dict, problem: str
) -> None:
    folder = tmp_path / "payer"
    write_policy(folder, "good.yaml", version="1", effective_to="2024-12-31")
    write_policy(folder, "broken.yaml", version="2", **changes)
    monkeypatch.setenv(ENV_POLICY_DIR, str(folder))
    with pytest.raises(PolicyError) as exc:
        get_registry()
    assert exc.value.code == "E204"
    assert str(folder / "broken.yaml") in str(exc.value)
    assert problem in str(exc.value)


def test_yaml_syntax_error_in_payer_dir(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "payer"
    folder.mkdir()
    (folder / "typo.yml").write_text("id: x\ncriteria: [unclosed\n", encoding="utf-8")
    (folder / "notes.txt").write_text("not a policy", encoding="utf-8")  # ignored
    monkeypatch.setenv(ENV_POLICY_DIR, str(folder))
    with pytest.raises(PolicyError) as exc:
        get_policy(MRI)
    assert "typo.yml" in str(exc.value)


def test_policy_dir_that_is_not_a_directory(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(ENV_POLICY_DIR, str(tmp_path / "nowhere"))
    with pytest.raises(PolicyError) as exc:
        get_registry()
    assert exc.value.code == "E218"
    assert "nowhere" in str(exc.value)
    assert "does not exist" in str(exc.value)


def test_served_policies_lists_every_version(payer_dir: Path, monkeypatch) -> None:
    monkeypatch.setenv(ENV_POLICY_DIR, str(payer_dir))
    served = served_policies()
    mri = [p for p in served if p["id"] == MRI]
    assert [(p["version"], p["effective_from"], p["effective_to"], p["source"]) for p in mri] == [
        ("2025.1", "2025-01-01", "2025-12-31", "mri-2025.yaml"),
        ("2026.1", "2026-01-01", None, "mri-2026.yml"),
    ]
    knee = next(p for p in served if p["id"] == "total-knee-arthroplasty")
    assert knee["source"] == "bundled"
    assert knee["codes"] == ["27447"]
    assert knee["effective_from"] is None
    assert {"id": "bmi-below-40", "title": knee["criteria"][3]["title"], "kind": "requirement"} in (
        knee["criteria"]
    )
    assert set(mri[0]) == {
        "id",
        "version",
        "title",
        "codes",
        "effective_from",
        "effective_to",
        "source",
        "criteria",
    }
    json.dumps(served)  # JSON-ready as it is
    extra = write_policy(payer_dir.parent / "more", "knee.yaml", id="payer-knee", codes=["99999"])
    assert "payer-knee" in {p["id"] for p in served_policies([extra])}
    assert "payer-knee" not in {p["id"] for p in served_policies()}


# ---------------------------------------------------------------- CLI -----------------------------
def test_cli_brief_with_policy_files(tmp_path: Path, payer_dir: Path, capsys) -> None:
    case = write_case(tmp_path / "case", "2025-06-01")
    out = tmp_path / "brief.json"
    argv = ["brief", str(case), "--format", "json", "-o", str(out)]
    for f in ("mri-2025.yaml", "mri-2026.yml"):
        argv += ["--policy-file", str(payer_dir / f)]
    assert main(argv) == 0
    policy = json.loads(out.read_text())["policy"]
    assert policy["version"] == "2025.1"
    assert policy["source"] == "mri-2025.yaml"
    assert capsys.readouterr().err == ""


def test_cli_one_policy_file_is_used_when_the_case_names_none(tmp_path: Path, capsys) -> None:
    # its code 72148 is also the bundled MRI policy's: without the rule that is two candidates
    f = write_policy(tmp_path / "payer", "payer-mri.yaml", id="payer-mri", version="p1")
    case = write_case(tmp_path / "case", "2025-06-01", policy=None)
    assert main(["brief", str(case), "--format", "json", "--policy-file", str(f)]) == 0
    policy = json.loads(capsys.readouterr().out)["policy"]
    assert (policy["id"], policy["version"], policy["source"]) == (
        "payer-mri",
        "p1",
        "payer-mri.yaml",
    )
    reg = get_registry([f])
    with pytest.raises(PolicyError) as exc:  # code choice alone cannot decide
        reg.choose(["72148"], date(2025, 6, 1))
    assert exc.value.code == "E203"


def test_cli_bad_policy_file_exits_2_with_one_line(tmp_path: Path, capsys) -> None:
    bad = write_policy(tmp_path / "payer", "bad-policy.yaml", version="1", colour="blue")
    case = write_case(tmp_path / "case", "2025-06-01")
    assert main(["brief", str(case), "--policy-file", str(bad)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("casebrief: error: policy file ")
    assert "bad-policy.yaml" in err
    assert "colour" in err


def test_cli_policies_lists_versions_periods_and_sources(
    payer_dir: Path, monkeypatch, capsys
) -> None:
    monkeypatch.setenv(ENV_POLICY_DIR, str(payer_dir))
    assert main(["policies"]) == 0
    out = capsys.readouterr().out
    assert "v2025.1" in out
    assert "in effect 2025-01-01 to 2025-12-31; source mri-2025.yaml" in out
    assert "in effect from 2026-01-01; source mri-2026.yml" in out
    assert "in effect always (undated); source bundled" in out
    heads = [line.split()[1] for line in out.splitlines() if line.startswith(MRI + " ")]
    assert heads == ["v2025.1", "v2026.1"]  # the bundled version is replaced, not listed


def test_cli_validate_policy_checks_versions_together(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "payer"
    a = write_policy(folder, "a.yaml", version="1", effective_to="2025-06-30")
    b = write_policy(folder, "b.yaml", version="2", effective_from="2025-07-01")
    c = write_policy(folder, "c.yaml", version="3", effective_from="2025-06-01")
    assert main(["validate-policy", str(a), str(b)]) == 0
    out = capsys.readouterr().out
    assert "in effect until 2025-06-30" in out
    assert "in effect from 2025-07-01" in out
    assert main(["validate-policy", str(a), str(c)]) == 2
    err = capsys.readouterr().err
    assert "a.yaml" in err
    assert "c.yaml" in err
