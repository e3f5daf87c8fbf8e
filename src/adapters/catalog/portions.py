"""Pick the household portion a person means by "2 eggs", "a cup of rice", "склянка кефіру".

Pure functions over a food's SR28 portions (`UsdaPortion`s in SR28's order). The choices, so a
resolver and its tests agree on them:

- A count with no unit ("2 eggs", "банан", "3 шт") means the food's typical count unit from the name
  tables (an egg is "large", 50 g) if the caller passes one; otherwise the first portion named
  "medium", then one whose name contains "medium", then "piece"/"item"/"each", then any other
  countable portion (not a volume, weight or serving; other sizes after plain ones), and a
  package (a can of beer) only when nothing else counts. Ties keep SR28's order.
- "large", "medium", "small": the first portion with that size word (never "extra large").
- "slice"/"скибка": plain "slice" first, then "slice (…)"/"slice, regular"/"slice, medium", then
  other slices except thin ones, then thin ones, then a "wedge" (a slice of watermelon).
- "cup", "tbsp", "tsp": SR28's own portion of that name if the food has one (2 tbsp = 32 g gives
  16 g per tbsp); otherwise converted from the food's density in US customary measures
  (cup 236.59 ml, tbsp 14.79 ml, tsp 4.93 ml), as SR28 measures in them. Converted weights are
  rounded to 0.1 g.
- "склянка"/"стакан"/"glass": 250 ml (the Ukrainian measuring glass). "тарілка"/"миска"/"bowl"/
  "plate": 300 ml, a soup plate. Both converted through the food's density.
- Density comes from the food's plain "cup", else "cup (…)", fl oz, other cups, tbsp, tsp, quart,
  pint or a "serving 1 cup"; whipped and "yields" measures are skipped. A food with no volume
  measure (kefir in SR28) is taken as 1 g per ml and the portion is marked `assumed` so the
  assumption can be shown to the user.
- "жменя"/"handful": 1 oz (28.35 g), the usual nutrition-label handful of nuts; marked `assumed`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from adapters.catalog.usda import UsdaPortion


class HouseholdUnit(StrEnum):
    PIECE = "piece"
    LARGE = "large"
    MEDIUM = "medium"
    SMALL = "small"
    SLICE = "slice"
    CUP = "cup"
    TABLESPOON = "tbsp"
    TEASPOON = "tsp"
    GLASS = "glass"
    BOWL = "bowl"
    HANDFUL = "handful"


# Millilitres in the US customary measures SR28 uses.
CUP_ML = Decimal("236.5882365")
FL_OZ_ML = Decimal("29.5735295625")
TABLESPOON_ML = Decimal("14.78676478125")
TEASPOON_ML = Decimal("4.92892159375")
GLASS_ML = Decimal(250)
BOWL_ML = Decimal(300)
HANDFUL_GRAMS = Decimal("28.35")
ASSUMED_GRAMS_PER_ML = Decimal(1)
_TENTH = Decimal("0.1")

# Words people write for each unit, "|"-separated (uk forms after numbers, then en).
_UNIT_WORDS: dict[HouseholdUnit, str] = {
    HouseholdUnit.PIECE: (
        "шт|шт.|штука|штуки|штук|штуку|штучка|шматок|шматки|шматочок|шматка|чарка|чарки|чарку"
        "|стопка|келих|келихи|бокал|piece|pieces|pc|pcs|item|items|each|whole|shot|shots"
    ),
    HouseholdUnit.LARGE: "великий|велика|велике|великі|великих|large|big",
    HouseholdUnit.MEDIUM: "середній|середня|середнє|середні|середніх|medium",
    HouseholdUnit.SMALL: "маленький|маленька|маленьке|маленькі|малий|мала|мале|small",
    HouseholdUnit.SLICE: (
        "скибка|скибки|скибку|скибок|скибочка|скибочки|скибочку|скибочок|slice|slices"
    ),
    HouseholdUnit.CUP: "чашка|чашки|чашку|чашок|cup|cups",
    HouseholdUnit.TABLESPOON: (
        "ложка|ложки|ложку|ложок|столова ложка|столові ложки|столову ложку|столових ложок|ст. л."
        "|ст.л.|ст. ложка|tbsp|tbsp.|tbs|tablespoon|tablespoons"
    ),
    HouseholdUnit.TEASPOON: (
        "чайна ложка|чайні ложки|чайну ложку|чайних ложок|ч. л.|ч.л.|ложечка|ложечки|ложечку"
        "|tsp|tsp.|teaspoon|teaspoons"
    ),
    HouseholdUnit.GLASS: (
        "склянка|склянки|склянку|склянок|стакан|стакана|стакани|стаканів|glass|glasses"
    ),
    HouseholdUnit.BOWL: (
        "тарілка|тарілки|тарілку|тарілок|миска|миски|миску|мисок|bowl|bowls|plate|plates|plateful"
    ),
    HouseholdUnit.HANDFUL: "жменя|жмені|жменю|жменька|жменьку|handful|handfuls",
}
UNIT_WORDS: dict[str, HouseholdUnit] = {
    word: unit for unit, words in _UNIT_WORDS.items() for word in words.split("|")
}


def household_unit(word: str) -> HouseholdUnit | None:
    """The household unit a uk/en word names ("скибки" -> SLICE, "tbsp" -> TABLESPOON)."""
    return UNIT_WORDS.get(" ".join(word.casefold().split()))


@dataclass(frozen=True, slots=True)
class HouseholdPortion:
    """The weight of ONE household unit of a food, and where that number came from."""

    unit: HouseholdUnit
    grams: Decimal
    basis: str
    """In words, for the user and the log: 'USDA: 1 large = 50 g'."""
    assumed: bool
    """True when the weight is our convention, not one of USDA's measures (show it to the user)."""


@dataclass(frozen=True, slots=True)
class Density:
    grams_per_ml: Decimal
    basis: str
    assumed: bool


def choose_portion(
    unit: HouseholdUnit,
    portions: Sequence[UsdaPortion],
    *,
    count_unit: str | None = None,
) -> HouseholdPortion | None:
    """One `unit` of the food, or None when its SR28 portions give no sensible answer (no slice of
    gouda is listed, say). `count_unit` is the food's typical count unit from the name tables."""
    if unit is HouseholdUnit.PIECE:
        return _from_usda(unit, _piece(portions, count_unit))
    if unit in (HouseholdUnit.LARGE, HouseholdUnit.MEDIUM, HouseholdUnit.SMALL):
        return _from_usda(unit, _first_ranked(portions, _size_rank(unit.value)))
    if unit is HouseholdUnit.SLICE:
        return _from_usda(unit, _first_ranked(portions, _slice_rank))
    if unit is HouseholdUnit.HANDFUL:
        return HouseholdPortion(unit, HANDFUL_GRAMS, "a handful taken as 1 oz = 28.35 g", True)
    return _by_volume(unit, portions)


def density(portions: Sequence[UsdaPortion]) -> Density:
    """Grams per millilitre from the food's volume measures ("200 ml milk" = 200 × this);
    1 g/ml, marked assumed, when SR28 lists none."""
    measures = [
        (measure[0], index, portion, measure[1])
        for index, portion in enumerate(portions)
        if (measure := _volume_measure(portion)) is not None
    ]
    if not measures:
        return Density(ASSUMED_GRAMS_PER_ML, "no USDA volume measure; 1 ml taken as 1 g", True)
    _rank, _index, best, millilitres = min(measures, key=lambda item: (item[0], item[1]))
    return Density(best.grams / millilitres, f"USDA: {_describe(best)}", False)


def _from_usda(unit: HouseholdUnit, portion: UsdaPortion | None) -> HouseholdPortion | None:
    if portion is None:
        return None
    return HouseholdPortion(unit, portion.grams_per_unit, f"USDA: {_describe(portion)}", False)


def _describe(portion: UsdaPortion) -> str:
    return f"{_plain(portion.amount)} {portion.unit} = {_plain(portion.grams)} g"


def _plain(number: Decimal) -> str:
    return format(number.normalize(), "f")


_Rank = Callable[[str], int | None]


def _first_ranked(portions: Sequence[UsdaPortion], rank: _Rank) -> UsdaPortion | None:
    """The best-ranked portion (lowest rank; ties keep SR28's order); None ranks are ineligible."""
    ranked = [
        (r, i, p) for i, p in enumerate(portions) if (r := rank(p.unit.casefold())) is not None
    ]
    return min(ranked, key=lambda item: (item[0], item[1]))[2] if ranked else None


# Portions that are measures or whole foods, never "one piece" of the food.
_MEASURE_WORDS = re.compile(
    r"^(cups?|tbsp|tablespoons?|tsp|teaspoons?|fl oz|oz|lb|quart|pint|liter|gallon|cubic inch"
    r"|serving|nlea serving|portion|grams|pie|cake|loaf|melon|bird)\b"
)
# Packages count as a piece only when nothing else does (a can of beer, a jar of baby food).
_PACKAGE_WORDS = re.compile(r"^(package|container|can|jar|bottle|box|bag|packet|pouch)\b")
_OTHER_SIZES = re.compile(r"\b(large|small|extra|jumbo|mini)\b")


def _piece(portions: Sequence[UsdaPortion], count_unit: str | None) -> UsdaPortion | None:
    if count_unit is not None:
        for portion in portions:
            if portion.unit == count_unit:
                return portion

    def rank(label: str) -> int | None:
        if "yield" in label or _MEASURE_WORDS.match(label):
            return None
        if label.startswith("medium"):
            return 0
        if re.search(r"(?<!extra )\bmedium\b", label):
            return 1
        if re.match(r"(piece|item|each)\b", label):
            return 2
        if _PACKAGE_WORDS.match(label):
            return 5
        return 4 if _OTHER_SIZES.search(label) else 3

    return _first_ranked(portions, rank)


def _size_rank(size: str) -> _Rank:
    def rank(label: str) -> int | None:
        if not re.search(rf"(?<!extra )\b{size}\b", label) or _MEASURE_WORDS.match(label):
            return None
        return 0 if label.startswith(size) else 1

    return rank


def _slice_rank(label: str) -> int | None:
    if label == "slice":
        return 0
    if re.match(r"slice( \(|, regular|, medium)", label):
        return 1
    if label.startswith("slice"):
        return 3 if re.search(r"thin|snack|crust|small", label) else 2
    return 4 if label.startswith("wedge") else None


# Volume measures after a plain "cup", in order of preference, with the millilitres in one of
# that unit. Whipped and "yields" measures describe something else.
_VOLUME_LABELS: tuple[tuple[re.Pattern[str], Decimal], ...] = (
    (re.compile(r"cup \("), CUP_ML),
    (re.compile(r"fl oz\b"), FL_OZ_ML),
    (re.compile(r"cups?\b"), CUP_ML),
    (re.compile(r"(tbsp|tablespoons?)\b"), TABLESPOON_ML),
    (re.compile(r"(tsp|teaspoons?)\b"), TEASPOON_ML),
    (re.compile(r"quart\b"), CUP_ML * 4),
    (re.compile(r"pint\b"), CUP_ML * 2),
)


_SERVING_VOLUME = re.compile(r"serving (\d+)(?:/(\d+))? (cups?|fl oz)\b")


def _volume_measure(portion: UsdaPortion) -> tuple[int, Decimal] | None:
    """(preference rank, millilitres in the whole portion), or None if it is no volume measure."""
    label = portion.unit.casefold()
    if "yield" in label or "whipped" in label:
        return None
    if label == "cup":
        return 0, portion.amount * CUP_ML
    serving = _SERVING_VOLUME.match(label)
    if serving is not None:  # "serving 1/2 cup", "serving 8 fl oz" (soups, water)
        numerator, denominator, measure = serving.groups()
        size = Decimal(numerator) / Decimal(denominator or 1)
        return len(_VOLUME_LABELS) + 1, portion.amount * size * _measure_ml(measure)
    for rank, (pattern, millilitres) in enumerate(_VOLUME_LABELS, start=1):
        if pattern.match(label):
            return rank, portion.amount * millilitres
    return None


def _measure_ml(measure: str) -> Decimal:
    return FL_OZ_ML if measure == "fl oz" else CUP_ML


def _named_measure_rank(unit: HouseholdUnit) -> _Rank:
    names = {
        HouseholdUnit.CUP: r"cup",
        HouseholdUnit.TABLESPOON: r"(tbsp|tablespoon)",
        HouseholdUnit.TEASPOON: r"(tsp|teaspoon)",
    }[unit]

    def rank(label: str) -> int | None:
        if re.fullmatch(names, label):
            return 0
        if re.match(rf"{names} \(", label):
            return 1
        if re.match(rf"{names}\b", label) and not re.search("yield|whipped", label):
            return 2
        return None

    return rank


_VOLUME_UNITS = {
    HouseholdUnit.CUP: CUP_ML,
    HouseholdUnit.TABLESPOON: TABLESPOON_ML,
    HouseholdUnit.TEASPOON: TEASPOON_ML,
    HouseholdUnit.GLASS: GLASS_ML,
    HouseholdUnit.BOWL: BOWL_ML,
}


def _by_volume(unit: HouseholdUnit, portions: Sequence[UsdaPortion]) -> HouseholdPortion:
    if unit in (HouseholdUnit.CUP, HouseholdUnit.TABLESPOON, HouseholdUnit.TEASPOON):
        named = _first_ranked(portions, _named_measure_rank(unit))
        if named is not None:
            return HouseholdPortion(unit, named.grams_per_unit, f"USDA: {_describe(named)}", False)
    millilitres = _VOLUME_UNITS[unit]
    food_density = density(portions)
    grams = (millilitres * food_density.grams_per_ml).quantize(_TENTH, ROUND_HALF_UP)
    basis = f"{_plain(millilitres.quantize(_TENTH, ROUND_HALF_UP))} ml at {food_density.basis}"
    return HouseholdPortion(unit, grams, basis, food_density.assumed)
