"""The served OpenAPI document, completed with the errors every route can answer.

FastAPI documents its own 422 as ``application/json`` and knows nothing of the problem
details the service answers (401 without a key, 403 for a role, 404 for another
organization's case, 413/415/429 on uploads, 400 for a body that is not JSON).  A client
generated from the document, and schemathesis in CI, must see what really comes back, so
each operation gets those responses as ``application/problem+json``.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from casebrief.api.problems import MEDIA, ProblemDetail

OPEN = {"/healthz", "/readyz"}
REASONS = {
    400: "the body could not be parsed",
    401: "no API key, or an unknown or revoked one",
    403: "the key's role may not do this",
    404: "no such case in the key's organization",
    413: "an upload over the size limit",
    415: "a record casebrief does not accept (judged by content)",
    422: "a malformed field, named in `field`",
    429: "the queue is full; see Retry-After",
}


def _problem(status: int) -> dict[str, Any]:
    return {
        "description": REASONS[status],
        "content": {MEDIA: {"schema": {"$ref": "#/components/schemas/ProblemDetail"}}},
    }


def install(app: FastAPI) -> None:
    def build() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        doc = get_openapi(
            title=app.title,
            version=app.version,
            summary=app.summary,
            description=app.description,
            routes=app.routes,
        )
        schemas = doc.setdefault("components", {}).setdefault("schemas", {})
        schemas["ProblemDetail"] = ProblemDetail.model_json_schema()
        for path, ops in doc["paths"].items():
            if path in OPEN:
                continue
            for method, op in ops.items():
                codes = [400, 401, 403, 422]
                if "{case_id}" in path:
                    codes.append(404)
                if method == "post" and path.endswith(("/cases", "/records")):
                    codes += [413, 415, 429]
                responses = op.setdefault("responses", {})
                for code in codes:
                    responses[str(code)] = _problem(code)
        for name in ("HTTPValidationError", "ValidationError"):
            schemas.pop(name, None)
        app.openapi_schema = doc
        return doc

    app.openapi = build
