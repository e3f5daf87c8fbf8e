from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import msgspec

from domain.meals.food import FoodSource
from domain.meals.nutrients import NutrientsPer100g
from domain.meals.portions import Portion
from domain.users import Language


class CatalogFood(msgspec.Struct, frozen=True, kw_only=True):
    """A food a catalog knows: its numbers per 100 g and its servings / household portions."""

    source: FoodSource
    name: str
    per_100g: NutrientsPer100g
    portions: tuple[Portion, ...] = ()


class FoodCatalog(Protocol):
    async def search(
        self, phrase: str, *, language: Language, limit: int = 10
    ) -> Sequence[CatalogFood]:
        """Foods matching `phrase` (Ukrainian or English), best match first; empty when none
        match. Numbers that fail the domain's plausibility rules are never returned.
        Raises `ServiceUnavailableError` when the catalog cannot be asked."""
        ...
