"""Use case: everything the product holds about one user, as a JSON document (GDPR access),
and a zip of that document with one CSV per stored table.

Credentials are never exported: a connection appears as its status only.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from datetime import UTC, datetime

import msgspec

from application.ports.diary_outbox import DiaryOutboxItem
from application.ports.ledgers import SentNotification, SyncCursor
from application.ports.system import Clock
from application.ports.unit_of_work import UnitOfWork
from application.ports.users import UserTable
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
    archive_filename: str
    archive: bytes  # zip: the JSON document, and tables/<table>.csv for every table


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
            tables = await self._uow.users.tables_of(user.id)
        name = f"health-tracker-{user.local_date(now).isoformat()}"
        content = msgspec.json.format(msgspec.json.encode(export), indent=2)
        return ExportUserDataResponse(
            export=export,
            filename=f"{name}.json",
            content=content,
            caption=text(user.language, "export.caption"),
            archive_filename=f"{name}.zip",
            archive=_archive({f"{name}.json": content}, tables, now),
        )


def _archive(documents: dict[str, bytes], tables: Sequence[UserTable], at: datetime) -> bytes:
    """A zip of the documents and one CSV (RFC 4180, UTF-8) per table, all stamped `at`."""
    stamp = at.astimezone(UTC).timetuple()[:6]
    files = dict(documents)
    for table in tables:
        sheet = io.StringIO()
        writer = csv.writer(sheet)
        writer.writerow(table.columns)
        writer.writerows(table.rows)
        files[f"tables/{table.name}.csv"] = sheet.getvalue().encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for filename, data in files.items():
            info = zipfile.ZipInfo(filename, date_time=stamp)
            archive.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
