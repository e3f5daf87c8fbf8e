from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Protocol

from domain.ids import UserId
from domain.recovery.records import RecoveryRecords


class RecordKind(enum.Enum):
    CYCLE = "cycle"
    SLEEP = "sleep"
    RECOVERY = "recovery"  # identified by its cycle id
    WORKOUT = "workout"


class RecoveryStore(Protocol):
    """Wearable records, keyed by the provider's own ids: writing one twice updates it."""

    async def upsert(self, user_id: UserId, records: RecoveryRecords) -> int:
        """Insert or replace each record (cycles and recoveries by cycle id, sleeps and
        workouts by their id). Returns how many records were written."""
        ...

    async def between(self, user_id: UserId, start: datetime, end: datetime) -> RecoveryRecords:
        """Cycles, sleeps and workouts starting in [start, end), and recoveries recorded in
        it, each ordered by time."""
        ...

    async def between_for(
        self, user_ids: Sequence[UserId], start: datetime, end: datetime
    ) -> Mapping[UserId, RecoveryRecords]:
        """`between` for several users in one read; users without records are left out."""
        ...

    async def remove(self, user_id: UserId, kind: RecordKind, record_id: str) -> bool:
        """Delete one record (the provider deleted it). False if there was none."""
        ...

    async def all_of(self, user_id: UserId) -> RecoveryRecords:
        """Every record of the user (for export)."""
        ...
