"""FatSecret's JSON habits: every scalar is a string, numbers printed the way its captures show
("105", "26.95", "118.000"), and an old-style single child given as an object, not a list."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

Json = dict[str, Any]
EPOCH = date(1970, 1, 1)

# printed as whole numbers in the captures (kcal, mg, mcg)
_WHOLE = frozenset({"calories", "cholesterol", "sodium", "potassium", "calcium", "vitamin_a"})

NUTRIENTS = (
    "calories",
    "carbohydrate",
    "protein",
    "fat",
    "saturated_fat",
    "polyunsaturated_fat",
    "monounsaturated_fat",
    "trans_fat",
    "cholesterol",
    "sodium",
    "potassium",
    "fiber",
    "sugar",
    "added_sugars",
    "vitamin_a",
    "vitamin_c",
    "calcium",
    "iron",
    "vitamin_d",
)


def date_int(day: date) -> int:
    """FatSecret's date: days since 1970-01-01."""
    return (day - EPOCH).days


def amount(value: Decimal) -> str:
    """Serving amounts and units: three decimals, e.g. "118.000"."""
    return str(value.quantize(Decimal("0.001"), ROUND_HALF_UP))


def nutrient(name: str, value: Decimal) -> str:
    if name in _WHOLE:
        return str(value.quantize(Decimal(1), ROUND_HALF_UP))
    text = str(value.quantize(Decimal("0.001"), ROUND_HALF_UP))
    return text.rstrip("0").rstrip(".") if "." in text else text


def two_places(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01"), ROUND_HALF_UP))


def children(items: Sequence[Json], *, single_as_object: bool) -> list[Json] | Json:
    """A list of children, or the lone child itself as the old API versions send it."""
    if single_as_object and len(items) == 1:
        return items[0]
    return list(items)
