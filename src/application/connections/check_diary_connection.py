"""Use case: check that the food diary still accepts our access (a worker job, every 30 min).

A refused token marks the link broken — the outbox and the import then wait until the user
links again — and tells the user once, with the command that links it again. A diary that
cannot be reached changes nothing: that is an outage, not a verdict on the token.
"""

from __future__ import annotations

import enum

import msgspec

from application.connections.diary_link import mark_diary_link_broken
from application.errors import CredentialsRejectedError, GatewayError
from application.ports.diary import DiaryGateway
from application.ports.messenger import Messenger
from application.ports.system import Clock
from application.ports.unit_of_work import UnitOfWork
from domain.connections import Provider
from domain.ids import UserId


class DiaryLinkHealth(enum.Enum):
    WORKING = "working"
    BROKEN = "broken"  # refused now or before: the user must link again
    NOT_CONNECTED = "not_connected"
    UNREACHABLE = "unreachable"  # the diary did not answer; try again at the next check


class CheckDiaryConnectionRequest(msgspec.Struct, frozen=True, kw_only=True):
    user_id: UserId


class CheckDiaryConnectionResponse(msgspec.Struct, frozen=True, kw_only=True):
    health: DiaryLinkHealth
    notified: bool = False  # the reconnect message went out during this check


class CheckDiaryConnection:
    def __init__(
        self, uow: UnitOfWork, clock: Clock, diary: DiaryGateway, messenger: Messenger
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._diary = diary
        self._messenger = messenger

    async def execute(self, request: CheckDiaryConnectionRequest) -> CheckDiaryConnectionResponse:
        async with self._uow:
            user = await self._uow.users.get(request.user_id)
            connection = await self._uow.connections.get(request.user_id, Provider.FATSECRET)
            credentials = await self._uow.connections.credentials(
                request.user_id, Provider.FATSECRET
            )
        if user is None or connection is None or credentials is None:
            return CheckDiaryConnectionResponse(health=DiaryLinkHealth.NOT_CONNECTED)
        if connection.is_usable:
            try:
                # The cheapest call that needs the user's token: today's diary lines.
                await self._diary.entries_on(credentials, user.local_date(self._clock.now()))
            except CredentialsRejectedError:
                pass
            except GatewayError:
                return CheckDiaryConnectionResponse(health=DiaryLinkHealth.UNREACHABLE)
            else:
                return CheckDiaryConnectionResponse(health=DiaryLinkHealth.WORKING)
        # Refused just now, or marked broken earlier by the outbox or the import: the user
        # may not have been told yet (the message could have failed) — the ledger says.
        notified = await mark_diary_link_broken(self._uow, user.id, self._messenger)
        return CheckDiaryConnectionResponse(health=DiaryLinkHealth.BROKEN, notified=notified)
