"""The HTTP door: the nurse-prep API (``casebrief serve``) over the one core, ``brief_case``.

Layout, after the full-stack FastAPI template: ``settings`` (configuration from the
environment), ``db`` and ``models`` (SQLAlchemy 2, migrated by Alembic), ``crud``-style
modules with one job each (``keys``, ``audit``, ``storage``, ``intake``, ``queue``,
``versions``), ``deps`` (who asks, and may they), ``routes/`` (typed FastAPI routes),
``worker`` (processes that hold a warm pipeline and take cases from the queue kept in the
database) and ``app`` (the application factory and the worker pool's lifetime).
"""
