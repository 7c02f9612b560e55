"""``/metrics`` in Prometheus text format.

Queue depth, jobs by state, cases near or past their decision time and the submit-to-brief
latency histogram are read from the database at scrape time (a custom collector): the
workers are separate processes, and the figures must survive a restart.  Request counts
and durations are this server process's own.
"""

from __future__ import annotations

import datetime as dt

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, HistogramMetricFamily
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from casebrief.api.models import BriefVersion, Case, Job, utcnow

BUCKETS = (0.25, 0.5, 1, 2, 3, 5, 10, 30, 60, 120, 300)
HTTP = CollectorRegistry()
REQUESTS = Counter(
    "casebrief_http_requests",
    "HTTP requests answered",
    ["method", "route", "status"],
    registry=HTTP,
)
DURATION = Histogram(
    "casebrief_http_request_seconds",
    "HTTP request handling time",
    ["route"],
    registry=HTTP,
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)


def observe_request(method: str, route: str, status: int, seconds: float) -> None:
    REQUESTS.labels(method, route, str(status)).inc()
    DURATION.labels(route).observe(seconds)


def _histogram(name: str, doc: str, values: list[float]) -> HistogramMetricFamily:
    counts, total = [], 0
    for b in BUCKETS:
        counts.append((str(b), sum(1 for v in values if v <= b)))
    counts.append(("+Inf", len(values)))
    total = sum(values)
    return HistogramMetricFamily(name, doc, buckets=counts, sum_value=total)


def collect_queue(db: Session, near_hours: float) -> list:
    by_state = dict(db.execute(select(Job.state, func.count()).group_by(Job.state)).all())
    jobs = GaugeMetricFamily("casebrief_jobs", "jobs by state", labels=["state"])
    for state in ("queued", "running", "done", "failed"):
        jobs.add_metric([state], by_state.get(state, 0))
    depth = GaugeMetricFamily("casebrief_queue_depth", "jobs waiting for a worker")
    depth.add_metric([], by_state.get("queued", 0))
    now = utcnow()
    soon = now + dt.timedelta(hours=near_hours)
    due = GaugeMetricFamily(
        "casebrief_cases_due", "cases by decision clock", labels=["clock", "urgency"]
    )
    for urgency in ("standard", "expedited"):
        counts = db.execute(
            select(
                func.count().filter(Case.due_at < now),
                func.count().filter((Case.due_at >= now) & (Case.due_at < soon)),
            ).where(Case.urgency == urgency)
        ).one()
        due.add_metric(["past_due", urgency], counts[0])
        due.add_metric(["due_soon", urgency], counts[1])
    pairs = db.execute(
        select(Job.enqueued_at, BriefVersion.created_at, BriefVersion.seconds).join(
            BriefVersion, BriefVersion.job_id == Job.id
        )
    ).all()
    latency = _histogram(
        "casebrief_brief_latency_seconds",
        "submit (or late records) to brief stored",
        [(b - a).total_seconds() for a, b, _ in pairs],
    )
    work = _histogram(
        "casebrief_brief_work_seconds", "a worker's time briefing one case", [s for *_, s in pairs]
    )
    return [jobs, depth, due, latency, work]


def render(factory: sessionmaker[Session], near_hours: float, workers_alive: int) -> bytes:
    with factory() as db:
        families = collect_queue(db, near_hours)
    alive = GaugeMetricFamily("casebrief_workers_alive", "worker processes alive")
    alive.add_metric([], workers_alive)
    families.append(alive)

    class _Once:
        def collect(self):  # noqa: ANN202
            return families

    reg = CollectorRegistry()
    reg.register(_Once())
    return generate_latest(reg) + generate_latest(HTTP)
