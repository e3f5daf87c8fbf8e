"""Snowflake ids: unique within a process without coordination, and across processes by node."""

import asyncio
from datetime import UTC, datetime

import pytest

from adapters.postgres.system import (
    EPOCH,
    MAX_NODE,
    MAX_SEQUENCE,
    SnowflakeIds,
    SystemClock,
    UrlSafeSecrets,
    snowflake_ids,
)
from tests.postgres.conftest import Pool

EPOCH_MS = int(EPOCH.timestamp() * 1000)


class SteppingClock:
    """Milliseconds that move only when told to (backwards too)."""

    def __init__(self, ms: int) -> None:
        self.ms = ms

    def __call__(self) -> int:
        return self.ms


def test_ids_grow_and_carry_the_time_and_the_node() -> None:
    clock = SteppingClock(EPOCH_MS + 1_000)
    ids = SnowflakeIds(5, now_ms=clock)
    first, second = ids.next_id(), ids.next_id()
    clock.ms += 1
    third = ids.next_id()
    assert 0 < first < second < third
    assert first >> 22 == 1_000 and (first >> 12) & MAX_NODE == 5
    assert third >> 22 == 1_001 and third & MAX_SEQUENCE == 0


def test_a_full_millisecond_and_a_clock_going_back_never_repeat_an_id() -> None:
    clock = SteppingClock(EPOCH_MS + 50)
    ids = SnowflakeIds(1, now_ms=clock)
    taken = [ids.next_id() for _ in range(3 * (MAX_SEQUENCE + 1))]  # three ms worth, in one
    clock.ms -= 10  # NTP steps the clock back
    taken += [ids.next_id() for _ in range(100)]
    assert len(set(taken)) == len(taken)
    assert taken == sorted(taken)


def test_two_nodes_never_collide_at_the_same_instant() -> None:
    clock = SteppingClock(EPOCH_MS + 7)
    one, two = SnowflakeIds(1, now_ms=clock), SnowflakeIds(2, now_ms=clock)
    assert not {one.next_id() for _ in range(500)} & {two.next_id() for _ in range(500)}


def test_a_node_id_must_fit() -> None:
    with pytest.raises(ValueError, match="node id"):
        SnowflakeIds(MAX_NODE + 1)


async def test_each_process_gets_its_own_node_from_the_database(pool: Pool) -> None:
    generators = await asyncio.gather(*(snowflake_ids(pool) for _ in range(4)))
    assert len({g.node_id for g in generators}) == 4
    ids = [g.next_id() for g in generators for _ in range(1000)]
    assert len(set(ids)) == len(ids)


def test_the_system_clock_and_secrets() -> None:
    now = SystemClock().now()
    assert now.tzinfo is UTC and abs((datetime.now(UTC) - now).total_seconds()) < 60
    secrets = UrlSafeSecrets()
    tokens = {secrets.token() for _ in range(100)}
    assert len(tokens) == 100
    assert all(len(t) >= 43 and t.replace("-", "").replace("_", "").isalnum() for t in tokens)
