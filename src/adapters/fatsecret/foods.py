"""FatSecret's food database: search (v3 with servings where the account has it, else v1) and
each food's servings (food.get, remembered for a while — servings rarely change)."""

from __future__ import annotations

import logging
from collections import OrderedDict

from adapters.fatsecret import wire
from adapters.fatsecret.client import FatSecretClient
from adapters.fatsecret.errors import API_NOT_FOUND, MISSING_SCOPE, FatSecretRequestError

logger = logging.getLogger(__name__)

MAX_RESULTS = 50  # FatSecret's limit per page
# Answers that mean "this account may not use foods.search.v3" (a Premier method).
_NOT_AVAILABLE = frozenset({MISSING_SCOPE, API_NOT_FOUND})


class FoodBook:
    def __init__(
        self, client: FatSecretClient, *, with_servings: bool = True, remembered: int = 2000
    ) -> None:
        self._client = client
        self._with_servings = with_servings
        self._remembered = remembered
        self._servings: OrderedDict[str, list[wire.Serving]] = OrderedDict()

    @property
    def searches_with_servings(self) -> bool:
        return self._with_servings

    async def search(self, phrase: str, limit: int) -> list[wire.Food]:
        """Foods matching `phrase`, FatSecret's best first. v3 results carry their servings;
        v1 results only a "Per …" description."""
        params = [("search_expression", phrase), ("max_results", str(min(limit, MAX_RESULTS)))]
        if self._with_servings:
            try:
                found = await self._client.call("foods.search.v3", params, wire.FoodsSearchV3)
            except FatSecretRequestError as error:
                if error.code not in _NOT_AVAILABLE:
                    raise
                logger.warning("foods.search.v3 is not available to this account: using v1")
                self._with_servings = False
            else:
                results = found.foods_search.results if found.foods_search else None
                foods = wire.listed(results.food) if results else []
                for food in foods:
                    if food.servings is not None:
                        self._remember(food.food_id, food.serving_list)
                return foods
        page = await self._client.call("foods.search", params, wire.FoodsSearchV1)
        return wire.listed(page.foods.food) if page.foods else []

    async def food(self, food_id: str) -> wire.Food:
        """One food with all its servings. Raises `FatSecretRequestError` (106) if unknown."""
        found = await self._client.call("food.get.v2", [("food_id", food_id)], wire.FoodGet)
        self._remember(food_id, found.food.serving_list)
        return found.food

    async def servings(self, food_id: str) -> list[wire.Serving]:
        known = self._servings.get(food_id)
        if known is not None:
            self._servings.move_to_end(food_id)
            return known
        return (await self.food(food_id)).serving_list

    def _remember(self, food_id: str, servings: list[wire.Serving]) -> None:
        self._servings[food_id] = servings
        self._servings.move_to_end(food_id)
        while len(self._servings) > self._remembered:
            self._servings.popitem(last=False)
