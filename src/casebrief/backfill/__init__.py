"""The batch door: ``casebrief backfill`` briefs a folder or manifest of old cases on every
core of a machine (or a Ray cluster) and writes one brief per case, two tables and a report.

Layout, one job per module: ``sources`` (a folder or a CSV/Parquet manifest -> case entries
with a content hash), ``ledger`` (the exactly-once record in SQLite: what is done, written
together with its brief), ``work`` (what a worker does with one case: the same
``brief_case`` as the command line, under the same time budgets), ``engine_local`` and
``engine_ray`` (a pool of warm workers: plain processes, or Ray actors), ``runner`` (the
driver loop: dispatch, time limits, retries, recording), ``tables`` (criteria.parquet and
cases.parquet rebuilt from the ledger), ``report`` and ``charts`` (the self-contained
report.html), ``decisions`` (recorded decisions against brief statuses, as data),
``progress`` (the terminal line and the final summary), ``benchmark`` (cases per minute at
1 and 2 workers) and ``cli`` (the commands, registered into the main parser).

Nothing here imports Ray or pyarrow until a command needs them, so ``casebrief brief`` works
without the ``backfill`` extra.
"""
