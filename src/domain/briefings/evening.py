"""The evening summary: today's intake against targets, meals, workouts, energy out so far."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

import msgspec

from domain.briefings.balance import EnergyBalance, energy_balance
from domain.briefings.missing import NOT_LINKED, NOTHING_LOGGED, MissingPiece
from domain.meals.entry import FoodEntry
from domain.meals.intake import DailyIntake, daily_intake
from domain.meals.targets import Targets
from domain.recovery.days import records_of_day
from domain.recovery.records import RecoveryRecords, Workout


class WorkoutLine(msgspec.Struct, frozen=True, kw_only=True):
    sport: str
    start: datetime
    end: datetime
    utc_offset_minutes: int
    strain: Decimal | None  # None until the wearable scores it
    energy_kcal: Decimal | None


class EveningSummary(msgspec.Struct, frozen=True, kw_only=True):
    local_date: date
    intake: DailyIntake | MissingPiece
    targets: Targets
    workouts: tuple[WorkoutLine, ...] | MissingPiece
    balance: EnergyBalance

    @property
    def remaining_kcal(self) -> Decimal | None:
        """Target minus eaten (negative: over); None when nothing was logged."""
        if isinstance(self.intake, MissingPiece):
            return None
        return self.targets.kcal - self.intake.total.kcal

    @property
    def is_empty(self) -> bool:
        return isinstance(self.intake, MissingPiece) and isinstance(self.workouts, MissingPiece)


def compose_evening_summary(
    *,
    today: date,
    wearable_linked: bool,
    records: RecoveryRecords,
    entries: Sequence[FoodEntry],
    targets: Targets,
) -> EveningSummary:
    day = records_of_day(records, today)
    intake = daily_intake(entries, today)
    workouts: tuple[WorkoutLine, ...] | MissingPiece = (
        tuple(_line(w) for w in day.workouts) if wearable_linked else NOT_LINKED
    )
    return EveningSummary(
        local_date=today,
        intake=NOTHING_LOGGED if intake.nothing_logged else intake,
        targets=targets,
        workouts=workouts,
        balance=energy_balance(day, entries, wearable_linked=wearable_linked),
    )


def _line(workout: Workout) -> WorkoutLine:
    return WorkoutLine(
        sport=workout.sport,
        start=workout.start,
        end=workout.end,
        utc_offset_minutes=workout.utc_offset_minutes,
        strain=workout.score.strain if workout.score else None,
        energy_kcal=workout.score.energy_kcal if workout.score else None,
    )
