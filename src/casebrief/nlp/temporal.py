"""casebrief_temporal: dates and durations of a document, resolved against its date."""

from spacy.language import Language
from spacy.tokens import Doc

from casebrief.nlp.dates import find_dates, find_durations


@Language.factory("casebrief_temporal", assigns=["doc._.dates", "doc._.durations"])
def make_temporal(nlp: Language, name: str) -> "TemporalTagger":
    return TemporalTagger()


class TemporalTagger:
    """Sets ``doc._.dates`` (resolved against ``doc._.reference_date``) and ``doc._.durations``."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.dates = find_dates(doc.text, doc._.reference_date)
        doc._.durations = find_durations(doc.text)
        return doc
