"""The code passes ruff's configured rules (pyproject.toml: pycodestyle with the 100-column line
length, pyflakes, import order, bugbear, pyupgrade) and ruff's formatter.

Why in the suite: the policy engine turns an evaluator's exception into ``needs_review`` so a
brief survives, which would otherwise hide a NameError; and style drift is cheapest to stop
at the commit that starts it.  ``--no-cache``: a test must not write into the repository.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TREES = [str(ROOT / "src"), str(ROOT / "tests"), str(ROOT / "fuzz")]


def _ruff() -> str:
    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    if not Path(ruff).exists():
        pytest.skip("ruff not installed (pip install -e '.[test]')")
    return ruff


def test_ruff_rules_pass() -> None:
    proc = subprocess.run(
        [_ruff(), "check", "--no-cache", "--output-format", "concise", *TREES],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_ruff_format_is_clean() -> None:
    proc = subprocess.run(
        [_ruff(), "format", "--no-cache", "--check", *TREES],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
