"""Use case: delete conversation messages past retention (default 7 days), for every user."""

from __future__ import annotations

from datetime import datetime

import msgspec

from application.ports.system import Clock
from application.ports.unit_of_work import UnitOfWork
from domain.conversation import RetentionPolicy


class CleanUpConversationsRequest(msgspec.Struct, frozen=True, kw_only=True):
    retention: RetentionPolicy = msgspec.field(default_factory=RetentionPolicy)


class CleanUpConversationsResponse(msgspec.Struct, frozen=True, kw_only=True):
    deleted: int
    cutoff: datetime


class CleanUpConversations:
    def __init__(self, uow: UnitOfWork, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def execute(self, request: CleanUpConversationsRequest) -> CleanUpConversationsResponse:
        cutoff = request.retention.cutoff(self._clock.now())
        async with self._uow:
            deleted = await self._uow.conversation.delete_before(cutoff)
            await self._uow.commit()
        return CleanUpConversationsResponse(deleted=deleted, cutoff=cutoff)
