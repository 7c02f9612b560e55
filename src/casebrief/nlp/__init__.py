"""The clinical NLP pipeline: registered spaCy components, each with its rules as data."""
