"""Extraction: records on disk become text with a map back to page and box."""

from casebrief.extract.record import Record, PageSpan, load_record

__all__ = ["Record", "PageSpan", "load_record"]
