"""Writes to the user's food diary, queued in the same transaction as the change they mirror."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import date, datetime
from typing import Protocol

import msgspec

from domain.ids import EntryId, OutboxItemId, UserId


class DiaryAction(enum.Enum):
    CREATE = "create"
    EDIT = "edit"
    DELETE = "delete"


class DiaryOutboxItem(msgspec.Struct, frozen=True, kw_only=True):
    id: OutboxItemId
    user_id: UserId
    entry_id: EntryId
    action: DiaryAction
    local_date: date  # the entry's date: a diary import of that date waits for this write
    created_at: datetime
    next_attempt_at: datetime
    attempts: int = 0
    done_at: datetime | None = None
    last_error: str | None = None

    @property
    def is_pending(self) -> bool:
        return self.done_at is None


class DiaryOutbox(Protocol):
    async def add(self, item: DiaryOutboxItem) -> None:
        """Queue a write. Raises `AlreadyExistsError` if its id is taken."""
        ...

    async def due(self, now: datetime, limit: int) -> Sequence[DiaryOutboxItem]:
        """Up to `limit` pending items with `next_attempt_at <= now`, oldest first."""
        ...

    async def pending_for(self, user_id: UserId) -> Sequence[DiaryOutboxItem]:
        """The user's pending items, oldest first."""
        ...

    async def mark_done(self, item_id: OutboxItemId, now: datetime) -> None: ...

    async def mark_failed(self, item_id: OutboxItemId, error: str, retry_at: datetime) -> None:
        """Count a failed attempt, keep `error` (no secrets, no food text) and retry later."""
        ...

    async def all_of(self, user_id: UserId) -> Sequence[DiaryOutboxItem]: ...
