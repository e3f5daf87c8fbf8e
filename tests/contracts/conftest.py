"""The store contract suite runs once per store implementation.

`uow_factory` gives a test a function that makes units of work over ONE fresh, empty store.
To run the suite against another implementation (PostgreSQL), add it to `IMPLEMENTATIONS`
and give it a builder in `BUILDERS`: an async context manager that receives the pytest
request (to ask for fixtures such as `database_url`) and yields the factory, e.g.

    @asynccontextmanager
    async def postgres_units(request):
        url = request.getfixturevalue("database_url")   # a fresh migrated database
        async for pool in open_pool(url):
            yield lambda: PostgresUnitOfWork(pool, cipher=...)

    IMPLEMENTATIONS = ["memory", "postgres"]
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

import pytest

from adapters.memory.database import MemoryDatabase
from adapters.memory.unit_of_work import MemoryUnitOfWork
from tests.contracts.seed import UowFactory


@asynccontextmanager
async def memory_units(request: pytest.FixtureRequest) -> AsyncIterator[UowFactory]:
    db = MemoryDatabase()
    yield lambda: MemoryUnitOfWork(db)


BUILDERS: dict[str, Callable[[pytest.FixtureRequest], AbstractAsyncContextManager[UowFactory]]] = {
    "memory": memory_units,
}
IMPLEMENTATIONS = ["memory"]


@pytest.fixture(params=IMPLEMENTATIONS)
async def uow_factory(request: pytest.FixtureRequest) -> AsyncIterator[UowFactory]:
    async with BUILDERS[request.param](request) as factory:
        yield factory
