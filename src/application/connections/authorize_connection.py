"""Use case: the user opened the link the bot gave for a provider whose consent page is reached
through our own route (FatSecret) — now, and not before, ask the provider to start linking.

The state is looked at, not consumed: the callback consumes it. A forged, taken, expired or
other-provider state raises `ConnectionStateError` before the provider is called. For OAuth 1
the request token's secret is kept on the state for the callback; opening the link again
replaces it (only the latest consent page can then finish the link).
"""

from __future__ import annotations

from collections.abc import Mapping

import msgspec

from application.ports.authorizer import ProviderAuthorizer
from application.ports.system import Clock
from application.ports.unit_of_work import UnitOfWork
from domain.connections import Provider, is_state_value
from domain.errors import ConnectionStateError


class AuthorizeConnectionRequest(msgspec.Struct, frozen=True, kw_only=True):
    provider: Provider
    state: str


class AuthorizeConnectionResponse(msgspec.Struct, frozen=True, kw_only=True):
    url: str  # the provider's consent page


class AuthorizeConnection:
    def __init__(
        self,
        uow: UnitOfWork,
        clock: Clock,
        authorizers: Mapping[Provider, ProviderAuthorizer],
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._authorizers = authorizers

    async def execute(self, request: AuthorizeConnectionRequest) -> AuthorizeConnectionResponse:
        if not is_state_value(request.state):
            raise ConnectionStateError("not a state we issue")
        async with self._uow:
            state = await self._uow.connection_states.peek(request.state)
        if state is None:
            raise ConnectionStateError("unknown or already used state")
        state.check(request.provider, self._clock.now())
        authorizer = self._authorizers.get(request.provider)
        if authorizer is None:
            raise ConnectionStateError("linking this provider is not set up")
        start = await authorizer.start(state.value)
        if start.request_secret is not None:
            async with self._uow:
                kept = await self._uow.connection_states.set_request_secret(
                    state.value, start.request_secret
                )
                await self._uow.commit()
            if not kept:  # the callback took the state meanwhile
                raise ConnectionStateError("the state was used meanwhile")
        return AuthorizeConnectionResponse(url=start.url)
