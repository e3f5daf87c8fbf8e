"""FatSecret's words → ours: dates, meals, servings as grams and portions, foods per 100 g,
diary lines as `DiaryRecord`s."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

from adapters.fatsecret import wire
from application.ports.catalog import CatalogFood
from application.ports.diary import DiaryRecord
from domain.errors import InvalidValueError, UnknownUnitError
from domain.meals.food import FatSecretFood
from domain.meals.meal_type import MealType
from domain.meals.nutrients import HUNDRED, Nutrients, NutrientsPer100g
from domain.meals.portions import MAX_ITEM_GRAMS, Portion
from domain.meals.units import GRAMS_PER_UNIT, Unit, UnitKind, parse_unit, unit_kind

EPOCH = date(1970, 1, 1)
_ZERO = Decimal(0)
_MEALS = {
    "breakfast": MealType.BREAKFAST,
    "lunch": MealType.LUNCH,
    "dinner": MealType.DINNER,
    "other": MealType.SNACK,
}
_FATSECRET_MEALS = {meal: name for name, meal in _MEALS.items()}
# Metric units a serving's weight can be read from (ml needs a density we do not have).
_METRIC_GRAMS = {"g": Decimal(1), "oz": GRAMS_PER_UNIT[Unit.OUNCE]}
# foods.search v1: "Per 100g - Calories: 165kcal | Fat: 3.60g | Carbs: 0.00g | Protein: 31.00g"
_PER_100G = re.compile(
    r"^\s*Per\s+100\s*g\s*-\s*Calories:\s*(?P<kcal>[\d.]+)\s*kcal\s*\|\s*Fat:\s*(?P<fat>[\d.]+)\s*g"
    r"\s*\|\s*Carbs:\s*(?P<carbs>[\d.]+)\s*g\s*\|\s*Protein:\s*(?P<protein>[\d.]+)\s*g",
    re.IGNORECASE,
)


def date_int(local_date: date) -> int:
    """FatSecret's date: days since 1970-01-01 — of the user's own calendar day."""
    return (local_date - EPOCH).days


def local_date_of(days: int) -> date:
    return EPOCH + timedelta(days=days)


def meal_of(name: str) -> MealType:
    """FatSecret's meal ("Breakfast" or "breakfast" …; "other" is our snack)."""
    return _MEALS.get(name.strip().lower(), MealType.SNACK)


def fatsecret_meal(meal: MealType) -> str:
    return _FATSECRET_MEALS[meal]


def nutrients_of(numbers: wire.Nutrition) -> Nutrients:
    return Nutrients(
        kcal=numbers.calories or _ZERO,
        protein=numbers.protein or _ZERO,
        fat=numbers.fat or _ZERO,
        carbohydrate=numbers.carbohydrate or _ZERO,
        fiber=numbers.fiber or _ZERO,
        sugar=numbers.sugar or _ZERO,
    )


def serving_grams(serving: wire.Serving) -> Decimal | None:
    """The whole serving's weight in grams, when FatSecret gives a metric weight."""
    amount, unit = serving.metric_serving_amount, (serving.metric_serving_unit or "").lower()
    if amount is None or amount <= 0 or unit not in _METRIC_GRAMS:
        return None
    return amount * _METRIC_GRAMS[unit]


def grams_of_units(serving: wire.Serving, units: Decimal) -> Decimal | None:
    """Grams in `units` of a serving: `number_of_units` counts its measurement units, so "150"
    of the "100 g" serving (itself 100 units) is 150 g, and "2" of "1 medium" two mediums."""
    grams = serving_grams(serving)
    if grams is None or serving.number_of_units <= 0:
        return None
    return grams * units / serving.number_of_units


def units_for_grams(serving: wire.Serving, grams: Decimal) -> Decimal | None:
    """`number_of_units` of this serving that weigh `grams` (to FatSecret's 0.001)."""
    whole = serving_grams(serving)
    if whole is None or serving.number_of_units <= 0:
        return None
    units = (grams * serving.number_of_units / whole).quantize(Decimal("0.001"))
    return units if units > 0 else None


def per_100g_of(serving: wire.Serving) -> NutrientsPer100g | None:
    """The food's density read off one serving with a metric weight; None when the serving has
    none or its numbers are implausible."""
    grams = serving_grams(serving)
    if grams is None:
        return None
    try:
        return NutrientsPer100g(nutrients=nutrients_of(serving).scaled(HUNDRED / grams))
    except InvalidValueError:
        return None


def portion_of(serving: wire.Serving) -> Portion | None:
    """A serving as a household portion ("medium" = 118 g), weighed per one measurement unit.
    Plain mass servings ("100 g", "1 oz") are not portions: a weight is said as a weight."""
    grams = serving_grams(serving)
    label = serving.measurement_description.strip()
    if grams is None or not label or serving.number_of_units <= 0:
        return None
    unit: Unit | None
    try:
        unit = parse_unit(label)
    except UnknownUnitError:
        unit = None
    if unit is not None and unit_kind(unit) is UnitKind.MASS:
        return None
    each = grams / serving.number_of_units
    if not 0 < each <= MAX_ITEM_GRAMS:
        return None
    return Portion(
        label=label,
        grams=each,
        unit=unit,
        is_default=serving.is_default == 1,
        serving_id=serving.serving_id,
    )


def basis_serving(servings: list[wire.Serving]) -> wire.Serving | None:
    """The serving to read a food's density from: a 100 g one if there is, else the first with
    a metric weight."""
    weighed = [s for s in servings if serving_grams(s) is not None]
    for serving in weighed:
        if serving_grams(serving) == HUNDRED:
            return serving
    return weighed[0] if weighed else None


def food_name(food: wire.Food) -> str:
    if food.food_type.lower() == "brand" and food.brand_name:
        return f"{food.brand_name} {food.food_name}"
    return food.food_name


def catalog_food(food: wire.Food) -> CatalogFood | None:
    """A food with servings (food.get, foods.search.v3); None without a weighable serving or
    with numbers no food has."""
    servings = food.serving_list
    basis = basis_serving(servings)
    per_100g = per_100g_of(basis) if basis is not None else None
    if basis is None or per_100g is None:
        return None
    portions = tuple(p for p in (portion_of(s) for s in servings) if p is not None)
    return CatalogFood(
        source=FatSecretFood(food_id=food.food_id, serving_id=basis.serving_id),
        name=food_name(food),
        per_100g=per_100g,
        portions=portions,
    )


def catalog_food_v1(food: wire.Food) -> CatalogFood | None:
    """A foods.search v1 result, from its "Per 100g - …" description; None when the
    description is per some other serving or its numbers are implausible."""
    found = _PER_100G.match(food.food_description or "")
    if found is None:
        return None
    try:
        nutrients = Nutrients(
            kcal=Decimal(found["kcal"]),
            fat=Decimal(found["fat"]),
            carbohydrate=Decimal(found["carbs"]),
            protein=Decimal(found["protein"]),
        )
        per_100g = NutrientsPer100g(nutrients=nutrients)
    except (InvalidValueError, ArithmeticError):
        return None
    return CatalogFood(
        source=FatSecretFood(food_id=food.food_id),
        name=food_name(food),
        per_100g=per_100g,
    )


def diary_record(line: wire.DiaryLine, serving: wire.Serving | None) -> DiaryRecord:
    """A diary line in our words; its grams come from its serving when that has a weight."""
    return DiaryRecord(
        diary_ref=line.food_entry_id,
        local_date=local_date_of(line.date_int),
        meal=meal_of(line.meal),
        name=line.food_entry_name or line.food_entry_description,
        source=FatSecretFood(food_id=line.food_id, serving_id=line.serving_id),
        grams=grams_of_units(serving, line.number_of_units) if serving else None,
        nutrients=nutrients_of(line),
    )
