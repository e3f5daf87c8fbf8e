from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import TypeVar

from adapters.memory.database import Overlay, Session, UserKey
from application.ports.recovery import RecordKind
from domain.ids import UserId
from domain.recovery.records import RecoveryRecords

T = TypeVar("T")
_BEGINNING = datetime.min.replace(tzinfo=UTC)
_END = datetime.max.replace(tzinfo=UTC)


def _select(
    table: Overlay[UserKey, T],
    user_id: UserId,
    when: Callable[[T], datetime],
    start: datetime,
    end: datetime,
) -> tuple[T, ...]:
    chosen = (r for k, r in table.items() if k[0] == user_id and start <= when(r) < end)
    return tuple(sorted(chosen, key=when))


class MemoryRecoveryStore:
    def __init__(self, session: Session) -> None:
        self._s = session

    async def upsert(self, user_id: UserId, records: RecoveryRecords) -> int:
        for cycle in records.cycles:
            self._s.cycles.put((user_id, cycle.id), cycle)
        for sleep in records.sleeps:
            self._s.sleeps.put((user_id, sleep.id), sleep)
        for recovery in records.recoveries:
            self._s.recoveries.put((user_id, recovery.cycle_id), recovery)
        for workout in records.workouts:
            self._s.workouts.put((user_id, workout.id), workout)
        return records.count

    async def between(self, user_id: UserId, start: datetime, end: datetime) -> RecoveryRecords:
        s = self._s
        return RecoveryRecords(
            cycles=_select(s.cycles, user_id, lambda c: c.start, start, end),
            sleeps=_select(s.sleeps, user_id, lambda x: x.start, start, end),
            recoveries=_select(s.recoveries, user_id, lambda r: r.recorded_at, start, end),
            workouts=_select(s.workouts, user_id, lambda w: w.start, start, end),
        )

    async def between_for(
        self, user_ids: Sequence[UserId], start: datetime, end: datetime
    ) -> Mapping[UserId, RecoveryRecords]:
        found = {user_id: await self.between(user_id, start, end) for user_id in user_ids}
        return {user_id: records for user_id, records in found.items() if records.count}

    async def remove(self, user_id: UserId, kind: RecordKind, record_id: str) -> bool:
        key = (user_id, record_id)
        if kind is RecordKind.CYCLE:
            return self._s.cycles.delete(key)
        if kind is RecordKind.SLEEP:
            return self._s.sleeps.delete(key)
        if kind is RecordKind.RECOVERY:
            return self._s.recoveries.delete(key)
        return self._s.workouts.delete(key)

    async def all_of(self, user_id: UserId) -> RecoveryRecords:
        return await self.between(user_id, _BEGINNING, _END)
