"""WHOOP's routes.

- GET /whoop/connect?state=…: the link the bot gives for /connect_whoop; redirects to WHOOP's
  consent page with that state (the state itself is checked at the callback).
- GET /whoop/callback: WHOOP sends the user back with a code (or `error=access_denied`). The
  state is checked and consumed by `CompleteConnection`; a forged, reused or expired one links
  nothing. The user is told in Telegram too. Pages are plain and never show an error's details.
- POST /whoop/webhook: the signature is checked over the RAW body before anything is parsed
  (401 if it is missing, wrong or stale), then the event is queued once per trace id and the
  answer goes out at once (WHOOP retries anything that is not 2xx within seconds).
"""

from __future__ import annotations

import html
import logging
from typing import Annotated, Any

from dishka.integrations.litestar import FromDishka, inject
from litestar import Controller, MediaType, Request, Response, get, post
from litestar.params import QueryParameter
from litestar.status_codes import (
    HTTP_204_NO_CONTENT,
    HTTP_302_FOUND,
    HTTP_400_BAD_REQUEST,
    HTTP_401_UNAUTHORIZED,
    HTTP_503_SERVICE_UNAVAILABLE,
)

from adapters.whoop.oauth import WhoopAuthorizer
from adapters.whoop.webhooks import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    MalformedWebhookError,
    WebhookRejectedError,
    WhoopWebhookVerifier,
)
from application.connections.complete_connection import (
    CompleteConnection,
    CompleteConnectionRequest,
)
from application.errors import CredentialsRejectedError, GatewayError
from application.ports.messenger import Messenger
from application.sync.handle_wearable_webhook import HandleWearableWebhook
from domain.connections import MIN_STATE_LENGTH, Provider
from domain.errors import ConnectionStateError
from domain.users import Language
from entrypoints.http.responses import empty, page

log = logging.getLogger(__name__)

_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>WHOOP</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: sans-serif; max-width: 32em; margin: 3em auto; line-height: 1.5">
{paragraphs}
</body></html>
"""
# Until the state is checked we do not know whose browser this is: both languages.
_INVALID = (
    "Це посилання вже не дійсне: воно застаріло, ним уже скористалися або його не видавали. "
    "Попросіть у бота нове командою /connect_whoop.",
    "This link is no longer valid: it expired, was already used, or was never issued. "
    "Ask the bot for a new one with /connect_whoop.",
)
_DENIED = (
    "Ви не дозволили доступ до WHOOP, тож нічого не підключено. Передумаєте — /connect_whoop.",
    "You did not allow access to WHOOP, so nothing was linked. Changed your mind? "
    "Use /connect_whoop.",
)
_REFUSED = (
    "WHOOP не підтвердив підключення, тож нічого не змінилося. Спробуйте ще раз: /connect_whoop.",
    "WHOOP did not confirm the link, so nothing changed. Try again with /connect_whoop.",
)
_UNAVAILABLE = (
    "WHOOP зараз не відповідає. Спробуйте ще раз за кілька хвилин: /connect_whoop.",
    "WHOOP is not answering right now. Try again in a few minutes with /connect_whoop.",
)
_DONE_HINT = {
    Language.UK: "Можна закрити цю сторінку й повернутися в Telegram.",
    Language.EN: "You can close this page and go back to Telegram.",
}

State = Annotated[str, QueryParameter(name="state", max_length=256)]


def _page(*paragraphs: str, status: int) -> Response[str]:
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return Response(
        _PAGE.format(paragraphs=body),
        status_code=status,
        media_type=MediaType.HTML,
        headers={"Cache-Control": "no-store"},
    )


def _status(code: int) -> Response[None]:
    return Response(None, status_code=code)


class WhoopController(Controller):
    path = "/whoop"
    tags = ("whoop",)

    @get(
        "/connect",
        summary="Send the user to WHOOP's consent page",
        media_type=MediaType.HTML,
        responses={
            HTTP_302_FOUND: empty("Redirect to WHOOP's consent page"),
            HTTP_400_BAD_REQUEST: page("The link is not valid"),
        },
    )
    @inject
    async def connect(
        self,
        authorizer: FromDishka[WhoopAuthorizer],
        # `state` is a name Litestar reserves for the app state: read under another.
        link_state: State = "",
    ) -> Response[str]:
        if len(link_state) < MIN_STATE_LENGTH:
            return _page(*_INVALID, status=HTTP_400_BAD_REQUEST)
        start = await authorizer.start(link_state)
        return Response(
            "",
            status_code=HTTP_302_FOUND,
            headers={"Location": start.url, "Cache-Control": "no-store"},
        )

    @get(
        "/callback",
        summary="WHOOP's redirect after the consent page",
        media_type=MediaType.HTML,
        responses={
            HTTP_400_BAD_REQUEST: page("The link is not valid or WHOOP refused it"),
            HTTP_503_SERVICE_UNAVAILABLE: page("WHOOP did not answer"),
        },
    )
    @inject
    async def callback(
        self,
        complete: FromDishka[CompleteConnection],
        messenger: FromDishka[Messenger],
        link_state: State = "",
        code: Annotated[str, QueryParameter(max_length=2048)] = "",
        error: Annotated[str, QueryParameter(max_length=256)] = "",
    ) -> Response[str]:
        if error == "access_denied":
            return _page(*_DENIED, status=200)
        if error or not code:
            return _page(*_REFUSED, status=HTTP_400_BAD_REQUEST)
        request = CompleteConnectionRequest(provider=Provider.WHOOP, state=link_state, code=code)
        try:
            done = await complete.execute(request)
        except ConnectionStateError:
            return _page(*_INVALID, status=HTTP_400_BAD_REQUEST)
        except CredentialsRejectedError:
            return _page(*_REFUSED, status=HTTP_400_BAD_REQUEST)
        except GatewayError:
            log.warning("whoop callback: WHOOP did not answer")
            return _page(*_UNAVAILABLE, status=HTTP_503_SERVICE_UNAVAILABLE)
        if done.telegram_user_id is not None:
            try:
                await messenger.send_text(done.telegram_user_id, done.reply)
            except GatewayError:  # linked all the same; the page says so
                log.warning("whoop callback: could not tell the user in Telegram")
        return _page(done.reply, _DONE_HINT[done.language], status=200)

    @post(
        "/webhook",
        summary="WHOOP's signed record-change events",
        status_code=HTTP_204_NO_CONTENT,
        responses={
            HTTP_400_BAD_REQUEST: empty("Signed, but not a body we can read"),
            HTTP_401_UNAUTHORIZED: empty("The signature is missing, wrong or stale"),
            HTTP_503_SERVICE_UNAVAILABLE: empty("The event could not be queued; retry later"),
        },
    )
    @inject
    async def webhook(
        self,
        request: Request[Any, Any, Any],
        verifier: FromDishka[WhoopWebhookVerifier],
        handle: FromDishka[HandleWearableWebhook],
    ) -> Response[None]:
        raw = await request.body()  # the exact bytes WHOOP signed
        try:
            event = verifier.verify(
                raw, request.headers.get(SIGNATURE_HEADER), request.headers.get(TIMESTAMP_HEADER)
            )
        except WebhookRejectedError as rejected:
            log.warning("whoop webhook refused: %s", rejected)
            return _status(HTTP_401_UNAUTHORIZED)
        except MalformedWebhookError:
            log.warning("whoop webhook: a signed body we cannot read")
            return _status(HTTP_400_BAD_REQUEST)
        if event is None:  # an event type we do not use
            return _status(HTTP_204_NO_CONTENT)
        try:
            await handle.execute(event)
        except GatewayError:  # the queue is down: WHOOP retries the delivery later
            log.warning("whoop webhook: could not queue the fetch")
            return _status(HTTP_503_SERVICE_UNAVAILABLE)
        return _status(HTTP_204_NO_CONTENT)
