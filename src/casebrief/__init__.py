"""casebrief: evidence-linked pre-review briefs for prior-authorization packets.

The public surface is small: :func:`brief_case` turns a case directory (or one packet
file) into a :class:`~casebrief.brief.schema.Brief`; everything else lives in modules.
"""

from casebrief._version import __version__

__all__ = ["__version__", "brief_case"]


def brief_case(*args, **kwargs):  # noqa: ANN002, ANN003 - thin lazy re-export
    """Build a brief for a case; see :func:`casebrief.service.brief_case`."""
    from casebrief.service import brief_case as _brief_case

    return _brief_case(*args, **kwargs)
