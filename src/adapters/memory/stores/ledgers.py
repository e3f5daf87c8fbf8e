from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from adapters.memory.database import Session
from application.ports.ledgers import SentNotification, SyncCursor
from domain.connections import Provider
from domain.ids import UserId


class MemoryNotificationLedger:
    def __init__(self, session: Session) -> None:
        self._session = session
        self._ledger = session.ledger

    async def claim(self, user_id: UserId, kind: str, local_date: date) -> bool:
        key = (user_id, kind, local_date.isoformat())
        await self._session.reserve(("ledger", key))  # like a unique index: wait for the other
        if self._ledger.get(key) is not None:
            return False
        self._ledger.insert(
            key, SentNotification(user_id=user_id, kind=kind, local_date=local_date)
        )
        return True

    async def all_of(self, user_id: UserId) -> Sequence[SentNotification]:
        mine = (n for n in self._ledger.values() if n.user_id == user_id)
        return sorted(mine, key=lambda n: (n.local_date, n.kind))


class MemoryInboundEventStore:
    def __init__(self, session: Session) -> None:
        self._session = session
        self._events = session.events

    async def remember(self, key: str, at: datetime) -> bool:
        await self._session.reserve(("event", key))
        if self._events.get(key) is not None:
            return False
        self._events.insert(key, at)
        return True

    async def forget_before(self, cutoff: datetime) -> int:
        return self._events.delete_where(lambda at: at < cutoff)


class MemorySyncCursorStore:
    def __init__(self, session: Session) -> None:
        self._cursors = session.cursors

    async def get(self, user_id: UserId, provider: Provider, resource: str) -> datetime | None:
        cursor = self._cursors.get((user_id, provider, resource))
        return cursor.synced_until if cursor else None

    async def set(
        self, user_id: UserId, provider: Provider, resource: str, synced_until: datetime
    ) -> None:
        cursor = SyncCursor(
            user_id=user_id, provider=provider, resource=resource, synced_until=synced_until
        )
        self._cursors.put((user_id, provider, resource), cursor)

    async def all_of(self, user_id: UserId) -> Sequence[SyncCursor]:
        mine = (c for c in self._cursors.values() if c.user_id == user_id)
        return sorted(mine, key=lambda c: (c.provider.value, c.resource))
