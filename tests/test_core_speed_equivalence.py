"""The faster core reads exactly as before: every speed-up here is checked to change nothing.

- token patterns that are only runs of words go to a PhraseMatcher, and the matches (and the
  order that decides which of two rules on the same words survives pruning) are those of
  spaCy's Matcher holding every pattern;
- a sentence's embedding no longer depends on the other sentences encoded with it;
- nltk, which medspaCy's QuickUMLS imports and casebrief never uses, is imported only if
  something touches it.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

import casebrief.nlp.matching as matching
from casebrief.nlp.pipeline import get_pipeline

TEXTS = [
    "She had an epidural for labor when her daughter was born. Her mother's back pain.",
    "Patient was not able to walk; she cannot sit. Denies fever. No history of cancer.",
    "Family history of diabetes in her father's side. Son's asthma. FHx: negative.",
    "MRI shows disc extrusion at L4-L5 with bone-on-bone knee. PT 2x/week for 6 weeks.",
    "Pt was not seen. Was not improved after therapy, can not tolerate NSAIDs.",
]


@pytest.mark.parametrize("pipe", ["casebrief_target_matcher", "casebrief_context"])
def test_word_run_patterns_match_as_the_token_matcher_did(pipe, monkeypatch):
    nlp = get_pipeline()
    new = nlp.get_pipe(pipe).matcher
    assert len(new._word_runs) > 100  # the speed-up is in use
    with monkeypatch.context() as m:
        m.setattr(matching, "_literal_sequences", lambda pattern: None)
        old = matching.RuleMatcher(nlp, list(new.rule_map.values()), prune=new.prune)
    assert len(old._word_runs) == 0
    for text in TEXTS:
        doc = nlp.make_doc(text)
        a = [(old.rule(k).literal, s, e) for k, s, e in old(doc)]
        b = [(new.rule(k).literal, s, e) for k, s, e in new(doc)]
        assert a == b, text


def test_only_plain_word_runs_are_converted():
    seqs = matching._literal_sequences
    assert seqs([{"LOWER": "back"}, {"LOWER": "pain"}]) == [["back", "pain"]]
    assert seqs([{"LOWER": {"IN": ["was", "can"]}}, {"LOWER": "not"}]) == [
        ["was", "not"],
        ["can", "not"],
    ]
    assert seqs([{"LOWER": "no"}, {"LOWER": "new", "OP": "?"}]) == [["no", "new"], ["no"]]
    assert seqs([{"LOWER": "mri", "OP": "+"}]) is None  # repeats: stays a token pattern
    assert seqs([{"LOWER": "x", "OP": "?"}]) == [["x"]]  # never the empty match
    assert seqs([{"TEXT": "MRI"}]) is None  # case-sensitive
    assert seqs([{"LOWER": "MRI"}]) is None  # never matches a lower-cased token: keep it so
    assert seqs([{"LOWER": {"REGEX": "^pt$"}}]) is None
    assert seqs([{"LOWER": {"IN": [f"w{i}" for i in range(30)]}}] * 2) is None  # 900 > 512


def test_a_sentences_embedding_does_not_depend_on_its_neighbours():
    from casebrief.evidence_model.scorer import get_scorer

    scorer = get_scorer()
    if scorer is None:
        pytest.skip("the evidence model is not shipped in this checkout")
    a = "Completed 8 weeks of physical therapy without relief."
    long = " ".join(["The patient reports persistent radicular pain down the left leg."] * 8)
    alone = scorer.encoder.encode([a])[0]
    together = scorer.encoder.encode([long, a, "Denies fever."])[1]
    assert (alone == together).all()


def test_nltk_is_imported_only_when_touched():
    code = (
        "import sys, casebrief.service\n"
        "assert 'sklearn' not in sys.modules and 'scipy.stats' not in sys.modules\n"
        "import quickumls.core as q\n"
        "assert type(sys.modules['nltk']).__name__ == '_Deferred'\n"
        "v = q.nltk.__version__\n"  # touching it imports the real package
        "assert type(sys.modules['nltk']).__name__ == 'module', type(sys.modules['nltk'])\n"
        "from nltk.corpus import stopwords\n"
        "print(v)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]


def test_first_character_lookaheads_are_certain_or_absent():
    from casebrief.regex_prefix import first_class

    assert first_class(r"\b(?:pain|back)\b", re.I) == "(?=[bp])"
    assert first_class(r"(?:\d+|one|two)\s+weeks", re.I) == r"(?=[\dot])"
    assert first_class(r"(?<=\bsince )(?P<m>march|may)") == "(?=[m])"
    assert first_class(r"x?y") == "(?=[xy])"
    assert first_class(r"x?") is None  # may match nothing
    assert first_class(r".foo") is None  # any character
    assert first_class(r"[^a]b") is None  # a negated class
    assert first_class(r"(?i:Pain)") is None  # flags changed inside


def test_every_cue_matches_as_without_its_lookahead():
    """Each cue against the same pattern compiled plainly, on real and tricky text."""
    from pathlib import Path

    from casebrief.lexicon import cue, cue_entries

    root = Path(__file__).resolve().parents[1] / "annotated_samples"
    texts = [p.read_text(errors="replace")[:4000] for p in sorted(root.glob("dev/*/*.txt"))[:40]]
    texts += ["", "\n", "L4-5 ", "Pt. 3/10 ", "ÉCHO d/c'd x 6 wks\tC5-6", "[x] yes [ ] no"]
    for name, entry in cue_entries().items():
        flags = 0
        for f in entry.flags:
            flags |= getattr(re, f)
        plain, fast = re.compile(entry.source(), flags), cue(name)
        for text in texts:
            a = [(m.span(), m.groups()) for m in plain.finditer(text)]
            assert a == [(m.span(), m.groups()) for m in fast.finditer(text)], name
