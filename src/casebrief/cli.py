"""The `casebrief` command line: brief, policies, validate-policy, eval, eval-assertions, benchmark,
notice (:mod:`casebrief.export.notice_cli`), and the service's serve, keys and benchmark-api
(:mod:`casebrief.api.cli`).

Every command answers bad input with one line naming the file, field or argument at fault
and exit status 2; an unexpected failure is one line and exit status 1 (``--debug`` shows
the traceback).  Nothing prints a traceback otherwise.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from casebrief.errors import CasebriefError, CaseError
from casebrief.output import check_writable, write_text


def _positive(kind: type) -> object:
    def parse(value: str) -> float | int:
        try:
            v = kind(value)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"'{value}' is not a {'number' if kind is float else 'whole number'}"
            ) from None
        if v <= 0:
            raise argparse.ArgumentTypeError(f"must be greater than 0, not {value}")
        return v

    parse.__name__ = kind.__name__
    return parse


def _cmd_brief(a: argparse.Namespace) -> int:
    from casebrief.brief.markdown import render_markdown
    from casebrief.service import Budget, brief_case

    _ocr_options(a)
    if a.output:  # refuse a bad output path before spending time on the case
        check_writable(a.output)
    budget = Budget(record_seconds=a.record_seconds, case_seconds=a.case_seconds)
    brief = brief_case(
        a.case,
        policy=a.policy,
        request_date=a.request_date,
        budget=budget,
        policy_files=[Path(f) for f in a.policy_file] or None,
    )
    if a.format == "fhir":  # the R4 Bundle of the brief's JSON (casebrief.export.fhir_bundle)
        from casebrief.export.fhir_bundle import brief_to_bundle

        text = json.dumps(brief_to_bundle(json.loads(brief.model_dump_json())), indent=2) + "\n"
    elif a.format == "json":
        text = brief.model_dump_json(indent=2) + "\n"
    else:
        text = render_markdown(brief)
    if a.output:
        write_text(a.output, text)
    else:
        sys.stdout.write(text)
    return 0


def _ocr_options(a: argparse.Namespace) -> None:
    """``--no-ocr`` / ``--ocr-engine`` for this run: set as the variables every reader (and
    the OCR worker processes, which inherit them) consults."""
    import os

    if getattr(a, "no_ocr", False):
        os.environ["CASEBRIEF_OCR"] = "off"
    if getattr(a, "ocr_engine", None):
        os.environ["CASEBRIEF_OCR_ENGINE"] = a.ocr_engine


def _add_ocr_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--no-ocr",
        action="store_true",
        help="do not OCR scanned pages (they are reported as not read)",
    )
    p.add_argument(
        "--ocr-engine",
        choices=["tesseract", "rapidocr"],
        help="OCR engine (default tesseract; rapidocr needs the 'rapidocr' extra)",
    )


def _cmd_extract(a: argparse.Namespace) -> int:
    from casebrief.extract import load_record
    from casebrief.extract.dump import record_json, record_text

    _ocr_options(a)
    path = Path(a.file)
    if not path.is_file():
        raise CaseError("E205", path=path)
    record = load_record(path, time_budget_s=a.record_seconds)
    if a.format == "json":
        sys.stdout.write(json.dumps(record_json(record), indent=2) + "\n")
    else:
        sys.stdout.write(record_text(record))
    return 0


def _cmd_policies(a: argparse.Namespace) -> int:
    from casebrief.policy.registry import get_registry

    if a.fhir:  # one policy as an R4 Questionnaire; an unknown id or version is E201
        from casebrief.export.fhir_questionnaire import policy_to_questionnaire, served_policy

        pol = served_policy(a.fhir, a.policy_version, [Path(f) for f in a.policy_file])
        print(json.dumps(policy_to_questionnaire(pol), indent=2))
        return 0
    for p in get_registry([Path(f) for f in a.policy_file]).versions:
        print(f"{p.id:36s} v{p.version}  codes {', '.join(p.codes):28s} {p.title}")
        print(f"    in effect {p.period}; source {p.source}")
        for c in p.criteria:
            print(f"    {c.id:28s} {c.kind:12s} {c.title}")
    return 0


def _cmd_validate(a: argparse.Namespace) -> int:
    from casebrief.policy import load_policy_file
    from casebrief.policy.registry import PolicyRegistry

    pols = [load_policy_file(f) for f in a.file]
    PolicyRegistry(pols)  # versions of one id given together must not overlap
    for f, pol in zip(a.file, pols, strict=True):
        print(
            f"{f}: valid policy '{pol.id}' v{pol.version} with {len(pol.criteria)} criteria, "
            f"in effect {pol.period}"
        )
    return 0


def _cmd_eval(a: argparse.Namespace) -> int:
    from casebrief.evaluation.cases import format_report, format_sets, run_eval
    from casebrief.service import brief_case

    _ocr_options(a)
    roots = [Path(d) for d in a.dirs]
    for root in roots:
        if not root.is_dir():
            raise CaseError("E213", path=root, problem="not a directory of labelled cases")
        if not any(root.rglob("expected.json")):
            raise CaseError(
                "E213", path=root, problem="holds no labelled case (no expected.json below it)"
            )
    reports, all_scores = {}, {}
    for root in roots:
        report, scores = run_eval(
            root,
            lambda p: json.loads(
                brief_case(p, evidence_model=not a.no_evidence_model).model_dump_json()
            ),
        )
        reports[str(root)], all_scores[str(root)] = report, scores
        if len(roots) > 1:
            print(f"== {root}")
        print(format_report(report, scores, verbose=a.verbose))
        print()
    if len(roots) > 1:
        print(format_sets(reports))
    if a.json:
        payload = {
            name: {"report": reports[name], "cases": [s.__dict__ for s in all_scores[name]]}
            for name in reports
        }
        if len(roots) == 1:
            payload = next(iter(payload.values()))
        write_text(a.json, json.dumps(payload, indent=2, default=str))
    failed = [
        n
        for n, r in reports.items()
        if a.min_accuracy is not None and r["accuracy"] < a.min_accuracy
    ]
    for name in failed:
        acc = reports[name]["accuracy"]
        print(f"FAIL: {name}: status accuracy {acc:.3f} < {a.min_accuracy}", file=sys.stderr)
    return 1 if failed else 0


def _cmd_eval_assertions(a: argparse.Namespace) -> int:
    from casebrief.evaluation.assertions import run_assertion_eval

    return run_assertion_eval(a.files, negex=a.negex, json_out=a.json)


def _cmd_train_evidence_model(a: argparse.Namespace) -> int:
    from casebrief.evidence_model.scorer import default_model_dir
    from casebrief.evidence_model.train import train

    out = Path(a.out) if a.out else default_model_dir()
    meta = train(
        [Path(s) for s in a.sets],
        out,
        export=not a.keep_encoder,
        status_aware=not a.no_status,
    )
    print(json.dumps(meta, indent=2))
    return 0


def _cmd_benchmark(a: argparse.Namespace) -> int:
    if a.backfill:  # cases/min at 1 and 2 workers (casebrief.backfill.benchmark)
        from casebrief.backfill.benchmark import run_backfill_benchmark

        return run_backfill_benchmark(cases=a.backfill, pages=a.backfill_pages, engine=a.engine)
    if a.long:
        from casebrief.benchmark_long import run_long_benchmark

        return run_long_benchmark(words=a.words, record_mb=a.record_mb)
    if a.scanned:
        from casebrief.benchmark_scanned import run_scanned_benchmark

        return run_scanned_benchmark(pages=10)
    from casebrief.benchmark import run_benchmark

    return run_benchmark(pages=a.pages, repeats=a.repeats)


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="casebrief",
        description="Evidence-linked pre-review briefs for prior-authorization packets.",
    )
    ap.add_argument(
        "-v",
        "--verbose-log",
        action="store_true",
        help="log ids and counts to stderr (never patient text)",
    )
    ap.add_argument(
        "--debug", action="store_true", help="show the traceback of an unexpected failure"
    )
    sub = ap.add_subparsers(dest="command", required=True)
    b = sub.add_parser("brief", help="brief one case directory or packet file")
    b.add_argument("case")
    b.add_argument("--policy", help="the policy id (overrides case.json)")
    b.add_argument(
        "--policy-file",
        action="append",
        default=[],
        metavar="FILE",
        help="a payer policy file to serve besides the bundled ones and $CASEBRIEF_POLICY_DIR "
        "(repeatable; its id replaces the bundled versions of that id).  When neither the case "
        "nor --policy names a policy and exactly one --policy-file is given, that file's "
        "policy is used; its version is the one in effect on the request date",
    )
    b.add_argument("--request-date", help="the request's date, YYYY-MM-DD (overrides case.json)")
    b.add_argument(
        "--format",
        choices=["json", "md", "fhir"],
        default="md",
        help="md (default), the brief JSON, or fhir: an R4 Bundle (QuestionnaireResponse, "
        "DocumentReferences, Provenance)",
    )
    b.add_argument("-o", "--output", help="write the brief to this file instead of standard output")
    b.add_argument(
        "--record-seconds",
        type=_positive(float),
        default=30.0,
        help="time budget for reading one record (default 30 s)",
    )
    b.add_argument(
        "--case-seconds",
        type=_positive(float),
        default=120.0,
        help="time budget for reading the whole case (default 120 s)",
    )
    _add_ocr_options(b)
    b.set_defaults(fn=_cmd_brief)
    x = sub.add_parser(
        "extract",
        help="what casebrief read from one record, page by page: text layer or OCR, "
        "confidence, pages not read",
    )
    x.add_argument("file", help="a .pdf, .tif/.tiff, .png, .jpg, .txt or .md record")
    x.add_argument("--format", choices=["text", "json"], default="text")
    x.add_argument("--record-seconds", type=_positive(float), default=30.0)
    _add_ocr_options(x)
    x.set_defaults(fn=_cmd_extract)
    p = sub.add_parser(
        "policies",
        help="list every served policy version (bundled and $CASEBRIEF_POLICY_DIR): "
        "effective period, source and criteria",
    )
    p.add_argument(
        "--policy-file",
        action="append",
        default=[],
        metavar="FILE",
        help="list this payer policy file too (repeatable)",
    )
    p.add_argument(
        "--fhir", metavar="ID", help="print policy ID as an R4 Questionnaire (DTR-style) instead"
    )
    p.add_argument(
        "--policy-version",
        metavar="VERSION",
        help="with --fhir: this version (default: the one in effect today)",
    )
    p.set_defaults(fn=_cmd_policies)
    v = sub.add_parser(
        "validate-policy",
        help="check policy files (several versions of one id: also that their periods "
        "do not overlap)",
    )
    v.add_argument("file", nargs="+")
    v.set_defaults(fn=_cmd_validate)
    e = sub.add_parser("eval", help="score briefs against expected.json under DIR")
    e.add_argument(
        "dirs", nargs="+", metavar="DIR", help="one or more labelled sets, each scored apart"
    )
    e.add_argument("--json")
    e.add_argument("--min-accuracy", type=float)
    e.add_argument(
        "--verbose", action="store_true", help="list every wrong status, missed phrase and value"
    )
    e.add_argument(
        "--no-evidence-model",
        action="store_true",
        help="keep the rules' order of quotes (ablation of the learned evidence scorer)",
    )
    _add_ocr_options(e)
    e.set_defaults(fn=_cmd_eval)
    t = sub.add_parser(
        "train-evidence-model",
        help="fit the evidence scorer on labelled dev sets (needs the 'train' extra)",
    )
    t.add_argument(
        "--sets",
        nargs="+",
        default=["annotated_samples/dev", "annotated_samples/real/dev"],
        metavar="DIR",
    )
    t.add_argument("--out", help="model directory (default: models/evidence)")
    t.add_argument(
        "--keep-encoder", action="store_true", help="reuse the exported ONNX encoder in --out"
    )
    t.add_argument(
        "--no-status",
        action="store_true",
        help="a head that ignores the criterion's decided status (the ablation)",
    )
    t.set_defaults(fn=_cmd_train_evidence_model)
    ea = sub.add_parser(
        "eval-assertions",
        help="score the context layer on JSONL sentence sets and/or the NegEx test set",
    )
    ea.add_argument("files", nargs="*")
    ea.add_argument("--negex", help="path to Chapman's rsAnnotations-1-120-random.txt")
    ea.add_argument("--json")
    ea.set_defaults(fn=_cmd_eval_assertions)
    bm = sub.add_parser(
        "benchmark",
        help="time a generated packet (s/case, pages/s, memory), or --long: words/s by length",
    )
    bm.add_argument("--pages", type=_positive(int), default=30)
    bm.add_argument("--repeats", type=_positive(int), default=3)
    bm.add_argument(
        "--long",
        action="store_true",
        help="one document of 1k, 4k, 16k and 64k words, and a 5 MB record: words per second",
    )
    bm.add_argument("--words", type=_positive(int), nargs="+", default=[1000, 4000, 16000, 64000])
    bm.add_argument(
        "--record-mb", type=float, default=5.0, help="size of the long record (0 to skip it)"
    )
    bm.add_argument(
        "--scanned",
        action="store_true",
        help="OCR: s/page/core at fax resolution and 300 dpi, CER, and a 10-page faxed packet",
    )
    bm.add_argument(
        "--backfill",
        type=_positive(int),
        metavar="N",
        help="backfill N generated packets with 1 and with 2 workers: cases/min, scaling, "
        "memory per worker, Ray's start-up",
    )
    bm.add_argument("--backfill-pages", type=_positive(int), default=10, metavar="PAGES")
    bm.add_argument("--engine", choices=["ray", "local"], default="ray", help="with --backfill")
    bm.set_defaults(fn=_cmd_benchmark)
    from casebrief.export.notice_cli import add_command as add_notice  # the office's notice

    add_notice(sub)
    from casebrief.api.cli import add_commands  # serve, keys, benchmark-api

    add_commands(sub)
    from casebrief.backfill.cli import add_commands as add_backfill  # backfill

    add_backfill(sub)
    return ap


def main(argv: list[str] | None = None) -> int:
    a = build_parser().parse_args(argv)  # bad arguments: argparse prints usage and exits 2
    logging.basicConfig(
        level=logging.INFO if a.verbose_log else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        return a.fn(a)
    except CasebriefError as exc:
        print(f"casebrief: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("casebrief: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0  # `casebrief brief ... | head`: the reader left; nothing to report
    except Exception as exc:  # noqa: BLE001 - the last line of defence: one line, never a traceback
        if a.debug:
            raise
        print(
            f"casebrief: internal error ({type(exc).__name__}); "
            "please report it (re-run with --debug for details)",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
