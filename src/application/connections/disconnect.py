"""Use case: unlink a provider — withdraw our access there (best effort) and forget the
credentials here."""

from __future__ import annotations

import logging
from collections.abc import Mapping

import msgspec

from application.connections.begin_connection import PROVIDER_NAMES
from application.errors import GatewayError
from application.ports.authorizer import ProviderAuthorizer
from application.ports.unit_of_work import UnitOfWork
from application.rendering.messages import text
from domain.connections import Provider
from domain.errors import UserNotFoundError
from domain.ids import UserId

logger = logging.getLogger(__name__)


class DisconnectRequest(msgspec.Struct, frozen=True, kw_only=True):
    user_id: UserId
    provider: Provider


class DisconnectResponse(msgspec.Struct, frozen=True, kw_only=True):
    disconnected: bool  # False: it was not connected
    revoked: bool  # our access was withdrawn at the provider
    reply: str


class Disconnect:
    def __init__(self, uow: UnitOfWork, authorizers: Mapping[Provider, ProviderAuthorizer]) -> None:
        self._uow = uow
        self._authorizers = authorizers

    async def execute(self, request: DisconnectRequest) -> DisconnectResponse:
        async with self._uow:
            user = await self._uow.users.get(request.user_id)
            if user is None:
                raise UserNotFoundError(f"no user {request.user_id}")
            credentials = await self._uow.connections.credentials(user.id, request.provider)
        name = PROVIDER_NAMES[request.provider]
        if credentials is None:
            reply = text(user.language, "disconnect.none", provider=name)
            return DisconnectResponse(disconnected=False, revoked=False, reply=reply)
        revoked = True
        try:
            await self._authorizers[request.provider].revoke(credentials)
        except GatewayError:
            logger.warning("could not revoke %s access on disconnect", request.provider.value)
            revoked = False
        async with self._uow:
            await self._uow.connections.remove(user.id, request.provider)
            await self._uow.commit()
        reply = text(user.language, "disconnect.done", provider=name)
        return DisconnectResponse(disconnected=True, revoked=revoked, reply=reply)
