"""Faults the worker must live through, on the product's container and real servers: a job
whose user is gone, Redis restarting between the queueing and the run (the append-only file
keeps the queue), PostgreSQL unreachable for a while (the job is retried, nothing is lost)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any, Self

import msgspec
from arq.connections import ArqRedis
from dishka import AsyncContainer, Provider, Scope, provide

from adapters.crypto.tokens import TokenCipher
from adapters.embedded import EmbeddedRedis
from adapters.memory.system import FixedClock
from adapters.postgres.unit_of_work import PostgresUnitOfWork
from application.errors import ServiceUnavailableError
from application.ports.unit_of_work import UnitOfWork
from application.sync.sync_wearable import SyncWearableRequest
from domain.ids import UserId
from entrypoints.ioc import make_container
from entrypoints.providers.infrastructure import Pool
from entrypoints.runtime import Servers
from entrypoints.worker.queues import LONG_QUEUE, SHORT_QUEUE
from tests.contracts.seed import next_id
from tests.fakes.telegram import FakeTelegram
from tests.worker.support import (
    FixedTime,
    add_user,
    arq_client,
    cron_job_id,
    drain_queues,
    queue_tick,
    worker_settings_for,
)

NOW = datetime(2025, 3, 4, 6, 0, tzinfo=UTC)  # 08:00 in Kyiv


def container_for(
    tg: FakeTelegram,
    database_url: str,
    redis_url: str,
    *overrides: Provider,
    now: datetime = NOW,
) -> AsyncContainer:
    settings = worker_settings_for(database_url, redis_url, tg.base_url, tg.token)
    servers = Servers(database_url, redis_url)
    return make_container(settings, servers, FixedTime(FixedClock(now)), *overrides)


async def run_burst(
    tg: FakeTelegram,
    database_url: str,
    redis_url: str,
    queues: tuple[str, ...] = ("short",),
    *,
    overrides: tuple[Provider, ...] = (),
    now: datetime = NOW,
    **options: Any,
) -> None:
    container = container_for(tg, database_url, redis_url, *overrides, now=now)
    await drain_queues(container, redis_url, queues, **options)


async def kyiv_user(tg: FakeTelegram, database_url: str, redis_url: str) -> int:
    chat = tg.updates.user("Olena")
    container = container_for(tg, database_url, redis_url)
    try:
        await add_user(container, next_id(), chat.id, "Europe/Kyiv", morning_at=time(8, 0))
    finally:
        await container.close()
    return chat.id


async def test_a_job_for_a_user_deleted_meanwhile_ends_quietly(
    tg: FakeTelegram, database_url: str, redis_url: str
) -> None:
    arq = await arq_client(redis_url)
    gone = UserId(next_id())  # queued for a user who no longer exists
    try:
        await arq.enqueue_job(
            "sync_wearable",
            msgspec.json.encode(SyncWearableRequest(user_id=gone)),
            _job_id=f"sync_wearable:{gone}:x",
            _queue_name=LONG_QUEUE,
        )
        await run_burst(tg, database_url, redis_url, ("long",))
        left = await arq.zcard(LONG_QUEUE)
        retried = await retries_of(arq, f"sync_wearable:{gone}:x")
    finally:
        await arq.aclose()
    assert (left, retried) == (0, 0)  # done, not failed into retries
    assert tg.calls("sendMessage") == []


async def retries_of(arq: ArqRedis, job_id: str) -> int:
    raw = await arq.get(f"arq:retry:{job_id}")
    return int(raw or 0)


async def test_a_queued_tick_survives_a_redis_restart_and_runs_once(
    tg: FakeTelegram, database_url: str, tmp_path: Path
) -> None:
    redis = EmbeddedRedis(tmp_path)
    try:
        redis_url = redis.start()
        chat_id = await kyiv_user(tg, database_url, redis_url)
        arq = await arq_client(redis_url)
        try:
            assert await queue_tick(arq, "briefings_tick", NOW)
        finally:
            await arq.aclose()
        redis.stop()
        redis_url = redis.start()  # the same data directory: the append-only file is read
        await run_burst(tg, database_url, redis_url)
        await run_burst(tg, database_url, redis_url)  # a second worker finds nothing to do
    finally:
        redis.stop()
    assert len(tg.sent_messages(chat_id)) == 1


class Outage:
    """PostgreSQL unreachable for the first `refusals` units of work opened, then back."""

    def __init__(self, refusals: int) -> None:
        self.left = refusals
        self.refused = 0


class UnreachableAtFirst(PostgresUnitOfWork):
    """The real unit of work, failing to begin as the pool does while the server is down."""

    def __init__(self, pool: Pool, cipher: TokenCipher, outage: Outage) -> None:
        super().__init__(pool, cipher)
        self._outage = outage

    async def __aenter__(self) -> Self:
        if self._outage.left > 0:
            self._outage.left -= 1
            self._outage.refused += 1
            raise ServiceUnavailableError("PostgreSQL is unreachable")
        return await super().__aenter__()


class PostgresDownAtFirst(Provider):
    """Test only: the UnitOfWork port through `UnreachableAtFirst` (replaces the real one)."""

    scope = Scope.REQUEST

    def __init__(self, outage: Outage) -> None:
        super().__init__()
        self.outage = outage

    @provide
    def unit_of_work(self, pool: Pool, cipher: TokenCipher) -> UnitOfWork:
        return UnreachableAtFirst(pool, cipher, self.outage)


async def test_a_tick_while_postgres_is_down_is_retried_and_the_briefing_is_not_lost(
    tg: FakeTelegram, database_url: str, redis_url: str
) -> None:
    chat_id = await kyiv_user(tg, database_url, redis_url)
    outage = Outage(refusals=1)
    down = (PostgresDownAtFirst(outage),)
    tick = cron_job_id("briefings_tick", NOW)
    later = NOW + timedelta(minutes=1)
    arq = await arq_client(redis_url)
    try:
        assert await queue_tick(arq, "briefings_tick", NOW)
        # One job per burst: the 08:00 tick meets the outage and is put back with a delay.
        await run_burst(tg, database_url, redis_url, overrides=down, max_burst_jobs=1)
        requeued = await arq.zscore(SHORT_QUEUE, tick) is not None
        sent_while_down = len(tg.sent_messages(chat_id))
        # A cron tick keeps max_tries=1 (arq also holds a cron job's in-progress key): the
        # next minute's tick is its retry in effect, and finds the briefing still due.
        assert await queue_tick(arq, "briefings_tick", later)
        await run_burst(tg, database_url, redis_url, overrides=down, now=later, max_burst_jobs=1)
    finally:
        await arq.aclose()
    assert (outage.refused, requeued, sent_while_down) == (1, True, 0)
    assert len(tg.sent_messages(chat_id)) == 1
