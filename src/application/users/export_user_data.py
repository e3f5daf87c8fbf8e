"""Use case: everything the product holds about one user, as a JSON document (GDPR access).

Credentials are never exported: a connection appears as its status only.
"""

from __future__ import annotations

from datetime import datetime

import msgspec

from application.ports.diary_outbox import DiaryOutboxItem
from application.ports.ledgers import SentNotification, SyncCursor
from application.ports.system import Clock
from application.ports.unit_of_work import UnitOfWork
from application.rendering.messages import text
from domain.connections import ProviderConnection
from domain.conversation import ConversationMessage
from domain.errors import UserNotFoundError
from domain.ids import UserId
from domain.meals.entry import FoodEntry
from domain.recovery.records import RecoveryRecords
from domain.users import User


class UserExport(msgspec.Struct, frozen=True, kw_only=True):
    exported_at: datetime
    user: User
    connections: tuple[ProviderConnection, ...]
    food_entries: tuple[FoodEntry, ...]
    recovery: RecoveryRecords
    conversation: tuple[ConversationMessage, ...]
    notifications_sent: tuple[SentNotification, ...]
    diary_outbox: tuple[DiaryOutboxItem, ...]
    sync_cursors: tuple[SyncCursor, ...]


class ExportUserDataRequest(msgspec.Struct, frozen=True, kw_only=True):
    user_id: UserId


class ExportUserDataResponse(msgspec.Struct, frozen=True, kw_only=True):
    export: UserExport
    filename: str
    content: bytes  # UTF-8 JSON
    caption: str


class ExportUserData:
    def __init__(self, uow: UnitOfWork, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def execute(self, request: ExportUserDataRequest) -> ExportUserDataResponse:
        now = self._clock.now()
        async with self._uow:
            user = await self._uow.users.get(request.user_id)
            if user is None:
                raise UserNotFoundError(f"no user {request.user_id}")
            export = UserExport(
                exported_at=now,
                user=user,
                connections=tuple(await self._uow.connections.of_user(user.id)),
                food_entries=tuple(await self._uow.food_log.all_of(user.id)),
                recovery=await self._uow.recovery.all_of(user.id),
                conversation=tuple(await self._uow.conversation.all_of(user.id)),
                notifications_sent=tuple(await self._uow.notifications.all_of(user.id)),
                diary_outbox=tuple(await self._uow.diary_outbox.all_of(user.id)),
                sync_cursors=tuple(await self._uow.sync_cursors.all_of(user.id)),
            )
        return ExportUserDataResponse(
            export=export,
            filename=f"health-tracker-{user.local_date(now).isoformat()}.json",
            content=msgspec.json.format(msgspec.json.encode(export), indent=2),
            caption=text(user.language, "export.caption"),
        )
