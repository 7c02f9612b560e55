"""casebrief_assertion: one assertion label per mention.

Is a mention asserted, negated, planned, historical, a relative's, or uncertain?  ConText
(``casebrief_context``) supplies the scoped modifiers; this component folds their
categories, the section a mention sits in, checkbox and checklist conventions of faxed
forms, and dated past episodes into ``span._.assertion``.  Why one label: a criterion asks
one question ("is this evidence?"), and the brief shows the reviewer why a mention was not
counted.  The cue phrases are data (``resources/lexicons/cues/assertion.yaml``).
"""

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from casebrief.lexicon import cue
from casebrief.lines import LineIndex
from casebrief.nlp.concepts import concept_table

ASSERTIONS = ("present", "negated", "hypothetical", "historical", "family", "uncertain")
FORM_LINE_MAX = 300  # a form's question row is short; longer lines are prose, not answer columns
_UNCHECKED_BEFORE = re.compile(
    r"(?:\[\s*\]|\(\s*\)|☐)\s*"
    r"(?:(?:personal\s+)?(?:prior|previous|any|h/o|hx|hx of|history of)\s+)?"
    r"(?:(?:active|current|acute)\s+)?$",
    re.I,
)  # "[X] PT  [ ] Chiropractic", "[ ] Prior ESI this region", "[ ] Hx cancer", "( ) HTN",
# "[ ] Active infection": not done or absent
_UNCHECKED_ITEM_BEFORE = re.compile(
    r"(?:\[\s*\]|\(\s*\)|☐)(?:[^\[\]()☐☒☑✔:;.?!\n]|\((?=[a-z]{2}))"
    r"{1,60}?(?:\bor|/|,|\band|&|\()\s*[\"']?$",
    re.I,
)  # "[ ] Fever or chills", "[ ] Fever/chills", "[ ] Numbness in groin/"saddle" area": a further
# finding named in the same unticked item, after "or", "/", "and" or a comma, or in its
# parenthesis of examples ("[ ] Cauda equina symptoms (saddle anesthesia, bowel/bladder
# change)"); a parenthesis that opens a word, not a "( )" or "(X)" box
_OPEN_LINE = re.compile(r"(?:[,(/]|\band|\bor)\s*$", re.I)
# exam signs told per side: "SLR: positive on the left, negative on the right"
SIDED_SIGNS = {"slr"}
LIST_ITEMS_UP = 15  # how many lines a list of warning signs may run under its heading
# an indented line that goes on with the item above (not a new numbered or boxed item)
_CONTINUATION = re.compile(r"[ \t]{2,}(?![\d]+[.)]|\[|☐|☒|[-•*] )\S")
_MARK_AT_END = re.compile(r"(?<!\S)[xX✓✔](?=\s*$)")
_TWO_BOXES_AT_END = re.compile(r"\[\s*([xX✓✔]?)\s*\]\s*\[\s*([xX✓✔]?)\s*\]\s*$")


@dataclass(frozen=True)
class Dimensions:
    """The separate context dimensions of a mention (what :func:`fold` turns into one label)."""

    negated: bool
    temporality: str  # recent | historical | hypothetical
    experiencer: str  # patient | family
    uncertain: bool


def fold(d: Dimensions) -> str:
    """One label, by precedence: family beats everything (a relative's cancer is never the
    patient's); negation beats hypothetical ("no plan to start PT" is not a plan); then
    hypothetical, uncertain, historical."""
    if d.experiencer == "family":
        return "family"
    if d.negated:
        return "negated"
    if d.temporality == "hypothetical":
        return "hypothetical"
    if d.uncertain:
        return "uncertain"
    if d.temporality == "historical":
        return "historical"
    return "present"


@Language.factory(
    "casebrief_assertion",
    assigns=["span._.assertion", "span._.concept", "span._.section"],
    requires=["span._.modifiers", "token._.section"],
)
def make_assertion(nlp: Language, name: str) -> "AssertionResolver":
    return AssertionResolver()


class AssertionResolver:
    """Sets ``span._.assertion`` (and the mention's concept attributes and section)."""

    def __call__(self, doc: Doc) -> Doc:
        table = concept_table()
        reader = MentionContext(doc)
        for ent in doc.ents:
            ent._.concept = ent.label_
            ent._.concept_attrs = table.get(ent.label_, {})
            ent._.section = ent[0]._.section
            ent._.assertion = fold(reader.dimensions(ent))
        return doc


def modifier_categories(ent: Span) -> set[str]:
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


class MentionContext:
    """Reads the text around mentions of one document (its line index is built once)."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc.text  # Doc.text is rebuilt on every access: read it once per document
        self.lines = LineIndex(self.text)
        self._past_episode: dict[tuple[int, bool], bool] = {}
        self._sentences: dict[tuple[int, int], tuple[int, int, str]] = {}

    def sentence(self, ent: Span) -> tuple[int, int, str]:
        """(first token, first character, text) of ``ent.sent``, read once per sentence.
        Why: spaCy finds ``Span.sent`` by walking the tokens and builds its text token by
        token on every access, and a mention is asked about its sentence several times."""
        sent = ent.sent
        key = (sent.start, sent.end)
        got = self._sentences.get(key)
        if got is None:
            got = self._sentences[key] = (sent.start, sent.start_char, sent.text)
        return got

    def asked(self, ent: Span) -> bool:
        """The mention's sentence is a question (a screening script, a portal questionnaire):
        it asks about the finding and asserts nothing.  Its answer, when on the same line, is
        read by :meth:`checklist_answer` instead."""
        _, sent_start, sent_text = self.sentence(ent)
        if not sent_text.rstrip().rstrip("\"')").endswith("?"):
            return False
        asked_at = sent_start + len(sent_text.rstrip())
        rest = self.text[asked_at : self.lines.end_of(asked_at)]
        return not rest.strip()  # "Saddle anesthesia? Yes.": answered on its line

    def under_conditional_list(self, line_start: int) -> bool:
        """The mention's line is an item of a list opened by a conditional heading ("RETURN TO
        THE EMERGENCY DEPARTMENT RIGHT AWAY IF YOU HAVE:" / " - numbness in the groin"): walk
        up through the list's items (a blank line ends it) to its heading.  Why: each item is
        its own sentence, out of reach of the heading's "if", and discharge instructions'
        items were read as saddle numbness, foot drop and fever present."""
        text, item = self.text, cue("assertion.list_item")
        if not item.match(text, line_start):
            return False
        pos = line_start
        for _ in range(LIST_ITEMS_UP):
            if pos <= 0:
                return False
            prev = self.lines.start_of(pos - 1)
            line = text[prev : pos - 1]
            if not line.strip():
                return False
            if not item.match(text, prev) and not line.startswith(("  ", "\t")):
                return bool(cue("assertion.conditional_list_heading").search(line))
            pos = prev  # an item, or an item's wrapped continuation
        return False

    def dimensions(self, ent: Span) -> Dimensions:
        text = self.text
        cats = modifier_categories(ent)
        family = ent._.section == "family_history" or "FAMILY" in cats
        negated = "NEGATED_EXISTENCE" in cats
        # "X resolved": gone now -- unless X is a past episode (then it is history, not a denial).
        if "RESOLVED" in cats and "HISTORICAL" not in cats:
            negated = True
        line_start = self.lines.start_of(ent.start_char)
        line_end = self.lines.end_of(ent.end_char)
        tail = text[ent.end_char : min(line_end, ent.end_char + 40)]
        tail_line = text[ent.end_char : min(line_end, ent.end_char + 80)]
        head = text[max(line_start, ent.start_char - 20) : ent.start_char]
        answer = self.checklist_answer(ent, head, tail, tail_line)
        if answer is None:
            answer = self.wrapped_item_answer(line_end)
        if answer is not None:
            negated = answer
        elif negated and ent.label_ in SIDED_SIGNS and cue("assertion.positive_after").search(tail):
            negated = False  # "SLR: positive on the left, negative on the right": one side is
        temporality = (
            "hypothetical"
            if "HYPOTHETICAL" in cats
            else "historical"
            if "HISTORICAL" in cats
            else "recent"
        )
        if temporality == "hypothetical" and cue("assertion.dose_change_before").search(
            text[max(line_start, ent.start_char - 40) : ent.start_char]
        ):
            temporality = "recent"  # "... and also increase the Mobic": she is taking it
        if (
            temporality == "hypothetical"
            and cue("assertion.question_before").search(
                text[max(line_start, ent.start_char - 60) : ent.start_char]
            )
            and cue("assertion.answered_yes_after").match(text[ent.end_char : line_end])
        ):
            temporality = "recent"  # "When asked about fevers, he said yes": told, not asked
        if temporality == "hypothetical" and cue("assertion.answer_after_question").search(
            text[max(line_start, ent.start_char - 80) : ent.start_char]
        ):
            temporality = "recent"  # "Asked about cancer history: breast cancer 2019": the answer
        prompted = bool(
            cue("assertion.form_follow_up_prompt").search(text[line_start : ent.start_char])
        )
        if prompted and temporality == "hypothetical":
            temporality = "recent"  # "If yes, where?  down back of R thigh": the form's answer
        if temporality == "recent" and answer is None and self.under_conditional_list(line_start):
            temporality = "hypothetical"  # "GO TO THE ER IF:" / " * you have fever with back pain"
        if temporality == "recent" and answer is None and self.asked(ent):
            temporality = "hypothetical"  # "- any new weakness, like tripping?": a question
        if answer is None and cue("assertion.blank_answer_after").search(tail_line):
            # a form's field left unfilled ("Functional limitation: ______", "Prior treatments:
            # ***", "Conservative care (type/dates): see notes"): its label asserts nothing
            temporality = "hypothetical"
        if temporality == "recent" and self.called_old(ent, line_start):
            temporality = "historical"  # "old T12 compression fracture", "healed rib fractures"
        if temporality == "recent" and self.dated_past_episode(ent):
            temporality = "historical"
            if "RESOLVED" in cats:
                negated = False  # a past episode that resolved is history, not a denial
        if (
            temporality == "recent"
            and (ent._.concept_attrs or {}).get("episodic")
            and self.dated_years_back(ent)
        ):
            temporality = "historical"  # "infection in that knee in 2019", "Discitis ... 2009"
        return Dimensions(
            negated,
            temporality,
            "family" if family else "patient",
            "POSSIBLE_EXISTENCE" in cats and not prompted,
        )

    def wrapped_item_answer(self, line_end: int) -> bool | None:
        """A form item wrapped onto an indented next line that carries its boxes: "4. Red flags
        (cauda equina, cancer hx, infection," / "   fracture, progressive deficit)?   [ ] Yes
        [X] No".  True (answered no), False (yes) or None.

        The next line goes on with the item when it is indented under it or, where OCR kept no
        indent (a page's words are set at their own left edge), when it opens in lower case:
        on the fax copy of dev10va-02 "4. Red flags (cauda equina, cancer hx, infection," /
        "fracture, progressive deficit)?   [ ] Yes [X] No" lost its indent, the answer went
        unread, and the flags listed in the question read as present."""
        line = self.text[self.lines.start_of(max(line_end - 1, 0)) : line_end]
        if not _OPEN_LINE.search(line) and line.count("(") <= line.count(")"):
            return None  # the item ends on its own line: the boxes below answer another
        if cue("assertion.check_no").search(line) or cue("assertion.check_yes").search(line):
            return None  # the item's own line carries its boxes
        nxt = (
            self.text[line_end + 1 : self.lines.end_of(line_end + 1)]
            if line_end < len(self.text)
            else ""
        )
        if not (_CONTINUATION.match(nxt) or nxt[:1].islower()) or not re.search(
            r"[?:]\s*(?:\[|☐|☒)", nxt
        ):
            return None
        no = bool(cue("assertion.check_no").search(nxt))
        yes = bool(cue("assertion.check_yes").search(nxt))
        return no if no != yes else None

    def checklist_answer(self, ent: Span, head: str, tail: str, tail_line: str) -> bool | None:
        """True (answered no), False (answered yes) or None (not a checklist item)."""
        line_head = self.text[self.lines.start_of(ent.start_char) : ent.start_char]
        if cue("assertion.checked_negative_statement").match(line_head):
            return True
        # "[N] Night sweats / chills": a screen that writes its answer in the box opening
        # the line answers every finding the line names
        if cue("assertion.answer_in_box_no").match(line_head):
            return True
        boxed_no = bool(cue("assertion.check_no").search(tail_line)) and not cue(
            "assertion.check_yes"
        ).search(tail_line)
        if (
            _UNCHECKED_BEFORE.search(head)
            # an unticked item that names several findings answers each of them: on dev25cx-02's
            # intake "[ ] Fever or chills   [X] Unexplained weight loss" read the chills present
            or _UNCHECKED_ITEM_BEFORE.search(line_head[-60:])
            or cue("assertion.check_no_after").search(tail)
            or cue("assertion.denied_right_before").search(head)
            or boxed_no
        ):
            return True
        if cue("assertion.check_yes_after").search(tail):
            return False
        column = self.column_answer(ent.start_char)
        if column is not None:
            return column == "negated"
        if (
            cue("assertion.answer_no_after").match(tail)
            or cue("assertion.leader_no").search(tail_line)
            or cue("assertion.screened_after").match(tail)
            or cue("assertion.judged_absent").search(tail_line)
            or cue("assertion.check_no").match(tail.strip())
        ):
            return True
        if cue("assertion.check_yes").match(tail.strip()):
            return False
        return None

    def column_answer(self, offset: int) -> str | None:
        """Forms with 'Y   N' answer columns: an X under N negates the question on its line."""
        number = self.lines.number(offset)
        start, end = self.lines.line(number)
        if end - start > FORM_LINE_MAX:
            return None
        line = self.text[start:end]
        boxes = _TWO_BOXES_AT_END.search(line)
        if boxes and bool(boxes.group(1)) != bool(boxes.group(2)):
            # "Prior epidural steroid injection, any level    [ ] [X]": a yes box then a no box
            return "present" if boxes.group(1) else "negated"
        mark = _MARK_AT_END.search(line)
        if not mark or "?" not in line[: mark.start()] and ":" not in line[: mark.start()]:
            return None
        for prev in range(
            number - 1, max(number - 16, -1), -1
        ):  # the column header, up to 15 lines back
            ps, pe = self.lines.line(prev)
            h = cue("assertion.yn_columns_header").search(self.text[ps:pe])
            if h:
                col = mark.start()
                return "present" if abs(col - h.start("y")) < abs(col - h.start("n")) else "negated"
        return None

    def called_old(self, ent: Span, line_start: int) -> bool:
        """The finding is called old, healed or remote just before its name -- outside the
        mention ("old healed fracture of the left sixth rib") or as its first word when the
        mention is a whole phrase ("old T12 compression fracture")."""
        before = self.text[max(line_start, ent.start_char - 40) : ent.start_char]
        first, _, rest = ent.text.partition(" ")
        for text in (before, before + first + " " if rest else ""):
            m = cue("assertion.old_finding_before").search(text)
            if m and not cue("assertion.age_unit_before").search(text[: m.start()]):
                return True
        return False

    def dated_past_episode(self, ent: Span) -> bool:
        """ "Treated for septic bursitis in 2019": a year two or more before the note -- or a past
        time said in words ("as a child", "last spring", "on a prior admission") -- with a
        past-tense cue and nothing that makes the sentence current, dates a past episode."""
        sent_token, sent_start, sent = self.sentence(ent)
        # A semicolon closes a clause: "Indication: left calf swelling; prior DVT in 2016" tells
        # the current problem and a past one side by side.  Only the mention's own clause counts.
        at = ent.start_char - sent_start
        clause_start = sent.rfind(";", 0, at) + 1
        clause_end = sent.find(";", ent.end_char - sent_start)
        clause_end = len(sent) if clause_end < 0 else clause_end
        clause = sent[clause_start:clause_end]
        turn = cue("assertion.turn_to_present").search(clause)
        before_turn = turn is not None and ent.end_char - sent_start - clause_start <= turn.start()
        # "DCIS treated in 2015, now with a left breast mass", "s/p PCI 2017, presents with
        # dyspnea": the past episode is told before the turn to the present, the current
        # problem after it; each part is read on its own
        key = (sent_token, clause_start, turn is not None and not before_turn, before_turn)
        if key not in self._past_episode:  # one reading per sentence part, not per mention
            if turn is None:
                part = clause
            else:
                part = clause[: turn.start()] if before_turn else clause[turn.start() :]
            self._past_episode[key] = self._sentence_tells_past_episode(part)
        return self._past_episode[key]

    def dated_years_back(self, ent: Span) -> bool:
        """An acute episode -- an infection -- dated two or more years before the note, with no
        word that it goes on: "worried because of the infection in that knee in 2019", a
        past-history row "- Discitis of lumbar region      2009".  Only for concepts whose
        entry is ``episodic`` (concepts.yaml): an infection does not last years untreated, so
        its year alone tells a past episode, without the past-tense word
        :meth:`dated_past_episode` asks for (a diabetes "2009" on the same list is a disease
        of today).  "Chronic osteomyelitis 2019 on suppressive doxycycline", "discitis
        diagnosed 2023, still on IV antibiotics" and "MRSA 2019, now a new abscess" stay
        current (assertion.episode_goes_on, assertion.current_episode); "knee infection
        2018, washed out, no problems since" does not.  Read in the mention's own clause,
        before any turn to the present ("..., now with ...")."""
        ref = self.doc._.reference_date
        if ref is None:
            return False
        _, sent_start, sent = self.sentence(ent)
        at = ent.start_char - sent_start
        clause_start = sent.rfind(";", 0, at) + 1
        clause_end = sent.find(";", ent.end_char - sent_start)
        clause = sent[clause_start : len(sent) if clause_end < 0 else clause_end]
        turn = cue("assertion.turn_to_present").search(clause)
        if turn is not None:
            if ent.end_char - sent_start - clause_start > turn.start():
                return False  # the mention is told after the turn: the present problem
            clause = clause[: turn.start()]
        if cue("assertion.current_episode").search(clause) or cue(
            "assertion.episode_goes_on"
        ).search(clause):
            return False
        at = ent.start_char - sent_start - clause_start  # the mention, in the clause
        end = ent.end_char - sent_start - clause_start
        years = [
            int(y.group(1))
            for y in cue("assertion.past_year").finditer(clause)
            if self._year_of_mention(clause, at, end, y)
        ]
        return bool(years) and max(years) <= ref.year - 2

    @staticmethod
    def _year_of_mention(clause: str, at: int, end: int, y) -> bool:
        """Whether a year of the mention's clause dates the mention, not another event the
        clause tells beside it: "Epidural abscess at L3-4 next to the hardware placed in 2019",
        "discitis at the level of her 2019 fusion", "cellulitis after her 2018 knee
        replacement" date the operation, and the infection is today's.  The words between the
        mention and the year, and the word the year stands before, may not name another event
        (assertion.other_event)."""
        between = clause[end : y.start(1)] if y.start(1) >= end else clause[y.end(1) : at]
        other = cue("assertion.other_event")
        if other.search(between):
            return False
        return not (y.start(1) >= end and other.match(clause[y.end(1) :].lstrip()))

    def _sentence_tells_past_episode(self, sent: str) -> bool:
        if cue("assertion.current_episode").search(sent):
            return False
        if cue("assertion.childhood_time").search(sent) and not cue(
            "assertion.ongoing_since"
        ).search(sent):
            return True  # "eczema as a child, no flares as an adult", "appendectomy age 12"
        if cue("assertion.years_ago").search(sent) and not cue("assertion.ongoing_words").search(
            sent
        ):
            return True  # "MRSA in a foot wound several yrs ago", not "pain began 2 years ago"
        if not cue("assertion.past_episode").search(sent):
            return False
        if cue("assertion.past_time").search(sent):
            return True  # "had mono in college", "treated for a UTI last month"
        if cue("assertion.past_month").search(sent) and not cue("assertion.ongoing_words").search(
            sent
        ):
            return True  # "admitted in January with pneumonia", not "leg pain since March"
        ref = self.doc._.reference_date
        years = [int(y) for y in cue("assertion.past_year").findall(sent)]
        # without a note date (a sentence read alone), a year told in the past tense is past
        return bool(years and (ref is None or max(years) <= ref.year - 2))
