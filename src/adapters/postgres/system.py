"""Production clock, ids and secrets. The id generator's node comes from PostgreSQL, once per
process, so ids are unique across every process that shares the database."""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from psycopg import AsyncConnection
from psycopg_pool import AsyncConnectionPool

from adapters.postgres.errors import translated

# An id: 41 bits of milliseconds since EPOCH (until 2094) | 10 bits of node | 12 bits of
# sequence within the millisecond. Positive, fits a bigint, grows with time.
EPOCH = datetime(2025, 1, 1, tzinfo=UTC)
NODE_BITS = 10
SEQUENCE_BITS = 12
MAX_NODE = (1 << NODE_BITS) - 1
MAX_SEQUENCE = (1 << SEQUENCE_BITS) - 1
_EPOCH_MS = int(EPOCH.timestamp() * 1000)

NEXT_NODE_ID = "SELECT nextval('id_generator_nodes') AS node_id"


def _wall_clock_ms() -> int:
    return time.time_ns() // 1_000_000


class SnowflakeIds:
    """`IdGenerator`: unique per node without asking anyone, and never failing.

    When the clock stands still or steps back, ids go on from the last millisecond used; when
    4,096 ids are taken within one millisecond, the next millisecond is borrowed rather than
    waited for. Either way an id is never handed out twice by one generator.
    """

    def __init__(self, node_id: int, *, now_ms: Callable[[], int] = _wall_clock_ms) -> None:
        if not 0 <= node_id <= MAX_NODE:
            raise ValueError(f"node id {node_id} is outside 0..{MAX_NODE}")
        self.node_id = node_id
        self._now_ms = now_ms
        self._last_ms = -1
        self._sequence = 0
        self._lock = threading.Lock()  # ids may be taken from worker threads too

    def next_id(self) -> int:
        with self._lock:
            ms = max(self._now_ms() - _EPOCH_MS, self._last_ms)
            if ms == self._last_ms:
                self._sequence += 1
                if self._sequence > MAX_SEQUENCE:
                    ms, self._sequence = ms + 1, 0
            else:
                self._sequence = 0
            self._last_ms = ms
            return (
                (ms << (NODE_BITS + SEQUENCE_BITS))
                | (self.node_id << SEQUENCE_BITS)
                | (self._sequence)
            )


async def snowflake_ids(pool: AsyncConnectionPool[AsyncConnection[Any]]) -> SnowflakeIds:
    """An id generator with a node id of its own, taken from the database's sequence.
    Raises `ServiceUnavailableError` when the database cannot be reached."""
    with translated():
        async with pool.connection() as connection:
            cursor = await connection.execute(NEXT_NODE_ID)
            row = await cursor.fetchone()
    assert row is not None  # nextval always returns a value
    return SnowflakeIds(int(row[0]))


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class UrlSafeSecrets:
    def token(self) -> str:
        """43 URL-safe characters: 256 bits from the operating system's CSPRNG."""
        return secrets.token_urlsafe(32)
