"""Units and portion words, uk and en, as the interpreter hands them on.

An item's unit is either one the domain weighs by itself (g, kg, ml, l, cup, tbsp, tsp, piece,
serving — `domain.meals.units`) or a portion word the catalog labels its portions with ("large",
"slice", "handful"). A glass and a bowl are volumes (250 ml, 300 ml: the Ukrainian measuring
glass and a soup plate), so "склянка кефіру" is handed on as 250 ml and weighed by the food's
own density — or as water, said aloud, when the food has none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from adapters.catalog.portions import BOWL_ML, GLASS_ML, UNIT_WORDS, HouseholdUnit
from domain.errors import UnknownUnitError
from domain.meals.units import parse_unit


@dataclass(frozen=True, slots=True)
class SaidUnit:
    unit: str  # what `InterpretedItem.unit` gets: "g", "ml", "cup", "large", "slice", ...
    millilitres: Decimal | None = None  # a glass or a bowl: each one is this many ml
    alone: bool = True  # may stand with no number before it ("склянка кефіру" is one glass)


_HOUSEHOLD: dict[HouseholdUnit, SaidUnit] = {
    HouseholdUnit.PIECE: SaidUnit("piece"),
    HouseholdUnit.LARGE: SaidUnit("large"),
    HouseholdUnit.MEDIUM: SaidUnit("medium"),
    HouseholdUnit.SMALL: SaidUnit("small"),
    HouseholdUnit.SLICE: SaidUnit("slice"),
    HouseholdUnit.CUP: SaidUnit("cup"),
    HouseholdUnit.TABLESPOON: SaidUnit("tbsp"),
    HouseholdUnit.TEASPOON: SaidUnit("tsp"),
    HouseholdUnit.GLASS: SaidUnit("ml", millilitres=GLASS_ML),
    HouseholdUnit.BOWL: SaidUnit("ml", millilitres=BOWL_ML),
    HouseholdUnit.HANDFUL: SaidUnit("handful"),
}
# Inflected forms the shared tables leave out, and symbols written with a dot.
_MORE_WORDS: dict[str, str] = {
    "г.": "g", "гр.": "g", "грама": "g", "граммів": "g", "грамм": "g", "gm": "g",
    "кіло": "kg", "кілограма": "kg", "кілограмів": "kg", "кг.": "kg",
    "мл.": "ml", "мілілітрів": "ml", "мілілітри": "ml",
    "літра": "l", "літрів": "l", "л.": "l",
    "порцію": "serving", "порцій": "serving", "порція": "serving",
}  # fmt: skip
# Words that count only after a number: "2 whole eggs", never "whole milk".
_NEED_A_NUMBER = frozenset({"whole", "each", "item", "items", "pc", "pcs", "шт", "шт."})
_LONGEST = 3


def read_unit(words: Sequence[str]) -> tuple[SaidUnit, int] | None:
    """The unit at the start of `words` and how many words it took ("чайні ложки" → 2)."""
    for size in range(min(_LONGEST, len(words)), 0, -1):
        phrase = " ".join(words[:size])
        said = unit_named(phrase)
        if said is not None:
            return said, size
    return None


def unit_named(phrase: str) -> SaidUnit | None:
    """The unit a word or phrase names ("склянки", "tbsp", "г"), or None."""
    phrase = " ".join(phrase.casefold().split())
    household = UNIT_WORDS.get(phrase) or UNIT_WORDS.get(phrase.rstrip("."))
    if household is not None:
        found = _HOUSEHOLD[household]
        if phrase in _NEED_A_NUMBER:
            return SaidUnit(found.unit, found.millilitres, alone=False)
        return found
    if phrase in _MORE_WORDS:
        return SaidUnit(_MORE_WORDS[phrase], alone=_MORE_WORDS[phrase] == "serving")
    try:
        unit = parse_unit(phrase)
    except UnknownUnitError:
        return None
    return SaidUnit(unit.value, alone=unit.value in {"cup", "tbsp", "tsp", "serving"})
