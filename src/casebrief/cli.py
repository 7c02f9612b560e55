"""The `casebrief` command line: brief, policies, validate-policy, eval, eval-assertions, benchmark."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from casebrief.errors import CasebriefError


def _cmd_brief(a: argparse.Namespace) -> int:
    from casebrief.brief.markdown import render_markdown
    from casebrief.service import brief_case

    brief = brief_case(a.case, policy=a.policy, request_date=a.request_date)
    text = brief.model_dump_json(indent=2) if a.format == "json" else render_markdown(brief)
    if a.output:
        Path(a.output).write_text(text + ("\n" if a.format == "json" else ""), encoding="utf-8")
    else:
        sys.stdout.write(text + ("\n" if a.format == "json" else ""))
    return 0


def _cmd_policies(a: argparse.Namespace) -> int:
    from casebrief.policy import list_policies

    for p in list_policies():
        print(f"{p.id:36s} v{p.version}  codes {', '.join(p.codes):28s} {p.title}")
        for c in p.criteria:
            print(f"    {c.id:28s} {c.kind:12s} {c.title}")
    return 0


def _cmd_validate(a: argparse.Namespace) -> int:
    from casebrief.policy import load_policy_file

    pol = load_policy_file(a.file)
    print(f"{a.file}: valid policy '{pol.id}' v{pol.version} with {len(pol.criteria)} criteria")
    return 0


def _cmd_eval(a: argparse.Namespace) -> int:
    from casebrief.evaluation.cases import format_report, run_eval
    from casebrief.service import brief_case

    report, scores = run_eval(Path(a.dir), lambda p: json.loads(brief_case(p).model_dump_json()))
    print(format_report(report, scores, verbose=a.verbose))
    if a.json:
        Path(a.json).write_text(json.dumps({"report": report, "cases": [s.__dict__ for s in scores]}, indent=2, default=str))
    if a.min_accuracy is not None and report["accuracy"] < a.min_accuracy:
        print(f"FAIL: status accuracy {report['accuracy']:.3f} < {a.min_accuracy}", file=sys.stderr)
        return 1
    return 0


def _cmd_eval_assertions(a: argparse.Namespace) -> int:
    from casebrief.evaluation.assertions import run_assertion_eval

    return run_assertion_eval(a.files, negex=a.negex, json_out=a.json)


def _cmd_benchmark(a: argparse.Namespace) -> int:
    from casebrief.benchmark import run_benchmark

    return run_benchmark(pages=a.pages, repeats=a.repeats)


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="casebrief", description="Evidence-linked pre-review briefs for prior-authorization packets.")
    ap.add_argument("-v", "--verbose-log", action="store_true", help="log ids and counts to stderr (never patient text)")
    sub = ap.add_subparsers(dest="command", required=True)
    b = sub.add_parser("brief", help="brief one case directory or packet file")
    b.add_argument("case")
    b.add_argument("--policy")
    b.add_argument("--request-date")
    b.add_argument("--format", choices=["json", "md"], default="md")
    b.add_argument("-o", "--output")
    b.set_defaults(fn=_cmd_brief)
    p = sub.add_parser("policies", help="list the bundled policies and their criteria")
    p.set_defaults(fn=_cmd_policies)
    v = sub.add_parser("validate-policy", help="check one policy file")
    v.add_argument("file")
    v.set_defaults(fn=_cmd_validate)
    e = sub.add_parser("eval", help="score briefs against expected.json under DIR")
    e.add_argument("dir")
    e.add_argument("--json")
    e.add_argument("--min-accuracy", type=float)
    e.add_argument("--verbose", action="store_true", help="list every wrong status, missed phrase and value")
    e.set_defaults(fn=_cmd_eval)
    ea = sub.add_parser("eval-assertions", help="score the context layer on JSONL sentence sets and/or the NegEx test set")
    ea.add_argument("files", nargs="*")
    ea.add_argument("--negex", help="path to Chapman's rsAnnotations-1-120-random.txt")
    ea.add_argument("--json")
    ea.set_defaults(fn=_cmd_eval_assertions)
    bm = sub.add_parser("benchmark", help="time a generated text-PDF packet: s/case, pages/s, peak memory")
    bm.add_argument("--pages", type=int, default=30)
    bm.add_argument("--repeats", type=int, default=3)
    bm.set_defaults(fn=_cmd_benchmark)
    return ap


def main(argv: list[str] | None = None) -> int:
    a = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if a.verbose_log else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        return a.fn(a)
    except CasebriefError as exc:
        print(f"casebrief: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
