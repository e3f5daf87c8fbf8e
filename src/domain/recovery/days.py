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
from collections.abc import Iterable, Mapping
from datetime import date, timedelta

import msgspec

from domain.local_time import local_date_at
from domain.recovery.records import Cycle, Recovery, RecoveryRecords, Sleep, Workout

CYCLE_DAY_SHIFT = timedelta(hours=12)


def cycle_day(cycle: Cycle) -> date:
    return local_date_at(cycle.start + CYCLE_DAY_SHIFT, cycle.utc_offset_minutes)


def sleep_day(sleep: Sleep) -> date:
    return local_date_at(sleep.end, sleep.utc_offset_minutes)


def workout_day(workout: Workout) -> date:
    return local_date_at(workout.start, workout.utc_offset_minutes)


def recovery_day(recovery: Recovery, sleeps_by_id: Mapping[str, Sleep]) -> date:
    sleep = sleeps_by_id.get(recovery.sleep_id) if recovery.sleep_id else None
    if sleep is not None:
        return sleep_day(sleep)
    return local_date_at(recovery.recorded_at, recovery.utc_offset_minutes)


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
    sleeps_by_id = {sleep.id: sleep for sleep in records.sleeps}
    for cycle in records.cycles:
        cycles[cycle_day(cycle)].append(cycle)
    for sleep in records.sleeps:
        sleeps[sleep_day(sleep)].append(sleep)
    for recovery in records.recoveries:
        recoveries[recovery_day(recovery, sleeps_by_id)].append(recovery)
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
    cycles: Iterable[Cycle],
    sleeps: Iterable[Sleep],
    recoveries: Iterable[Recovery],
    workouts: Iterable[Workout],
) -> DayRecords:
    main = [s for s in sleeps if not s.nap]
    # Two main sleeps on one morning (woke at 3, slept again): the longer one is "the night".
    sleep = max(main, key=lambda s: (s.end - s.start, s.end), default=None)
    recovery = _recovery_of(recoveries, sleep)
    return DayRecords(
        local_date=local_date,
        cycles=tuple(sorted(cycles, key=lambda c: c.start)),
        sleep=sleep,
        naps=tuple(sorted((s for s in sleeps if s.nap), key=lambda s: s.start)),
        recovery=recovery,
        workouts=tuple(sorted(workouts, key=lambda w: w.start)),
    )


def _recovery_of(recoveries: Iterable[Recovery], sleep: Sleep | None) -> Recovery | None:
    candidates = list(recoveries)
    for recovery in candidates:
        if sleep is not None and recovery.sleep_id == sleep.id:
            return recovery
    return max(candidates, key=lambda r: r.recorded_at, default=None)
