"""One unit of work's connection, as the stores use it: rows as dicts, every error translated.

The connection is not in autocommit mode: the first statement opens the transaction, and only
`commit` ends it with the writes kept. `open_session` lends a pooled connection for one block
and always rolls back what was not committed before giving it back.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Any, LiteralString

import psycopg
from psycopg import AsyncConnection, sql
from psycopg.pq import TransactionStatus
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool

from adapters.postgres.errors import StorageBugError, translated

logger = logging.getLogger(__name__)

Row = dict[str, Any]
Values = Mapping[str, Any] | Sequence[Any]
Params = Values | None
# Literal SQL, or SQL composed with identifiers: never a string built from values.
Query = LiteralString | sql.SQL | sql.Composed


class Session:
    def __init__(self, connection: AsyncConnection[Any]) -> None:
        self._conn = connection
        self._savepoints = 0

    async def fetch_all(self, query: Query, params: Params = None) -> list[Row]:
        with translated():
            async with self._conn.cursor(row_factory=dict_row) as cursor:
                await cursor.execute(query, params)
                return await cursor.fetchall()

    async def fetch_one(self, query: Query, params: Params = None) -> Row | None:
        with translated():
            async with self._conn.cursor(row_factory=dict_row) as cursor:
                await cursor.execute(query, params)
                return await cursor.fetchone()

    async def fetch_table(
        self, query: Query, params: Params = None
    ) -> tuple[tuple[str, ...], list[tuple[Any, ...]]]:
        """The column names and the rows as tuples (names even when there are no rows)."""
        with translated():
            async with self._conn.cursor() as cursor:
                await cursor.execute(query, params)
                columns = tuple(column.name for column in cursor.description or ())
                return columns, await cursor.fetchall()

    async def execute(self, query: Query, params: Params = None) -> int:
        """Run a statement; returns how many rows it touched."""
        with translated():
            async with self._conn.cursor() as cursor:
                await cursor.execute(query, params)
                return cursor.rowcount

    async def execute_many(self, query: Query, params: Iterable[Values]) -> None:
        """One statement for many parameter sets, pipelined: one round trip, not one per row."""
        with translated():
            async with self._conn.cursor() as cursor:
                await cursor.executemany(query, params)

    async def copy_in(self, statement: Query, rows: Iterable[Sequence[Any]]) -> None:
        """Stream rows into a `COPY ... FROM STDIN`."""
        with translated():
            async with self._conn.cursor() as cursor, cursor.copy(statement) as copy:
                for row in rows:
                    await copy.write_row(row)

    @asynccontextmanager
    async def savepoint(self) -> AsyncIterator[None]:
        """A sub-transaction: if the block raises, only its statements are undone and the unit
        of work goes on (a failed statement otherwise aborts the whole transaction)."""
        self._savepoints += 1
        name = sql.Identifier(f"sp_{self._savepoints}")
        await self.execute(sql.SQL("SAVEPOINT {}").format(name))
        try:
            yield
        except BaseException:
            await self.execute(sql.SQL("ROLLBACK TO SAVEPOINT {}").format(name))
            raise
        await self.execute(sql.SQL("RELEASE SAVEPOINT {}").format(name))

    async def commit(self) -> None:
        if self._conn.info.transaction_status is TransactionStatus.INERROR:
            # PostgreSQL would answer COMMIT with a silent ROLLBACK: say so loudly instead.
            raise StorageBugError("commit after a failed statement: nothing was committed")
        with translated():
            await self._conn.commit()

    async def rollback(self) -> None:
        with translated():
            await self._conn.rollback()


@asynccontextmanager
async def open_session(pool: AsyncConnectionPool[AsyncConnection[Any]]) -> AsyncIterator[Session]:
    """A pooled connection for the block. Leaving rolls back whatever was not committed (also
    when the block raised) and returns the connection: nothing ever commits on exit.
    Raises `ServiceUnavailableError` when no connection comes within the pool's timeout."""
    with translated():
        connection = await pool.getconn()
    try:
        yield Session(connection)
    finally:
        try:
            await connection.rollback()  # a no-op after commit
        except psycopg.Error:
            # The connection broke: the server drops the transaction with it and the pool
            # replaces the connection. Do not hide the block's own exception behind this.
            logger.warning("rollback failed on leaving a unit of work; connection dropped")
        finally:
            await pool.putconn(connection)
