"""The request-size limit, enforced before the body is read.

Why a raw ASGI middleware: FastAPI parses a multipart body before the route runs, so a
2 GB upload would be spooled to disk first.  A declared ``Content-Length`` over the limit
is answered 413 at once; a body without one is counted as it streams and cut off at the
limit.
"""

from __future__ import annotations

import json

from starlette.exceptions import HTTPException

from casebrief.api.problems import MEDIA, problem_body


class _TooLarge(HTTPException):
    """Raised from inside the body stream; FastAPI passes an HTTPException through its body
    parsing (anything else it would turn into a 400)."""


class BodyLimit:
    def __init__(self, app, limit: int, prefix: str = "/") -> None:  # noqa: ANN001
        self.app, self.limit, self.prefix = app, limit, prefix

    def _detail(self) -> str:
        return f"the request is over the {self.limit / (1024 * 1024):g} MB limit for one upload"

    async def _reject(self, send) -> None:  # noqa: ANN001
        body = json.dumps(problem_body(413, self._detail(), kind="request-too-large")).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", MEDIA.encode()),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope, receive, send) -> None:  # noqa: ANN001
        if scope["type"] != "http" or not scope["path"].startswith(self.prefix):
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._reject(send)
            return
        seen = 0
        started = False

        async def counted_receive():  # noqa: ANN202
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _TooLarge(413, self._detail())
            return message

        async def tracking_send(message) -> None:  # noqa: ANN001
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted_receive, tracking_send)
        except _TooLarge:
            if not started:
                await self._reject(send)
