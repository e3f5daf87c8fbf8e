"""Energy in against energy out for one local date — only when both are known."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

import msgspec

from domain.briefings.missing import NOT_LINKED, NOTHING_LOGGED, MissingPiece, missing_for_state
from domain.meals.entry import FoodEntry
from domain.meals.intake import DailyIntake, daily_intake
from domain.recovery.days import DayRecords
from domain.recovery.energy import energy_out


class EnergyBalance(msgspec.Struct, frozen=True, kw_only=True):
    local_date: date
    intake_kcal: Decimal | MissingPiece
    out_kcal: Decimal | MissingPiece

    @property
    def balance_kcal(self) -> Decimal | None:
        """In minus out (negative: a deficit); None unless both sides are known."""
        if isinstance(self.intake_kcal, MissingPiece) or isinstance(self.out_kcal, MissingPiece):
            return None
        return self.intake_kcal - self.out_kcal


def energy_out_of(day: DayRecords, *, wearable_linked: bool) -> Decimal | MissingPiece:
    if not wearable_linked:
        return NOT_LINKED
    out = energy_out(day)
    return out.kcal if out.kcal is not None else missing_for_state(out.state)


def energy_balance(
    day: DayRecords, entries: Iterable[FoodEntry], *, wearable_linked: bool
) -> EnergyBalance:
    return balance_of(day, daily_intake(entries, day.local_date), wearable_linked=wearable_linked)


def balance_of(day: DayRecords, intake: DailyIntake, *, wearable_linked: bool) -> EnergyBalance:
    """`energy_balance` with the day's intake already summed (`intake` is of `day`'s date)."""
    return EnergyBalance(
        local_date=day.local_date,
        intake_kcal=NOTHING_LOGGED if intake.nothing_logged else intake.total.kcal,
        out_kcal=energy_out_of(day, wearable_linked=wearable_linked),
    )
