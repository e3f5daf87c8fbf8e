"""Once-only records: notifications sent, inbound events processed, sync progress."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Protocol

import msgspec

from domain.connections import Provider
from domain.ids import UserId


class SentNotification(msgspec.Struct, frozen=True, kw_only=True):
    user_id: UserId
    kind: str
    local_date: date


class NotificationLedger(Protocol):
    """One row per user, kind and local date: a notification goes out once, whatever number of
    workers try. Uniqueness holds across concurrent units of work (a unique constraint)."""

    async def claim(self, user_id: UserId, kind: str, local_date: date) -> bool:
        """True if this unit of work now holds the claim; False if it was claimed (committed, or
        in this unit) before. Rolled back with the unit, so a failed send can be retried."""
        ...

    async def all_of(self, user_id: UserId) -> Sequence[SentNotification]:
        """The user's claims, by date (for export)."""
        ...


class InboundEventStore(Protocol):
    """Keys of inbound events already processed (Telegram update ids, webhook trace ids)."""

    async def remember(self, key: str, at: datetime) -> bool:
        """True the first time `key` is remembered; False if it was seen before. Remembering in
        the same unit of work as the event's effect makes the effect happen once."""
        ...

    async def forget_before(self, cutoff: datetime) -> int:
        """Forget keys remembered before `cutoff`; returns how many."""
        ...


class SyncCursor(msgspec.Struct, frozen=True, kw_only=True):
    user_id: UserId
    provider: Provider
    resource: str
    synced_until: datetime


class SyncCursorStore(Protocol):
    """How far each user's data has been synced, per provider and resource."""

    async def get(self, user_id: UserId, provider: Provider, resource: str) -> datetime | None: ...

    async def set(
        self, user_id: UserId, provider: Provider, resource: str, synced_until: datetime
    ) -> None:
        """Insert or replace the cursor."""
        ...

    async def all_of(self, user_id: UserId) -> Sequence[SyncCursor]: ...
