"""Fill the built-in food catalog tables (0003_food_catalog.sql) from the packaged USDA files.

One transaction under an advisory lock: the tables are emptied and filled with COPY, and the
version row is written last, so a reader sees the old catalog or the new one, never half of one.
Idempotent: when the packaged version is loaded already, nothing is read or written. The version
is a digest of the data files and of the code that turns names into keys (`catalog/words.py`),
so a changed stemmer reloads the names instead of leaving keys no search can find.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from psycopg import AsyncConnection

from adapters.catalog import words
from adapters.catalog.usda import (
    EN_ALIASES_FILE,
    FOODS_FILE,
    PORTIONS_FILE,
    REVISIONS_FILE,
    UK_NAMES_FILE,
    FoodName,
    UsdaTables,
    UsdaTablesCache,
)
from adapters.catalog.words import stem_key

log = logging.getLogger(__name__)

# Any constant both loaders agree on; pg_advisory_xact_lock takes a bigint.
_LOCK_KEY = 0x666F6F645F636174  # "food_cat"
_DATA_FILES = (FOODS_FILE, PORTIONS_FILE, REVISIONS_FILE, UK_NAMES_FILE, EN_ALIASES_FILE)


def data_version() -> str:
    """The digest of the packaged data and of the name-key code, as the versions table keeps it."""
    digest = hashlib.sha256()
    folder = resources.files("adapters.catalog").joinpath("data")
    for name in _DATA_FILES:
        digest.update(name.encode())
        digest.update(folder.joinpath(name).read_bytes())
    digest.update(Path(words.__file__).read_bytes())
    return f"sr28-{digest.hexdigest()[:16]}"


async def load_food_catalog(conn: AsyncConnection[Any], tables: UsdaTablesCache) -> bool:
    """Load the packaged catalog unless its version is there already. True when it loaded now.

    Uses `conn` for one transaction (the caller must not be in one)."""
    version = data_version()
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
        cursor = await conn.execute(
            "SELECT 1 FROM food_catalog_versions WHERE version = %s", (version,)
        )
        if await cursor.fetchone() is not None:
            return False
        data = await asyncio.to_thread(tables.get)
        await conn.execute(
            "TRUNCATE food_catalog_names, food_catalog_portions, food_catalog_foods,"
            " food_catalog_versions"
        )
        counts = await _copy_tables(conn, data)
        await conn.execute(
            "INSERT INTO food_catalog_versions (version, loaded_at, foods, portions, names)"
            " VALUES (%s, %s, %s, %s, %s)",
            (version, datetime.now(UTC), *counts),
        )
    log.info("food catalog loaded", extra={"version": version, "foods": counts[0]})
    return True


async def _copy_tables(conn: AsyncConnection[Any], data: UsdaTables) -> tuple[int, int, int]:
    async with conn.cursor() as cursor:
        async with cursor.copy(
            "COPY food_catalog_foods (ndb_no, description, food_group, kcal, protein, fat,"
            " carbohydrate, fiber, sugar, count_unit) FROM STDIN"
        ) as copy:
            for food in data.foods.values():
                await copy.write_row(
                    (
                        food.ndb_no,
                        food.description,
                        food.food_group,
                        food.kcal,
                        food.protein,
                        food.fat,
                        food.carbohydrate,
                        food.fiber,
                        food.sugar,
                        data.count_units.get(food.ndb_no),
                    )
                )
        portions = 0
        async with cursor.copy(
            "COPY food_catalog_portions (ndb_no, position, amount, unit, grams) FROM STDIN"
        ) as copy:
            for ndb_no, rows in data.portions.items():
                for position, portion in enumerate(rows):
                    await copy.write_row(
                        (ndb_no, position, portion.amount, portion.unit, portion.grams)
                    )
                    portions += 1
        names = 0
        async with cursor.copy(
            "COPY food_catalog_names (name_key, language, position, ndb_no, stem_key) FROM STDIN"
        ) as copy:
            for language, table in (("uk", data.uk_names), ("en", data.en_aliases)):
                for position, (key, name) in enumerate(table.items()):
                    await copy.write_row(_name_row(key, language, position, name))
                    names += 1
    return len(data.foods), portions, names


def _name_row(
    key: str, language: str, position: int, name: FoodName
) -> tuple[str, str, int, str, str]:
    return key, language, position, name.ndb_no, stem_key(name.name)
