"""FatSecret's linking routes.

- GET /fatsecret/connect?state=…: the link /connect_fatsecret gives. The state is checked (not
  consumed) by `AuthorizeConnection`, which only then fetches a request token, and the user is
  redirected to FatSecret's authorize page. A forged, used or expired state gets a plain page
  and FatSecret is not called.
- GET /fatsecret/callback: where FatSecret sends the user back after the consent page. The
  query carries our state (in the callback URL we registered with the request token) and
  FatSecret's `oauth_token` and `oauth_verifier` (or `denied` when the user said no). The state
  is checked and consumed by `CompleteConnection`; a forged, reused or expired one links nothing
  and gets a plain page. The user is also told in Telegram that the diary is linked.

No page ever shows an error's details.
"""

from __future__ import annotations

import html
import logging
from typing import Annotated

from dishka.integrations.litestar import FromDishka, inject
from litestar import Controller, MediaType, Response, get
from litestar.params import QueryParameter
from litestar.status_codes import (
    HTTP_200_OK,
    HTTP_302_FOUND,
    HTTP_400_BAD_REQUEST,
    HTTP_503_SERVICE_UNAVAILABLE,
)

from application.connections.authorize_connection import (
    AuthorizeConnection,
    AuthorizeConnectionRequest,
)
from application.connections.complete_connection import (
    CompleteConnection,
    CompleteConnectionRequest,
)
from application.errors import CredentialsRejectedError, GatewayError
from application.ports.messenger import Messenger
from domain.connections import Provider, is_state_value
from domain.errors import ConnectionStateError
from domain.users import Language
from entrypoints.http.responses import empty, page

log = logging.getLogger(__name__)

CONNECT_PATH = "/fatsecret/connect"

_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>FatSecret</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: sans-serif; max-width: 32em; margin: 3em auto; line-height: 1.5">
{paragraphs}
</body></html>
"""
# We do not know whose browser this is until the state is checked: both languages.
_INVALID = (
    "Це посилання вже не дійсне: воно застаріло, ним уже скористалися або його не видавали. "
    "Попросіть у бота нове командою /connect_fatsecret.",
    "This link is no longer valid: it expired, was already used, or was never issued. "
    "Ask the bot for a new one with /connect_fatsecret.",
)
_REFUSED = (
    "FatSecret не підтвердив підключення, тож нічого не змінилося. Спробуйте ще раз: "
    "/connect_fatsecret.",
    "FatSecret did not confirm the link, so nothing changed. Try again with /connect_fatsecret.",
)
_UNAVAILABLE = (
    "FatSecret зараз не відповідає. Спробуйте ще раз за кілька хвилин: /connect_fatsecret.",
    "FatSecret is not answering right now. Try again in a few minutes with /connect_fatsecret.",
)
# `state` is a name Litestar reserves for the app state: read under another.
State = Annotated[str, QueryParameter(name="state", max_length=256)]

_DONE_HINT = {
    Language.UK: "Можна закрити цю сторінку й повернутися в Telegram.",
    Language.EN: "You can close this page and go back to Telegram.",
}


def _page(*paragraphs: str, status: int) -> Response[str]:
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return Response(
        _PAGE.format(paragraphs=body),
        status_code=status,
        media_type=MediaType.HTML,
        headers={"Cache-Control": "no-store"},
    )


class FatSecretController(Controller):
    path = "/fatsecret"
    tags = ("fatsecret",)

    @get(
        "/connect",
        summary="Start linking FatSecret: a request token, then FatSecret's authorize page",
        media_type=MediaType.HTML,
        responses={
            HTTP_302_FOUND: empty("Redirect to FatSecret's authorize page"),
            HTTP_400_BAD_REQUEST: page("The link is not valid"),
            HTTP_503_SERVICE_UNAVAILABLE: page("FatSecret did not answer"),
        },
    )
    @inject
    async def connect(
        self, authorize: FromDishka[AuthorizeConnection], link_state: State = ""
    ) -> Response[str]:
        if not is_state_value(link_state):  # never issued: no need to look it up
            return _page(*_INVALID, status=HTTP_400_BAD_REQUEST)
        request = AuthorizeConnectionRequest(provider=Provider.FATSECRET, state=link_state)
        try:
            started = await authorize.execute(request)
        except ConnectionStateError:
            return _page(*_INVALID, status=HTTP_400_BAD_REQUEST)
        except GatewayError:
            log.warning("fatsecret connect: FatSecret did not answer")
            return _page(*_UNAVAILABLE, status=HTTP_503_SERVICE_UNAVAILABLE)
        return Response(
            "",
            status_code=HTTP_302_FOUND,
            headers={"Location": started.url, "Cache-Control": "no-store"},
        )

    @get(
        "/callback",
        summary="FatSecret's redirect after the consent page (links the diary)",
        media_type=MediaType.HTML,
        responses={
            HTTP_400_BAD_REQUEST: page("The link is not valid or FatSecret refused it"),
            HTTP_503_SERVICE_UNAVAILABLE: page("FatSecret did not answer"),
        },
    )
    @inject
    async def callback(
        self,
        complete: FromDishka[CompleteConnection],
        messenger: FromDishka[Messenger],
        link_state: State = "",
        verifier: Annotated[str, QueryParameter(name="oauth_verifier", max_length=256)] = "",
        denied: Annotated[str, QueryParameter(name="denied", max_length=256)] = "",
    ) -> Response[str]:
        if denied or not verifier:
            return _page(
                "Підключення FatSecret скасовано.",
                "Linking FatSecret was cancelled.",
                status=HTTP_200_OK,
            )
        request = CompleteConnectionRequest(
            provider=Provider.FATSECRET, state=link_state, code=verifier
        )
        try:
            done = await complete.execute(request)
        except ConnectionStateError:
            return _page(*_INVALID, status=HTTP_400_BAD_REQUEST)
        except CredentialsRejectedError:
            return _page(*_REFUSED, status=HTTP_400_BAD_REQUEST)
        except GatewayError:
            log.warning("fatsecret callback: FatSecret did not answer")
            return _page(*_UNAVAILABLE, status=HTTP_503_SERVICE_UNAVAILABLE)
        if done.telegram_user_id is not None:
            try:
                await messenger.send_text(done.telegram_user_id, done.reply)
            except GatewayError:  # linked all the same; the page says so
                log.warning("fatsecret callback: could not tell the user in Telegram")
        return _page(done.reply, _DONE_HINT[done.language], status=HTTP_200_OK)
