"""Units and quantities as people say them.

Mass and volume convert exactly; a count needs a portion of a food to weigh it.
"""

from __future__ import annotations

import enum
from decimal import Decimal

import msgspec

from domain.errors import InvalidQuantityError, UnknownUnitError
from domain.meals.nutrients import to_decimal

# More than this of anything in one go is a typo or a joke ("1e9 g"), not a meal.
MAX_AMOUNT = Decimal(10_000_000)


class Unit(enum.Enum):
    GRAM = "g"
    KILOGRAM = "kg"
    MILLIGRAM = "mg"
    OUNCE = "oz"
    POUND = "lb"
    MILLILITRE = "ml"
    LITRE = "l"
    CUP = "cup"
    TABLESPOON = "tbsp"
    TEASPOON = "tsp"
    PIECE = "piece"
    SERVING = "serving"


class UnitKind(enum.Enum):
    MASS = "mass"
    VOLUME = "volume"
    COUNT = "count"


# Exact definitions: the avoirdupois pound and ounce, US customary cup and spoons (the
# measures USDA's household portions use).
GRAMS_PER_UNIT: dict[Unit, Decimal] = {
    Unit.GRAM: Decimal(1),
    Unit.KILOGRAM: Decimal(1000),
    Unit.MILLIGRAM: Decimal("0.001"),
    Unit.OUNCE: Decimal("28.349523125"),
    Unit.POUND: Decimal("453.59237"),
}
MILLILITRES_PER_UNIT: dict[Unit, Decimal] = {
    Unit.MILLILITRE: Decimal(1),
    Unit.LITRE: Decimal(1000),
    Unit.CUP: Decimal("236.5882365"),
    Unit.TABLESPOON: Decimal("14.78676478125"),
    Unit.TEASPOON: Decimal("4.92892159375"),
}

_WORDS: dict[Unit, tuple[str, ...]] = {
    Unit.GRAM: ("g", "gr", "gram", "grams", "gramme", "г", "гр", "грам", "грамів", "грами"),
    Unit.KILOGRAM: ("kg", "kilo", "kilogram", "kilograms", "кг", "кілограм"),
    Unit.MILLIGRAM: ("mg", "milligram", "milligrams", "мг"),
    Unit.OUNCE: ("oz", "ounce", "ounces", "унція", "унцій"),
    Unit.POUND: ("lb", "lbs", "pound", "pounds", "фунт", "фунти"),
    Unit.MILLILITRE: ("ml", "millilitre", "milliliter", "millilitres", "мл"),
    Unit.LITRE: ("l", "litre", "liter", "litres", "liters", "л", "літр", "літри"),
    Unit.CUP: ("cup", "cups", "склянка", "склянки", "чашка", "чашки"),
    Unit.TABLESPOON: ("tbsp", "tablespoon", "tablespoons", "ст.л.", "ст. л.", "столова ложка"),
    Unit.TEASPOON: ("tsp", "teaspoon", "teaspoons", "ч.л.", "ч. л.", "чайна ложка"),
    Unit.PIECE: ("piece", "pieces", "pc", "pcs", "шт", "шт.", "штука", "штуки"),
    Unit.SERVING: ("serving", "servings", "portion", "порція", "порції"),
}
_ALIASES: dict[str, Unit] = {word: unit for unit, words in _WORDS.items() for word in words}


def unit_kind(unit: Unit) -> UnitKind:
    if unit in GRAMS_PER_UNIT:
        return UnitKind.MASS
    if unit in MILLILITRES_PER_UNIT:
        return UnitKind.VOLUME
    return UnitKind.COUNT


def parse_unit(word: str) -> Unit:
    """The unit a person meant by `word` ("г", "tbsp", "склянка"), or `UnknownUnitError`."""
    unit = _ALIASES.get(" ".join(word.lower().split()))
    if unit is None:
        raise UnknownUnitError(f"unknown unit: {word!r}")
    return unit


class Quantity(msgspec.Struct, frozen=True, kw_only=True):
    """A positive amount of a unit, e.g. 200 g, 1.5 cup, 2 piece."""

    amount: Decimal
    unit: Unit

    def __post_init__(self) -> None:
        amount = to_decimal(self.amount)
        if amount <= 0:
            raise InvalidQuantityError(f"a quantity must be positive, got {amount}")
        if amount > MAX_AMOUNT:
            raise InvalidQuantityError(f"{amount} {self.unit.value} is not a portion of food")

    @property
    def kind(self) -> UnitKind:
        return unit_kind(self.unit)

    def to_grams(self) -> Decimal:
        """Grams of a mass quantity; volumes and counts need a food to weigh them."""
        if self.kind is not UnitKind.MASS:
            raise InvalidQuantityError(f"{self.unit.value} is not a unit of mass")
        return self.amount * GRAMS_PER_UNIT[self.unit]

    def to_millilitres(self) -> Decimal:
        if self.kind is not UnitKind.VOLUME:
            raise InvalidQuantityError(f"{self.unit.value} is not a unit of volume")
        return self.amount * MILLILITRES_PER_UNIT[self.unit]

    def converted(self, unit: Unit) -> Quantity:
        """The same quantity in another unit of the same kind (mass to mass, volume to volume)."""
        if unit_kind(unit) is not self.kind or self.kind is UnitKind.COUNT:
            raise InvalidQuantityError(f"cannot convert {self.unit.value} to {unit.value}")
        table = GRAMS_PER_UNIT if self.kind is UnitKind.MASS else MILLILITRES_PER_UNIT
        return Quantity(amount=self.amount * table[self.unit] / table[unit], unit=unit)
