"""Use case: start linking a provider — a random, single-use state bound to the user, valid for
15 minutes, and the link to send the user to.

For a provider with a route of ours (`own_routes`: FatSecret's GET /fatsecret/connect) the link
is that route with the state, and the provider is not called here: `AuthorizeConnection` asks it
when the link is opened (an OAuth 1 request token is short-lived, and a link never opened costs
FatSecret nothing). Any other provider's consent page is given directly."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode

import msgspec

from application.ports.authorizer import ProviderAuthorizer
from application.ports.system import Clock, SecretGenerator
from application.ports.unit_of_work import UnitOfWork
from application.rendering.messages import text
from domain.connections import ConnectionState, Provider
from domain.errors import UserNotFoundError
from domain.ids import UserId

PROVIDER_NAMES = {Provider.WHOOP: "WHOOP", Provider.FATSECRET: "FatSecret"}


class BeginConnectionRequest(msgspec.Struct, frozen=True, kw_only=True):
    user_id: UserId
    provider: Provider


class BeginConnectionResponse(msgspec.Struct, frozen=True, kw_only=True):
    url: str
    reply: str


class BeginConnection:
    def __init__(
        self,
        uow: UnitOfWork,
        clock: Clock,
        secrets: SecretGenerator,
        authorizers: Mapping[Provider, ProviderAuthorizer],
        *,
        own_routes: Mapping[Provider, str] | None = None,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._secrets = secrets
        self._authorizers = authorizers
        self._own_routes = own_routes or {}

    async def execute(self, request: BeginConnectionRequest) -> BeginConnectionResponse:
        async with self._uow:
            user = await self._uow.users.get(request.user_id)
        if user is None:
            raise UserNotFoundError(f"no user {request.user_id}")
        value = self._secrets.token()
        route = self._own_routes.get(request.provider)
        if route is not None:
            url, request_secret = f"{route}?{urlencode({'state': value})}", None
        else:
            start = await self._authorizers[request.provider].start(value)
            url, request_secret = start.url, start.request_secret
        state = ConnectionState.issue(
            value=value,
            user_id=user.id,
            provider=request.provider,
            now=self._clock.now(),
            request_secret=request_secret,
        )
        async with self._uow:
            await self._uow.connection_states.add(state)
            await self._uow.commit()
        name = PROVIDER_NAMES[request.provider]
        reply = text(user.language, "connect.open", provider=name, url=url)
        return BeginConnectionResponse(url=url, reply=reply)
