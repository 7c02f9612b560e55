"""`casebrief benchmark-api` end to end at a tiny size: a real server starts, briefs every
case, stops, and the figures are printed."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")
pytest.importorskip("reportlab")


@pytest.mark.api
@pytest.mark.slow
def test_benchmark_api_runs_through_a_real_server(capsys: pytest.CaptureFixture[str]) -> None:
    from casebrief.api.benchmark import run_api_benchmark

    rc = run_api_benchmark(cases=3, clients=[1, 2], pages=3, workers=1, database_url=None)
    out = capsys.readouterr().out
    assert rc == 0, out
    assert "p95" in out
