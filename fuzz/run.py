"""Coverage-guided fuzzing of a casebrief target with atheris (libFuzzer).

    python fuzz/run.py TARGET [libFuzzer options] [CORPUS_DIR ...]

TARGET is one of fuzz/targets.py's TARGETS (pdf, text, case_json, pipeline).  Typical:

    python fuzz/run.py text -max_total_time=600 -max_len=4096 fuzz/corpus/text

New interesting inputs are added to the first corpus directory; a crash is written as
``crash-<sha1>`` (``-artifact_prefix=DIR/`` to put it elsewhere).  A crash found this way
becomes a regression: copy the file to ``fuzz/regressions/<target>-<name>`` and fix the
bug; ``tests/test_fuzz.py`` replays every regression on each test run.  Needs the test
extra (atheris); casebrief's own modules are instrumented, its libraries are not.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent))

with atheris.instrument_imports(include=["casebrief"]):
    import targets

    import casebrief.case  # noqa: F401
    import casebrief.facts.summary  # noqa: F401
    import casebrief.nlp.pipeline  # noqa: F401
    import casebrief.policy.evaluators  # noqa: F401


def main() -> None:
    # libFuzzer re-runs this script for -merge/-fork/-jobs without the target argument:
    # the target travels in the environment
    if len(sys.argv) > 1 and sys.argv[1] in targets.TARGETS:
        os.environ["CASEBRIEF_FUZZ_TARGET"] = sys.argv.pop(1)
    name = os.environ.get("CASEBRIEF_FUZZ_TARGET")
    if name not in targets.TARGETS:
        sys.exit(
            f"usage: python fuzz/run.py {{{','.join(targets.TARGETS)}}} "
            "[libFuzzer options] [corpus ...]"
        )
    target = targets.TARGETS[name]
    if target is targets.pipeline or target is targets.text or target is targets.pdf:
        from casebrief.nlp.pipeline import get_pipeline

        get_pipeline()  # build once, before fuzzing starts
    # children are started through the shell from argv[0]: name the interpreter too
    argv = [f"{sys.executable} {Path(__file__).resolve()}", *sys.argv[1:]]
    atheris.Setup(argv, target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
