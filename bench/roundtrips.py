"""Count SQL round trips of psycopg connections, without pg_stat_statements.

Every exchange with the server goes through `AsyncConnection.wait` (a statement, a pipelined
executemany, a COPY, COMMIT, ROLLBACK), except the implicit `BEGIN`, which psycopg sends and
awaits inside the first statement's wait: it is counted by `_start_query` when the connection is
idle outside a transaction. Patched for the length of the `with` block only.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from contextlib import contextmanager
from typing import Any

from psycopg import AsyncConnection, pq
from psycopg._connection_base import BaseConnection


class RoundTrips:
    def __init__(self) -> None:
        self.count = 0


@contextmanager
def counting_round_trips() -> Iterator[RoundTrips]:
    trips = RoundTrips()
    original_wait = AsyncConnection.wait
    original_start = BaseConnection._start_query

    async def wait(self: AsyncConnection[Any], gen: Any, *args: Any, **kwargs: Any) -> Any:
        trips.count += 1
        return await original_wait(self, gen, *args, **kwargs)

    def start_query(self: BaseConnection[Any]) -> Generator[Any, Any, None]:
        if not self._autocommit and self.pgconn.transaction_status == pq.TransactionStatus.IDLE:
            trips.count += 1  # the BEGIN
        yield from original_start(self)

    AsyncConnection.wait = wait  # type: ignore[method-assign]
    BaseConnection._start_query = start_query  # type: ignore[method-assign]
    try:
        yield trips
    finally:
        AsyncConnection.wait = original_wait  # type: ignore[method-assign]
        BaseConnection._start_query = original_start  # type: ignore[method-assign]
