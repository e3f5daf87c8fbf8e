"""Once-only records. Claims and event keys are `INSERT ... ON CONFLICT DO NOTHING RETURNING`:
a concurrent insert of the same key from another connection waits on the unique index until
the first transaction ends, then either conflicts (it committed) or goes in (it rolled back)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

import msgspec

from adapters.postgres.session import Session
from application.ports.ledgers import SentNotification, SyncCursor
from domain.connections import Provider
from domain.ids import UserId

CLAIM_NOTIFICATION = """
INSERT INTO sent_notifications (user_id, kind, local_date)
VALUES (%(user_id)s, %(kind)s, %(local_date)s)
ON CONFLICT DO NOTHING
RETURNING true AS claimed
"""
NOTIFICATIONS_OF_USER = """
SELECT user_id, kind, local_date FROM sent_notifications
WHERE user_id = %(user_id)s ORDER BY local_date, kind
"""

REMEMBER_EVENT = """
INSERT INTO inbound_events (key, seen_at) VALUES (%(key)s, %(seen_at)s)
ON CONFLICT DO NOTHING
RETURNING true AS first_time
"""
FORGET_EVENTS_BEFORE = "DELETE FROM inbound_events WHERE seen_at < %(cutoff)s"

GET_CURSOR = """
SELECT synced_until FROM sync_cursors
WHERE user_id = %(user_id)s AND provider = %(provider)s AND resource = %(resource)s
"""
SET_CURSOR = """
INSERT INTO sync_cursors (user_id, provider, resource, synced_until)
VALUES (%(user_id)s, %(provider)s, %(resource)s, %(synced_until)s)
ON CONFLICT (user_id, provider, resource) DO UPDATE SET synced_until = EXCLUDED.synced_until
"""
CURSORS_OF_USER = """
SELECT user_id, provider, resource, synced_until FROM sync_cursors
WHERE user_id = %(user_id)s ORDER BY provider, resource
"""


class PostgresNotificationLedger:
    def __init__(self, session: Session) -> None:
        self._db = session

    async def claim(self, user_id: UserId, kind: str, local_date: date) -> bool:
        params = {"user_id": user_id, "kind": kind, "local_date": local_date}
        return await self._db.fetch_one(CLAIM_NOTIFICATION, params) is not None

    async def all_of(self, user_id: UserId) -> Sequence[SentNotification]:
        rows = await self._db.fetch_all(NOTIFICATIONS_OF_USER, {"user_id": user_id})
        return msgspec.convert(rows, list[SentNotification])


class PostgresInboundEventStore:
    def __init__(self, session: Session) -> None:
        self._db = session

    async def remember(self, key: str, at: datetime) -> bool:
        return await self._db.fetch_one(REMEMBER_EVENT, {"key": key, "seen_at": at}) is not None

    async def forget_before(self, cutoff: datetime) -> int:
        return await self._db.execute(FORGET_EVENTS_BEFORE, {"cutoff": cutoff})


class PostgresSyncCursorStore:
    def __init__(self, session: Session) -> None:
        self._db = session

    async def get(self, user_id: UserId, provider: Provider, resource: str) -> datetime | None:
        params = {"user_id": user_id, "provider": provider.value, "resource": resource}
        row = await self._db.fetch_one(GET_CURSOR, params)
        return msgspec.convert(row["synced_until"], datetime) if row else None

    async def set(
        self, user_id: UserId, provider: Provider, resource: str, synced_until: datetime
    ) -> None:
        params = {
            "user_id": user_id,
            "provider": provider.value,
            "resource": resource,
            "synced_until": synced_until,
        }
        await self._db.execute(SET_CURSOR, params)

    async def all_of(self, user_id: UserId) -> Sequence[SyncCursor]:
        rows = await self._db.fetch_all(CURSORS_OF_USER, {"user_id": user_id})
        return msgspec.convert(rows, list[SyncCursor])
