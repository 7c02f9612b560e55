"""Taking a submission in: the ``case`` field, the uploaded records, the limits.

Who asks, and whether the queue has room, is checked before the body is read (the upload
is parsed by a dependency that runs after the key's; a body parameter would make FastAPI
read the whole upload first, even for a request without a key).  Then everything is checked
before anything is kept: a malformed ``case`` field (422 naming the field), an unknown
policy (422), a record that is no record (415 naming the file), one too large (413), too
many records or pages (422).  The records are staged in ``incoming/`` and the caller moves
them into place only when the whole request passed.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request, UploadFile
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile as StarletteUpload

from casebrief.api import queue
from casebrief.api.deps import Principal, allow
from casebrief.api.problems import Problem
from casebrief.api.settings import Settings
from casebrief.api.storage import StoredFile, copy_upload, remove_tree
from casebrief.case_file import CaseFile, describe
from casebrief.errors import PolicyError


def parse_case_field(raw: str | None) -> tuple[dict[str, Any], CaseFile]:
    """The ``case`` form field: a case.json object (case-format.md §1), or nothing."""
    if raw is None or not raw.strip():
        return {}, CaseFile()
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise Problem(
            422,
            f"case: not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})",
            field="case",
            kind="invalid-case",
        ) from None
    if not isinstance(data, dict):
        raise Problem(422, "case: must be a JSON object ({...})", field="case", kind="invalid-case")
    try:
        cf = CaseFile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]["loc"]
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in first).lstrip(".")
        raise Problem(
            422, f"case: {describe(exc)}", field=f"case.{where}", kind="invalid-case"
        ) from None
    if cf.policy:
        from casebrief.policy.registry import get_registry

        try:  # the id must be served; with a request date, a version must be in effect then
            registry = get_registry()
            registry.versions_of(cf.policy)
            if cf.request.request_date:
                registry.get(cf.policy, cf.request.request_date)
        except PolicyError as exc:
            raise Problem(
                422, f"case.policy: {exc}", field="case.policy", kind="unknown-policy"
            ) from None
    return data, cf


def check_record_count(settings: Settings, records: int) -> None:
    if records > settings.max_records:
        raise Problem(
            422,
            f"files: {records} records in the case, over the limit of {settings.max_records}",
            field="files",
            kind="too-many-records",
        )


def stage_files(
    settings: Settings, files: list[UploadFile], taken: set[str], pages_so_far: int = 0
) -> tuple[Path, list[StoredFile]]:
    """Copy the uploads into a fresh staging directory under the limits; on any problem the
    directory is removed and the problem raised.  ``taken`` holds the names of the case's
    records so far (late records), ``pages_so_far`` their pages."""
    if not files:
        raise Problem(422, "files: at least one record is required", field="files")
    check_record_count(settings, len(taken) + len(files))
    stage = settings.data_dir / "incoming" / uuid.uuid4().hex
    stage.mkdir(parents=True)
    try:
        stored = [
            copy_upload(f.file, f.filename, stage, taken, settings.max_file_bytes) for f in files
        ]
        pages = pages_so_far + sum(s.pages or 0 for s in stored)
        if pages > settings.max_pages:
            raise Problem(
                422,
                f"files: {pages} pages in the case, over the limit of {settings.max_pages}",
                field="files",
                kind="too-many-pages",
            )
    except BaseException:
        remove_tree(stage)
        raise
    return stage, stored


def case_json(raw: dict[str, Any], case_id: str, stored: list[StoredFile]) -> dict[str, Any]:
    """The case.json the core will read: the sender's object, its ``case_id`` defaulted to the
    service's id, and every stored record listed (renamed uploads follow their entries)."""
    data = dict(raw)
    data.setdefault("case_id", case_id)
    renamed = {s.original: s.file for s in stored if s.original and s.original != s.file}
    if isinstance(data.get("documents"), list):
        docs, named = [], set()
        for e in data["documents"]:
            if isinstance(e, str):
                e = renamed.get(e, e)
                named.add(e)
            elif isinstance(e, dict) and isinstance(e.get("file"), str):
                e = {**e, "file": renamed.get(e["file"], e["file"])}
                named.add(e["file"])
            docs.append(e)
        docs += [s.file for s in stored if s.file not in named]
        data["documents"] = docs
    else:  # the command line's order for a directory without a list: by name
        data["documents"] = sorted(s.file for s in stored)
    return data


@dataclass
class Upload:
    who: Principal
    files: list[UploadFile]
    case: str | None


def queue_room(db: Session, request: Request) -> None:
    settings = request.app.state.settings
    if queue.depth(db) >= settings.queue_max:
        raise Problem(
            429,
            f"the queue is full ({settings.queue_max} cases waiting); retry later",
            headers={"Retry-After": "30"},
            kind="queue-full",
        )


def _check_room(request: Request) -> None:
    with request.app.state.sessions() as db, db.begin():
        queue_room(db, request)


async def _read(request: Request, who: Principal) -> AsyncIterator[Upload]:
    await run_in_threadpool(_check_room, request)
    settings = request.app.state.settings
    form = await request.form(max_files=settings.max_records * 4 + 10, max_fields=50)
    try:
        files = [v for k, v in form.multi_items() if k == "files"]
        if any(not isinstance(f, StarletteUpload) for f in files):
            raise Problem(422, "files: each must be a file part", field="files")
        case = form.get("case")
        if case is not None and not isinstance(case, str):
            raise Problem(422, "case: must be a text field, not a file", field="case")
        yield Upload(who, files, case)
    finally:
        await form.close()


async def read_upload(
    request: Request, who: Annotated[Principal, Depends(allow("nurse"))]
) -> AsyncIterator[Upload]:
    """The dependency of the upload routes: the key and the queue's room first, then the
    multipart body (closed once the response is sent)."""
    async for upload in _read(request, who):
        yield upload


def upload_body(with_case: bool) -> dict:
    """The multipart body in the OpenAPI document (the route reads it itself, see above)."""
    props: dict[str, Any] = {
        "files": {
            "type": "array",
            "minItems": 1,
            "items": {"type": "string", "format": "binary"},
            "description": "records: PDF, text, TIFF, PNG or JPEG (judged by content)",
        }
    }
    if with_case:
        props["case"] = {
            "type": "string",
            "description": "the case.json object of case-format.md §1, as JSON text",
        }
    schema = {"type": "object", "required": ["files"], "properties": props}
    return {
        "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": schema}}}
    }


def scoped_key(scope: str, case_id: str, key: str | None) -> str | None:
    """An Idempotency-Key for one case's late records, stored at a fixed length."""
    if not key:
        return None
    return "sha256:" + hashlib.sha256(f"{scope}:{case_id}:{key}".encode()).hexdigest()
