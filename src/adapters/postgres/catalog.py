"""The built-in food catalog in PostgreSQL (tables of 0003_food_catalog.sql, filled by
`catalog_loader`): the same search order and ranking as the in-memory one
(`adapters.catalog.search`), with names and descriptions found through pg_trgm indexes."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from decimal import Decimal
from typing import Any

import psycopg
from psycopg import AsyncConnection
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool, PoolTimeout

from adapters.catalog.foods import catalog_food
from adapters.catalog.relevance import Described
from adapters.catalog.search import CLOSE_ENOUGH, search
from adapters.catalog.usda import UsdaFood, UsdaPortion
from application.errors import ServiceUnavailableError
from application.ports.catalog import CatalogFood
from domain.users import Language

BY_NAME = """
    SELECT ndb_no FROM food_catalog_names WHERE name_key = %(key)s
    ORDER BY language = 'en', position LIMIT 1
"""
BY_STEMS = """
    SELECT ndb_no FROM food_catalog_names WHERE stem_key = %(key)s
    ORDER BY language = 'en', position LIMIT 1
"""
CLOSE_NAMES = """
    SELECT ndb_no, max(similarity(name_key, %(key)s)) AS alike
    FROM food_catalog_names
    WHERE name_key %% %(key)s AND cardinality(string_to_array(name_key, ' ')) = %(words)s
    GROUP BY ndb_no HAVING max(similarity(name_key, %(key)s)) >= %(least)s
    ORDER BY alike DESC, ndb_no
"""
DESCRIBED = """
    SELECT ndb_no, description, food_group FROM food_catalog_foods
    WHERE lower(description) LIKE ANY(%(patterns)s)
"""
FOODS = "SELECT * FROM food_catalog_foods WHERE ndb_no = ANY(%(ndb_nos)s)"
PORTIONS = """
    SELECT ndb_no, amount, unit, grams FROM food_catalog_portions
    WHERE ndb_no = ANY(%(ndb_nos)s) ORDER BY ndb_no, position
"""


class PostgresFoodCatalog:
    """`FoodCatalog` over the catalog tables. Each search borrows one pooled connection."""

    def __init__(self, pool: AsyncConnectionPool[AsyncConnection[Any]]) -> None:
        self._pool = pool

    async def search(
        self, phrase: str, *, language: Language, limit: int = 10
    ) -> Sequence[CatalogFood]:
        del language  # the script of the phrase tells Ukrainian from English
        async with self._connection() as conn:
            return await search(_TableSource(conn), phrase, limit)

    @asynccontextmanager
    async def _connection(self) -> AsyncIterator[AsyncConnection[Any]]:
        try:
            async with self._pool.connection() as conn:
                yield conn
        except (psycopg.OperationalError, psycopg.InterfaceError, PoolTimeout) as error:
            raise ServiceUnavailableError(
                f"the food catalog database is unavailable ({type(error).__name__})"
            ) from None


class _TableSource:
    """`search.FoodSource` over one connection."""

    def __init__(self, conn: AsyncConnection[Any]) -> None:
        self._conn = conn

    async def by_name(self, key: str) -> str | None:
        return await self._first(BY_NAME, key)

    async def by_stems(self, key: str) -> str | None:
        return await self._first(BY_STEMS, key)

    async def close_names(self, key: str, word_count: int) -> Sequence[tuple[str, float]]:
        params = {"key": key, "words": word_count, "least": CLOSE_ENOUGH}
        rows = await self._rows(CLOSE_NAMES, params)
        return [(row["ndb_no"], float(row["alike"])) for row in rows]

    async def described(self, food_words: frozenset[str], phrase: str) -> Sequence[Described]:
        del phrase
        patterns = sorted({f"%{_escaped(_written_start(word))}%" for word in food_words})
        rows = await self._rows(DESCRIBED, {"patterns": patterns})
        return [Described(row["ndb_no"], row["description"], row["food_group"]) for row in rows]

    async def foods(self, ndb_nos: Sequence[str]) -> Sequence[CatalogFood]:
        wanted = list(dict.fromkeys(ndb_nos))
        rows = {row["ndb_no"]: row for row in await self._rows(FOODS, {"ndb_nos": wanted})}
        portions: dict[str, list[UsdaPortion]] = {}
        for row in await self._rows(PORTIONS, {"ndb_nos": wanted}):
            portions.setdefault(row["ndb_no"], []).append(
                UsdaPortion(row["ndb_no"], row["amount"], row["unit"], row["grams"])
            )
        found = []
        for ndb_no in wanted:
            stored = rows.get(ndb_no)
            if stored is None:
                continue
            food = catalog_food(_food(stored), portions.get(ndb_no, ()), stored["count_unit"])
            if food is not None:
                found.append(food)
        return found

    async def _first(self, query: str, key: str) -> str | None:
        rows = await self._rows(query, {"key": key})
        return str(rows[0]["ndb_no"]) if rows else None

    async def _rows(self, query: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        async with self._conn.cursor(row_factory=dict_row) as cursor:
            await cursor.execute(query, params)
            return await cursor.fetchall()


def _food(row: dict[str, Any]) -> UsdaFood:
    def number(column: str) -> Decimal | None:
        value = row[column]
        return None if value is None else Decimal(value)

    return UsdaFood(
        ndb_no=row["ndb_no"],
        description=row["description"],
        food_group=row["food_group"],
        kcal=number("kcal"),
        protein=number("protein"),
        fat=number("fat"),
        carbohydrate=number("carbohydrate"),
        fiber=number("fiber"),
        sugar=number("sugar"),
    )


def _written_start(stem: str) -> str:
    """What every word with this stem contains as written: "berry" comes from "berries", so
    "berr" (the ranking then compares whole stems)."""
    return stem[:-1] if stem.endswith("y") and len(stem) > 3 else stem


def _escaped(word: str) -> str:
    """A word as a LIKE pattern's literal part ("2%" must not match everything)."""
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
