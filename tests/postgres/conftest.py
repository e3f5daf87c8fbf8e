"""PostgreSQL adapters against a real server: each test gets a fresh migrated database."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import psycopg
import pytest
from cryptography.fernet import Fernet
from psycopg import AsyncConnection
from psycopg_pool import AsyncConnectionPool

from adapters.crypto.tokens import TokenCipher
from adapters.postgres.pool import make_pool
from adapters.postgres.unit_of_work import PostgresUnitOfWork

Pool = AsyncConnectionPool[AsyncConnection]
Units = Callable[[], PostgresUnitOfWork]


@pytest.fixture
def key() -> bytes:
    return Fernet.generate_key()


@pytest.fixture
def cipher(key: bytes) -> TokenCipher:
    return TokenCipher([key])


@pytest.fixture
async def pool(database_url: str) -> AsyncIterator[Pool]:
    async with make_pool(database_url, max_size=12) as opened:
        yield opened


@pytest.fixture
def units(pool: Pool, cipher: TokenCipher) -> Units:
    return lambda: PostgresUnitOfWork(pool, cipher)


@pytest.fixture
async def raw(database_url: str) -> AsyncIterator[psycopg.AsyncConnection]:
    """A connection outside every unit of work, to look at what is really stored."""
    async with await psycopg.AsyncConnection.connect(database_url, autocommit=True) as conn:
        yield conn


async def count(raw: psycopg.AsyncConnection, table: str, where: str = "true") -> int:
    query = f"SELECT count(*) FROM {table} WHERE {where}"
    row = await (await raw.execute(query)).fetchone()
    assert row is not None
    return int(row[0])
