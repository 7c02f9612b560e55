"""A case's processed documents and the queries criteria ask of them.

Why a view object: every criterion asks the same few questions (which mentions of these
concepts are asserted present, in which documents, on which dates, near which cue words),
so they are answered once here, with evidence attached, instead of in every evaluator.
Per document it keeps sorted indexes (sentence starts, date starts, mentions), so a
question about one place in a document costs a bisection, not a scan of the document: a
criterion's cost grows with the length of the packet, not with its square.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache, cached_property, lru_cache

from casebrief.documents import Document
from casebrief.facts.evidence import Evidence, sentence_evidence
from casebrief.lexicon import cue
from casebrief.lines import LineIndex
from casebrief.nlp.dates import DateMention
from casebrief.nlp.measurements import Measurement
from casebrief.regex_prefix import with_prefix
from casebrief.resources import load_yaml

NON_CLINICAL = {"fax_cover"}


@cache
def region_rx(region: str) -> re.Pattern[str]:
    # led by a lookahead of its first letters (casebrief.regex_prefix): a document's regions
    # were 5 % of a brief, the same matches now a third of that
    return with_prefix("|".join(load_yaml("lexicons/regions.yaml")[region]), re.I)


@lru_cache(maxsize=1)
def all_regions_rx() -> re.Pattern[str]:
    """One alternation with a named group per region: one pass finds every region named."""
    spec = load_yaml("lexicons/regions.yaml")
    return with_prefix("|".join(f"(?P<{r}>{'|'.join(pats)})" for r, pats in spec.items()), re.I)


@lru_cache(maxsize=8192)
def regions_in(text: str) -> frozenset[str]:
    """The body regions ``text`` names."""
    return frozenset(m.lastgroup for m in all_regions_rx().finditer(text))


OTHER_SPINAL_REGIONS = frozenset({"cervical", "thoracic"})


def _level_free(word: str) -> bool:
    return bool(cue("common.spine_level_free_word").fullmatch(word))


def spinal_regions_in(text: str) -> frozenset[str]:
    """The body regions ``text`` names, where the lumbar list's level-free spinal words ("disc",
    "spine", "spinal", "radicular") go with a cervical or thoracic spine the text names: "right C4
    radiculopathy with neck pain ... spinal cord compression" is the neck's alone.  Real notes
    of the neck or the mid-back (anterior cervical discectomy, thoracic discectomy, a carpal
    tunnel study that rules out "cervical radiculopathy") read as low-back text otherwise, and
    their "failed conservative therapy" counted for a lumbar request.  A lumbar word of its own
    ("low back", "L5", "lumbar", "back", "leg") keeps the text lumbar too."""
    named = regions_in(text)
    if "lumbar" not in named or not named & OTHER_SPINAL_REGIONS:
        return named
    lumbar_words = [r.group(0) for r in all_regions_rx().finditer(text) if r.lastgroup == "lumbar"]
    if all(_level_free(w) for w in lumbar_words):
        return named - {"lumbar"}
    return named


def affirmed(text: str) -> str:
    """``text`` with its denials blanked ("denies any back pain", "No back pain.", "no
    abnormalities are noted to the back"), offsets kept: the regions it names as complaints."""
    return cue("common.region_denial").sub(lambda m: " " * len(m.group(0)), text)


def region_subject(counts: dict[str, int], region: str) -> bool:
    """Is a document whose region counts are ``counts`` about ``region``?  It names the region
    at least as often as any other, or at least three times (a knee note naming the back twice
    in its history is still a knee note) and at least half as often as the region it names
    most: a low-back record that names the knee three or four times in passing ("knee
    flexors 4/5", "each lower extremity was bent at the knee" in a spinal manipulation's
    report, against a dozen or more low-back words) is no knee record, and its "given some
    NSAID" or "failed conservative care" is the back's."""
    mine = counts.get(region, 0)
    others = max((v for k, v in counts.items() if k != region), default=0)
    return mine >= others or (mine >= 3 and 2 * mine >= others)


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
        return sentence_evidence(
            self.document, self.sent_start, self.sent_end, (self.start, self.end), self.assertion
        )


class _DocIndex:
    """Sorted positions of one document's sentences, dates and mentions."""

    def __init__(self, document: Document, mentions: list[Mention]) -> None:
        self.sentences = [(s.start_char, s.end_char) for s in document.doc.sents]
        self.sentence_starts = [s for s, _ in self.sentences]
        self.dates = sorted(document.doc._.dates, key=lambda d: d.start)
        self.date_starts = [d.start for d in self.dates]
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.mention_starts = [m.start for m in self.mentions]
        self.durations = sorted(document.doc._.durations, key=lambda d: d.start)
        self.duration_starts = [d.start for d in self.durations]


def _code_lines(d: Document) -> list[tuple[int, int]]:
    """Spans of a request form's diagnosis-code lines ("ICD-10:  M46.46 Discitis, unspecified",
    and the code lines that continue the list): the code's words describe the request, they
    document nothing about the patient (the real set's README and policies.md: a request
    form's ICD code is never evidence)."""
    out = []
    code = cue("documents.diagnosis_code_line")
    pos = 0
    for line in d.text.splitlines(keepends=True):
        if code.search(line):
            out.append((pos, pos + len(line)))
        pos += len(line)
    return out


class CaseView:
    """Queries over the processed documents of one case."""

    def __init__(self, documents: list[Document], request_date: date) -> None:
        self.documents = [d for d in documents if d.doc is not None]
        self.request_date = request_date
        self._regions: dict[str, dict[str, int]] = {}
        self._index: dict[str, _DocIndex] = {}
        self.cache: dict[
            object, object
        ] = {}  # derived facts (episodes, ...) computed once per case

    @cached_property
    def mentions(self) -> list[Mention]:
        out = []
        for d in self.documents:
            coded = self.code_lines(d)
            for ent in d.doc.ents:
                if any(a <= ent.start_char < b for a, b in coded):
                    continue  # "ICD-10: M46.46 Discitis, lumbar": a billing code, not a finding
                sent = ent.sent
                out.append(
                    Mention(
                        ent.label_,
                        (ent._.concept_attrs or {}).get("category", ""),
                        ent._.concept_attrs or {},
                        ent._.assertion,
                        ent._.section,
                        d,
                        ent.start_char,
                        ent.end_char,
                        sent.start_char,
                        sent.end_char,
                    )
                )
        return out

    def index(self, document: Document) -> _DocIndex:
        if document.id not in self._index:
            self._index[document.id] = _DocIndex(
                document, [m for m in self.mentions if m.document is document]
            )
        return self._index[document.id]

    def find(
        self,
        *,
        concepts: Iterable[str] | None = None,
        categories: Iterable[str] | None = None,
        assertions: Iterable[str] | None = ("present",),
        doc_types: Iterable[str] | None = None,
        exclude_doc_types: Iterable[str] = NON_CLINICAL,
    ) -> list[Mention]:
        cs = set(concepts) if concepts else None
        cats = set(categories) if categories else None
        asr = set(assertions) if assertions else None
        dts = set(doc_types) if doc_types else None
        ex = set(exclude_doc_types or ())
        return [
            m
            for m in self.mentions
            if (cs is None or m.concept in cs)
            and (cats is None or m.category in cats)
            and (asr is None or m.assertion in asr)
            and (dts is None or m.document.type in dts)
            and m.document.type not in ex
        ]

    def mentions_in(self, document: Document, start: int, end: int) -> list[Mention]:
        """Mentions of ``document`` that start in ``[start, end)``, in text order."""
        ix = self.index(document)
        return ix.mentions[
            bisect.bisect_left(ix.mention_starts, start) : bisect.bisect_left(
                ix.mention_starts, end
            )
        ]

    def lines(self, document: Document) -> LineIndex:
        """Where the lines of ``document`` start and end (built once per document)."""
        key = ("lines", document.id)
        if key not in self.cache:
            self.cache[key] = LineIndex(document.text)
        return self.cache[key]

    # --- sentences -------------------------------------------------------------------
    def sentences(self, document: Document) -> list[tuple[int, int]]:
        return self.index(document).sentences

    def opening_sentence(self, document: Document) -> tuple[int, int]:
        """The document's first sentence, past a fax machine's transmission line ("JUL-16-2025
        10:00 FROM: ... P.002/004"): the quote that stands for the document as a whole should
        be its own first words, not the fax server's."""
        sentences = self.sentences(document)
        fax = cue("documents.fax_header_line")
        for start, end in sentences[:3]:
            if not fax.search(document.text[start:end]):
                return start, end
        return sentences[0] if sentences else (0, 0)

    def sentence_number(self, document: Document, offset: int) -> int | None:
        """Index into :meth:`sentences` of the sentence holding ``offset``, or None."""
        ix = self.index(document)
        i = bisect.bisect_right(ix.sentence_starts, offset) - 1
        if i >= 0 and ix.sentences[i][0] <= offset < ix.sentences[i][1]:
            return i
        return None

    def sentence_of(self, document: Document, offset: int) -> tuple[int, int]:
        i = self.sentence_number(document, offset)
        return self.sentences(document)[i] if i is not None else (offset, offset)

    def sentences_matching(
        self, rx: re.Pattern[str], documents: Iterable[Document] | None = None
    ) -> list[Evidence]:
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
        """Dates lying wholly inside ``[start, end)`` of ``document``, in text order."""
        ix = self.index(document)
        lo = bisect.bisect_left(ix.date_starts, start)
        hi = bisect.bisect_left(ix.date_starts, end)
        return [dm for dm in ix.dates[lo:hi] if dm.end <= end]

    def dates_starting_in(self, document: Document, start: int, end: int) -> list[DateMention]:
        """Dates of ``document`` that start in ``[start, end)``, in text order."""
        ix = self.index(document)
        return ix.dates[
            bisect.bisect_left(ix.date_starts, start) : bisect.bisect_left(ix.date_starts, end)
        ]

    def durations_in(self, document: Document, start: int, end: int) -> list:
        """Stated lengths (``DurationMention``) lying wholly inside ``[start, end)`` of
        ``document``.
        """
        ix = self.index(document)
        lo = bisect.bisect_left(ix.duration_starts, start)
        hi = bisect.bisect_left(ix.duration_starts, end)
        return [du for du in ix.durations[lo:hi] if du.end <= end]

    def measurements(
        self, kind: str, documents: Iterable[Document] | None = None
    ) -> list[tuple[Document, Measurement]]:
        out = []
        for d in documents if documents is not None else self.documents:
            if d.type in NON_CLINICAL:
                continue
            coded = self.code_lines(d)
            out.extend(
                (d, m)
                for m in d.doc._.measurements
                if m.kind == kind and not any(a <= m.start < b for a, b in coded)
            )  # "Z68.38 BMI 38.0-38.9, adult": a billing code's range, not a measured BMI
        return out

    def code_lines(self, d: Document) -> list[tuple[int, int]]:
        """A request form's diagnosis-code lines (none in other documents), read once."""
        key = ("code_lines", d.id)
        if key not in self.cache:
            self.cache[key] = _code_lines(d) if d.type == "request_form" else []
        return self.cache[key]

    # --- body regions ----------------------------------------------------------------
    def doc_regions(self, document: Document) -> dict[str, int]:
        """How often each body region is named in a document (its subject)."""
        if (
            document.id not in self._regions
        ):  # each region counted on its own: "thoracic spine" names two
            counts = {
                r: len(region_rx(r).findall(document.text))
                for r in load_yaml("lexicons/regions.yaml")
            }
            # the level-free spinal words ("disc", "spinal", "radiculopathy") of a record
            # about the neck or the thoracic spine are that spine's (``spinal_regions_in``): a
            # cervical fusion's note names "disc" and "spinal cord" a dozen times and was a
            # low-back record for them.  They stay lumbar where the record names the low back
            # by its own words at least as often as the other spines.
            other = sum(counts.get(r, 0) for r in OTHER_SPINAL_REGIONS)
            if other:
                words = region_rx("lumbar").findall(document.text)
                free = sum(1 for w in words if _level_free(w))
                if len(words) - free < other:
                    counts["lumbar"] = len(words) - free
            self._regions[document.id] = counts
        return self._regions[document.id]

    def affirmed_doc_regions(self, document: Document) -> dict[str, int]:
        """``doc_regions`` without the regions named only in denials or normal findings
        (``affirmed``): what the record's own complaints and care are about."""
        key = ("affirmed_regions", document.id)
        if key not in self.cache:
            counts = self.doc_regions(document)
            if cue("common.region_denial").search(document.text):
                text = affirmed(document.text)
                counts = {r: min(n, len(region_rx(r).findall(text))) for r, n in counts.items()}
            self.cache[key] = counts
        return self.cache[key]

    def about_region(self, document: Document, region: str | None) -> bool:
        """Is ``document`` about ``region``?  (Always, when no region is asked for.)"""
        return region is None or region_subject(self.doc_regions(document), region)

    def on_region(self, m: Mention, region: str | None) -> bool:
        """Is a mention about ``region``?  Its sentence decides; else its line (a dictated
        paragraph) when it names the region; else its document's subject."""
        if region is None:
            return True
        named = spinal_regions_in(m.sentence)
        if len(named) > 1:  # a sentence over several lines ("shoulder - in PT / L knee bursitis")
            start, end = self.lines(m.document).bounds(m.start)
            # only a line narrower than the sentence is the mention's own part of it: a
            # dictated paragraph is one line, and its other sentences ("... has a history of
            # spinal stenosis") say nothing of this one's "tibial plateau ... metatarsal ...
            # fractures treated nonoperatively"
            own = (
                spinal_regions_in(m.document.text[start:end])
                if start > m.sent_start or end < m.sent_end
                else frozenset()
            )
            if own:
                return region in own  # the mention's own line decides
        if named:
            return region in named
        # a sentence naming no region, in a paragraph line that names this one ("... possible
        # oligoarticular arthritis of her knees. ... also increase the Mobic"): its paragraph
        # is about the region even where the document names others more often
        start, end = self.lines(m.document).bounds(m.start)
        line = affirmed(m.document.text[start:end])
        if region in spinal_regions_in(line):
            return True
        # a region the line names only in a denial ("He denies any back pain, neck pain") is
        # no subject of it, nor is one a record names only so (a toothache's "No back pain")
        return region_subject(self.affirmed_doc_regions(m.document), region)
