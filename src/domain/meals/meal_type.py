"""Breakfast, lunch, dinner or a snack — said by the user, or guessed from their local clock."""

from __future__ import annotations

import enum
from datetime import time


class MealType(enum.Enum):
    BREAKFAST = "breakfast"
    LUNCH = "lunch"
    DINNER = "dinner"
    SNACK = "snack"


# Windows of the local wall clock; what falls between them (mid-afternoon, late night) is a snack.
_WINDOWS: tuple[tuple[time, time, MealType], ...] = (
    (time(5, 0), time(11, 0), MealType.BREAKFAST),
    (time(11, 0), time(16, 0), MealType.LUNCH),
    (time(17, 0), time(22, 0), MealType.DINNER),
)


def infer_meal_type(local_time: time) -> MealType:
    """The meal a person most likely means when they eat at `local_time` and do not say."""
    for start, end, meal in _WINDOWS:
        if start <= local_time.replace(tzinfo=None) < end:
            return meal
    return MealType.SNACK
