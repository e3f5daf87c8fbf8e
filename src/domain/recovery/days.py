"""Which local day a record belongs to — the rule every briefing and balance rests on.

Every record is read on the wall clock of its *own* UTC offset (as recorded), so a day in Kyiv
stays a Kyiv day after the flight to New York.

- A **sleep** belongs to the date its wearer woke up (its end): last night's sleep is this
  morning's. Naps likewise.
- A **cycle** (falling asleep to falling asleep) belongs to the date of its start shifted by
  twelve hours: a cycle that starts in the evening is mostly the next day's waking hours; one
  that starts after midnight is that day's. Each cycle belongs to exactly one date, so its energy
  is counted once — and two cycles that start on one date (asleep at 01:00 and again at 23:00)
  fall on two dates.
- A **recovery** belongs to the date of its sleep (when that sleep is known), else to the date it
  was recorded on.
- A **workout** belongs to the date it started.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from functools import cache

import msgspec

from domain.local_time import fixed_offset
from domain.recovery.records import Cycle, Recovery, RecoveryRecords, Sleep, Workout

CYCLE_DAY_SHIFT = timedelta(hours=12)

# A briefing page places ~45 records per user: one zone object per offset, not one per record.
_wall_clock = cache(fixed_offset)


_offset = cache(lambda minutes: timedelta(minutes=minutes))


def _local_date(moment: datetime, utc_offset_minutes: int) -> date:
    """`local_time.local_date_at`, for a record's moment (aware, checked when it was built).
    A moment in UTC (as the database gives it back) is shifted without a zone conversion."""
    if moment.tzinfo is UTC:
        return (moment + _offset(utc_offset_minutes)).date()
    return moment.astimezone(_wall_clock(utc_offset_minutes)).date()


def cycle_day(cycle: Cycle) -> date:
    return _local_date(cycle.start + CYCLE_DAY_SHIFT, cycle.utc_offset_minutes)


def sleep_day(sleep: Sleep) -> date:
    return _local_date(sleep.end, sleep.utc_offset_minutes)


def workout_day(workout: Workout) -> date:
    return _local_date(workout.start, workout.utc_offset_minutes)


def recovery_day(recovery: Recovery, sleeps_by_id: Mapping[str, Sleep]) -> date:
    sleep = sleeps_by_id.get(recovery.sleep_id) if recovery.sleep_id else None
    if sleep is not None:
        return sleep_day(sleep)
    return _local_date(recovery.recorded_at, recovery.utc_offset_minutes)


class DayRecords(msgspec.Struct, frozen=True, kw_only=True):
    """Everything the wearable recorded for one local date."""

    local_date: date
    cycles: tuple[Cycle, ...] = ()
    sleep: Sleep | None = None  # the main (non-nap) sleep that ended this morning
    naps: tuple[Sleep, ...] = ()
    recovery: Recovery | None = None
    workouts: tuple[Workout, ...] = ()


def assign_days(records: RecoveryRecords) -> dict[date, DayRecords]:
    """Group `records` by the local date each belongs to (see the module docstring)."""
    cycles: dict[date, list[Cycle]] = defaultdict(list)
    sleeps: dict[date, list[Sleep]] = defaultdict(list)
    recoveries: dict[date, list[Recovery]] = defaultdict(list)
    workouts: dict[date, list[Workout]] = defaultdict(list)
    day_of_sleep: dict[str, date] = {}  # by sleep id, as `recovery_day` finds a sleep
    for cycle in records.cycles:
        cycles[cycle_day(cycle)].append(cycle)
    for sleep in records.sleeps:
        day = day_of_sleep[sleep.id] = sleep_day(sleep)
        sleeps[day].append(sleep)
    for recovery in records.recoveries:
        day_of_recovery = day_of_sleep.get(recovery.sleep_id) if recovery.sleep_id else None
        if day_of_recovery is None:
            day_of_recovery = _local_date(recovery.recorded_at, recovery.utc_offset_minutes)
        recoveries[day_of_recovery].append(recovery)
    for workout in records.workouts:
        workouts[workout_day(workout)].append(workout)
    days = set(cycles) | set(sleeps) | set(recoveries) | set(workouts)
    return {
        day: _day(day, cycles[day], sleeps[day], recoveries[day], workouts[day])
        for day in sorted(days)
    }


def records_of_day(records: RecoveryRecords, local_date: date) -> DayRecords:
    return assign_days(records).get(local_date, DayRecords(local_date=local_date))


def _day(
    local_date: date,
    cycles: Sequence[Cycle],
    sleeps: Sequence[Sleep],
    recoveries: Iterable[Recovery],
    workouts: Sequence[Workout],
) -> DayRecords:
    # Most days hold one record of each kind: the length checks skip sorting a single one.
    main = [s for s in sleeps if not s.nap]
    # Two main sleeps on one morning (woke at 3, slept again): the longer one is "the night".
    if len(main) == 1:
        sleep: Sleep | None = main[0]
    else:
        sleep = max(main, key=lambda s: (s.end - s.start, s.end), default=None)
    recovery = _recovery_of(recoveries, sleep)
    naps = [s for s in sleeps if s.nap] if len(main) != len(sleeps) else []
    return DayRecords(
        local_date=local_date,
        cycles=tuple(cycles) if len(cycles) < 2 else tuple(sorted(cycles, key=lambda c: c.start)),
        sleep=sleep,
        naps=tuple(naps) if len(naps) < 2 else tuple(sorted(naps, key=lambda s: s.start)),
        recovery=recovery,
        workouts=tuple(workouts)
        if len(workouts) < 2
        else tuple(sorted(workouts, key=lambda w: w.start)),
    )


def _recovery_of(recoveries: Iterable[Recovery], sleep: Sleep | None) -> Recovery | None:
    candidates = list(recoveries)
    for recovery in candidates:
        if sleep is not None and recovery.sleep_id == sleep.id:
            return recovery
    return max(candidates, key=lambda r: r.recorded_at, default=None)
