"""POST /telegram/webhook: Telegram's updates, queued for the worker before the answer."""

from __future__ import annotations

import logging
from typing import Any

from dishka.integrations.litestar import FromDishka, inject
from litestar import MediaType, Request, Response, post
from litestar.exceptions import (
    ClientException,
    NotAuthorizedException,
    NotFoundException,
    ServiceUnavailableException,
)

from application.errors import ServiceUnavailableError
from entrypoints.bot.config import SECRET_HEADER, WEBHOOK_PATH
from entrypoints.bot.intake import MalformedUpdateError, UpdateIntake
from entrypoints.http.responses import error

log = logging.getLogger(__name__)

# Updates are a few kilobytes; a megabyte is far beyond any real one.
MAX_UPDATE_BYTES = 1024 * 1024


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
) -> Response[bytes]:
    if not intake.enabled:
        raise NotFoundException()
    if not intake.authentic(request.headers.get(SECRET_HEADER)):
        raise NotAuthorizedException(f"a valid {SECRET_HEADER} header is required")
    body = await request.body()
    try:
        queued = await intake.accept(body)
    except MalformedUpdateError as error:
        raise ClientException(str(error)) from None
    except ServiceUnavailableError:
        log.warning("telegram update not queued: the queue is down")
        raise ServiceUnavailableException("try again later") from None
    log.debug("telegram update received", extra={"queued": queued})
    return Response(b"", status_code=200, media_type=MediaType.TEXT)
