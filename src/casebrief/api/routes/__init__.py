"""The routes, one module per area: ``cases`` (submit, status, briefs, versions, records,
reviews), ``notice`` (the office's missing-documentation notice: JSON, PDF, FHIR CDex),
``policies``, ``admin`` (audit, deadlines, metrics) and ``health``."""
