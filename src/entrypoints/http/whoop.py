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

import logging
from typing import Annotated, Any

from dishka.integrations.litestar import FromDishka, inject
from litestar import Controller, MediaType, Request, Response, get, post
from litestar.params import QueryParameter
from litestar.status_codes import (
    HTTP_200_OK,
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
from application.errors import GatewayError
from application.ports.messenger import Messenger
from application.sync.handle_wearable_webhook import HandleWearableWebhook
from domain.connections import Provider, is_state_value
from entrypoints.http.linking import LinkPages, State, to_consent_page
from entrypoints.http.responses import empty, page

log = logging.getLogger(__name__)

PAGES = LinkPages(name="WHOOP", command="/connect_whoop")


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
        if not is_state_value(link_state):  # never issued: no need to send anyone anywhere
            return PAGES.invalid()
        start = await authorizer.start(link_state)
        return to_consent_page(start.url)

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
            return PAGES.page(
                "Ви не дозволили доступ до WHOOP, тож нічого не підключено. "
                "Передумаєте — /connect_whoop.",
                "You did not allow access to WHOOP, so nothing was linked. Changed your mind? "
                "Use /connect_whoop.",
                status=HTTP_200_OK,
            )
        if error or not code:
            return PAGES.refused()
        request = CompleteConnectionRequest(provider=Provider.WHOOP, state=link_state, code=code)
        return await PAGES.finish(complete, messenger, request)

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
