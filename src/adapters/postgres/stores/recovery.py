from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

from adapters.postgres.bulk import UpsertTable, upsert
from adapters.postgres.session import Query, Session
from application.ports.recovery import RecordKind
from domain.ids import UserId
from domain.recovery.records import (
    Cycle,
    CycleScore,
    Recovery,
    RecoveryRecords,
    RecoveryScore,
    ScoreState,
    Sleep,
    SleepScore,
    SleepStages,
    Workout,
    WorkoutScore,
)

T = TypeVar("T")

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

# Columns named in the order of the tables above (the decoders below unpack them by position).
CYCLES_IN_WINDOW = """
SELECT user_id, id, started_at, ended_at, utc_offset_minutes, score_state,
       strain, energy_kcal, average_heart_rate, max_heart_rate
FROM cycles
WHERE user_id = %(user_id)s AND started_at >= %(start)s AND started_at < %(end)s
ORDER BY started_at, id
"""
SLEEPS_IN_WINDOW = """
SELECT user_id, id, cycle_id, started_at, ended_at, utc_offset_minutes, nap, score_state,
       in_bed, awake, light, deep, rem, performance_pct, efficiency_pct, consistency_pct,
       respiratory_rate, sleep_need
FROM sleeps
WHERE user_id = %(user_id)s AND started_at >= %(start)s AND started_at < %(end)s
ORDER BY started_at, id
"""
WORKOUTS_IN_WINDOW = """
SELECT user_id, id, started_at, ended_at, utc_offset_minutes, sport, score_state,
       strain, energy_kcal, average_heart_rate, max_heart_rate, distance_m
FROM workouts
WHERE user_id = %(user_id)s AND started_at >= %(start)s AND started_at < %(end)s
ORDER BY started_at, id
"""
RECOVERIES_IN_WINDOW = """
SELECT user_id, cycle_id, sleep_id, recorded_at, utc_offset_minutes, score_state,
       score_pct, resting_heart_rate, hrv_ms, calibrating, spo2_pct, skin_temp_celsius
FROM recoveries
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


# Rows (tuples, in the columns' order) → records. Built directly rather than through
# `msgspec.convert` of dicts (four times slower on a briefing page's ~45,000 rows): the records'
# own `__post_init__` checks still run, and the tables' CHECKs guarantee that a scored row has
# every score column and an unscored one none, so the column types are the fields' types.


_STATES = {state.value: state for state in ScoreState}
_SCORED = ScoreState.SCORED


def _cycle(row: Sequence[Any]) -> Cycle:
    _, id_, start, end, offset, state, strain, energy, average_hr, max_hr = row
    score_state = _STATES[state]
    score = None
    if score_state is _SCORED:
        score = CycleScore(
            strain=strain, energy_kcal=energy, average_heart_rate=average_hr, max_heart_rate=max_hr
        )
    return Cycle(
        id=id_, start=start, end=end, utc_offset_minutes=offset, score_state=score_state,
        score=score,
    )  # fmt: skip


def _sleep(row: Sequence[Any]) -> Sleep:
    (_, id_, cycle_id, start, end, offset, nap, state, in_bed, awake, light, deep, rem,
     performance, efficiency, consistency, respiratory_rate, need) = row  # fmt: skip
    score_state = _STATES[state]
    score = None
    if score_state is _SCORED:
        stages = SleepStages(in_bed=in_bed, awake=awake, light=light, deep=deep, rem=rem)
        score = SleepScore(
            stages=stages, performance_pct=performance, efficiency_pct=efficiency,
            consistency_pct=consistency, respiratory_rate=respiratory_rate, need=need,
        )  # fmt: skip
    return Sleep(
        id=id_, cycle_id=cycle_id, start=start, end=end, utc_offset_minutes=offset, nap=nap,
        score_state=score_state, score=score,
    )  # fmt: skip


def _recovery(row: Sequence[Any]) -> Recovery:
    (_, cycle_id, sleep_id, recorded_at, offset, state, score_pct, resting_hr, hrv_ms,
     calibrating, spo2_pct, skin_temp) = row  # fmt: skip
    score_state = _STATES[state]
    score = None
    if score_state is _SCORED:
        score = RecoveryScore(
            score_pct=score_pct, resting_heart_rate=resting_hr, hrv_ms=hrv_ms,
            calibrating=calibrating, spo2_pct=spo2_pct, skin_temp_celsius=skin_temp,
        )  # fmt: skip
    return Recovery(
        cycle_id=cycle_id, sleep_id=sleep_id, recorded_at=recorded_at, utc_offset_minutes=offset,
        score_state=score_state, score=score,
    )  # fmt: skip


def _workout(row: Sequence[Any]) -> Workout:
    (_, id_, start, end, offset, sport, state, strain, energy, average_hr, max_hr,
     distance_m) = row  # fmt: skip
    score_state = _STATES[state]
    score = None
    if score_state is _SCORED:
        score = WorkoutScore(
            strain=strain, energy_kcal=energy, average_heart_rate=average_hr,
            max_heart_rate=max_hr, distance_m=distance_m,
        )  # fmt: skip
    return Workout(
        id=id_, start=start, end=end, utc_offset_minutes=offset, sport=sport,
        score_state=score_state, score=score,
    )  # fmt: skip


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

        async def rows(query: Query) -> list[tuple[Any, ...]]:
            return (await self._db.fetch_table(query, params))[1]

        return RecoveryRecords(
            cycles=tuple(map(_cycle, await rows(CYCLES_IN_WINDOW))),
            sleeps=tuple(map(_sleep, await rows(SLEEPS_IN_WINDOW))),
            recoveries=tuple(map(_recovery, await rows(RECOVERIES_IN_WINDOW))),
            workouts=tuple(map(_workout, await rows(WORKOUTS_IN_WINDOW))),
        )

    async def between_for(
        self, user_ids: Sequence[UserId], start: datetime, end: datetime
    ) -> Mapping[UserId, RecoveryRecords]:
        params = {"user_ids": list(user_ids), "start": start, "end": end}

        async def by_user(query: Query, convert: Callable[[Any], T]) -> dict[UserId, list[T]]:
            found: dict[UserId, list[T]] = {}
            for row in (await self._db.fetch_table(query, params))[1]:
                found.setdefault(row[0], []).append(convert(row))  # row[0]: the user's id
            return found

        cycles = await by_user(CYCLES_OF_USERS, _cycle)
        sleeps = await by_user(SLEEPS_OF_USERS, _sleep)
        recoveries = await by_user(RECOVERIES_OF_USERS, _recovery)
        workouts = await by_user(WORKOUTS_OF_USERS, _workout)
        return {
            user_id: RecoveryRecords(
                cycles=tuple(cycles.get(user_id, ())),
                sleeps=tuple(sleeps.get(user_id, ())),
                recoveries=tuple(recoveries.get(user_id, ())),
                workouts=tuple(workouts.get(user_id, ())),
            )
            for user_id in {*cycles, *sleeps, *recoveries, *workouts}
        }

    async def remove(self, user_id: UserId, kind: RecordKind, record_id: str) -> bool:
        params = {"user_id": user_id, "id": record_id}
        return await self._db.execute(REMOVE_RECORD[kind], params) > 0

    async def all_of(self, user_id: UserId) -> RecoveryRecords:
        return await self.between(user_id, _BEGINNING, _END)
