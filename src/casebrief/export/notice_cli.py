"""``casebrief notice CASE [--format json|pdf|fhir] [--out FILE]``: brief a case directory (as
``casebrief brief`` does) and write the office's missing-documentation notice.

Why here and not in :mod:`casebrief.cli`: the command line only registers it
(:func:`add_command`), as it does the service's commands, so the notice's options and its
one binary output live beside the notice.  The command line has no receipt time, so the
reply-by date counts from the request date (see :mod:`casebrief.export.notice`).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from casebrief.errors import CaseError
from casebrief.output import check_writable


def _write_bytes(path: Path, data: bytes) -> None:
    """Through a temporary file, so a failure leaves no half file (as ``write_text``)."""
    path = check_writable(path)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise CaseError("E212", path=path, reason=exc.strerror or type(exc).__name__) from None


def run(a: argparse.Namespace) -> int:
    from casebrief.cli import _ocr_options
    from casebrief.export.notice import build_notice
    from casebrief.service import Budget, brief_case

    _ocr_options(a)
    to_stdout = a.out in (None, "-")
    if a.format == "pdf" and a.out is None:  # refuse before spending time on the case
        raise CaseError(
            "E212",
            path="standard output",
            reason="a PDF is binary; give --out FILE (or --out - to pipe it)",
        )
    if a.format == "pdf":
        try:
            import reportlab  # noqa: F401 - the PDF writer, in the service extra
        except ImportError:
            print(
                "casebrief: the PDF notice needs reportlab: pip install 'casebrief[service]'",
                file=sys.stderr,
            )
            return 2
    if not to_stdout:
        check_writable(a.out)
    brief = brief_case(
        a.case,
        policy=a.policy,
        request_date=a.request_date,
        budget=Budget(record_seconds=a.record_seconds, case_seconds=a.case_seconds),
        policy_files=[Path(f) for f in a.policy_file] or None,
    )
    notice = build_notice(brief)
    if a.format == "pdf":
        from casebrief.export.notice_pdf import render_pdf

        data = render_pdf(notice)
    elif a.format == "fhir":
        from casebrief.export.cdex_task import build_task_bundle

        data = (json.dumps(build_task_bundle(notice), indent=2) + "\n").encode()
    else:
        data = (notice.model_dump_json(indent=2) + "\n").encode()
    if to_stdout:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        _write_bytes(Path(a.out), data)
    return 0


def add_command(sub) -> None:  # noqa: ANN001 - argparse's private subparsers type
    from casebrief.cli import _add_ocr_options, _positive

    n = sub.add_parser(
        "notice",
        help="brief a case and write the office's missing-documentation notice "
        "(JSON, fax-friendly PDF, or FHIR CDex data-request Tasks)",
    )
    n.add_argument("case", help="a case directory or packet file")
    n.add_argument(
        "--format",
        choices=["json", "pdf", "fhir"],
        default="json",
        help="json (default), pdf (fax-friendly; needs --out), or fhir: CDex Task data "
        "requests, one per kind of document, in a batch Bundle",
    )
    n.add_argument(
        "-o", "--out", metavar="FILE", help="write here instead of standard output ('-': stdout)"
    )
    n.add_argument("--policy", help="the policy id (overrides case.json)")
    n.add_argument(
        "--policy-file",
        action="append",
        default=[],
        metavar="FILE",
        help="a payer policy file to serve besides the bundled ones (repeatable)",
    )
    n.add_argument("--request-date", help="the request's date, YYYY-MM-DD (overrides case.json)")
    n.add_argument("--record-seconds", type=_positive(float), default=30.0)
    n.add_argument("--case-seconds", type=_positive(float), default=120.0)
    _add_ocr_options(n)
    n.set_defaults(fn=run)
