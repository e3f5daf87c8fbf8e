"""Use case: start linking a provider — a random, single-use state bound to the user, valid for
15 minutes, and the provider's consent page to send the user to."""

from __future__ import annotations

from collections.abc import Mapping

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
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._secrets = secrets
        self._authorizers = authorizers

    async def execute(self, request: BeginConnectionRequest) -> BeginConnectionResponse:
        async with self._uow:
            user = await self._uow.users.get(request.user_id)
        if user is None:
            raise UserNotFoundError(f"no user {request.user_id}")
        value = self._secrets.token()
        start = await self._authorizers[request.provider].start(value)
        state = ConnectionState.issue(
            value=value,
            user_id=user.id,
            provider=request.provider,
            now=self._clock.now(),
            request_secret=start.request_secret,
        )
        async with self._uow:
            await self._uow.connection_states.add(state)
            await self._uow.commit()
        name = PROVIDER_NAMES[request.provider]
        reply = text(user.language, "connect.open", provider=name, url=start.url)
        return BeginConnectionResponse(url=start.url, reply=reply)
