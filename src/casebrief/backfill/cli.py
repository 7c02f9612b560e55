"""``casebrief backfill``, registered into the main parser (as :mod:`casebrief.api.cli` does
for the service).  Nothing heavy is imported until the command runs."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def worker_env(a: argparse.Namespace) -> dict[str, str]:
    """The variables every worker needs to brief as this command line would: OCR options and
    the payer policy folder, passed explicitly (a Ray worker on another node does not
    inherit this process's environment)."""
    env = {}
    if a.no_ocr:
        env["CASEBRIEF_OCR"] = "off"
    if a.ocr_engine:
        env["CASEBRIEF_OCR_ENGINE"] = a.ocr_engine
    for name in ("CASEBRIEF_POLICY_DIR", "CASEBRIEF_OCR", "CASEBRIEF_OCR_ENGINE"):
        if name in os.environ and name not in env:
            value = os.environ[name]
            env[name] = str(Path(value).resolve()) if name.endswith("_DIR") else value
    return env


def _cmd_backfill(a: argparse.Namespace) -> int:
    from casebrief.backfill.messages import BackfillError
    from casebrief.backfill.runner import Options, run_backfill, summary_lines

    if a.address and a.engine == "local":
        raise BackfillError("E311")
    opts = Options(
        source=Path(a.source),
        out=Path(a.out),
        engine=a.engine,
        workers=a.workers,
        address=a.address,
        record_seconds=a.record_seconds,
        case_seconds=a.case_seconds,
        case_timeout=a.case_timeout,
        retry_failed=a.retry_failed,
        env=worker_env(a),
        progress=not a.quiet,
    )
    stats = run_backfill(opts)
    for line in summary_lines(stats, opts.out):
        print(line)
    sys.stdout.flush()
    return 130 if stats.interrupted else 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    from casebrief.cli import _positive  # the main parser's check of a positive number

    b = sub.add_parser(
        "backfill",
        help="brief every case of a folder or manifest with Ray (or --engine local): one brief "
        "per case, criteria.parquet, cases.parquet and report.html; resumable",
    )
    b.add_argument(
        "source",
        metavar="SOURCE",
        help="a folder of case folders / packet files, or a .csv/.parquet manifest with "
        "columns path and optionally case_id, decision, decided_on",
    )
    b.add_argument("--out", required=True, metavar="DIR", help="output folder (resumable)")
    b.add_argument(
        "--engine",
        choices=["auto", "ray", "local"],
        default="auto",
        help="ray (actors on this machine or --address), local (a process pool), or auto: "
        "ray when it is installed (default)",
    )
    b.add_argument(
        "--workers",
        type=_positive(int),
        help="warm workers, one case each (default: this machine's cores, or the cluster's CPUs)",
    )
    b.add_argument(
        "--address",
        help="an existing Ray cluster: auto (the one this node belongs to) or HEAD:6379",
    )
    b.add_argument(
        "--record-seconds",
        type=_positive(float),
        default=30.0,
        help="time budget for reading one record (default 30 s; a record over it is cut, E012)",
    )
    b.add_argument(
        "--case-seconds",
        type=_positive(float),
        default=120.0,
        help="time budget for reading one case (default 120 s)",
    )
    b.add_argument(
        "--case-timeout",
        type=_positive(float),
        help="hard limit on one case: past it its worker is stopped and the case recorded "
        "failed (E320); default 2 x --case-seconds + 60",
    )
    b.add_argument(
        "--retry-failed",
        action="store_true",
        help="brief again the cases a previous run recorded as failed",
    )
    b.add_argument("--quiet", action="store_true", help="no progress line, only the summary")
    b.add_argument(
        "--no-ocr",
        action="store_true",
        help="do not OCR scanned pages (they are reported as not read)",
    )
    b.add_argument("--ocr-engine", choices=["tesseract", "rapidocr"])
    b.set_defaults(fn=_cmd_backfill)
