"""Energy and macronutrients, exact: `Decimal` arithmetic, rounded only when shown.

`Nutrients` is an amount (what a portion or a day holds). `NutrientsPer100g` is a food's density
and refuses numbers no food has.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

import msgspec

from domain.errors import ImplausibleNutrientsError, InvalidValueError

ZERO = Decimal(0)
HUNDRED = Decimal(100)
# USDA's lard and tallow: pure fat at 9.02 kcal/g. Anything denser is not food.
MAX_KCAL_PER_100G = Decimal(902)
# Protein + fat + carbohydrate cannot exceed the 100 g they are part of (USDA rounding
# reaches 100.16 g for seal oil, hence the small margin).
MAX_MACROS_PER_100G = Decimal("100.5")

_KCAL_STEP = Decimal(1)
_GRAM_STEP = Decimal("0.1")


def to_decimal(value: Decimal | int | str) -> Decimal:
    """A finite Decimal from an int, a string or a Decimal. Floats are refused: they drift."""
    number = value if isinstance(value, Decimal) else Decimal(value)
    if not number.is_finite():
        raise InvalidValueError(f"not a finite number: {value!r}")
    return number


def round_kcal(value: Decimal) -> Decimal:
    """Energy as shown to people: whole kilocalories, half rounded up."""
    return value.quantize(_KCAL_STEP, rounding=ROUND_HALF_UP)


def round_grams(value: Decimal) -> Decimal:
    """Grams as shown to people: one decimal place, half rounded up."""
    return value.quantize(_GRAM_STEP, rounding=ROUND_HALF_UP)


class Nutrients(msgspec.Struct, frozen=True, kw_only=True):
    """Energy (kcal) and macronutrients (g) of some amount of food. Never negative."""

    kcal: Decimal = ZERO
    protein: Decimal = ZERO
    fat: Decimal = ZERO
    carbohydrate: Decimal = ZERO
    fiber: Decimal = ZERO
    sugar: Decimal = ZERO

    def __post_init__(self) -> None:
        for name in self.__struct_fields__:
            value = getattr(self, name)
            if not isinstance(value, Decimal) or not value.is_finite():
                raise InvalidValueError(f"{name} must be a finite Decimal, got {value!r}")
            if value < 0:
                raise ImplausibleNutrientsError(f"{name} cannot be negative: {value}")

    def __add__(self, other: Nutrients) -> Nutrients:
        return Nutrients(
            kcal=self.kcal + other.kcal,
            protein=self.protein + other.protein,
            fat=self.fat + other.fat,
            carbohydrate=self.carbohydrate + other.carbohydrate,
            fiber=self.fiber + other.fiber,
            sugar=self.sugar + other.sugar,
        )

    def scaled(self, factor: Decimal) -> Nutrients:
        """These nutrients times `factor` (e.g. grams eaten / 100)."""
        if factor < 0:
            raise InvalidValueError(f"cannot scale by a negative factor: {factor}")
        return Nutrients(
            kcal=self.kcal * factor,
            protein=self.protein * factor,
            fat=self.fat * factor,
            carbohydrate=self.carbohydrate * factor,
            fiber=self.fiber * factor,
            sugar=self.sugar * factor,
        )

    def reweighed(self, from_grams: Decimal, to_grams: Decimal) -> Nutrients:
        """These nutrients of `from_grams` of a food, for `to_grams` of it.

        Multiplies before it divides, so the result is exact whenever it can be.
        """
        if from_grams <= 0 or to_grams < 0:
            raise InvalidValueError(f"cannot reweigh {from_grams} g to {to_grams} g")
        values = {
            name: getattr(self, name) * to_grams / from_grams for name in self.__struct_fields__
        }
        return Nutrients(**values)

    @staticmethod
    def total(parts: Iterable[Nutrients]) -> Nutrients:
        # The same additions, in the same order, as summing `Nutrients` one by one, without
        # building (and checking) a `Nutrients` per step: a day's intake sums dozens of parts.
        kcal = protein = fat = carbohydrate = fiber = sugar = ZERO
        for part in parts:
            kcal += part.kcal
            protein += part.protein
            fat += part.fat
            carbohydrate += part.carbohydrate
            fiber += part.fiber
            sugar += part.sugar
        return Nutrients(
            kcal=kcal,
            protein=protein,
            fat=fat,
            carbohydrate=carbohydrate,
            fiber=fiber,
            sugar=sugar,
        )

    def rounded(self) -> Nutrients:
        """For display: kcal to whole numbers, grams to 0.1 g."""
        return Nutrients(
            kcal=round_kcal(self.kcal),
            protein=round_grams(self.protein),
            fat=round_grams(self.fat),
            carbohydrate=round_grams(self.carbohydrate),
            fiber=round_grams(self.fiber),
            sugar=round_grams(self.sugar),
        )


def check_density(nutrients: Nutrients, grams: Decimal) -> None:
    """Raise `ImplausibleNutrientsError` unless `grams` of food can hold `nutrients`.

    Compares against the limits scaled to `grams` (exact), not the nutrients scaled to 100 g
    (which would divide and round).
    """
    share = grams / HUNDRED
    if nutrients.kcal > MAX_KCAL_PER_100G * share:
        raise ImplausibleNutrientsError("more energy than pure fat")
    if nutrients.protein + nutrients.fat + nutrients.carbohydrate > MAX_MACROS_PER_100G * share:
        raise ImplausibleNutrientsError("macronutrients weigh more than the food")
    if nutrients.fiber > grams or nutrients.sugar > grams:
        raise ImplausibleNutrientsError("fiber or sugar weigh more than the food")


class NutrientsPer100g(msgspec.Struct, frozen=True, kw_only=True):
    """What 100 g of a food holds; refuses energy or macros beyond what any food has."""

    nutrients: Nutrients

    def __post_init__(self) -> None:
        check_density(self.nutrients, HUNDRED)

    def for_grams(self, grams: Decimal) -> Nutrients:
        """The nutrients in `grams` of this food (exact)."""
        if grams < 0:
            raise InvalidValueError(f"grams cannot be negative: {grams}")
        return self.nutrients.scaled(grams / HUNDRED)
