"""The service's configuration, read from ``CASEBRIEF_*`` environment variables.

Why pydantic-settings: one typed object, validated at start, with the defaults written in
one place, as the full-stack FastAPI template's ``core/config.py``.  The embedded default
needs nothing set: a SQLite database and the uploaded records under ``CASEBRIEF_DATA_DIR``.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

MB = 1024 * 1024


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CASEBRIEF_", extra="ignore")

    data_dir: Path = Path("casebrief-data")
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; default: SQLite under data_dir"
    )
    policy_dir: Path | None = None

    # the worker pool
    workers: int = Field(default=2, ge=0, description="worker processes; 0 runs none")
    lease_seconds: float = Field(default=60.0, gt=0, description="a claimed job's lease")
    max_attempts: int = Field(default=3, ge=1, description="tries before a case ends failed")
    poll_seconds: float = Field(default=0.5, gt=0)
    shutdown_grace_seconds: float = Field(default=20.0, ge=0)

    # limits
    queue_max: int = Field(default=500, ge=1, description="queued+running jobs before 429")
    max_request_mb: float = Field(default=200.0, gt=0)
    max_file_mb: float = Field(default=50.0, gt=0)
    max_records: int = Field(default=50, ge=1)
    max_pages: int = Field(default=1000, ge=1)
    record_seconds: float = Field(default=30.0, gt=0)
    case_seconds: float = Field(default=120.0, gt=0)
    job_seconds: float | None = Field(
        default=None,
        gt=0,
        description="hard limit on one briefing; default: every budget of the core, plus a minute",
    )

    # deadlines (CMS-0057-F): decision due this many hours after receipt
    expedited_hours: float = 72.0
    standard_hours: float = 7 * 24.0
    near_due_hours: float = 24.0

    log_level: str = "INFO"

    # the reviewer page
    session_hours: float = Field(default=8.0, gt=0, description="a page login's lifetime")
    secure_cookies: bool = Field(
        default=False,
        description="mark the session cookie Secure (set it when the service is behind HTTPS)",
    )
    page_image_width: int = Field(
        default=1100, ge=300, le=3000, description="pixels wide a page image is rendered"
    )

    @cached_property
    def url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'casebrief.sqlite3').resolve()}"

    @property
    def job_limit_seconds(self) -> float:
        """Beyond the core's budgets (each record's extraction, then the case's analysis)."""
        if self.job_seconds is not None:
            return self.job_seconds
        return self.case_seconds + self.record_seconds * self.max_records + 60.0

    @property
    def cases_dir(self) -> Path:
        return self.data_dir / "cases"

    @property
    def max_request_bytes(self) -> int:
        return int(self.max_request_mb * MB)

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * MB)

    def prepare(self) -> None:
        """Create the data directory (the embedded database and the records live there)."""
        self.cases_dir.mkdir(parents=True, exist_ok=True)
