"""The worker as deployed: the product's container (default providers, PostgreSQL, Redis, the
fake Telegram over HTTP), `build_workers` in burst mode, and the briefing tick run through
arq. Only the clock is replaced, by a test-only provider."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from adapters.memory.system import FixedClock
from entrypoints.ioc import make_container
from entrypoints.runtime import Servers
from tests.contracts.seed import next_id
from tests.fakes.telegram import FakeTelegram
from tests.worker.support import (
    FixedTime,
    add_user,
    arq_client,
    drain_queues,
    queue_tick,
    worker_settings_for,
)

# 2025-03-04 06:00 UTC: 08:00 in Kyiv, 01:00 in New York.
NOW = datetime(2025, 3, 4, 6, 0, tzinfo=UTC)


async def run_briefing_tick(
    tg: FakeTelegram, database_url: str, redis_url: str, clock: FixedClock, at: datetime
) -> None:
    """One worker process's life: container, Workers (burst), the tick queued, run, closed."""
    settings = worker_settings_for(database_url, redis_url, tg.base_url, tg.token)
    container = make_container(settings, Servers(database_url, redis_url), FixedTime(clock))
    arq = await arq_client(redis_url)
    try:
        assert await queue_tick(arq, "briefings_tick", at)
    finally:
        await arq.aclose()
    await drain_queues(container, redis_url)


async def test_the_tick_sends_the_morning_briefing_once(
    tg: FakeTelegram, database_url: str, redis_url: str
) -> None:
    olena = tg.updates.user("Olena")
    john = tg.updates.user("John")
    settings = worker_settings_for(database_url, redis_url, tg.base_url, tg.token)
    clock = FixedClock(NOW)
    setup = make_container(settings, Servers(database_url, redis_url), FixedTime(clock))
    try:
        await add_user(setup, next_id(), olena.id, "Europe/Kyiv", morning_at=time(8, 0))
        await add_user(setup, next_id(), john.id, "America/New_York", morning_at=time(8, 0))
    finally:
        await setup.close()

    await run_briefing_tick(tg, database_url, redis_url, clock, NOW)
    clock.advance(timedelta(minutes=1))
    await run_briefing_tick(tg, database_url, redis_url, clock, NOW + timedelta(minutes=1))

    assert len(tg.sent_messages(olena.id)) == 1
    assert tg.sent_messages(john.id) == []  # 01:00 in New York: not yet
    assert len(tg.calls("sendMessage")) == 1
