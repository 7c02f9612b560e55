"""Undefined names and unused imports fail the build: the policy engine turns an evaluator's
exception into `needs_review` so a brief survives, which would otherwise hide a NameError."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_pyflakes_clean() -> None:
    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    if not Path(ruff).exists():
        pytest.skip("ruff not installed (pip install -e '.[test]')")
    proc = subprocess.run([ruff, "check", "--select", "F", "--quiet", str(ROOT / "src")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
