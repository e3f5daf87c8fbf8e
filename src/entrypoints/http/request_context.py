"""Give every HTTP request an id, bind it for the logs, echo it back, and log one line per request.

The id comes from `X-Request-ID` when a proxy set a sane one (so a request can be followed
through the proxy's logs too), otherwise a fresh random one. The line logged per request names
the route template, never the raw path or query: those carry OAuth codes and states.
"""

from __future__ import annotations

import logging
import re
import secrets
import time

from litestar.datastructures import MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from entrypoints.log_context import bind

HEADER = "x-request-id"
_SANE = re.compile(r"[A-Za-z0-9._-]{1,64}")

log = logging.getLogger("entrypoints.http.requests")


def _request_id(scope: Scope) -> str:
    for name, value in scope.get("headers", ()):
        if name == HEADER.encode():
            given = value.decode("latin-1")
            if _SANE.fullmatch(given):
                return given
    return secrets.token_hex(8)


def request_context_middleware(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        request_id = _request_id(scope)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableScopeHeaders.from_message(message)[HEADER] = request_id
            await send(message)

        with bind(request_id=request_id):
            try:
                await app(scope, receive, send_with_id)
            finally:
                log.info(
                    "request handled",
                    extra={
                        "method": scope.get("method", ""),
                        "route": scope.get("path_template") or "unmatched",
                        "status": status,
                        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    },
                )

    return middleware
