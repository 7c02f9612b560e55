"""Alembic's environment: run with the connection :func:`casebrief.api.db.migrate` passes
(or, from the ``alembic`` command line, with ``CASEBRIEF_DATABASE_URL``)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from casebrief.api.models import Base
from casebrief.api.settings import Settings

target_metadata = Base.metadata


def _run(connection) -> None:  # noqa: ANN001
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters by copy
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    with create_engine(Settings().url).connect() as conn:
        _run(conn)
