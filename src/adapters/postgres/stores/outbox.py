from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import msgspec

from adapters.postgres.session import Session
from application.ports.diary_outbox import DiaryOutboxItem
from domain.errors import AlreadyExistsError
from domain.ids import OutboxItemId, UserId

# DO NOTHING instead of an error: a taken id leaves the transaction usable.
ADD_ITEM = """
INSERT INTO diary_outbox (id, user_id, entry_id, action, local_date, created_at,
                          next_attempt_at, attempts, done_at, last_error)
VALUES (%(id)s, %(user_id)s, %(entry_id)s, %(action)s, %(local_date)s, %(created_at)s,
        %(next_attempt_at)s, %(attempts)s, %(done_at)s, %(last_error)s)
ON CONFLICT DO NOTHING
"""
DUE_ITEMS = """
SELECT * FROM diary_outbox
WHERE done_at IS NULL AND next_attempt_at <= %(now)s
ORDER BY created_at, id
LIMIT %(limit)s
"""
PENDING_ITEMS_OF_USER = """
SELECT * FROM diary_outbox
WHERE user_id = %(user_id)s AND done_at IS NULL
ORDER BY created_at, id
"""
ALL_ITEMS_OF_USER = "SELECT * FROM diary_outbox WHERE user_id = %(user_id)s ORDER BY created_at, id"
MARK_DONE = "UPDATE diary_outbox SET done_at = %(now)s WHERE id = %(id)s"
MARK_FAILED = """
UPDATE diary_outbox
SET attempts = attempts + 1, last_error = %(error)s, next_attempt_at = %(retry_at)s
WHERE id = %(id)s
"""


class PostgresDiaryOutbox:
    def __init__(self, session: Session) -> None:
        self._db = session

    async def add(self, item: DiaryOutboxItem) -> None:
        params = msgspec.structs.asdict(item) | {"action": item.action.value}
        if await self._db.execute(ADD_ITEM, params) == 0:
            raise AlreadyExistsError(f"outbox item {item.id} exists already")

    async def due(self, now: datetime, limit: int) -> Sequence[DiaryOutboxItem]:
        rows = await self._db.fetch_all(DUE_ITEMS, {"now": now, "limit": limit})
        return msgspec.convert(rows, list[DiaryOutboxItem])

    async def pending_for(self, user_id: UserId) -> Sequence[DiaryOutboxItem]:
        rows = await self._db.fetch_all(PENDING_ITEMS_OF_USER, {"user_id": user_id})
        return msgspec.convert(rows, list[DiaryOutboxItem])

    async def mark_done(self, item_id: OutboxItemId, now: datetime) -> None:
        await self._db.execute(MARK_DONE, {"id": item_id, "now": now})

    async def mark_failed(self, item_id: OutboxItemId, error: str, retry_at: datetime) -> None:
        params = {"id": item_id, "error": error, "retry_at": retry_at}
        await self._db.execute(MARK_FAILED, params)

    async def all_of(self, user_id: UserId) -> Sequence[DiaryOutboxItem]:
        rows = await self._db.fetch_all(ALL_ITEMS_OF_USER, {"user_id": user_id})
        return msgspec.convert(rows, list[DiaryOutboxItem])
