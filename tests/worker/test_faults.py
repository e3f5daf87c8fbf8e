"""Faults the worker must live through, on the product's container and real servers: a job
whose user is gone, Redis restarting between the queueing and the run (the append-only file
keeps the queue)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, time
from pathlib import Path

import msgspec
import pytest
from arq.connections import ArqRedis
from dishka import AsyncContainer

from adapters.embedded import EmbeddedRedis
from adapters.memory.system import FixedClock
from adapters.observability.metrics import Metrics
from application.sync.sync_wearable import SyncWearableRequest
from domain.ids import UserId
from entrypoints.ioc import make_container
from entrypoints.runtime import Servers
from entrypoints.worker.process import build_workers, run_workers
from entrypoints.worker.queues import LONG_QUEUE
from tests.contracts.seed import next_id
from tests.fakes.telegram import FakeTelegram, RateLimits, running_telegram
from tests.worker.support import (
    FixedTime,
    add_user,
    arq_client,
    queue_tick,
    worker_settings_for,
)

NOW = datetime(2025, 3, 4, 6, 0, tzinfo=UTC)  # 08:00 in Kyiv


@pytest.fixture(scope="module")
def telegram_server() -> Iterator[FakeTelegram]:
    with running_telegram() as fake:
        yield fake


@pytest.fixture
def tg(telegram_server: FakeTelegram) -> FakeTelegram:
    telegram_server.reset(rate_limits=RateLimits(enabled=False))
    return telegram_server


def container_for(tg: FakeTelegram, database_url: str, redis_url: str) -> AsyncContainer:
    settings = worker_settings_for(database_url, redis_url, tg.base_url, tg.token)
    return make_container(settings, Servers(database_url, redis_url), FixedTime(FixedClock(NOW)))


async def run_burst(
    tg: FakeTelegram,
    database_url: str,
    redis_url: str,
    queues: tuple[str, ...] = ("short",),
    **options: object,
) -> None:
    container = container_for(tg, database_url, redis_url)
    try:
        metrics = await container.get(Metrics)
        workers = build_workers(
            container, redis_url, metrics, queues, burst=True, poll_delay=0.01, **options
        )
        await run_workers(workers)
    finally:
        await container.close()


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
