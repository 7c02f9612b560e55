"""``cases.parquet`` and ``criteria.parquet``: their columns (as data, with what each means),
the rows a worker takes from a brief, and the files rebuilt from the ledger.

Why rebuilt from the ledger at the end of every run rather than appended to: the ledger holds
each case once (its key is the case id), so a table written from it holds each case once too,
whatever runs were killed, resumed or repeated before.  Rows are streamed from SQLite in
batches into a temporary file that replaces the table whole, so a reader never sees half a
table and memory stays flat for millions of cases.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from casebrief.backfill.decisions import agreement

BATCH_ROWS = 50_000
STATUSES = ("met", "not_met", "missing", "not_applicable", "needs_review")


@dataclass(frozen=True)
class Column:
    name: str
    sql: str  # SQLite type in the ledger
    arrow: str  # pyarrow type name
    meaning: str


CASE_COLUMNS: tuple[Column, ...] = (
    Column("case_id", "TEXT", "string", "the manifest's case_id, else the case's path"),
    Column("path", "TEXT", "string", "the case folder or packet file briefed"),
    Column("content_hash", "TEXT", "string", "SHA-256 of the files briefed"),
    Column("state", "TEXT", "string", "done (briefed) or failed (see error)"),
    Column("error", "TEXT", "string", "why the case failed: one line with its code"),
    Column("error_code", "TEXT", "string", "E2xx (the case) or E3xx (the backfill)"),
    Column("policy", "TEXT", "string", "policy id the case was judged by"),
    Column("policy_version", "TEXT", "string", "the version in effect on the request date"),
    Column("summary", "TEXT", "string", "the brief's summary status"),
    *(Column(s, "INTEGER", "int32", f"criteria {s}") for s in STATUSES),
    Column("pages", "INTEGER", "int32", "pages in the packet"),
    Column("pages_ocr", "INTEGER", "int32", "pages read by OCR"),
    Column("documents", "INTEGER", "int32", "documents found in the records"),
    Column("problems", "INTEGER", "int32", "problems the brief reports (unread files ...)"),
    Column("problem_codes", "TEXT", "string", "their codes, comma-separated"),
    Column("seconds", "REAL", "float64", "seconds the worker spent briefing the case"),
    Column("cpu_seconds", "REAL", "float64", "CPU seconds of it (less: waiting for a core or I/O)"),
    Column("attempts", "INTEGER", "int32", "workers that took the case (more after a death)"),
    Column("worker", "TEXT", "string", "the worker that briefed it (host:pid)"),
    Column("run", "INTEGER", "int32", "the run (1, 2, ...) that recorded it"),
    Column("briefed_at", "TEXT", "string", "when it was recorded (UTC, ISO 8601)"),
    Column("brief", "TEXT", "string", "the brief's file, relative to the output folder"),
    Column("decision", "TEXT", "string", "the recorded decision, when the manifest gives it"),
    Column("decided_on", "TEXT", "string", "the decision's date"),
)
AGREEMENT_COLUMN = Column(
    "agreement", "", "string", "agrees / disagrees with the decision (decisions.AGREEMENT)"
)

CRITERIA_COLUMNS: tuple[Column, ...] = (
    Column("case_id", "TEXT", "string", "the case"),
    Column("policy", "TEXT", "string", "policy id"),
    Column("policy_version", "TEXT", "string", "policy version"),
    Column("position", "INTEGER", "int32", "the criterion's place in the policy"),
    Column("criterion", "TEXT", "string", "criterion id"),
    Column("title", "TEXT", "string", "criterion title"),
    Column("kind", "TEXT", "string", "requirement, waiver or exclusion"),
    Column("status", "TEXT", "string", "met, not_met, missing, not_applicable, needs_review"),
    Column("value", "REAL", "float64", "the measured value (weeks, BMI, hours ...), if any"),
    Column("unit", "TEXT", "string", "its unit"),
    Column("evidence", "INTEGER", "int32", "quotes the brief shows (at most five)"),
    Column("more_evidence", "INTEGER", "int32", "further quotes kept in more_evidence"),
    Column("ocr_used", "INTEGER", "bool_", "a quote of this criterion was read by OCR"),
    Column("missing_documentation", "TEXT", "string", "what to ask the office for"),
)


# --------------------------------------------------------------------------- rows of a brief


def case_summary(brief) -> dict:  # noqa: ANN001 - a casebrief.brief.schema.Brief
    """The case row's brief-derived columns (the worker computes them: the driver only
    records)."""
    q = brief.packet_quality
    counts = brief.summary.counts
    return {
        "policy": brief.policy.id,
        "policy_version": brief.policy.version,
        "summary": brief.summary.status,
        **{s: int(counts.get(s, 0)) for s in STATUSES},
        "pages": q.pages_total if q else None,
        "pages_ocr": q.pages_ocr if q else None,
        "documents": len(brief.documents),
        "problems": len(brief.problems),
        "problem_codes": ",".join(sorted({p.code for p in brief.problems if p.code})) or None,
    }


def criterion_rows(brief) -> list[dict]:  # noqa: ANN001
    rows = []
    for i, c in enumerate(brief.criteria, start=1):
        quotes = [*c.evidence, *c.more_evidence]
        rows.append(
            {
                "policy": brief.policy.id,
                "policy_version": brief.policy.version,
                "position": i,
                "criterion": c.id,
                "title": c.title,
                "kind": c.kind,
                "status": c.status,
                "value": c.value,
                "unit": c.unit,
                "evidence": len(c.evidence),
                "more_evidence": len(c.more_evidence),
                "ocr_used": int(any(e.source == "ocr" for e in quotes)),
                "missing_documentation": c.missing_documentation,
            }
        )
    return rows


# --------------------------------------------------------------------------- the files


def _schema(columns: tuple[Column, ...]):  # noqa: ANN202
    import pyarrow as pa

    return pa.schema([(c.name, getattr(pa, c.arrow)()) for c in columns])


def _write(path: Path, columns: tuple[Column, ...], batches) -> int:  # noqa: ANN001
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _schema(columns)
    tmp = path.with_name(f".{path.name}.tmp")
    n = 0
    with pq.ParquetWriter(tmp, schema, compression="zstd") as writer:
        for rows in batches:
            if rows:
                writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                n += len(rows)
        if n == 0:
            writer.write_table(schema.empty_table())
    os.replace(tmp, path)
    return n


def write_tables(ledger, out: Path) -> tuple[int, int]:  # noqa: ANN001 - a Ledger
    """Rewrite ``cases.parquet`` and ``criteria.parquet`` from the ledger; (cases, criteria)."""
    names = [c.name for c in CASE_COLUMNS]

    def case_batches():
        for batch in ledger.iter_rows("cases", names, BATCH_ROWS):
            for row in batch:
                row["agreement"] = agreement(row["decision"], row["summary"])
            yield batch

    n_cases = _write(out / "cases.parquet", (*CASE_COLUMNS, AGREEMENT_COLUMN), case_batches())
    crit = [c.name for c in CRITERIA_COLUMNS]

    def criteria_batches():
        for batch in ledger.iter_rows("criteria", crit, BATCH_ROWS):
            for row in batch:
                row["ocr_used"] = bool(row["ocr_used"])
            yield batch

    n_criteria = _write(out / "criteria.parquet", CRITERIA_COLUMNS, criteria_batches())
    return n_cases, n_criteria
