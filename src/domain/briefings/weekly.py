"""The weekly report: seven days of intake, balance, sleep and recovery, with trends."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

import msgspec

from domain.briefings.balance import energy_balance
from domain.briefings.baselines import USUAL_BAND, mean
from domain.briefings.missing import NOT_LINKED, NOTHING_LOGGED, MissingPiece, missing_for_state
from domain.meals.entry import FoodEntry
from domain.meals.targets import Targets
from domain.recovery.days import DayRecords, assign_days
from domain.recovery.records import RecoveryRecords

WEEK = 7
# A trend compares the first three days with the last three; each side needs two known values.
TREND_SPAN = 3
TREND_MIN_VALUES = 2


class Trend(enum.Enum):
    RISING = "rising"
    FALLING = "falling"
    STEADY = "steady"
    UNKNOWN = "unknown"


class DaySummary(msgspec.Struct, frozen=True, kw_only=True):
    local_date: date
    intake_kcal: Decimal | None
    out_kcal: Decimal | None
    asleep: timedelta | None
    sleep_performance_pct: Decimal | None
    recovery_pct: Decimal | None

    @property
    def balance_kcal(self) -> Decimal | None:
        if self.intake_kcal is None or self.out_kcal is None:
            return None
        return self.intake_kcal - self.out_kcal


class WeeklyReport(msgspec.Struct, frozen=True, kw_only=True):
    first_day: date
    last_day: date
    days: tuple[DaySummary, ...]
    targets: Targets
    logged_days: int
    average_intake_kcal: Decimal | MissingPiece
    average_out_kcal: Decimal | MissingPiece
    # Summed over the days where both sides are known, and how many such days there were.
    total_balance_kcal: Decimal | None
    balance_days: int
    average_asleep: timedelta | MissingPiece
    average_recovery_pct: Decimal | MissingPiece
    intake_trend: Trend
    sleep_trend: Trend
    recovery_trend: Trend

    @property
    def is_empty(self) -> bool:
        return isinstance(self.average_intake_kcal, MissingPiece) and isinstance(
            self.average_recovery_pct, MissingPiece
        )


def trend(values: Sequence[Decimal | None]) -> Trend:
    """Rising, falling or steady: the mean of the last days against the mean of the first."""
    first = [v for v in values[:TREND_SPAN] if v is not None]
    last = [v for v in values[-TREND_SPAN:] if v is not None]
    if len(first) < TREND_MIN_VALUES or len(last) < TREND_MIN_VALUES:
        return Trend.UNKNOWN
    before, after = mean(first), mean(last)
    assert before is not None and after is not None
    if before == 0:
        return Trend.UNKNOWN
    change = (after - before) / before
    if change > USUAL_BAND:
        return Trend.RISING
    if change < -USUAL_BAND:
        return Trend.FALLING
    return Trend.STEADY


def compose_weekly_report(
    *,
    last_day: date,
    wearable_linked: bool,
    records: RecoveryRecords,
    entries: Sequence[FoodEntry],
    targets: Targets,
) -> WeeklyReport:
    """The seven local dates ending with `last_day`."""
    days = assign_days(records)
    dates = [last_day - timedelta(days=n) for n in range(WEEK - 1, -1, -1)]
    summaries = tuple(
        _summary(days.get(d, DayRecords(local_date=d)), entries, wearable_linked) for d in dates
    )
    return _report(summaries, targets, wearable_linked)


def _summary(day: DayRecords, entries: Sequence[FoodEntry], linked: bool) -> DaySummary:
    balance = energy_balance(day, entries, wearable_linked=linked)
    sleep_score = day.sleep.score if day.sleep else None
    recovery_score = day.recovery.score if day.recovery else None
    return DaySummary(
        local_date=day.local_date,
        intake_kcal=None if isinstance(balance.intake_kcal, MissingPiece) else balance.intake_kcal,
        out_kcal=None if isinstance(balance.out_kcal, MissingPiece) else balance.out_kcal,
        asleep=sleep_score.stages.asleep if sleep_score else None,
        sleep_performance_pct=sleep_score.performance_pct if sleep_score else None,
        recovery_pct=recovery_score.score_pct if recovery_score else None,
    )


def _report(days: tuple[DaySummary, ...], targets: Targets, linked: bool) -> WeeklyReport:
    no_wearable_data = NOT_LINKED if not linked else missing_for_state(None)
    intakes = [d.intake_kcal for d in days if d.intake_kcal is not None]
    balances = [b for b in (d.balance_kcal for d in days) if b is not None]
    asleep = [d.asleep for d in days if d.asleep is not None]
    return WeeklyReport(
        first_day=days[0].local_date,
        last_day=days[-1].local_date,
        days=days,
        targets=targets,
        logged_days=len(intakes),
        average_intake_kcal=_mean_or(intakes, NOTHING_LOGGED),
        average_out_kcal=_mean_or(
            [d.out_kcal for d in days if d.out_kcal is not None], no_wearable_data
        ),
        total_balance_kcal=sum(balances, Decimal(0)) if balances else None,
        balance_days=len(balances),
        average_asleep=sum(asleep, timedelta()) / len(asleep) if asleep else no_wearable_data,
        average_recovery_pct=_mean_or(
            [d.recovery_pct for d in days if d.recovery_pct is not None], no_wearable_data
        ),
        intake_trend=trend([d.intake_kcal for d in days]),
        sleep_trend=trend([_hours(d.asleep) for d in days]),
        recovery_trend=trend([d.recovery_pct for d in days]),
    )


def _mean_or(values: Sequence[Decimal], missing: MissingPiece) -> Decimal | MissingPiece:
    average = mean(values)
    return missing if average is None else average


def _hours(duration: timedelta | None) -> Decimal | None:
    return None if duration is None else Decimal(int(duration.total_seconds())) / 3600
