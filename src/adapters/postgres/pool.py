"""The connection pool; created closed, opened in the process lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator

from psycopg import AsyncConnection
from psycopg_pool import AsyncConnectionPool


async def _in_utc(conn: AsyncConnection) -> None:
    """Every session in UTC, whatever the server's default (an embedded server takes the
    machine's): timestamps then come back in `datetime.UTC`, which psycopg decodes faster than a
    named zone such as 'Etc/UTC' (measured on the briefing fan-out's ~450,000 rows)."""
    await conn.set_autocommit(True)
    await conn.execute("SET TIME ZONE 'UTC'")
    await conn.set_autocommit(False)


def make_pool(url: str, *, min_size: int = 1, max_size: int = 10) -> AsyncConnectionPool:
    return AsyncConnectionPool(
        url,
        min_size=min_size,
        max_size=max_size,
        open=False,
        name="health-tracker",
        kwargs={"autocommit": False},
        configure=_in_utc,
        timeout=10,
    )


async def open_pool(
    url: str, *, min_size: int = 1, max_size: int = 10
) -> AsyncIterator[AsyncConnectionPool[AsyncConnection]]:
    """Open a pool for the life of a process (a dishka APP-scoped generator)."""
    pool = make_pool(url, min_size=min_size, max_size=max_size)
    await pool.open(wait=False)
    try:
        yield pool
    finally:
        await pool.close()


class PostgresProbe:
    name = "postgres"

    def __init__(self, pool: AsyncConnectionPool[AsyncConnection]) -> None:
        self._pool = pool

    async def ping(self) -> None:
        async with self._pool.connection(timeout=2) as conn:
            await conn.execute("SELECT 1")
