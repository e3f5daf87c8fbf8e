"""POST /telegram/webhook: Telegram's updates, queued for the worker before the answer.

It is the one hot route (Telegram may deliver dozens of updates a second) and each update needs
only a header check, the body and one Redis call. Litestar's per-request machinery (routing,
the dishka request scope, request and response objects) cost three times that, so the common
case — a POST with its Content-Length, within the size limit — takes a fast lane in raw ASGI
(`FastLane`, put in front of the app by `create_app`), still inside the request-id and metrics
middlewares every route has. Anything else (no Content-Length, too large, another method) goes
through the Litestar route below, which also documents the webhook in the OpenAPI schema. Both
answer through `receive_update`.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any, NamedTuple

import msgspec
from dishka.integrations.litestar import FromDishka, inject
from litestar import MediaType, Request, Response, post
from litestar.enums import ScopeType
from litestar.types import HTTPResponseBodyEvent, HTTPResponseStartEvent, Receive, Scope, Send

from application.errors import ServiceUnavailableError
from entrypoints.bot.config import SECRET_HEADER, WEBHOOK_PATH
from entrypoints.bot.intake import MalformedUpdateError, UpdateIntake
from entrypoints.http.responses import ErrorBody, error

log = logging.getLogger(__name__)

# Updates are a few kilobytes; a megabyte is far beyond any real one.
MAX_UPDATE_BYTES = 1024 * 1024
_SECRET = SECRET_HEADER.lower().encode("latin-1")
_JSON = [(b"content-type", b"application/json")]
_TEXT = [(b"content-type", b"text/plain")]


class WebhookAnswer(NamedTuple):
    status: int
    error: str | None = None  # the reason, for the JSON error body


async def receive_update(intake: UpdateIntake, token: str | None, body: bytes) -> WebhookAnswer:
    """Check the secret, queue the update (once per update id), and say how to answer."""
    if not intake.enabled:
        return WebhookAnswer(404, "Not Found")
    if not intake.authentic(token):
        return WebhookAnswer(401, f"a valid {SECRET_HEADER} header is required")
    try:
        queued = await intake.accept(body)
    except MalformedUpdateError as malformed:
        return WebhookAnswer(400, str(malformed))
    except ServiceUnavailableError:  # Telegram must hear a failure, to deliver it again
        log.warning("telegram update not queued: the queue is down")
        return WebhookAnswer(503, "try again later")
    log.debug("telegram update received", extra={"queued": queued})
    return WebhookAnswer(200)


@post(
    WEBHOOK_PATH,
    summary="Telegram updates (the secret token header is required)",
    tags=["telegram"],
    status_code=200,
    request_max_body_size=MAX_UPDATE_BYTES,
    responses={
        400: error("The body is not a Telegram update"),
        401: error("The secret token header is missing or wrong"),
        404: error("No bot is configured"),
        413: error("The body is larger than any update"),
        503: error("The queue is down; Telegram will deliver again"),
    },
)
@inject
async def telegram_webhook(
    request: Request[Any, Any, Any], intake: FromDishka[UpdateIntake]
) -> Response[Any]:
    body = await request.body()  # Litestar answers 413 beyond `request_max_body_size`
    answer = await receive_update(intake, request.headers.get(SECRET_HEADER), body)
    if answer.error is not None:
        content = ErrorBody(answer.error)
        return Response(content, status_code=answer.status, media_type=MediaType.JSON)
    return Response(b"", status_code=200, media_type=MediaType.TEXT)


class FastLane:
    """The webhook's common case in raw ASGI: a POST with a Content-Length within the limit
    (`takes`). `intake` is asked per request (the container makes it on first use)."""

    def __init__(
        self,
        intake: Callable[[], Awaitable[UpdateIntake]],
        on_error: Callable[[BaseException], None],
    ) -> None:
        self._intake = intake
        self._on_error = on_error

    @staticmethod
    def takes(scope: Scope) -> bool:
        if scope["type"] != ScopeType.HTTP or scope["path"] != WEBHOOK_PATH:
            return False
        if scope["method"] != "POST":
            return False
        for name, value in scope["headers"]:
            if name == b"content-length":
                return value.isdigit() and int(value) <= MAX_UPDATE_BYTES
        return False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope["path_template"] = WEBHOOK_PATH  # for the metrics and log middlewares
        token = next((v.decode("latin-1") for n, v in scope["headers"] if n == _SECRET), None)
        try:
            body = await _read_body(receive)
            if body is None:  # the client went away: nothing to answer, nothing queued
                return
            answer = await receive_update(await self._intake(), token, body)
        except Exception as unexpected:  # noqa: BLE001 - answered like any route's
            self._on_error(unexpected)
            answer = WebhookAnswer(500, "internal error")
        if answer.error is None:
            await _answer(send, 200, _TEXT, b"")
        else:
            await _answer(send, answer.status, _JSON, msgspec.json.encode(ErrorBody(answer.error)))


async def _answer(send: Send, status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
    start: HTTPResponseStartEvent = {
        "type": "http.response.start",
        "status": status,
        "headers": headers,
    }
    await send(start)
    end: HTTPResponseBodyEvent = {"type": "http.response.body", "body": body, "more_body": False}
    await send(end)


async def _read_body(receive: Receive) -> bytes | None:
    """The body (the server frames it by its Content-Length); None if the client left."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":  # http.disconnect
            return None
        chunks.append(message["body"])
        if not message.get("more_body", False):
            return b"".join(chunks)
