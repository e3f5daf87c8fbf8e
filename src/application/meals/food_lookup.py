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


class FoodCandidates(msgspec.Struct, frozen=True, kw_only=True):
    """What the catalog found for an item: the hits of the first phrase that found any."""

    item: InterpretedItem
    phrase: str
    found: tuple[CatalogFood, ...]  # empty: the catalog knows nothing like it

    @property
    def needs_previous_choice(self) -> bool:
        """Whether the user's earlier choice could change the pick (there is a choice)."""
        return len(self.found) > 1


async def search_items(
    catalog: FoodCatalog, items: Sequence[InterpretedItem], language: Language
) -> tuple[FoodCandidates, ...]:
    """The catalog's hits for each item: its lookup name first, then the words as said."""
    searched = []
    for item in items:
        phrase = ""
        found: tuple[CatalogFood, ...] = ()
        for phrase in dict.fromkeys((item.lookup_name, item.name_as_said)):
            if phrase.strip():
                found = tuple(await catalog.search(phrase, language=language))
            if found:
                break
        searched.append(FoodCandidates(item=item, phrase=phrase, found=found))
    return tuple(searched)


def choose(candidates: FoodCandidates, previous: Mapping[str, str] | None = None) -> FoodMatch:
    """`previous` maps what the user said (`said_key`) to the `food_key` they kept for it last
    time: that food wins over the ranking when the search found it."""
    chosen_key = (previous or {}).get(said_key(candidates.item.name_as_said))
    found = candidates.found
    food = previously_chosen(found, chosen_key) or choose_candidate(candidates.phrase, found)
    return FoodMatch(item=candidates.item, food=food)


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
