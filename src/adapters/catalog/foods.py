"""An SR28 food as the application sees it: a `CatalogFood` with nutrients per 100 g and the
household portions the domain's weighing order (`domain.meals.portions`) can use.

The portions are chosen once here, by the rules of `portions.py`, and labelled so that the
domain finds them by the words people say:

- sized and sliced portions first ("large", "medium", "small", "slice" — the domain matches a
  portion word against labels, exact first, then as a part of the label);
- the food's count portion, marked default: what "2 eggs" or a bare "banana" weighs ("large"
  50 g, "medium (7" to 7-7/8" long)" 118 g); a food with no countable portion counts in cups
  ("rice" alone is one cup);
- a handful (1 oz, our convention — its label says so), for foods that have a default at all;
- volume measures, only when SR28 gives the food a density: "ml" (grams per millilitre, so
  "330 ml cola" is exact), then "cup", "tbsp" and "tsp" as SR28 lists them. A food with no
  volume measure gets none, and the domain weighs its volume as water and says so.

A food whose numbers the domain refuses (no energy value, or denser than pure fat) is left out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from adapters.catalog.portions import HouseholdPortion, HouseholdUnit, choose_portion, density
from adapters.catalog.usda import UsdaFood as UsdaRow
from adapters.catalog.usda import UsdaPortion
from application.ports.catalog import CatalogFood
from domain.errors import DomainError
from domain.meals.food import UsdaFood
from domain.meals.nutrients import Nutrients, NutrientsPer100g
from domain.meals.portions import Portion
from domain.meals.units import Unit

HANDFUL_LABEL = "handful (1 oz)"
# Grams per millilitre to four places: 330 ml is then exact to well under 0.1 g.
_DENSITY_STEP = Decimal("0.0001")
_ZERO = Decimal(0)
# portions.py describes a USDA measure as "USDA: 1 large = 50 g"; the label is its middle part.
_USDA_BASIS = re.compile(r"^USDA: \S+ (?P<label>.+) = \S+ g$")
_SIZES = (HouseholdUnit.LARGE, HouseholdUnit.MEDIUM, HouseholdUnit.SMALL, HouseholdUnit.SLICE)
_MEASURES = (
    (HouseholdUnit.CUP, Unit.CUP),
    (HouseholdUnit.TABLESPOON, Unit.TABLESPOON),
    (HouseholdUnit.TEASPOON, Unit.TEASPOON),
)


def catalog_food(
    food: UsdaRow, portions: Sequence[UsdaPortion], count_unit: str | None
) -> CatalogFood | None:
    """The food with its portions, or None when the domain refuses its numbers."""
    if food.kcal is None:
        return None
    try:
        per_100g = NutrientsPer100g(
            nutrients=Nutrients(
                kcal=food.kcal,
                protein=food.protein or _ZERO,
                fat=food.fat or _ZERO,
                carbohydrate=food.carbohydrate or _ZERO,
                fiber=food.fiber or _ZERO,
                sugar=food.sugar or _ZERO,
            )
        )
        return CatalogFood(
            source=UsdaFood(ndb_no=food.ndb_no),
            name=food.description,
            per_100g=per_100g,
            portions=household_portions(portions, count_unit),
        )
    except DomainError:
        return None


def household_portions(
    portions: Sequence[UsdaPortion], count_unit: str | None
) -> tuple[Portion, ...]:
    """The domain's portions of a food (see the module docstring for their order)."""
    chosen: dict[str, Portion] = {}

    def add(label: str, grams: Decimal, unit: Unit | None = None, *, default: bool = False) -> None:
        try:
            portion = Portion(label=label, grams=grams, unit=unit, is_default=default)
        except DomainError:  # heavier than anyone eats at once (a whole turkey): not a portion
            return
        known = chosen.get(label)
        if known is not None:  # one label, one portion: "tbsp" counts sour cream and measures it
            portion = Portion(
                label=label,
                grams=known.grams,
                unit=known.unit or unit,
                is_default=known.is_default or default,
            )
        chosen[label] = portion

    for size in _SIZES:
        found = choose_portion(size, portions, count_unit=count_unit)
        if found is not None:
            add(_label(found, size.value), found.grams)
    piece = choose_portion(HouseholdUnit.PIECE, portions, count_unit=count_unit)
    if piece is not None:
        add(_label(piece, None), piece.grams, default=True)
    measures = _volume_measures(portions)
    if piece is None:
        for label, grams, unit in measures:
            if unit is Unit.CUP:  # "rice" alone is one cup of it
                add(label, grams, unit, default=True)
    if any(portion.is_default for portion in chosen.values()):
        add(HANDFUL_LABEL, _handful_grams())
    for label, grams, unit in measures:
        add(label, grams, unit)
    return tuple(chosen.values())


def _handful_grams() -> Decimal:
    found = choose_portion(HouseholdUnit.HANDFUL, ())
    assert found is not None  # a handful is a convention, the same for every food
    return found.grams


def _volume_measures(portions: Sequence[UsdaPortion]) -> list[tuple[str, Decimal, Unit]]:
    food_density = density(portions)
    if food_density.assumed:
        return []
    per_ml = food_density.grams_per_ml.quantize(_DENSITY_STEP, ROUND_HALF_UP)
    measures = [("ml", per_ml, Unit.MILLILITRE)]
    for household, unit in _MEASURES:
        found = choose_portion(household, portions)
        if found is not None and not found.assumed:
            measures.append((_label(found, unit.value), found.grams, unit))
    return measures


def _label(portion: HouseholdPortion, word: str | None) -> str:
    """SR28's own label ("slice, regular"), made to contain the word it was chosen for, so
    that the domain finds "slice" in "slice (wedge)"."""
    match = _USDA_BASIS.match(portion.basis)
    label = match["label"] if match else portion.unit.value
    if word is not None and word not in label:
        return f"{word} ({label})"
    return label
