"""Extraction: records on disk become text with a map back to page and box."""

from casebrief.extract.record import PageSpan, Record, load_record

__all__ = ["Record", "PageSpan", "load_record"]
