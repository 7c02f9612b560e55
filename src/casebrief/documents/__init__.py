"""Documents: a record (file) holds one or more clinical documents (a faxed packet holds many)."""

from casebrief.documents.model import Document
from casebrief.documents.split import split_record

__all__ = ["Document", "split_record"]
