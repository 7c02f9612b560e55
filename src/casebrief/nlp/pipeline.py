"""Build the clinical pipeline and run it on one document, in chunks when the document is long.

Order (each a registered component, see ``nlp.analyze_pipes()``)::

    scispaCy rule tokenizer
    -> casebrief_sentencizer     (line-aware sentences)
    -> casebrief_sectionizer     (line-initial headers)
    -> casebrief_target_matcher  (concepts.yaml, medspaCy TargetRules)
    -> casebrief_context         (medspaCy ConText rules: defaults + context_rules.yaml)
    -> casebrief_assertion       (one assertion label per mention)
    -> casebrief_temporal        (dates, durations)
    -> casebrief_measurements    (BMI, AHI, pain, KL, ESS, CPAP use)

Why scispaCy's tokenizer: it keeps clinical tokens whole ("bowel/bladder", "s/p",
"bone-on-bone", "L5-S1", "7/10") where the default English tokenizer splits them.
The pipeline is built once per process and reused: building it costs ~1 s.

Why chunks: a record can be any length (a 5 MB EHR export, a text file with no line
breaks).  :func:`process` cuts a long document at paragraph boundaries (else line breaks,
sentence ends, white space) into pieces of at most ``CHUNK_CHARS``, runs the pipeline on
each, and joins the results into one ``Doc`` whose offsets are the document's own.  The
section a piece starts in is carried over from the piece before, and no boundary falls
inside a sentence unless the text has none.  Every component is linear in its input, so
cost grows with length and memory stays bounded per piece; a deadline is checked between
pieces, so a time budget ends a document cleanly rather than hanging the case.
"""

from __future__ import annotations

import dataclasses
import time
import warnings
from datetime import date
from functools import lru_cache
from types import SimpleNamespace

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from casebrief.nlp import assertion as _assertion  # noqa: F401 - registers casebrief_assertion
from casebrief.nlp import concepts as _concepts  # noqa: F401 - registers casebrief_target_matcher
from casebrief.nlp import context as _context  # noqa: F401 - registers casebrief_context
from casebrief.nlp import extensions  # noqa: F401 - registers extensions
from casebrief.nlp import measurements as _measurements  # noqa: F401
from casebrief.nlp import sections as _sections  # noqa: F401
from casebrief.nlp import sentences as _sentences  # noqa: F401
from casebrief.nlp import temporal as _temporal  # noqa: F401
from casebrief.nlp.chunking import chunk_spans

CHUNK_CHARS = 50_000
OFFSET_LISTS = ("dates", "durations", "measurements")  # doc-level results with character offsets


class DocumentCut(Exception):
    """The deadline passed before the whole document was read; ``doc`` covers ``doc.text`` only."""

    def __init__(self, doc: Doc | None, read_chars: int, total_chars: int) -> None:
        super().__init__(f"read {read_chars} of {total_chars} characters")
        self.doc = doc
        self.read_chars = read_chars
        self.total_chars = total_chars


@spacy.registry.tokenizers("casebrief.scispacy_rule_tokenizer.v1")
def make_scispacy_tokenizer():  # noqa: ANN201 - spaCy's factory protocol
    """scispaCy's rule tokenizer as the pipeline's tokenizer, named in the config, so spaCy
    builds it once (assigning it after ``spacy.blank("en")`` first built English's default
    tokenizer, whose ~2,700 special cases were a third of the pipeline's build time)."""
    from scispacy.custom_tokenizer import combined_rule_tokenizer

    def create(nlp: Language):  # noqa: ANN202
        # scispaCy reads the default tokenizer's token_match (English's is its Defaults')
        nlp.tokenizer = SimpleNamespace(token_match=nlp.Defaults.token_match)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)
            return combined_rule_tokenizer(nlp)

    return create


def build_pipeline() -> Language:
    """A fresh pipeline (use :func:`get_pipeline` for the shared one)."""
    nlp = spacy.blank(
        "en", config={"nlp": {"tokenizer": {"@tokenizers": "casebrief.scispacy_rule_tokenizer.v1"}}}
    )
    nlp.max_length = CHUNK_CHARS * 2  # process() never hands the tokenizer more than one chunk
    for name in (
        "casebrief_sentencizer",
        "casebrief_sectionizer",
        "casebrief_target_matcher",
        "casebrief_context",
        "casebrief_assertion",
        "casebrief_temporal",
        "casebrief_measurements",
    ):
        nlp.add_pipe(name)
    return nlp


@lru_cache(maxsize=1)
def get_pipeline() -> Language:
    """The process-wide pipeline."""
    return build_pipeline()


def process(
    text: str,
    reference_date: date | None = None,
    nlp: Language | None = None,
    *,
    deadline: float | None = None,
) -> Doc:
    """Run the pipeline on one document's text, anchoring relative dates at ``reference_date``.

    ``deadline`` is a ``time.monotonic()`` value; when it passes between two chunks,
    :class:`DocumentCut` is raised carrying the Doc of the text read so far.
    """
    nlp = nlp or get_pipeline()
    spans = chunk_spans(text, CHUNK_CHARS)
    docs: list[Doc] = []
    section = None
    for start, end in spans:
        if deadline is not None and docs and time.monotonic() > deadline:
            raise DocumentCut(_join(docs, spans), start, len(text))
        doc = _run(nlp, text[start:end], reference_date, section)
        section = doc[-1]._.section if len(doc) else section
        docs.append(doc)
    return _join(docs, spans)


def _run(nlp: Language, text: str, reference_date: date | None, section: str | None) -> Doc:
    doc = nlp.make_doc(text)
    doc._.reference_date = reference_date
    doc._.section_at_start = section
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


def _join(docs: list[Doc], spans: list[tuple[int, int]]) -> Doc:
    """One Doc from the chunks' Docs, with the doc-level results moved to document offsets."""
    if len(docs) == 1:
        return docs[0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # doc-level extensions are merged below
        joined = Doc.from_docs(docs, ensure_whitespace=False)
    joined._.reference_date = docs[0]._.reference_date
    for name in OFFSET_LISTS:
        merged = []
        for doc, (offset, _) in zip(docs, spans, strict=False):
            merged.extend(
                dataclasses.replace(x, start=x.start + offset, end=x.end + offset)
                for x in getattr(doc._, name)
            )
        setattr(joined._, name, merged)
    return joined
