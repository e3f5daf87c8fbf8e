"""From an interpreted item to a catalog food and a said amount.

Catalog calls happen here, before any transaction opens: a slow catalog must not hold a
database connection.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal

import msgspec

from application.ports.assistant import InterpretedItem
from application.ports.catalog import CatalogFood, FoodCatalog
from domain.errors import UnknownUnitError
from domain.meals.food import food_key, said_key
from domain.meals.portions import SaidAmount
from domain.meals.units import parse_unit
from domain.users import Language

_WORD = re.compile(r"\w+", re.UNICODE)


class FoodMatch(msgspec.Struct, frozen=True, kw_only=True):
    item: InterpretedItem
    food: CatalogFood | None  # None: the catalog knows nothing like it


def words(phrase: str) -> set[str]:
    return {word.lower() for word in _WORD.findall(phrase)}


def choose_candidate(phrase: str, candidates: Sequence[CatalogFood]) -> CatalogFood | None:
    """The candidate sharing the most words with `phrase` ("rice cooked" picks the cooked
    rice, not the first hit); ties keep the catalog's own order."""
    wanted = words(phrase)
    best: CatalogFood | None = None
    best_score = -1
    for candidate in candidates:
        score = len(wanted & words(candidate.name))
        if score > best_score:
            best, best_score = candidate, score
    return best


def previously_chosen(
    candidates: Sequence[CatalogFood], chosen_key: str | None
) -> CatalogFood | None:
    """The candidate the user accepted for the same words last time, if the search found it."""
    if chosen_key is None:
        return None
    return next((c for c in candidates if food_key(c.source) == chosen_key), None)


async def look_up(
    catalog: FoodCatalog,
    items: Sequence[InterpretedItem],
    language: Language,
    previous: Mapping[str, str] | None = None,
) -> tuple[FoodMatch, ...]:
    """`previous` maps what the user said (`said_key`) to the `food_key` they kept for it last
    time: that food wins over the ranking when the search finds it."""
    matches = []
    for item in items:
        food = None
        chosen_key = (previous or {}).get(said_key(item.name_as_said))
        for phrase in dict.fromkeys((item.lookup_name, item.name_as_said)):
            if phrase.strip():
                found = await catalog.search(phrase, language=language)
                food = previously_chosen(found, chosen_key) or choose_candidate(phrase, found)
            if food is not None:
                break
        matches.append(FoodMatch(item=item, food=food))
    return tuple(matches)


def said_amount(item: InterpretedItem) -> SaidAmount:
    """What the person said about the amount. A unit word the domain does not know is taken
    as a portion word ("large", "скибка"). Raises `InvalidQuantityError` for a bad number."""
    unit, portion_word = None, None
    if item.unit and item.unit.strip():
        try:
            unit = parse_unit(item.unit)
        except UnknownUnitError:
            portion_word = item.unit.strip()
    amount = item.quantity
    if unit is not None and amount is None:
        amount = Decimal(1)  # "a cup of rice"
    return SaidAmount(amount=amount, unit=unit, portion_word=portion_word)
