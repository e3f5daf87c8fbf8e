"""The morning briefing: last night's sleep, this morning's recovery against the user's own
baselines, yesterday's energy balance, and one tip."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal

import msgspec

from domain.briefings.balance import EnergyBalance, balance_of
from domain.briefings.baselines import Measured, measure
from domain.briefings.missing import NOT_LINKED, MissingPiece, missing_for_state
from domain.briefings.tips import Tip, TipInputs, choose_tip
from domain.meals.entry import FoodEntry
from domain.meals.intake import daily_intake
from domain.meals.targets import Targets
from domain.recovery.days import DayRecords, assign_days
from domain.recovery.records import RecoveryRecords, SleepStages

# How far back the records given to `compose_morning_briefing` should reach for its baselines.
HISTORY_DAYS = 31


class SleepSection(msgspec.Struct, frozen=True, kw_only=True, tag="sleep"):
    start: datetime
    end: datetime
    utc_offset_minutes: int
    asleep: timedelta
    stages: SleepStages
    performance_pct: Decimal | None


class RecoverySection(msgspec.Struct, frozen=True, kw_only=True, tag="recovery"):
    score_pct: Decimal
    hrv_ms: Measured
    resting_heart_rate: Measured
    calibrating: bool


class MorningBriefing(msgspec.Struct, frozen=True, kw_only=True):
    local_date: date
    sleep: SleepSection | MissingPiece
    recovery: RecoverySection | MissingPiece
    yesterday: EnergyBalance
    tip: Tip

    @property
    def is_empty(self) -> bool:
        """Nothing at all to report: the reply should say what to link or log instead."""
        pieces = (self.sleep, self.recovery, self.yesterday.intake_kcal, self.yesterday.out_kcal)
        return all(isinstance(piece, MissingPiece) for piece in pieces)


def compose_morning_briefing(
    *,
    today: date,
    wearable_linked: bool,
    records: RecoveryRecords,
    entries: Sequence[FoodEntry],
    targets: Targets,
) -> MorningBriefing:
    """`records` should reach `HISTORY_DAYS` back for baselines; `entries` must cover yesterday."""
    days = assign_days(records)
    this_morning = days.get(today, DayRecords(local_date=today))
    yesterday = today - timedelta(days=1)
    sleep = _sleep_section(this_morning) if wearable_linked else NOT_LINKED
    recovery = _recovery_section(this_morning, days) if wearable_linked else NOT_LINKED
    intake = daily_intake(entries, yesterday)
    tip = choose_tip(
        TipInputs(
            wearable_linked=wearable_linked,
            targets=targets,
            recovery_pct=recovery.score_pct if isinstance(recovery, RecoverySection) else None,
            asleep=sleep.asleep if isinstance(sleep, SleepSection) else None,
            hrv=recovery.hrv_ms if isinstance(recovery, RecoverySection) else None,
            yesterday_intake=None if intake.nothing_logged else intake.total,
        )
    )
    return MorningBriefing(
        local_date=today,
        sleep=sleep,
        recovery=recovery,
        yesterday=balance_of(
            days.get(yesterday, DayRecords(local_date=yesterday)),
            intake,
            wearable_linked=wearable_linked,
        ),
        tip=tip,
    )


def _sleep_section(day: DayRecords) -> SleepSection | MissingPiece:
    sleep = day.sleep
    if sleep is None:
        return missing_for_state(None)
    if sleep.score is None:
        return missing_for_state(sleep.score_state)
    return SleepSection(
        start=sleep.start,
        end=sleep.end,
        utc_offset_minutes=sleep.utc_offset_minutes,
        asleep=sleep.score.stages.asleep,
        stages=sleep.score.stages,
        performance_pct=sleep.score.performance_pct,
    )


def _recovery_section(
    day: DayRecords, days: Mapping[date, DayRecords]
) -> RecoverySection | MissingPiece:
    recovery = day.recovery
    if recovery is None:
        return missing_for_state(None)
    if recovery.score is None:
        return missing_for_state(recovery.score_state)
    hrv, resting = recovery_history(days)
    return RecoverySection(
        score_pct=recovery.score.score_pct,
        hrv_ms=measure(recovery.score.hrv_ms, hrv, day.local_date),
        resting_heart_rate=measure(recovery.score.resting_heart_rate, resting, day.local_date),
        calibrating=recovery.score.calibrating,
    )


def recovery_history(
    days: Mapping[date, DayRecords],
) -> tuple[dict[date, Decimal], dict[date, Decimal]]:
    """Per local date: HRV (ms) and resting heart rate of each scored recovery."""
    hrv: dict[date, Decimal] = {}
    resting: dict[date, Decimal] = {}
    for day, records in days.items():
        score = records.recovery.score if records.recovery else None
        if score is not None:
            hrv[day] = score.hrv_ms
            resting[day] = score.resting_heart_rate
    return hrv, resting
