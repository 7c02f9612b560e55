"""A case's processed documents and the queries criteria ask of them.

Why a view object: every criterion asks the same few questions (which mentions of these
concepts are asserted present, in which documents, on which dates, near which cue words),
so they are answered once here, with evidence attached, instead of in every evaluator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache
from typing import Iterable

from casebrief.documents import Document
from casebrief.facts.evidence import Evidence, sentence_evidence
from casebrief.nlp.dates import DateMention
from casebrief.nlp.measurements import Measurement
from casebrief.resources import load_yaml

NON_CLINICAL = {"fax_cover"}


@lru_cache(maxsize=None)
def cue(name: str) -> re.Pattern[str]:
    """One compiled alternation for a cue list in cues.yaml."""
    # a space in a cue matches any run of white space (fax lines wrap mid-phrase)
    pats = [p if "(?<" in p else _flexible_spaces(p) for p in load_yaml("lexicons/cues.yaml")[name]]
    return re.compile("|".join(f"(?:{p})" for p in pats), re.I | re.S)


def _flexible_spaces(pattern: str) -> str:
    """A literal space outside a character class matches any run of white space (fax lines wrap)."""
    out, depth = [], 0
    for i, ch in enumerate(pattern):
        escaped = i > 0 and pattern[i - 1] == "\\"
        if ch == "[" and not escaped:
            depth += 1
        elif ch == "]" and not escaped and depth:
            depth -= 1
        out.append(r"\s+" if ch == " " and depth == 0 else ch)
    return "".join(out)


@lru_cache(maxsize=None)
def region_rx(region: str) -> re.Pattern[str]:
    return re.compile("|".join(load_yaml("lexicons/regions.yaml")[region]), re.I)


@lru_cache(maxsize=1)
def _all_regions_rx() -> re.Pattern[str]:
    """One alternation with a named group per region: one pass finds every region named."""
    spec = load_yaml("lexicons/regions.yaml")
    return re.compile("|".join(f"(?P<{r}>{'|'.join(pats)})" for r, pats in spec.items()), re.I)


@lru_cache(maxsize=8192)
def regions_in(text: str) -> frozenset[str]:
    return frozenset(m.lastgroup for m in _all_regions_rx().finditer(text))


@dataclass(frozen=True)
class Mention:
    """One concept mention with its context, sentence and document."""

    concept: str
    category: str
    attrs: dict
    assertion: str
    section: str | None
    document: Document
    start: int
    end: int
    sent_start: int
    sent_end: int

    @property
    def text(self) -> str:
        return self.document.text[self.start : self.end]

    @property
    def sentence(self) -> str:
        return self.document.text[self.sent_start : self.sent_end]

    @property
    def date(self) -> date | None:
        return self.document.date

    def evidence(self) -> Evidence:
        return sentence_evidence(self.document, self.sent_start, self.sent_end, (self.start, self.end), self.assertion)


class CaseView:
    """Queries over the processed documents of one case."""

    def __init__(self, documents: list[Document], request_date: date) -> None:
        self.documents = [d for d in documents if d.doc is not None]
        self.request_date = request_date
        self._regions: dict[str, dict[str, int]] = {}
        self._sentences: dict[str, list[tuple[int, int]]] = {}
        self.cache: dict[object, object] = {}  # derived facts (episodes, ...) computed once per case

    @cached_property
    def mentions(self) -> list[Mention]:
        out = []
        for d in self.documents:
            for ent in d.doc.ents:
                sent = ent.sent
                out.append(Mention(ent.label_, (ent._.concept_attrs or {}).get("category", ""), ent._.concept_attrs or {},
                                   ent._.assertion, ent._.section, d, ent.start_char, ent.end_char, sent.start_char, sent.end_char))
        return out

    def find(self, *, concepts: Iterable[str] | None = None, categories: Iterable[str] | None = None,
             assertions: Iterable[str] | None = ("present",), doc_types: Iterable[str] | None = None,
             exclude_doc_types: Iterable[str] = NON_CLINICAL) -> list[Mention]:
        cs = set(concepts) if concepts else None
        cats = set(categories) if categories else None
        asr = set(assertions) if assertions else None
        dts = set(doc_types) if doc_types else None
        ex = set(exclude_doc_types or ())
        return [
            m for m in self.mentions
            if (cs is None or m.concept in cs) and (cats is None or m.category in cats)
            and (asr is None or m.assertion in asr) and (dts is None or m.document.type in dts)
            and m.document.type not in ex
        ]

    # --- sentences -------------------------------------------------------------------
    def sentences(self, document: Document) -> list[tuple[int, int]]:
        if document.id not in self._sentences:
            self._sentences[document.id] = [(s.start_char, s.end_char) for s in document.doc.sents]
        return self._sentences[document.id]

    def sentences_matching(self, rx: re.Pattern[str], documents: Iterable[Document] | None = None) -> list[Evidence]:
        out = []
        for d in documents if documents is not None else self.documents:
            if d.type in NON_CLINICAL:
                continue
            for s, e in self.sentences(d):
                m = rx.search(d.text, s, e)
                if m:
                    out.append(sentence_evidence(d, s, e, m.span()))
        return out

    def dates_in(self, document: Document, start: int, end: int) -> list[DateMention]:
        return [dm for dm in document.doc._.dates if start <= dm.start and dm.end <= end]

    def measurements(self, kind: str, documents: Iterable[Document] | None = None) -> list[tuple[Document, Measurement]]:
        out = []
        for d in documents if documents is not None else self.documents:
            if d.type in NON_CLINICAL:
                continue
            out.extend((d, m) for m in d.doc._.measurements if m.kind == kind)
        return out

    def sentence_of(self, document: Document, offset: int) -> tuple[int, int]:
        for s, e in self.sentences(document):
            if s <= offset < e:
                return s, e
        return offset, offset

    def doc_regions(self, document: Document) -> dict[str, int]:
        """How often each body region is named in a document (its subject)."""
        if document.id not in self._regions:
            self._regions[document.id] = {r: len(region_rx(r).findall(document.text)) for r in load_yaml("lexicons/regions.yaml")}
        return self._regions[document.id]

    def on_region(self, m: Mention, region: str | None) -> bool:
        """Is a mention about ``region``?  Its sentence decides; else its document's subject."""
        if region is None:
            return True
        named = regions_in(m.sentence)
        if named:
            return region in named
        counts = self.doc_regions(m.document)
        mine = counts.get(region, 0)
        others = max((v for k, v in counts.items() if k != region), default=0)
        return mine >= others or mine >= 3

    def latest_document_date(self) -> date | None:
        ds = [d.date for d in self.documents if d.date and d.date <= self.request_date]
        return max(ds) if ds else None
