"""The clinical NLP pipeline: registered spaCy components, each with its rules as data."""

from casebrief.lazy_imports import defer

# medspaCy -> QuickUMLS -> nltk -> scipy.stats costs ~1 s at import and is never used here
defer("nltk")
