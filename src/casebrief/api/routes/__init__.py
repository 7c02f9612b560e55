"""The routes, one module per area: ``cases`` (submit, status, briefs, versions, records,
reviews, notice), ``policies``, ``admin`` (audit, deadlines, metrics) and ``health``."""
