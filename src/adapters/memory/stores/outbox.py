from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import msgspec

from adapters.memory.database import Session
from application.ports.diary_outbox import DiaryOutboxItem
from domain.ids import OutboxItemId, UserId


class MemoryDiaryOutbox:
    def __init__(self, session: Session) -> None:
        self._items = session.outbox

    def _sorted(self, items: list[DiaryOutboxItem]) -> list[DiaryOutboxItem]:
        return sorted(items, key=lambda i: (i.created_at, i.id))

    async def add(self, item: DiaryOutboxItem) -> None:
        self._items.insert(item.id, item, "outbox item")

    async def due(self, now: datetime, limit: int) -> Sequence[DiaryOutboxItem]:
        due = [i for i in self._items.values() if i.is_pending and i.next_attempt_at <= now]
        return self._sorted(due)[:limit]

    async def pending_for(self, user_id: UserId) -> Sequence[DiaryOutboxItem]:
        return self._sorted(
            [i for i in self._items.values() if i.user_id == user_id and i.is_pending]
        )

    async def mark_done(self, item_id: OutboxItemId, now: datetime) -> None:
        item = self._items.get(item_id)
        if item is not None:
            self._items.put(item_id, msgspec.structs.replace(item, done_at=now))

    async def mark_failed(self, item_id: OutboxItemId, error: str, retry_at: datetime) -> None:
        item = self._items.get(item_id)
        if item is not None:
            failed = msgspec.structs.replace(
                item, attempts=item.attempts + 1, last_error=error, next_attempt_at=retry_at
            )
            self._items.put(item_id, failed)

    async def all_of(self, user_id: UserId) -> Sequence[DiaryOutboxItem]:
        return self._sorted([i for i in self._items.values() if i.user_id == user_id])
