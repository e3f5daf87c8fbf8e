"""A value against the user's own recent normal: the mean of the 7 and 30 days before."""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal

import msgspec

# Fewer samples than this make a mean that says more about chance than about the person.
MIN_SAMPLES_7 = 3
MIN_SAMPLES_30 = 7
# Within ±5 % of the mean is "as usual".
USUAL_BAND = Decimal("0.05")


class Comparison(enum.Enum):
    ABOVE = "above"
    USUAL = "usual"
    BELOW = "below"
    NO_BASELINE = "no_baseline"  # not enough history yet


class Baseline(msgspec.Struct, frozen=True, kw_only=True):
    mean_7d: Decimal | None
    mean_30d: Decimal | None


class Measured(msgspec.Struct, frozen=True, kw_only=True):
    """A value of today, and how it compares with the user's own baselines."""

    value: Decimal
    baseline: Baseline
    versus_7d: Comparison
    versus_30d: Comparison


def mean(values: Sequence[Decimal]) -> Decimal | None:
    return sum(values, Decimal(0)) / len(values) if values else None


def personal_baseline(history: Mapping[date, Decimal], before: date) -> Baseline:
    """Means of `history` over the 7 and the 30 dates before `before` (not including it)."""

    def window(days: int) -> list[Decimal]:
        first = before - timedelta(days=days)
        return [value for day, value in history.items() if first <= day < before]

    last_7, last_30 = window(7), window(30)
    return Baseline(
        mean_7d=mean(last_7) if len(last_7) >= MIN_SAMPLES_7 else None,
        mean_30d=mean(last_30) if len(last_30) >= MIN_SAMPLES_30 else None,
    )


def compare(value: Decimal, reference: Decimal | None) -> Comparison:
    if reference is None or reference == 0:
        return Comparison.NO_BASELINE
    change = (value - reference) / reference
    if change > USUAL_BAND:
        return Comparison.ABOVE
    if change < -USUAL_BAND:
        return Comparison.BELOW
    return Comparison.USUAL


def measure(value: Decimal, history: Mapping[date, Decimal], today: date) -> Measured:
    baseline = personal_baseline(history, today)
    return Measured(
        value=value,
        baseline=baseline,
        versus_7d=compare(value, baseline.mean_7d),
        versus_30d=compare(value, baseline.mean_30d),
    )
