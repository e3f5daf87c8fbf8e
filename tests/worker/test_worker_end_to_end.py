"""The worker as deployed: the product's container (default providers, PostgreSQL, Redis, the
fake Telegram over HTTP), `build_workers` in burst mode, and the briefing tick run through
arq. Only the clock is replaced, by a test-only provider."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta

import pytest

from adapters.memory.system import FixedClock
from adapters.observability.metrics import Metrics
from entrypoints.ioc import make_container
from entrypoints.runtime import Servers
from entrypoints.worker.process import build_workers, run_workers
from tests.contracts.seed import next_id
from tests.fakes.telegram import FakeTelegram, RateLimits, running_telegram
from tests.worker.support import FixedTime, add_user, arq_client, queue_tick, worker_settings_for

# 2025-03-04 06:00 UTC: 08:00 in Kyiv, 01:00 in New York.
NOW = datetime(2025, 3, 4, 6, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def telegram_server() -> Iterator[FakeTelegram]:
    with running_telegram() as fake:
        yield fake


@pytest.fixture
def tg(telegram_server: FakeTelegram) -> FakeTelegram:
    telegram_server.reset(rate_limits=RateLimits(enabled=False))
    return telegram_server


async def run_briefing_tick(
    tg: FakeTelegram, database_url: str, redis_url: str, clock: FixedClock, at: datetime
) -> None:
    """One worker process's life: container, Workers (burst), the tick queued, run, closed."""
    settings = worker_settings_for(database_url, redis_url, tg.base_url, tg.token)
    container = make_container(settings, Servers(database_url, redis_url), FixedTime(clock))
    arq = await arq_client(redis_url)
    try:
        assert await queue_tick(arq, "briefings_tick", at)
        metrics = await container.get(Metrics)
        workers = build_workers(
            container, redis_url, metrics, ("short",), burst=True, poll_delay=0.01
        )
        await run_workers(workers)
    finally:
        await arq.aclose()
        await container.close()


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
