"""The reviewer page's routes: login with a key, the case list, the case page, and the page
images and record text its quotes open.

Same keys, roles and organizations as the API: a page login is a session standing for the
key typed into the login form (:mod:`casebrief.api.sessions`).  Another organization's case
is 404, exactly as in the API; an office key sees only its notices.  Every view is written to
the audit trail.  URLs carry ids and numbers only (a case id, a version, a record's index, a
page number), never a file name or any other patient text.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.security import HTTPAuthorizationCredentials
from sqlalchemy import select
from sqlalchemy.orm import Session

from casebrief.api import audit
from casebrief.api.deps import DB, Principal, bearer
from casebrief.api.keys import verify
from casebrief.api.models import BriefVersion, Case, Review, utcnow
from casebrief.api.sessions import COOKIE, close_session, find_session, open_session
from casebrief.web import view
from casebrief.web.highlights import load_records, record_files, view_map
from casebrief.web.page_images import PageNotShown, page_png
from casebrief.web.templates import templates

router = APIRouter(include_in_schema=False)
READERS = {"nurse", "reviewer", "admin"}
PAGE_PREFIXES = ("/cases", "/login", "/logout", "/static/")
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


class LoginRequired(Exception):  # noqa: N818 - a redirect, not an error
    """No page login: the handler sends the browser to the login form, then back here."""

    def __init__(self, path: str) -> None:
        self.path = path


class PageProblem(Exception):  # noqa: N818
    """An HTML answer other than 200: a case that is not there, a role that may not see it."""

    def __init__(self, status: int, title: str, detail: str, *, audit: dict | None = None) -> None:
        self.status, self.title, self.detail = status, title, detail
        self.audit = audit  # a denial's audit row, written in a transaction of its own


def page_user(
    request: Request,
    creds: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    """Who asks: the page login's key, or a key in the Authorization header (for scripts)."""
    with request.app.state.sessions() as db, db.begin():
        if creds is not None and creds.scheme.lower() == "bearer":
            key = verify(db, creds.credentials)
            if key is None:  # a script's key: tell it, do not send it to a form
                raise PageProblem(401, "Not logged in", "The API key is unknown or revoked.")
        else:
            login = find_session(db, request.cookies.get(COOKIE))
            key = login.key if login else None
            request.state.csrf = login.csrf if login else ""
        if key is None:
            query = request.url.query
            raise LoginRequired(request.url.path + (f"?{query}" if query else ""))
        return Principal(key.id, key.org, key.role)


User = Annotated[Principal, Depends(page_user)]


def _safe_next(path: str | None) -> str:
    """Only a path of this site: never another site's address (an open redirect)."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path:
        return "/cases"
    return path


@router.get("/", response_class=RedirectResponse)
def home() -> RedirectResponse:
    return RedirectResponse("/cases", status_code=303)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str | None = None) -> HTMLResponse:  # noqa: A002
    return templates.TemplateResponse(
        request, "login.html", {"next": _safe_next(next), "error": None}
    )


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    db: DB,
    key: Annotated[str, Form(max_length=200)],
    next: Annotated[str, Form(max_length=2000)] = "/cases",  # noqa: A002
) -> Response:
    settings = request.app.state.settings
    _same_origin(request)
    with db.begin():
        row = verify(db, key.strip())
        if row is None:
            audit.record(db, None, "page.login", outcome=401)
        else:
            token, _ = open_session(db, row, settings.session_hours)
            audit.record(db, _principal(row), "page.login", outcome=303)
    if row is None:
        return templates.TemplateResponse(
            request,
            "login.html",
            {"next": _safe_next(next), "error": "That key is unknown or revoked."},
            status_code=401,
        )
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        COOKIE,
        token,
        max_age=int(settings.session_hours * 3600),
        httponly=True,
        samesite="strict",
        secure=settings.secure_cookies,
        path="/",
    )
    return response


@router.post("/logout")
def logout(request: Request, db: DB) -> RedirectResponse:
    _same_origin(request)
    with db.begin():
        close_session(db, request.cookies.get(COOKIE))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


@router.get("/cases", response_class=HTMLResponse)
def case_list(request: Request, db: DB, who: User) -> HTMLResponse:
    _readable(who, None, "page.cases")  # an office key opens notices, it does not list cases
    with db.begin():
        rows = db.scalars(
            select(Case).where(Case.org == who.org).order_by(Case.received_at.desc()).limit(200)
        ).all()
        audit.record(db, who, "page.cases", detail={"count": len(rows)})
    now = utcnow()
    cases = [
        {
            "id": c.id,
            "external_id": c.external_id,
            "received_at": c.received_at,
            "urgency": c.urgency,
            "due": view.due_words(c.due_at, now),
            "version": c.latest_version,
        }
        for c in rows
    ]
    return _page(request, who, "cases.html", {"cases": cases})


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def case_page(request: Request, db: DB, who: User, case_id: str, version: int | None = None):  # noqa: ANN201
    settings = request.app.state.settings
    with db.begin():
        case = _find(db, who, case_id, "page.read")
        office = who.role == "office"
        if office:  # an office key sees what it must send, not the brief
            audit.record(db, who, "page.read", case_id=case.id, outcome=200)
    if office:
        return _page(request, who, "office.html", {"case": case})
    _readable(who, case.id, "page.read")
    with db.begin():
        versions = db.scalars(
            select(BriefVersion)
            .where(BriefVersion.case_id == case.id)
            .order_by(BriefVersion.version.desc())
        ).all()
        row = next((v for v in versions if v.version == version), None) if version else None
        if version is not None and row is None:
            audit.record(db, who, "page.read", case_id=case.id, outcome=404)
        elif row is None and versions:
            row = versions[0]
        reviews = (
            db.scalars(
                select(Review)
                .where(Review.case_id == case.id, Review.version == row.version)
                .order_by(Review.id)
            ).all()
            if row
            else []
        )
        if version is None or row is not None:
            audit.record(
                db, who, "page.read", case_id=case.id, version=row.version if row else None
            )
    if version is not None and row is None:
        raise PageProblem(404, "No such version", f"The case has no brief version {version}.")
    context = {"case": case, "versions": versions, "due": view.due_words(case.due_at, utcnow())}
    if row is None:
        return _page(request, who, "case_waiting.html", context)
    policy = _policy(row.brief)
    context |= view.build(settings.cases_dir / case.id, row.version, row.brief, policy, reviews)
    context["can_review"] = who.role in ("reviewer", "admin")
    context["latest"] = versions[0].version
    return _page(request, who, "case.html", context)


@router.get("/cases/{case_id}/v{version}/records/{index}/pages/{page}.png")
def page_image(
    request: Request, db: DB, who: User, case_id: str, version: int, index: int, page: int
) -> Response:
    settings = request.app.state.settings
    case_dir, brief, file = _record_of(request, db, who, case_id, version, index, "page.image")
    vmap = view_map(case_dir, version, brief)
    pages = vmap["records"][index].get("pages", []) if index < len(vmap["records"]) else []
    info = next((p for p in pages if p["number"] == page), None)
    if info is None:
        raise PageProblem(404, "No such page", f"The record has no page {page}.")
    try:
        data = page_png(case_dir, file, page, settings.page_image_width, info)
    except PageNotShown as exc:
        raise PageProblem(404, "No page image", str(exc)) from None
    # private: no shared cache keeps a patient's page; no-cache: the browser asks again (an
    # answer from the server's own cache), so a logout or a revoked key takes effect at once
    return Response(data, media_type="image/png", headers={"Cache-Control": "private, no-cache"})


@router.get("/cases/{case_id}/v{version}/records/{index}/text")
def record_text(
    request: Request, db: DB, who: User, case_id: str, version: int, index: int
) -> JSONResponse:
    """A text record's extracted text (the quotes of a text record are shown in it)."""
    case_dir, brief, file = _record_of(request, db, who, case_id, version, index, "page.text")
    vmap = view_map(case_dir, version, brief)
    if vmap["records"][index].get("kind") != "text":
        raise PageProblem(404, "Not a text record", "This record is shown as page images.")
    rec = load_records(case_dir, [file]).get(file)
    if rec is None:
        raise PageProblem(404, "Record not readable", "The record could not be read again.")
    return JSONResponse(
        {"text": rec.text, "kind": rec.kind}, headers={"Cache-Control": "private, no-store"}
    )


# ---------------------------------------------------------------- helpers


def _principal(row) -> Principal:  # noqa: ANN001
    return Principal(row.id, row.org, row.role)


def _find(db: Session, who: Principal, case_id: str, action: str) -> Case:
    case = db.get(Case, case_id) if len(case_id) <= 36 else None
    if case is None or case.org != who.org:
        raise PageProblem(
            404,
            "Case not found",
            "There is no case with this id.",
            audit={"who": who, "action": action, "case_id": case_id[:36], "outcome": 404},
        )
    return case


def _readable(who: Principal, case_id: str | None, action: str) -> None:
    if who.role not in READERS:
        raise PageProblem(
            403,
            "Not available to this key",
            f"A key with the role '{who.role}' may not read briefs.",
            audit={"who": who, "action": action, "case_id": case_id, "outcome": 403},
        )


def _record_of(
    request: Request,
    db: Session,
    who: Principal,
    case_id: str,
    version: int,
    index: int,
    action: str,
) -> tuple[Path, dict, str]:
    with db.begin():
        case = _find(db, who, case_id, action)
        _readable(who, case.id, action)
        row = db.scalar(
            select(BriefVersion).where(
                BriefVersion.case_id == case.id, BriefVersion.version == version
            )
        )
        files = record_files(row.brief) if row else []
        ok = row is not None and 0 <= index < len(files)
        audit.record(
            db,
            who,
            action,
            case_id=case.id,
            version=version,
            outcome=200 if ok else 404,
            detail={"record": index},
        )
    if not ok:
        raise PageProblem(404, "No such record", "The brief has no such record.")
    return request.app.state.settings.cases_dir / case.id, row.brief, files[index]


def _same_origin(request: Request) -> None:
    """Login and logout only from this site's own forms: a cross-site form could otherwise
    log a browser in to another organization's key (SameSite does not cover a login)."""
    site = request.headers.get("sec-fetch-site")
    origin = request.headers.get("origin")
    own = f"{request.url.scheme}://{request.url.netloc}"
    if site:  # every current browser says where a request comes from
        refused = site not in ("same-origin", "none")
    else:  # an older one: its Origin ("null" under Referrer-Policy: no-referrer)
        refused = origin not in (None, "null", own)
    if refused:
        raise PageProblem(403, "Not from this site", "Log in from casebrief's own login page.")


def _policy(brief: dict):  # noqa: ANN202
    """The policy version the brief used, for the timeline's window; None if it is gone."""
    from casebrief.policy.registry import get_registry

    try:
        pid, ver = brief["policy"]["id"], brief["policy"]["version"]
        return next((p for p in get_registry().versions_of(pid) if p.version == ver), None)
    except Exception:  # noqa: BLE001 - a policy withdrawn since: the page shows no window
        return None


def _page(request: Request, who: Principal, name: str, context: dict) -> HTMLResponse:
    response = templates.TemplateResponse(
        request,
        name,
        {
            "who": who,
            "csrf": getattr(request.state, "csrf", ""),
            "now": dt.datetime.now(dt.UTC),
            **context,
        },
    )
    # a page holds patient details and the CSRF token: never kept, not even for "back"
    response.headers["Cache-Control"] = "no-store"
    return response


def install(app) -> None:  # noqa: ANN001
    """Add the page routes, their static files and their error pages to the service."""
    from fastapi.staticfiles import StaticFiles

    app.include_router(router)

    @app.middleware("http")
    async def _page_headers(request: Request, call_next):  # noqa: ANN001, ANN202
        response = await call_next(request)
        path = request.url.path
        if path == "/" or path.startswith(PAGE_PREFIXES):
            # no script, style or frame from anywhere else; no referrer leaves the site
            response.headers.setdefault("Content-Security-Policy", CSP)
            response.headers.setdefault("X-Frame-Options", "DENY")
            response.headers.setdefault("Referrer-Policy", "no-referrer")
            response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response

    app.mount("/static", StaticFiles(packages=[("casebrief.web", "static")]), name="static")

    @app.exception_handler(LoginRequired)
    async def _login(request: Request, exc: LoginRequired) -> RedirectResponse:  # noqa: RUF029
        return RedirectResponse(f"/login?next={quote(exc.path)}", status_code=303)

    @app.exception_handler(PageProblem)
    async def _problem(request: Request, exc: PageProblem) -> HTMLResponse:  # noqa: RUF029
        if exc.audit:  # the request's own transaction rolled back: a row of its own
            row = dict(exc.audit)
            who = row.pop("who")
            await run_in_threadpool(
                audit.record_now, request.app.state.sessions, who, row.pop("action"), **row
            )
        return templates.TemplateResponse(
            request,
            "problem.html",
            {"title": exc.title, "detail": exc.detail, "who": None, "csrf": ""},
            status_code=exc.status,
        )
