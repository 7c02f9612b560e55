"""Build the clinical pipeline and run it on one document.

Order (each a registered component, see ``nlp.analyze_pipes()``)::

    scispaCy rule tokenizer
    -> casebrief_sentencizer   (line-aware sentences)
    -> casebrief_sectionizer   (line-initial headers)
    -> medspacy_target_matcher (concepts.yaml)
    -> medspacy_context        (medspaCy default rules + context_rules.yaml)
    -> casebrief_assertion     (one assertion label per mention)
    -> casebrief_temporal      (dates, durations)
    -> casebrief_measurements  (BMI, AHI, pain, KL, ESS, CPAP use)

Why scispaCy's tokenizer: it keeps clinical tokens whole ("bowel/bladder", "s/p",
"bone-on-bone", "L5-S1", "7/10") where the default English tokenizer splits them.
The pipeline is built once per process and reused: building it costs ~1 s.
"""

from __future__ import annotations

import warnings
from datetime import date
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from casebrief.nlp import context as _context  # noqa: F401 - registers casebrief_assertion
from casebrief.nlp import extensions  # noqa: F401 - registers extensions
from casebrief.nlp import measurements as _measurements  # noqa: F401
from casebrief.nlp import sections as _sections  # noqa: F401
from casebrief.nlp import sentences as _sentences  # noqa: F401
from casebrief.nlp import temporal as _temporal  # noqa: F401
from casebrief.nlp.concepts import target_rules
from casebrief.nlp.context import context_rules


def build_pipeline() -> Language:
    """A fresh pipeline (use :func:`get_pipeline` for the shared one)."""
    import medspacy  # noqa: F401 - registers medspacy_* factories
    from scispacy.custom_tokenizer import combined_rule_tokenizer

    nlp = spacy.blank("en")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        nlp.tokenizer = combined_rule_tokenizer(nlp)
    nlp.add_pipe("casebrief_sentencizer")
    nlp.add_pipe("casebrief_sectionizer")
    matcher = nlp.add_pipe("medspacy_target_matcher")
    matcher.add(target_rules(nlp.tokenizer))
    ctx = nlp.add_pipe("medspacy_context", config={"rules": "default"})
    ctx.add(context_rules())
    nlp.add_pipe("casebrief_assertion")
    nlp.add_pipe("casebrief_temporal")
    nlp.add_pipe("casebrief_measurements")
    return nlp


@lru_cache(maxsize=1)
def get_pipeline() -> Language:
    """The process-wide pipeline."""
    return build_pipeline()


def process(text: str, reference_date: date | None = None, nlp: Language | None = None) -> Doc:
    """Run the pipeline on one document's text, anchoring relative dates at ``reference_date``."""
    nlp = nlp or get_pipeline()
    doc = nlp.make_doc(text)
    doc._.reference_date = reference_date
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc
