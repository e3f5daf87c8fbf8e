"""The built-in food catalog in PostgreSQL (tables of 0003_food_catalog.sql, filled by
`catalog_loader`): the same search order and ranking as the in-memory one
(`adapters.catalog.search`), with names and descriptions found through pg_trgm indexes."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from decimal import Decimal
from functools import lru_cache
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

# A food with its portions as arrays in their order, for the NDB numbers of `n` (a subquery or
# a list): one round trip. LEFT JOINs: a number whose food is missing still comes back (`named`).
_FOODS_OF = """
    SELECT n.ndb_no AS named, f.*, p.amounts, p.units, p.grams
    FROM {numbers}
    LEFT JOIN food_catalog_foods f ON f.ndb_no = n.ndb_no
    LEFT JOIN LATERAL (
        SELECT array_agg(amount ORDER BY position) AS amounts,
               array_agg(unit ORDER BY position) AS units,
               array_agg(grams ORDER BY position) AS grams
        FROM food_catalog_portions WHERE ndb_no = n.ndb_no
    ) p ON true
"""
_NAMED = """(
        SELECT ndb_no FROM food_catalog_names WHERE {column} = %(key)s
        ORDER BY language = 'en', position LIMIT 1
    ) n"""
# A name's food in the same round trip as the name: a name match needs no second query.
BY_NAME = _FOODS_OF.format(numbers=_NAMED.format(column="name_key"))
BY_STEMS = _FOODS_OF.format(numbers=_NAMED.format(column="stem_key"))
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
FOODS = _FOODS_OF.format(numbers="unnest(%(ndb_nos)s::text[]) AS n(ndb_no)")


class PostgresFoodCatalog:
    """`FoodCatalog` over the catalog tables. Each search borrows one pooled connection and
    reads in autocommit: the catalog is read-only here, so no BEGIN / COMMIT round trips."""

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
                await conn.set_autocommit(True)
                try:
                    yield conn
                finally:
                    await _transactional_again(conn)
        except (psycopg.OperationalError, psycopg.InterfaceError, PoolTimeout) as error:
            raise ServiceUnavailableError(
                f"the food catalog database is unavailable ({type(error).__name__})"
            ) from None


async def _transactional_again(conn: AsyncConnection[Any]) -> None:
    """Back to the pool's transactional mode, or closed (the pool then drops it): the units of
    work sharing the pool must never get an autocommit connection."""
    if conn.closed:
        return
    try:
        await conn.set_autocommit(False)
    except psycopg.Error:  # e.g. a query cut short by cancellation is still running
        await conn.close()


class _TableSource:
    """`search.FoodSource` over one connection."""

    def __init__(self, conn: AsyncConnection[Any]) -> None:
        self._conn = conn
        # Food rows read along with a name, by NDB number: `foods` need not ask again.
        self._read: dict[str, dict[str, Any]] = {}

    async def by_name(self, key: str) -> str | None:
        return await self._named(BY_NAME, key)

    async def by_stems(self, key: str) -> str | None:
        return await self._named(BY_STEMS, key)

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
        unread = [ndb_no for ndb_no in wanted if ndb_no not in self._read]
        if unread:
            for row in await self._rows(FOODS, {"ndb_nos": unread}):
                self._read[row["named"]] = row
        found = []
        for ndb_no in wanted:
            stored = self._read.get(ndb_no)
            if stored is None or stored["ndb_no"] is None:  # no such food
                continue
            food = _catalog_food(_food(stored), _portions(stored), stored["count_unit"])
            if food is not None:
                found.append(food)
        return found

    async def _named(self, query: str, key: str) -> str | None:
        rows = await self._rows(query, {"key": key})
        if not rows:
            return None
        named = str(rows[0]["named"])
        self._read[named] = rows[0]
        return named

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


# Building a food's portions costs more CPU than reading its rows; the result depends on the
# rows alone (the key), so a catalog reloaded with other numbers simply misses the cache.
@lru_cache(maxsize=4096)
def _catalog_food(
    food: UsdaFood, portions: tuple[UsdaPortion, ...], count_unit: str | None
) -> CatalogFood | None:
    return catalog_food(food, portions, count_unit)


def _portions(row: dict[str, Any]) -> tuple[UsdaPortion, ...]:
    if row["amounts"] is None:
        return ()
    return tuple(
        UsdaPortion(row["ndb_no"], amount, unit, grams)
        for amount, unit, grams in zip(row["amounts"], row["units"], row["grams"], strict=True)
    )


def _written_start(stem: str) -> str:
    """What every word with this stem contains as written: "berry" comes from "berries", so
    "berr" (the ranking then compares whole stems)."""
    return stem[:-1] if stem.endswith("y") and len(stem) > 3 else stem


def _escaped(word: str) -> str:
    """A word as a LIKE pattern's literal part ("2%" must not match everything)."""
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
