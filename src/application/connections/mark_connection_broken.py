"""Use case: the provider no longer accepts our grant — mark the link broken and tell the user,
once, how to link it again.

Only the unit that moves the link from connected to broken sends the message, and a ledger
claim (per user, provider and local date) keeps a second worker racing on the same refusal from
sending it twice. The status is committed before the message goes out: a failed send never
leaves a dead link marked connected. Tokens are kept (a later reconnect replaces them).
"""

from __future__ import annotations

import logging

import msgspec

from application.errors import GatewayError
from application.ports.messenger import Messenger
from application.ports.system import Clock
from application.ports.unit_of_work import UnitOfWork
from domain.connections import ConnectionStatus, Provider
from domain.ids import UserId
from domain.users import Language

logger = logging.getLogger(__name__)

# TODO(lead): move to application/rendering catalogs as "connect.broken" (not my files to edit).
_BROKEN_TEXT = {
    Language.UK: "{provider} більше не приймає наш доступ, тож дані не оновлюються. "
    "Підключіть його знову: {command}",
    Language.EN: "{provider} no longer accepts our access, so your data is not updating. "
    "Link it again: {command}",
}
_NAMES = {Provider.WHOOP: "WHOOP", Provider.FATSECRET: "FatSecret"}
_RECONNECT = {Provider.WHOOP: "/connect_whoop", Provider.FATSECRET: "/connect_fatsecret"}


def broken_link_text(language: Language, provider: Provider) -> str:
    return _BROKEN_TEXT[language].format(provider=_NAMES[provider], command=_RECONNECT[provider])


class MarkConnectionBrokenRequest(msgspec.Struct, frozen=True, kw_only=True):
    user_id: UserId
    provider: Provider


class MarkConnectionBrokenResponse(msgspec.Struct, frozen=True, kw_only=True):
    marked: bool  # this call moved the link from connected to broken
    notified: bool  # and told the user


class MarkConnectionBroken:
    def __init__(self, uow: UnitOfWork, clock: Clock, messenger: Messenger) -> None:
        self._uow = uow
        self._clock = clock
        self._messenger = messenger

    async def execute(self, request: MarkConnectionBrokenRequest) -> MarkConnectionBrokenResponse:
        now = self._clock.now()
        async with self._uow:
            connection = await self._uow.connections.get(request.user_id, request.provider)
            if connection is None or connection.status is not ConnectionStatus.CONNECTED:
                return MarkConnectionBrokenResponse(marked=False, notified=False)
            await self._uow.connections.set_status(
                request.user_id, request.provider, ConnectionStatus.BROKEN
            )
            user = await self._uow.users.get(request.user_id)
            kind = f"connection_broken:{request.provider.value}"
            claimed = user is not None and await self._uow.notifications.claim(
                user.id, kind, user.local_date(now)
            )
            await self._uow.commit()
        logger.warning("%s link of user %s is broken", request.provider.value, request.user_id)
        if not claimed or user is None or user.telegram_user_id is None:
            return MarkConnectionBrokenResponse(marked=True, notified=False)
        try:
            await self._messenger.send_text(
                user.telegram_user_id, broken_link_text(user.language, request.provider)
            )
        except GatewayError:  # blocked or unreachable: the status says it all the same
            logger.warning("could not tell user %s about the broken link", user.id)
            return MarkConnectionBrokenResponse(marked=True, notified=False)
        return MarkConnectionBrokenResponse(marked=True, notified=True)
