"""Use case: forget a user entirely (GDPR erasure).

First withdraws our access at each linked provider (best effort: a provider that cannot be
reached must not keep the user's data here), then removes every row of the user in one
transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

import msgspec

from application.errors import GatewayError
from application.ports.authorizer import ProviderAuthorizer
from application.ports.unit_of_work import UnitOfWork
from application.rendering.messages import text
from domain.connections import Provider
from domain.ids import UserId
from domain.users import Language

logger = logging.getLogger(__name__)


class DeleteUserRequest(msgspec.Struct, frozen=True, kw_only=True):
    user_id: UserId


class DeleteUserResponse(msgspec.Struct, frozen=True, kw_only=True):
    deleted: bool
    revoked: tuple[Provider, ...]
    not_revoked: tuple[Provider, ...]  # could not be reached; the credentials are gone anyway
    reply: str


class DeleteUser:
    def __init__(self, uow: UnitOfWork, authorizers: Mapping[Provider, ProviderAuthorizer]) -> None:
        self._uow = uow
        self._authorizers = authorizers

    async def execute(self, request: DeleteUserRequest) -> DeleteUserResponse:
        async with self._uow:
            user = await self._uow.users.get(request.user_id)
            language = user.language if user else Language.EN
            linked = []
            for connection in await self._uow.connections.of_user(request.user_id):
                credentials = await self._uow.connections.credentials(
                    request.user_id, connection.provider
                )
                if credentials is not None:
                    linked.append((connection.provider, credentials))
        revoked, not_revoked = [], []
        for provider, credentials in linked:
            authorizer = self._authorizers.get(provider)
            try:
                if authorizer is not None:
                    await authorizer.revoke(credentials)
                revoked.append(provider)
            except GatewayError:
                logger.warning("could not revoke %s access while deleting a user", provider.value)
                not_revoked.append(provider)
        async with self._uow:
            deleted = await self._uow.users.delete(request.user_id)
            await self._uow.commit()
        return DeleteUserResponse(
            deleted=deleted,
            revoked=tuple(revoked),
            not_revoked=tuple(not_revoked),
            reply=text(language, "delete.done"),
        )
