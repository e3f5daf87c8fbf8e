"""Once-only records under real concurrency: several connections insert the same key at once."""

import asyncio
from collections.abc import Awaitable, Callable
from datetime import date

import psycopg

from application.ports.unit_of_work import UnitOfWork
from tests.contracts.seed import T0, new_user, next_id
from tests.postgres.conftest import Units, count

DAY = date(2025, 3, 10)
CLAIMANTS = 8


async def _waiting_on_locks(raw: psycopg.AsyncConnection) -> int:
    cursor = await raw.execute(
        "SELECT count(*) FROM pg_stat_activity"
        " WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    row = await cursor.fetchone()
    assert row is not None
    return int(row[0])


async def _race(
    units: Units, raw: psycopg.AsyncConnection, insert: Callable[[UnitOfWork], Awaitable[bool]]
) -> list[bool]:
    """Every claimant inserts in its own unit; the first to get in holds its commit back until
    all the others are blocked on the unique index, so the inserts really overlap."""
    all_waiting = asyncio.Event()

    async def claimant() -> bool:
        async with units() as uow:
            won = await insert(uow)
            if won:
                await all_waiting.wait()
            await uow.commit()
            return won

    async def watch() -> bool:
        """True once the others all wait; False (and let go) if they never do."""
        overlapped = False
        for _ in range(500):
            if overlapped := await _waiting_on_locks(raw) == CLAIMANTS - 1:
                break
            await asyncio.sleep(0.01)
        all_waiting.set()
        return overlapped

    watcher = asyncio.create_task(watch())
    results = await asyncio.gather(*(claimant() for _ in range(CLAIMANTS)))
    assert await watcher, "the claimants never all waited on each other"
    return results


async def test_one_of_many_concurrent_claims_wins(
    units: Units, raw: psycopg.AsyncConnection
) -> None:
    user = await new_user(units)
    results = await _race(units, raw, lambda uow: uow.notifications.claim(user.id, "morning", DAY))
    assert sorted(results) == [False] * (CLAIMANTS - 1) + [True]
    assert await count(raw, "sent_notifications") == 1


async def test_one_of_many_concurrent_deliveries_of_an_event_is_processed(
    units: Units, raw: psycopg.AsyncConnection
) -> None:
    key = f"telegram:update:{next_id()}"
    results = await _race(units, raw, lambda uow: uow.inbound_events.remember(key, T0))
    assert results.count(True) == 1
    assert await count(raw, "inbound_events") == 1
