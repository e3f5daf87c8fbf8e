"""An `AnswerContext` as the model reads it: one compact JSON document of this user's numbers.

Only what an answer may use, in the user's wall-clock time, rounded as the product shows it:
today's and yesterday's intake by meal, targets, the last sleep and recovery, recent workouts.
No id of any kind (not the user's, not a record's): the model has nothing to ask for by id.
The recent conversation is not here; it goes to the model as the chat's own earlier turns.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

import msgspec

from application.ports.assistant import AnswerContext
from domain.meals.intake import DailyIntake
from domain.meals.nutrients import Nutrients, round_grams, round_kcal
from domain.recovery.records import Recovery, Sleep, Workout

_MINUTE = Decimal(60)


class Amounts(msgspec.Struct, frozen=True, kw_only=True):
    kcal: Decimal
    protein_g: Decimal
    fat_g: Decimal
    carbohydrate_g: Decimal


class MealView(msgspec.Struct, frozen=True, kw_only=True):
    meal: str
    kcal: Decimal
    foods: list[str]


class DayView(msgspec.Struct, frozen=True, kw_only=True):
    date: str
    total: Amounts
    meals: list[MealView]
    nothing_logged: bool


class SleepView(msgspec.Struct, frozen=True, kw_only=True):
    ended_at_local: str
    scored: bool
    asleep_minutes: Decimal | None = None
    in_bed_minutes: Decimal | None = None
    performance_pct: Decimal | None = None


class RecoveryView(msgspec.Struct, frozen=True, kw_only=True):
    recorded_at_local: str
    scored: bool
    score_pct: Decimal | None = None
    hrv_ms: Decimal | None = None
    resting_heart_rate: Decimal | None = None


class WorkoutView(msgspec.Struct, frozen=True, kw_only=True):
    sport: str
    started_at_local: str
    minutes: Decimal
    scored: bool
    strain: Decimal | None = None
    kcal: Decimal | None = None


class ModelContext(msgspec.Struct, frozen=True, kw_only=True):
    local_now: str
    targets: Amounts
    today: DayView
    yesterday: DayView
    wearable_linked: bool
    last_sleep: SleepView | None
    last_recovery: RecoveryView | None
    recent_workouts: list[WorkoutView]


_ENCODER = msgspec.json.Encoder(decimal_format="number")


def context_json(context: AnswerContext) -> str:
    """The context as JSON text for the model (see the module docstring for what it holds)."""
    targets = context.targets
    view = ModelContext(
        local_now=context.local_now.strftime("%A %Y-%m-%d %H:%M"),
        targets=Amounts(
            kcal=round_kcal(targets.kcal),
            protein_g=round_grams(targets.protein),
            fat_g=round_grams(targets.fat),
            carbohydrate_g=round_grams(targets.carbohydrate),
        ),
        today=_day(context.today),
        yesterday=_day(context.yesterday),
        wearable_linked=context.wearable_linked,
        last_sleep=_sleep(context.last_sleep) if context.last_sleep else None,
        last_recovery=_recovery(context.last_recovery) if context.last_recovery else None,
        recent_workouts=[_workout(workout) for workout in context.recent_workouts],
    )
    return _ENCODER.encode(view).decode()


def _amounts(nutrients: Nutrients) -> Amounts:
    shown = nutrients.rounded()
    return Amounts(
        kcal=shown.kcal,
        protein_g=shown.protein,
        fat_g=shown.fat,
        carbohydrate_g=shown.carbohydrate,
    )


def _day(day: DailyIntake) -> DayView:
    return DayView(
        date=day.local_date.isoformat(),
        total=_amounts(day.total),
        meals=[
            MealView(
                meal=meal.meal.value, kcal=round_kcal(meal.nutrients.kcal), foods=[*meal.foods]
            )
            for meal in day.meals
        ],
        nothing_logged=day.nothing_logged,
    )


def _local(moment: datetime, offset_minutes: int) -> str:
    zone = timezone(timedelta(minutes=offset_minutes))
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def _minutes(duration: timedelta) -> Decimal:
    return round_kcal(Decimal(int(duration.total_seconds())) / _MINUTE)


def _sleep(sleep: Sleep) -> SleepView:
    score = sleep.score
    return SleepView(
        ended_at_local=_local(sleep.end, sleep.utc_offset_minutes),
        scored=score is not None,
        asleep_minutes=_minutes(score.stages.asleep) if score else None,
        in_bed_minutes=_minutes(score.stages.in_bed) if score else None,
        performance_pct=score.performance_pct if score else None,
    )


def _recovery(recovery: Recovery) -> RecoveryView:
    score = recovery.score
    return RecoveryView(
        recorded_at_local=_local(recovery.recorded_at, recovery.utc_offset_minutes),
        scored=score is not None,
        score_pct=score.score_pct if score else None,
        hrv_ms=score.hrv_ms if score else None,
        resting_heart_rate=score.resting_heart_rate if score else None,
    )


def _workout(workout: Workout) -> WorkoutView:
    score = workout.score
    return WorkoutView(
        sport=workout.sport,
        started_at_local=_local(workout.start, workout.utc_offset_minutes),
        minutes=_minutes(workout.end - workout.start),
        scored=score is not None,
        strain=score.strain if score else None,
        kcal=round_kcal(score.energy_kcal) if score else None,
    )
