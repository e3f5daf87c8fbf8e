"""`FoodCatalog` on FatSecret's food search: servings become the domain's portions, and each
food's numbers per 100 g are read off a serving with a metric weight."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from adapters.fatsecret import mapping, wire
from adapters.fatsecret.errors import FatSecretError
from adapters.fatsecret.foods import FoodBook
from application.errors import ServiceUnavailableError
from application.ports.catalog import CatalogFood
from domain.users import Language

logger = logging.getLogger(__name__)


class FatSecretCatalog:
    def __init__(self, foods: FoodBook) -> None:
        self._foods = foods

    async def search(
        self, phrase: str, *, language: Language, limit: int = 10
    ) -> Sequence[CatalogFood]:
        """FatSecret's matches for `phrase`. Its database speaks English (other languages are a
        Premier option), so `language` does not change the search."""
        if not phrase.strip():
            return []
        try:
            found = await self._foods.search(phrase, limit)
            foods = [await self._catalog_food(food) for food in found]
        except ServiceUnavailableError:
            raise
        except FatSecretError as error:
            # The port promises one kind of failure; the cause stays in the log.
            logger.warning("FatSecret search failed: %s", type(error).__name__)
            raise ServiceUnavailableError("FatSecret search failed") from error
        return [food for food in foods if food is not None][:limit]

    async def _catalog_food(self, food: wire.Food) -> CatalogFood | None:
        if food.servings is not None:  # v3: servings included
            return mapping.catalog_food(food)
        per_100g = mapping.catalog_food_v1(food)
        if per_100g is not None:
            return per_100g
        # v1 describes some foods per serving ("Per 1 packet - …"): their servings say more.
        return mapping.catalog_food(await self._foods.food(food.food_id))
