from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import msgspec

from adapters.postgres.bulk import UpsertTable, upsert
from adapters.postgres.session import Row, Session
from application.ports.recovery import RecordKind
from domain.ids import UserId
from domain.recovery.records import Cycle, Recovery, RecoveryRecords, Sleep, Workout

_BEGINNING = datetime.min.replace(tzinfo=UTC)
_END = datetime.max.replace(tzinfo=UTC)

CYCLES = UpsertTable(
    "cycles",
    key=("user_id", "id"),
    columns=("user_id", "id", "started_at", "ended_at", "utc_offset_minutes", "score_state",
             "strain", "energy_kcal", "average_heart_rate", "max_heart_rate"),
)  # fmt: skip
SLEEPS = UpsertTable(
    "sleeps",
    key=("user_id", "id"),
    columns=("user_id", "id", "cycle_id", "started_at", "ended_at", "utc_offset_minutes", "nap",
             "score_state", "in_bed", "awake", "light", "deep", "rem", "performance_pct",
             "efficiency_pct", "consistency_pct", "respiratory_rate", "sleep_need"),
)  # fmt: skip
RECOVERIES = UpsertTable(
    "recoveries",
    key=("user_id", "cycle_id"),
    columns=("user_id", "cycle_id", "sleep_id", "recorded_at", "utc_offset_minutes",
             "score_state", "score_pct", "resting_heart_rate", "hrv_ms", "calibrating",
             "spo2_pct", "skin_temp_celsius"),
)  # fmt: skip
WORKOUTS = UpsertTable(
    "workouts",
    key=("user_id", "id"),
    columns=("user_id", "id", "started_at", "ended_at", "utc_offset_minutes", "sport",
             "score_state", "strain", "energy_kcal", "average_heart_rate", "max_heart_rate",
             "distance_m"),
)  # fmt: skip

CYCLES_IN_WINDOW = """
SELECT * FROM cycles
WHERE user_id = %(user_id)s AND started_at >= %(start)s AND started_at < %(end)s
ORDER BY started_at, id
"""
SLEEPS_IN_WINDOW = """
SELECT * FROM sleeps
WHERE user_id = %(user_id)s AND started_at >= %(start)s AND started_at < %(end)s
ORDER BY started_at, id
"""
WORKOUTS_IN_WINDOW = """
SELECT * FROM workouts
WHERE user_id = %(user_id)s AND started_at >= %(start)s AND started_at < %(end)s
ORDER BY started_at, id
"""
RECOVERIES_IN_WINDOW = """
SELECT * FROM recoveries
WHERE user_id = %(user_id)s AND recorded_at >= %(start)s AND recorded_at < %(end)s
ORDER BY recorded_at, cycle_id
"""
# The same windows for several users at once (the briefing tick reads a page of users).
_OF_USERS = ("user_id = %(user_id)s", "user_id = ANY(%(user_ids)s)")
CYCLES_OF_USERS = CYCLES_IN_WINDOW.replace(*_OF_USERS)
SLEEPS_OF_USERS = SLEEPS_IN_WINDOW.replace(*_OF_USERS)
WORKOUTS_OF_USERS = WORKOUTS_IN_WINDOW.replace(*_OF_USERS)
RECOVERIES_OF_USERS = RECOVERIES_IN_WINDOW.replace(*_OF_USERS)
REMOVE_RECORD = {
    RecordKind.CYCLE: "DELETE FROM cycles WHERE user_id = %(user_id)s AND id = %(id)s",
    RecordKind.SLEEP: "DELETE FROM sleeps WHERE user_id = %(user_id)s AND id = %(id)s",
    RecordKind.RECOVERY: "DELETE FROM recoveries WHERE user_id = %(user_id)s AND cycle_id = %(id)s",
    RecordKind.WORKOUT: "DELETE FROM workouts WHERE user_id = %(user_id)s AND id = %(id)s",
}


# Records → rows, in the column order of their table.


def cycle_row(user_id: UserId, c: Cycle) -> tuple[Any, ...]:
    s = c.score
    return (
        user_id, c.id, c.start, c.end, c.utc_offset_minutes, c.score_state.value,
        s and s.strain, s and s.energy_kcal, s and s.average_heart_rate, s and s.max_heart_rate,
    )  # fmt: skip


def sleep_row(user_id: UserId, x: Sleep) -> tuple[Any, ...]:
    s = x.score
    stages = s.stages if s else None
    return (
        user_id, x.id, x.cycle_id, x.start, x.end, x.utc_offset_minutes, x.nap,
        x.score_state.value, stages and stages.in_bed, stages and stages.awake,
        stages and stages.light, stages and stages.deep, stages and stages.rem,
        s and s.performance_pct, s and s.efficiency_pct, s and s.consistency_pct,
        s and s.respiratory_rate, s and s.need,
    )  # fmt: skip


def recovery_row(user_id: UserId, r: Recovery) -> tuple[Any, ...]:
    s = r.score
    return (
        user_id, r.cycle_id, r.sleep_id, r.recorded_at, r.utc_offset_minutes, r.score_state.value,
        s and s.score_pct, s and s.resting_heart_rate, s and s.hrv_ms, s and s.calibrating,
        s and s.spo2_pct, s and s.skin_temp_celsius,
    )  # fmt: skip


def workout_row(user_id: UserId, w: Workout) -> tuple[Any, ...]:
    s = w.score
    return (
        user_id, w.id, w.start, w.end, w.utc_offset_minutes, w.sport, w.score_state.value,
        s and s.strain, s and s.energy_kcal, s and s.average_heart_rate, s and s.max_heart_rate,
        s and s.distance_m,
    )  # fmt: skip


# Rows → records, validated by msgspec (and the records' own checks).


def _scored(row: Row, score: dict[str, Any]) -> dict[str, Any] | None:
    return score if row["score_state"] == "scored" else None


def _cycle(row: Row) -> Cycle:
    score = {k: row[k] for k in ("strain", "energy_kcal", "average_heart_rate", "max_heart_rate")}
    return msgspec.convert(
        {
            "id": row["id"],
            "start": row["started_at"],
            "end": row["ended_at"],
            "utc_offset_minutes": row["utc_offset_minutes"],
            "score_state": row["score_state"],
            "score": _scored(row, score),
        },
        Cycle,
    )


def _sleep(row: Row) -> Sleep:
    stages = {k: row[k] for k in ("in_bed", "awake", "light", "deep", "rem")}
    score = {
        "stages": stages,
        "need": row["sleep_need"],
        **{
            k: row[k]
            for k in ("performance_pct", "efficiency_pct", "consistency_pct", "respiratory_rate")
        },
    }
    return msgspec.convert(
        {
            "id": row["id"],
            "cycle_id": row["cycle_id"],
            "start": row["started_at"],
            "end": row["ended_at"],
            "utc_offset_minutes": row["utc_offset_minutes"],
            "nap": row["nap"],
            "score_state": row["score_state"],
            "score": _scored(row, score),
        },
        Sleep,
    )


def _recovery(row: Row) -> Recovery:
    names = ("score_pct", "resting_heart_rate", "hrv_ms", "calibrating", "spo2_pct",
             "skin_temp_celsius")  # fmt: skip
    return msgspec.convert(
        {
            "cycle_id": row["cycle_id"],
            "sleep_id": row["sleep_id"],
            "recorded_at": row["recorded_at"],
            "utc_offset_minutes": row["utc_offset_minutes"],
            "score_state": row["score_state"],
            "score": _scored(row, {k: row[k] for k in names}),
        },
        Recovery,
    )


def _workout(row: Row) -> Workout:
    names = ("strain", "energy_kcal", "average_heart_rate", "max_heart_rate", "distance_m")
    return msgspec.convert(
        {
            "id": row["id"],
            "start": row["started_at"],
            "end": row["ended_at"],
            "utc_offset_minutes": row["utc_offset_minutes"],
            "sport": row["sport"],
            "score_state": row["score_state"],
            "score": _scored(row, {k: row[k] for k in names}),
        },
        Workout,
    )


class PostgresRecoveryStore:
    def __init__(self, session: Session) -> None:
        self._db = session

    async def upsert(self, user_id: UserId, records: RecoveryRecords) -> int:
        """All four kinds in the unit's transaction: executemany for a sync's few rows, COPY
        for a long backfill (see `adapters.postgres.bulk`)."""
        await upsert(self._db, CYCLES, [cycle_row(user_id, c) for c in records.cycles])
        await upsert(self._db, SLEEPS, [sleep_row(user_id, s) for s in records.sleeps])
        await upsert(self._db, RECOVERIES, [recovery_row(user_id, r) for r in records.recoveries])
        await upsert(self._db, WORKOUTS, [workout_row(user_id, w) for w in records.workouts])
        return records.count

    async def between(self, user_id: UserId, start: datetime, end: datetime) -> RecoveryRecords:
        params = {"user_id": user_id, "start": start, "end": end}
        db = self._db
        return RecoveryRecords(
            cycles=tuple(_cycle(r) for r in await db.fetch_all(CYCLES_IN_WINDOW, params)),
            sleeps=tuple(_sleep(r) for r in await db.fetch_all(SLEEPS_IN_WINDOW, params)),
            recoveries=tuple(
                _recovery(r) for r in await db.fetch_all(RECOVERIES_IN_WINDOW, params)
            ),
            workouts=tuple(_workout(r) for r in await db.fetch_all(WORKOUTS_IN_WINDOW, params)),
        )

    async def between_for(
        self, user_ids: Sequence[UserId], start: datetime, end: datetime
    ) -> Mapping[UserId, RecoveryRecords]:
        params = {"user_ids": list(user_ids), "start": start, "end": end}
        found: dict[UserId, dict[str, list[Any]]] = {}

        async def read(query: str, field: str, convert: Callable[[Row], Any]) -> None:
            for row in await self._db.fetch_all(query, params):
                records = found.setdefault(UserId(row["user_id"]), {})
                records.setdefault(field, []).append(convert(row))

        await read(CYCLES_OF_USERS, "cycles", _cycle)
        await read(SLEEPS_OF_USERS, "sleeps", _sleep)
        await read(RECOVERIES_OF_USERS, "recoveries", _recovery)
        await read(WORKOUTS_OF_USERS, "workouts", _workout)
        return {
            user_id: RecoveryRecords(
                cycles=tuple(lists.get("cycles", ())),
                sleeps=tuple(lists.get("sleeps", ())),
                recoveries=tuple(lists.get("recoveries", ())),
                workouts=tuple(lists.get("workouts", ())),
            )
            for user_id, lists in found.items()
        }

    async def remove(self, user_id: UserId, kind: RecordKind, record_id: str) -> bool:
        params = {"user_id": user_id, "id": record_id}
        return await self._db.execute(REMOVE_RECORD[kind], params) > 0

    async def all_of(self, user_id: UserId) -> RecoveryRecords:
        return await self.between(user_id, _BEGINNING, _END)
