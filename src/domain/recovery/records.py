"""What a wearable records, in the product's words. Each record keeps the UTC offset of the place
it was recorded in, so a traveller's days come out right; scores exist only when scored."""

from __future__ import annotations

import enum
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import msgspec

from domain.errors import InvalidScoreError, InvalidValueError
from domain.local_time import MAX_OFFSET_MINUTES, check_offset_minutes, require_aware

KILOJOULES_PER_KCAL = Decimal("4.184")


def kilojoules_to_kcal(kilojoules: Decimal) -> Decimal:
    return kilojoules / KILOJOULES_PER_KCAL


class ScoreState(enum.Enum):
    SCORED = "scored"
    PENDING = "pending"  # the wearable will score it later
    UNSCORABLE = "unscorable"  # it never will (not enough data)


def _check_score(state: ScoreState, score: object) -> None:
    if (state is ScoreState.SCORED) != (score is not None):
        raise InvalidScoreError(
            f"a {state.value} record {'needs' if score is None else 'has no'} score"
        )


def _check_span(start: datetime, end: datetime | None, offset_minutes: int) -> None:
    # Every record read back is checked again (a briefing page reads ~45,000): the usual case
    # costs a few comparisons; `utcoffset()` is None exactly when `require_aware` refuses.
    # `tzinfo is UTC` first: what the database gives back, checked without a call.
    if start.tzinfo is not UTC and start.utcoffset() is None:
        require_aware(start, "start")
    if not -MAX_OFFSET_MINUTES <= offset_minutes <= MAX_OFFSET_MINUTES:
        check_offset_minutes(offset_minutes)
    if end is not None:
        if end.tzinfo is not UTC and end.utcoffset() is None:
            require_aware(end, "end")
        if end < start:
            raise InvalidValueError("a record cannot end before it starts")


class CycleScore(msgspec.Struct, frozen=True, kw_only=True):
    strain: Decimal
    energy_kcal: Decimal
    average_heart_rate: int
    max_heart_rate: int


class Cycle(msgspec.Struct, frozen=True, kw_only=True):
    """From falling asleep to falling asleep again; `end` is None while current."""

    id: str
    start: datetime
    end: datetime | None
    utc_offset_minutes: int
    score_state: ScoreState
    score: CycleScore | None = None

    def __post_init__(self) -> None:
        _check_span(self.start, self.end, self.utc_offset_minutes)
        _check_score(self.score_state, self.score)

    @property
    def energy_kcal(self) -> Decimal | None:
        return self.score.energy_kcal if self.score else None


class SleepStages(msgspec.Struct, frozen=True, kw_only=True):
    in_bed: timedelta
    awake: timedelta
    light: timedelta
    deep: timedelta
    rem: timedelta

    @property
    def asleep(self) -> timedelta:
        return self.light + self.deep + self.rem


class SleepScore(msgspec.Struct, frozen=True, kw_only=True):
    stages: SleepStages
    performance_pct: Decimal | None = None
    efficiency_pct: Decimal | None = None
    consistency_pct: Decimal | None = None
    respiratory_rate: Decimal | None = None
    need: timedelta | None = None


class Sleep(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    cycle_id: str | None
    start: datetime
    end: datetime
    utc_offset_minutes: int
    nap: bool
    score_state: ScoreState
    score: SleepScore | None = None

    def __post_init__(self) -> None:
        _check_span(self.start, self.end, self.utc_offset_minutes)
        _check_score(self.score_state, self.score)


class RecoveryScore(msgspec.Struct, frozen=True, kw_only=True):
    score_pct: Decimal
    resting_heart_rate: Decimal
    hrv_ms: Decimal
    calibrating: bool = False
    spo2_pct: Decimal | None = None
    skin_temp_celsius: Decimal | None = None


class Recovery(msgspec.Struct, frozen=True, kw_only=True):
    """How ready the body is after a sleep. Identified by its cycle (one recovery per cycle)."""

    cycle_id: str
    sleep_id: str | None
    recorded_at: datetime
    utc_offset_minutes: int
    score_state: ScoreState
    score: RecoveryScore | None = None

    def __post_init__(self) -> None:
        _check_span(self.recorded_at, None, self.utc_offset_minutes)
        _check_score(self.score_state, self.score)


class WorkoutScore(msgspec.Struct, frozen=True, kw_only=True):
    strain: Decimal
    energy_kcal: Decimal
    average_heart_rate: int
    max_heart_rate: int
    distance_m: Decimal | None = None


class Workout(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    start: datetime
    end: datetime
    utc_offset_minutes: int
    sport: str
    score_state: ScoreState
    score: WorkoutScore | None = None

    def __post_init__(self) -> None:
        _check_span(self.start, self.end, self.utc_offset_minutes)
        _check_score(self.score_state, self.score)


class RecoveryRecords(msgspec.Struct, frozen=True, kw_only=True):
    """A batch of records: what a sync fetched, or what a store holds for a window."""

    cycles: tuple[Cycle, ...] = ()
    sleeps: tuple[Sleep, ...] = ()
    recoveries: tuple[Recovery, ...] = ()
    workouts: tuple[Workout, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.cycles or self.sleeps or self.recoveries or self.workouts)

    @property
    def count(self) -> int:
        return len(self.cycles) + len(self.sleeps) + len(self.recoveries) + len(self.workouts)
