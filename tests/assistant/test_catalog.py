"""The built-in food catalog: Ukrainian names and English aliases first, then USDA descriptions
ranked by the whole phrase; portions the domain can weigh; the same answers from memory and
from PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from decimal import Decimal

import psycopg
import pytest

from adapters.catalog.foods import HANDFUL_LABEL
from adapters.catalog.memory import BuiltInFoodCatalog
from adapters.catalog.usda import UsdaTablesCache
from adapters.postgres.catalog import PostgresFoodCatalog
from adapters.postgres.catalog_loader import data_version, load_food_catalog
from adapters.postgres.pool import make_pool
from application.errors import ServiceUnavailableError
from application.ports.catalog import CatalogFood
from domain.meals.food import UsdaFood
from domain.meals.nutrients import MAX_KCAL_PER_100G
from domain.meals.portions import SaidAmount, resolve_grams
from domain.meals.units import Unit
from domain.users import Language


def ndb(food: CatalogFood) -> str:
    assert isinstance(food.source, UsdaFood)
    return food.source.ndb_no


async def first(catalog: BuiltInFoodCatalog | PostgresFoodCatalog, phrase: str) -> str | None:
    found = await catalog.search(phrase, language=Language.UK)
    return ndb(found[0]) if found else None


# phrase → the SR28 item a person means (checked by hand against the descriptions).
EXPECTED = {
    "гречка": "20010",  # cooked buckwheat: гречка is eaten boiled
    "гречкою": "20010",  # a case form
    "Гречкa": "20010",  # capitals and a Latin "a" typed in a Cyrillic word
    "гречкя": "20010",  # a typo
    "смачна гречка": "20010",  # a word that names no food
    "курячою грудкою": "05064",  # a case form of "куряча грудка"
    "суха гречка": "20009",  # dry, before cooking
    "яйця": "01123",
    "eggs": "01123",  # an alias, not the first "egg…" description (eggnog)
    "whole wheat bread": "18075",  # whole, not white
    "white bread": "18069",
    "whole milk": "01077",
    "milk": "01079",  # 2 %, the everyday milk
    "raw salmon": "15078",  # raw, as said
    "grilled salmon": "15237",  # cooked
    "sweet potato": "11510",  # the tuber, cooked — not its leaves
    "bananna": "09040",
    "quinoa": "20137",  # cooked: grains are eaten cooked
    "carrot": "11124",  # raw: vegetables are eaten raw
    # How the model writes lookup names: a name, then words the description must hold.
    "chicken breast, roasted": "05064",
    "oatmeal, cooked with water": "08121",  # "oatmeal" names it; the rest fits
    "bread, rye": "18060",  # not "bread" (white): rye does not fit it
    "banana, dried": "09041",  # SR28 says "dehydrated"
    "kasha with milk": "20010",  # no description fits all; the named part wins
}


@pytest.mark.parametrize(("phrase", "expected"), EXPECTED.items())
async def test_phrases_find_the_food_people_mean(
    catalog: BuiltInFoodCatalog, phrase: str, expected: str
) -> None:
    assert await first(catalog, phrase) == expected


@pytest.mark.parametrize("phrase", ["xyzzy frobnicate", "", "   ", "🍌", "the of a", "щось"])
async def test_unknown_words_find_nothing(catalog: BuiltInFoodCatalog, phrase: str) -> None:
    assert await catalog.search(phrase, language=Language.EN) == []


async def test_a_description_search_ranks_by_the_whole_phrase(
    catalog: BuiltInFoodCatalog,
) -> None:
    found = await catalog.search("salmon sockeye cooked", language=Language.EN, limit=3)
    assert len(found) <= 3
    assert "sockeye" in found[0].name.lower() and "cooked" in found[0].name.lower()


async def test_no_food_denser_than_pure_fat_is_ever_returned(
    catalog: BuiltInFoodCatalog, tables: UsdaTablesCache
) -> None:
    index = await catalog.index()
    every = index.foods(list(tables.get().foods))
    assert len(every) > 8000  # all but the few with no energy value
    assert max(food.per_100g.nutrients.kcal for food in every) <= MAX_KCAL_PER_100G


async def test_portions_weigh_what_people_say(catalog: BuiltInFoodCatalog) -> None:
    [egg] = await catalog.search("яйце", language=Language.UK)
    portions = egg.portions

    def grams(amount: str | None, unit: Unit | None = None, word: str | None = None) -> Decimal:
        said = SaidAmount(amount=Decimal(amount) if amount else None, unit=unit, portion_word=word)
        return resolve_grams(said, portions=portions).grams

    assert grams("2") == 100  # 2 × large
    assert grams("1", word="medium") == 44
    assert grams("1", word="handful") == Decimal("28.35")
    assert grams("100", Unit.MILLILITRE) == Decimal("102.71")  # SR28's density of beaten egg
    assert grams(None) == 50  # one egg, said aloud as an assumption
    assert any(p.label == HANDFUL_LABEL for p in portions)


async def test_a_food_with_no_volume_measure_has_no_made_up_density(
    catalog: BuiltInFoodCatalog,
) -> None:
    [kefir] = await catalog.search("кефір", language=Language.UK)
    assert [p for p in kefir.portions if p.unit is not None] == []


# -- PostgreSQL ------------------------------------------------------------------------------


@pytest.fixture
async def loaded(database_url: str, tables: UsdaTablesCache) -> AsyncIterator[str]:
    pool = make_pool(database_url, min_size=1, max_size=2)
    await pool.open()
    try:
        async with pool.connection() as conn:
            assert await load_food_catalog(conn, tables) is True
    finally:
        await pool.close()
    yield database_url


async def test_loading_fills_the_tables_once(loaded: str, tables: UsdaTablesCache) -> None:
    async with await psycopg.AsyncConnection.connect(loaded) as conn:
        assert await load_food_catalog(conn, tables) is False  # the same version: skipped
        cursor = await conn.execute(
            "SELECT version, foods, portions, names FROM food_catalog_versions"
        )
        version, foods, portions, names = (await cursor.fetchall())[0]
        data = tables.get()
        assert version == data_version()
        assert foods == len(data.foods) == 8789
        assert portions == sum(len(rows) for rows in data.portions.values()) == 15438
        assert names == len(data.uk_names) + len(data.en_aliases)


async def test_a_new_version_replaces_the_old_one_in_one_go(
    loaded: str, tables: UsdaTablesCache
) -> None:
    async with await psycopg.AsyncConnection.connect(loaded, autocommit=True) as conn:
        await conn.execute("UPDATE food_catalog_versions SET version = 'sr28-older'")
        await conn.execute("DELETE FROM food_catalog_names WHERE language = 'en'")
        assert await load_food_catalog(conn, tables) is True
        cursor = await conn.execute(
            "SELECT (SELECT count(*) FROM food_catalog_versions),"
            " (SELECT count(*) FROM food_catalog_names WHERE language = 'en')"
        )
        assert await cursor.fetchone() == (1, len(tables.get().en_aliases))


async def test_postgres_and_memory_agree(
    pg_catalog: PostgresFoodCatalog, catalog: BuiltInFoodCatalog
) -> None:
    for phrase in [*EXPECTED, "xyzzy", "2% milk", "berries", "cheddar cheese", "вареники"]:
        from_pg = await pg_catalog.search(phrase, language=Language.EN, limit=5)
        in_memory = await catalog.search(phrase, language=Language.EN, limit=5)
        assert from_pg == in_memory, phrase


async def test_an_unreachable_database_is_a_service_error() -> None:
    pool = make_pool("postgresql://nobody@127.0.0.1:1/none", min_size=0, max_size=1)
    pool.timeout = 0.5
    await pool.open(wait=False)
    try:
        with pytest.raises(ServiceUnavailableError):
            await PostgresFoodCatalog(pool).search("гречка", language=Language.UK)
    finally:
        await pool.close()


async def test_a_search_gives_its_connection_back_as_it_found_it(
    catalog_database_url: str,
) -> None:
    pool = make_pool(catalog_database_url, min_size=1, max_size=1)
    await pool.open()
    try:
        found = await PostgresFoodCatalog(pool).search("гречка", language=Language.UK)
        assert found
        async with pool.connection() as conn:  # the same, only connection
            # The catalog reads in autocommit; the units of work sharing the pool must not.
            assert not conn.autocommit
    finally:
        await pool.close()
