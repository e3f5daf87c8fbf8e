"""The store contract suite runs once per store implementation: in memory and on PostgreSQL.

`uow_factory` gives a test a function that makes units of work over ONE fresh, empty store.
To add an implementation, put it in `IMPLEMENTATIONS` and give it a builder in `BUILDERS`: an
async context manager that receives the pytest request (to ask for fixtures such as
`database_url`) and yields the factory.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

import pytest
from cryptography.fernet import Fernet

from adapters.crypto.tokens import TokenCipher
from adapters.memory.database import MemoryDatabase
from adapters.memory.unit_of_work import MemoryUnitOfWork
from adapters.postgres.pool import make_pool
from adapters.postgres.unit_of_work import PostgresUnitOfWork
from tests.contracts.seed import UowFactory


@asynccontextmanager
async def memory_units(request: pytest.FixtureRequest) -> AsyncIterator[UowFactory]:
    db = MemoryDatabase()
    yield lambda: MemoryUnitOfWork(db)


@asynccontextmanager
async def postgres_units(request: pytest.FixtureRequest) -> AsyncIterator[UowFactory]:
    url = request.getfixturevalue("database_url")  # a fresh migrated database
    cipher = TokenCipher([Fernet.generate_key()])
    async with make_pool(url, max_size=4) as pool:
        yield lambda: PostgresUnitOfWork(pool, cipher)


BUILDERS: dict[str, Callable[[pytest.FixtureRequest], AbstractAsyncContextManager[UowFactory]]] = {
    "memory": memory_units,
    "postgres": postgres_units,
}
IMPLEMENTATIONS = ["memory", "postgres"]


@pytest.fixture(params=IMPLEMENTATIONS)
async def uow_factory(request: pytest.FixtureRequest) -> AsyncIterator[UowFactory]:
    async with BUILDERS[request.param](request) as factory:
        yield factory
