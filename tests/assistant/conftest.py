"""Shared parts for the assistant's tests: the packaged catalog (read once per session), the
offline interpreter, and the fake OpenAI server (one per session, reset for every test)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import psycopg
import pytest

from adapters.catalog.memory import BuiltInFoodCatalog, UsdaIndexCache
from adapters.catalog.usda import UsdaTablesCache
from adapters.offline.interpreter import OfflineInterpreter
from adapters.postgres.catalog import PostgresFoodCatalog
from adapters.postgres.catalog_loader import load_food_catalog
from adapters.postgres.pool import make_pool
from tests.fakes.openai_api import FakeOpenAI, running_openai
from tests.support.servers import DatabaseFactory


@pytest.fixture(scope="session")
def tables() -> UsdaTablesCache:
    return UsdaTablesCache()


@pytest.fixture(scope="session")
def catalog(tables: UsdaTablesCache) -> BuiltInFoodCatalog:
    return BuiltInFoodCatalog(UsdaIndexCache(tables))


@pytest.fixture(scope="session")
def offline(tables: UsdaTablesCache) -> OfflineInterpreter:
    return OfflineInterpreter(tables)


@pytest.fixture(scope="session")
def openai_server() -> Iterator[FakeOpenAI]:
    with running_openai() as fake:
        yield fake


@pytest.fixture
def oa(openai_server: FakeOpenAI) -> FakeOpenAI:
    openai_server.reset()
    return openai_server


@pytest.fixture(scope="session")
async def catalog_database_url(
    databases: DatabaseFactory, tables: UsdaTablesCache
) -> AsyncIterator[str]:
    """A migrated database with the food catalog loaded, shared by the tests that only read it
    (loading takes a second; the tests that change the tables use `database_url`)."""
    url = databases.clone()
    async with await psycopg.AsyncConnection.connect(url) as conn:
        await load_food_catalog(conn, tables)
    yield url
    databases.drop(url)


@pytest.fixture
async def pg_catalog(catalog_database_url: str) -> AsyncIterator[PostgresFoodCatalog]:
    pool = make_pool(catalog_database_url, min_size=1, max_size=2)
    await pool.open()
    yield PostgresFoodCatalog(pool)
    await pool.close()
