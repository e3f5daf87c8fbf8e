"""What a user ate on one local date: totals, and per meal what and how much."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import msgspec

from domain.meals.entry import FoodEntry
from domain.meals.meal_type import MealType
from domain.meals.nutrients import Nutrients


class MealIntake(msgspec.Struct, frozen=True, kw_only=True):
    meal: MealType
    nutrients: Nutrients
    foods: tuple[str, ...]  # canonical names, in the order eaten


class DailyIntake(msgspec.Struct, frozen=True, kw_only=True):
    local_date: date
    total: Nutrients
    meals: tuple[MealIntake, ...]
    entry_count: int

    @property
    def nothing_logged(self) -> bool:
        return self.entry_count == 0


def daily_intake(entries: Iterable[FoodEntry], local_date: date) -> DailyIntake:
    """The intake of `local_date` from logged (not undone) entries, meals in order of the day."""
    todays = sorted(
        (e for e in entries if e.is_logged and e.local_date == local_date),
        key=lambda e: e.eaten_at,
    )
    totals = [e.total() for e in todays]  # each entry's, summed once for its meal and the day
    meals: list[MealIntake] = []
    for meal in MealType:
        of_meal = [(e, total) for e, total in zip(todays, totals, strict=True) if e.meal is meal]
        if of_meal:
            meals.append(
                MealIntake(
                    meal=meal,
                    nutrients=Nutrients.total(total for _, total in of_meal),
                    foods=tuple(item.canonical_name for e, _ in of_meal for item in e.items),
                )
            )
    return DailyIntake(
        local_date=local_date,
        total=Nutrients.total(totals),
        meals=tuple(meals),
        entry_count=len(todays),
    )
