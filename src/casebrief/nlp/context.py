"""Context: is a mention asserted, negated, planned, historical, a relative's, or uncertain?

medspaCy's ConText does the scoping (its default English rules plus casebrief's own in
``resources/lexicons/context_rules.yaml``); ``casebrief_assertion`` then folds ConText's
flags, the section a mention sits in, and checkbox conventions into one label per mention:
``span._.assertion``.  Why one label: a criterion asks one question ("is this evidence?"),
and the brief shows the reviewer why a mention was not counted.
"""


import re
import warnings
from functools import lru_cache

from medspacy.context import ConTextRule
from spacy.language import Language
from spacy.tokens import Doc, Span

from casebrief.nlp.concepts import concept_table
from casebrief.resources import load_yaml

ASSERTIONS = ("present", "negated", "hypothetical", "historical", "family", "uncertain")
_ALLOWED = {
    "category", "literal", "pattern", "direction", "max_scope", "max_targets",
    "allowed_types", "excluded_types", "terminated_by",
}


@lru_cache(maxsize=1)
def _tokenizer():
    """The pipeline's tokenizer (scispaCy rules), to turn literals into token patterns."""
    import spacy
    from scispacy.custom_tokenizer import combined_rule_tokenizer

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        return combined_rule_tokenizer(spacy.blank("en"))


def context_rules(path: str = "lexicons/context_rules.yaml") -> list[ConTextRule]:
    """casebrief's ConText rules; unknown keys are an error naming the rule.

    A rule given only as a literal is turned into a case-insensitive token pattern.  Why:
    medspaCy keeps the longest of overlapping modifier matches and, between matches of the
    same span, the token-pattern one; so where one of our literals coincides with a medspaCy
    default (e.g. "resolved", which the defaults scope forward), ours decides.
    """
    rules = []
    for i, r in enumerate(load_yaml(path)):
        bad = set(r) - _ALLOWED
        if bad:
            msg = f"{path}: rule {i} ({r.get('literal')!r}) has unknown keys {sorted(bad)}"
            raise ValueError(msg)
        pattern = r.get("pattern")
        if pattern is None:
            pattern = [{"LOWER": t.lower_} for t in _tokenizer()(str(r["literal"])) if not t.is_space]
        rules.append(
            ConTextRule(
                literal=str(r["literal"]),
                category=r["category"],
                pattern=pattern,
                direction=r.get("direction", "BIDIRECTIONAL"),
                max_scope=r.get("max_scope"),
                max_targets=r.get("max_targets"),
                allowed_types=set(r["allowed_types"]) if r.get("allowed_types") else None,
                excluded_types=set(r["excluded_types"]) if r.get("excluded_types") else None,
                terminated_by=set(r["terminated_by"]) if r.get("terminated_by") else None,
            )
        )
    return rules


# Checkbox conventions of faxed forms: "Saddle anesthesia  [ ] Yes [X] No".
_CHECK_NO = re.compile(r"\[\s*[xX✓]\s*\]\s*(?:no|n|absent|negative)\b|[☒☑✔]\s*no\b|\byes\s*\[\s*\]\s*no\s*\[\s*[xX✓]\s*\]", re.I)
_CHECK_NO_TAIL = re.compile(r"^[\s?:.\-]*(?:(?:\[\s*\]|☐)\s*(?:yes|y)\s*)?(?:\[\s*[xX✓]\s*\]|☒|☑)\s*(?:no|n)\b|\(?\s*(?:no|n)\s+circled\b", re.I)
_CHECK_YES_TAIL = re.compile(r"^[\s?:.\-]*(?:\[\s*[xX✓]\s*\]|☒|☑)\s*(?:yes|y)\b|\(?\s*(?:yes|y)\s+circled\b", re.I)
# An unticked box right before the mention: "[X] PT  [ ] Chiropractic" -- not done / absent.
# "no"/"denies" immediately before the mention negates it, whatever pseudo-negation rules
# overlap it ("No new weakness": medspaCy's pseudo "no new" would otherwise swallow the "no")
_NO_RIGHT_BEFORE = re.compile(r"(?:^|[\s,;(])(?:no|denies|denied|without|negative for)\s+(?:significant\s+|definite\s+|obvious\s+|acute\s+|evidence of\s+|signs? of\s+)?$", re.I)
# "Treated for septic bursitis in 2019", "prior knee MRI in 2016": a year well before the note dates a past episode
_PAST_YEAR = re.compile(r"\b(?:in|since|from|during|back in|circa|\()?\s*((?:19|20)\d\d)\b")
_PAST_CUE = re.compile(r"\b(?:prior|previous(?:ly)?|treated|had|did|was|were|resolved|healed|remote|history|hx|s/p|status post|completed|underwent)\b", re.I)
_UNCHECKED_BEFORE = re.compile(r"(?:\[\s*\]|☐)\s*$")
_CHECK_YES = re.compile(r"\[\s*[xX✓]\s*\]\s*(?:yes|y|present)\b|[☒☑✔]\s*yes\b", re.I)
# Checklist answers after the item: "Saddle numbness ....... denies", "fever? no", "IVDU / immunosuppression .... denies"
_ANSWER_NO = re.compile(r"^[\s.:\-_?=>…]*(?:no|none|negative|neg|denies|denied|absent|n|not present)\b(?!\s*(?:change|improvement|relief|better|longer))", re.I)
_LEADER_NO = re.compile(r"(?:\.{2,}|\?|:|_{2,}|\s{2,}|--?)\s*(?:no|none|negative|neg|denies|denied|absent|n)\s*\.?\s*$", re.I)
# "Cauda equina screened: no saddle anesthesia ... -> not suspected"
_SCREENED = re.compile(r"^\s*(?:screen(?:ed|ing)?|screen negative|screened negative)\b", re.I)
_JUDGED_ABSENT = re.compile(r"(?:->|→|=>|:|—|-)\s*(?:not suspected|ruled out|unlikely|absent|negative)\s*\.?\s*$", re.I)
_ANSWER_YES = re.compile(r"^[\s.:\-_?=>…]*(?:yes|y|present|positive|pos)\b", re.I)


_YN_HEADER = re.compile(r"(?<!\S)(?P<y>Y|Yes|YES)\s{2,}(?P<n>N|No|NO)\s*$")
_MARK_AT_END = re.compile(r"(?<!\S)[xX✓✔](?=\s*$)")


def _column_answer(text: str, offset: int) -> str | None:
    """Forms with 'Y   N' answer columns: an X under N negates the question on its line."""
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    mark = _MARK_AT_END.search(line)
    if not mark or "?" not in line[: mark.start()] and ":" not in line[: mark.start()]:
        return None
    # look up to 15 lines back for the column header
    pos = line_start
    for _ in range(15):
        if pos <= 0:
            break
        prev_start = text.rfind("\n", 0, pos - 1) + 1
        header = text[prev_start : pos - 1]
        h = _YN_HEADER.search(header)
        if h:
            col = mark.start()
            return "present" if abs(col - h.start("y")) < abs(col - h.start("n")) else "negated"
        pos = prev_start
    return None


@Language.factory("casebrief_assertion", assigns=["span._.assertion", "span._.concept", "span._.section"])
def make_assertion(nlp: Language, name: str) -> "AssertionResolver":
    return AssertionResolver()


class AssertionResolver:
    """Fold ConText flags, sections and checkboxes into ``span._.assertion``.

    Precedence (why): family beats everything (a relative's cancer is never the patient's);
    negation beats hypothetical ("no plan to start PT" is not a plan); then hypothetical,
    uncertain, historical.
    """

    def __call__(self, doc: Doc) -> Doc:
        table = concept_table()
        self._doc, self._text = doc, doc.text  # Doc.text is rebuilt on every access: read it once per document
        for ent in doc.ents:
            ent._.concept = ent.label_
            ent._.concept_attrs = table.get(ent.label_, {})
            ent._.section = ent[0]._.section
            ent._.assertion = self.resolve(ent)
        return doc

    @staticmethod
    def categories(ent: Span) -> set[str]:
        """ConText categories of the modifiers of ``ent``, leaving out modifiers that lie inside
        the mention itself ("sigmoid diverticulosis without diverticulitis" is one affirmed
        finding; medspaCy's overlap test misses a modifier wholly inside its target)."""
        cats = set()
        for m in getattr(ent._, "modifiers", ()) or ():
            ms, me = m.modifier_span
            if ent.start <= ms and me <= ent.end:
                continue
            cats.add(m.category.upper())
        return cats

    def dimensions(self, ent: Span) -> dict:
        """The separate context dimensions of a mention (what ``resolve`` folds into one label):
        negated (bool), temporality (recent|historical|hypothetical), experiencer
        (patient|family), uncertain (bool)."""
        section = ent._.section
        family = section == "family_history"
        text = self._text if getattr(self, "_doc", None) is ent.doc else ent.doc.text
        line_end = text.find("\n", ent.end_char)
        tail = text[ent.end_char : line_end if line_end >= 0 else len(text)][:40]
        tail_line = text[ent.end_char : line_end if line_end >= 0 else len(text)][:80]
        cats = self.categories(ent)
        family = family or "FAMILY" in cats
        negated = "NEGATED_EXISTENCE" in cats
        # "X resolved": gone now -- unless X is a past episode (then it is history, not a denial).
        resolved_past = "RESOLVED" in cats and "HISTORICAL" in cats
        if "RESOLVED" in cats and not resolved_past:
            negated = True
        line_start = text.rfind("\n", 0, ent.start_char) + 1
        head = text[line_start : ent.start_char][-20:]
        column = _column_answer(text, ent.start_char)
        boxed_no = bool(_CHECK_NO.search(tail_line)) and not _CHECK_YES.search(tail_line)
        if _UNCHECKED_BEFORE.search(head) or _CHECK_NO_TAIL.search(tail) or _NO_RIGHT_BEFORE.search(head) or boxed_no:
            negated = True
        elif _CHECK_YES_TAIL.search(tail):
            negated = False
        elif column is not None:
            negated = column == "negated"
        elif _ANSWER_NO.match(tail) or _LEADER_NO.search(tail_line) or _SCREENED.match(tail) or _JUDGED_ABSENT.search(tail_line):
            negated = True
        elif _CHECK_NO.match(tail.strip()) or re.match(r"^\s*[:\-]?\s*(?:no|none|negative|neg|denies|absent|n)\b(?!\s*(?:change|improvement|relief|better))", tail, re.I):
            negated = True
        elif _CHECK_YES.match(tail.strip()):
            negated = False
        temporality = "hypothetical" if "HYPOTHETICAL" in cats else "historical" if "HISTORICAL" in cats else "recent"
        ref = ent.doc._.reference_date
        if temporality == "recent" and ref is not None:
            sent = ent.sent.text
            years = [int(y) for y in _PAST_YEAR.findall(sent)]
            if years and max(years) <= ref.year - 2 and _PAST_CUE.search(sent) and not re.search(r"\b(?:now|currently|today|new|recent(?:ly)?|again|relapse)\b", sent, re.I):
                temporality = "historical"
                if "RESOLVED" in cats:
                    negated = False  # a past episode that resolved is history, not a denial
        return {"negated": negated, "temporality": temporality, "experiencer": "family" if family else "patient", "uncertain": "POSSIBLE_EXISTENCE" in cats}

    def resolve(self, ent: Span) -> str:
        d = self.dimensions(ent)
        if d["experiencer"] == "family":
            return "family"
        if d["negated"]:
            return "negated"
        if d["temporality"] == "hypothetical":
            return "hypothetical"
        if d["uncertain"]:
            return "uncertain"
        if d["temporality"] == "historical":
            return "historical"
        return "present"
