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
from application.errors import GatewayError
from application.ports.messenger import Messenger
from domain.connections import Provider, is_state_value
from domain.errors import ConnectionStateError
from entrypoints.http.linking import LinkPages, State, to_consent_page
from entrypoints.http.responses import empty, page

log = logging.getLogger(__name__)

CONNECT_PATH = "/fatsecret/connect"

PAGES = LinkPages(name="FatSecret", command="/connect_fatsecret")


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
            return PAGES.invalid()
        request = AuthorizeConnectionRequest(provider=Provider.FATSECRET, state=link_state)
        try:
            started = await authorize.execute(request)
        except ConnectionStateError:
            return PAGES.invalid()
        except GatewayError:
            log.warning("fatsecret connect: FatSecret did not answer")
            return PAGES.unavailable()
        return to_consent_page(started.url)

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
            return PAGES.page(
                "Підключення FatSecret скасовано.",
                "Linking FatSecret was cancelled.",
                status=HTTP_200_OK,
            )
        request = CompleteConnectionRequest(
            provider=Provider.FATSECRET, state=link_state, code=verifier
        )
        return await PAGES.finish(complete, messenger, request)
