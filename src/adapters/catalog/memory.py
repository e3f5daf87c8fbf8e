"""The built-in catalog in memory: an index over the packaged USDA tables, built once per process
(on the first search; about a second) and shared by every search after it."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Sequence

from adapters.catalog.foods import catalog_food
from adapters.catalog.relevance import Described, description_words
from adapters.catalog.search import CLOSE_ENOUGH, search
from adapters.catalog.usda import FoodName, UsdaTables, UsdaTablesCache, normalize_name
from adapters.catalog.words import similarity, stem_key, trigrams
from application.ports.catalog import CatalogFood
from domain.users import Language


class UsdaIndex:
    """Names (exact, by stems, by trigrams) and description words of every SR28 food."""

    def __init__(self, tables: UsdaTables) -> None:
        self._tables = tables
        names: list[FoodName] = [*tables.uk_names.values(), *tables.en_aliases.values()]
        self._by_stems: dict[str, str] = {}
        for name in names:  # the first name with the stems wins: Ukrainian, then file order
            self._by_stems.setdefault(stem_key(name.name), name.ndb_no)
        self._name_trigrams = [
            (trigrams(key), len(key.split()), name.ndb_no)
            for name in names
            if (key := normalize_name(name.name))
        ]
        self._described = {
            ndb_no: Described(ndb_no, food.description, food.food_group)
            for ndb_no, food in tables.foods.items()
        }
        self._by_word: dict[str, list[str]] = {}
        for ndb_no, described in self._described.items():
            for word in description_words(described.description):
                self._by_word.setdefault(word, []).append(ndb_no)
        self._foods: dict[str, CatalogFood | None] = {}

    def by_name(self, key: str) -> str | None:
        found = self._tables.find_name(key)
        return found.ndb_no if found else None

    def by_stems(self, key: str) -> str | None:
        return self._by_stems.get(key)

    def close_names(self, key: str, word_count: int) -> list[tuple[str, float]]:
        wanted = trigrams(key)
        best: dict[str, float] = {}
        for grams, words, ndb_no in self._name_trigrams:
            if words != word_count:
                continue
            alike = similarity(wanted, grams)
            if alike >= CLOSE_ENOUGH and alike > best.get(ndb_no, 0.0):
                best[ndb_no] = alike
        return sorted(best.items(), key=lambda pair: (-pair[1], pair[0]))

    def described(self, food_words: frozenset[str]) -> list[Described]:
        ndb_nos = {ndb_no for word in food_words for ndb_no in self._by_word.get(word, ())}
        return [self._described[ndb_no] for ndb_no in sorted(ndb_nos)]

    def foods(self, ndb_nos: Sequence[str]) -> list[CatalogFood]:
        found = []
        for ndb_no in ndb_nos:
            if ndb_no not in self._foods:
                self._foods[ndb_no] = self._build(ndb_no)
            food = self._foods[ndb_no]
            if food is not None:
                found.append(food)
        return found

    def _build(self, ndb_no: str) -> CatalogFood | None:
        row = self._tables.foods.get(ndb_no)
        if row is None:
            return None
        tables = self._tables
        return catalog_food(row, tables.portions_of(ndb_no), tables.count_units.get(ndb_no))


class _IndexSource:
    """`search.FoodSource` over an index (its calls are quick: no awaiting needed)."""

    def __init__(self, index: UsdaIndex) -> None:
        self._index = index

    async def by_name(self, key: str) -> str | None:
        return self._index.by_name(key)

    async def by_stems(self, key: str) -> str | None:
        return self._index.by_stems(key)

    async def close_names(self, key: str, word_count: int) -> Sequence[tuple[str, float]]:
        return self._index.close_names(key, word_count)

    async def described(self, food_words: frozenset[str], phrase: str) -> Sequence[Described]:
        del phrase
        return self._index.described(food_words)

    async def foods(self, ndb_nos: Sequence[str]) -> Sequence[CatalogFood]:
        return self._index.foods(ndb_nos)


class UsdaIndexCache:
    """Builds the index on first use and keeps it (thread-safe); one per process."""

    def __init__(self, tables: UsdaTablesCache) -> None:
        self._tables = tables
        self._index: UsdaIndex | None = None
        self._lock = threading.Lock()

    @property
    def built(self) -> bool:
        return self._index is not None

    def get(self) -> UsdaIndex:
        index = self._index
        if index is None:
            with self._lock:
                if self._index is None:
                    self._index = UsdaIndex(self._tables.get())
                index = self._index
        return index


class BuiltInFoodCatalog:
    """`FoodCatalog` over the packaged USDA tables, searched in memory (no server needed)."""

    def __init__(self, index: UsdaIndexCache) -> None:
        self._index = index

    async def search(
        self, phrase: str, *, language: Language, limit: int = 10
    ) -> Sequence[CatalogFood]:
        del language  # the script of the phrase tells Ukrainian from English
        return await search(_IndexSource(await self.index()), phrase, limit)

    async def index(self) -> UsdaIndex:
        """The index; built off the event loop the first time, so no other task waits on it."""
        if self._index.built:
            return self._index.get()
        return await asyncio.to_thread(self._index.get)
