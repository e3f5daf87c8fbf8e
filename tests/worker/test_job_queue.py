"""The `JobQueue` adapter against real Redis: arq reads what it writes, an id is refused while
its job waits or runs (and within `unique_for` after), and Redis being down is a clear error."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import msgspec
import pytest
from arq.connections import ArqRedis
from arq.jobs import Job, JobStatus
from redis.asyncio import Redis

from adapters.redis.job_queue import ArqJobQueue, arq_redis, deserialize_job
from application.errors import ServiceUnavailableError


class Note(msgspec.Struct, frozen=True):
    words: str


@pytest.fixture
async def arq(redis_url: str) -> AsyncIterator[ArqRedis]:
    redis = Redis.from_url(redis_url)
    try:
        yield arq_redis(redis)
    finally:
        await redis.aclose()


async def test_a_queued_job_is_what_arq_itself_would_have_queued(arq: ArqRedis) -> None:
    queue = ArqJobQueue(arq)
    before = datetime.now(UTC)

    assert await queue.enqueue("say", Note("hello"), job_id="j-1")

    job = Job("j-1", arq, _deserializer=deserialize_job)
    assert await job.status() is JobStatus.queued
    info = await job.info()
    assert info is not None
    assert info.function == "say"
    assert [msgspec.json.decode(arg, type=Note) for arg in info.args] == [Note("hello")]
    assert not info.job_try  # as arq stores it: no try yet
    assert before - timedelta(seconds=1) <= info.enqueue_time <= datetime.now(UTC)
    assert await arq.pttl("arq:job:j-1") > 23 * 3600 * 1000  # arq's default: a day


async def test_an_id_is_refused_while_its_job_waits(arq: ArqRedis) -> None:
    queue = ArqJobQueue(arq)
    assert await queue.enqueue("say", Note("a"), job_id="j-2")
    assert not await queue.enqueue("say", Note("b"), job_id="j-2")
    assert await arq.zcard("arq:queue") == 1
    # Done (arq deletes the job key; no result kept): the id may be queued again.
    await arq.delete("arq:job:j-2")
    await arq.zrem("arq:queue", "j-2")
    assert await queue.enqueue("say", Note("c"), job_id="j-2")


async def test_with_unique_for_the_id_is_refused_after_its_job_is_done(arq: ArqRedis) -> None:
    queue = ArqJobQueue(arq)
    assert await queue.enqueue("say", Note("a"), job_id="u-1", unique_for=timedelta(hours=48))
    await arq.delete("arq:job:u-1")
    await arq.zrem("arq:queue", "u-1")

    assert not await queue.enqueue("say", Note("a"), job_id="u-1", unique_for=timedelta(hours=48))
    assert await arq.zcard("arq:queue") == 0
    assert 47 * 3600 < await arq.ttl("job-seen:u-1") <= 48 * 3600


async def test_a_job_with_a_kept_result_is_not_queued_again(arq: ArqRedis) -> None:
    await arq.set("arq:result:r-1", b"x")
    assert not await ArqJobQueue(arq).enqueue("say", Note("a"), job_id="r-1")


async def test_jobs_without_an_id_get_their_own(arq: ArqRedis) -> None:
    queue = ArqJobQueue(arq)
    assert await queue.enqueue("say", Note("a"))
    assert await queue.enqueue("say", Note("a"))
    assert await arq.zcard("arq:queue") == 2


async def test_run_at_defers_the_job(arq: ArqRedis) -> None:
    later = datetime.now(UTC) + timedelta(hours=2)
    assert await ArqJobQueue(arq).enqueue("say", Note("a"), job_id="d-1", run_at=later)
    score = await arq.zscore("arq:queue", "d-1")
    assert score == pytest.approx(later.timestamp() * 1000, abs=1)
    assert await arq.pttl("arq:job:d-1") > 25 * 3600 * 1000  # a day after it is due


async def test_redis_down_is_service_unavailable() -> None:
    redis = Redis.from_url("redis://127.0.0.1:9/0", socket_connect_timeout=0.5)
    try:
        with pytest.raises(ServiceUnavailableError):
            await ArqJobQueue(arq_redis(redis)).enqueue("say", Note("a"), job_id="x")
    finally:
        await redis.aclose()


async def test_updates_arriving_together_are_each_queued_once(arq: ArqRedis) -> None:
    """Concurrent calls share a batch (one pipeline); each still gets its own answer, and an id
    that appears twice in one batch is queued once."""
    queue = ArqJobQueue(arq)
    ids = [f"t-{n % 40}" for n in range(60)]  # 20 ids twice, 20 once

    answers = await asyncio.gather(
        *(queue.enqueue("say", Note(i), job_id=i, unique_for=timedelta(hours=1)) for i in ids)
    )

    assert sum(answers) == 40
    assert await arq.zcard("arq:queue") == 40
    first_seen = {i: a for i, a in zip(ids, answers, strict=True) if a}
    assert sorted(first_seen) == sorted({*ids})


async def test_a_failed_batch_fails_every_call_in_it() -> None:
    redis = Redis.from_url("redis://127.0.0.1:9/0", socket_connect_timeout=0.5)
    try:
        queue = ArqJobQueue(arq_redis(redis))
        answers = await asyncio.gather(
            *(queue.enqueue("say", Note("a"), job_id=f"f-{n}") for n in range(5)),
            return_exceptions=True,
        )
        assert all(isinstance(answer, ServiceUnavailableError) for answer in answers)
    finally:
        await redis.aclose()


async def test_a_run_at_already_past_runs_now_and_its_record_lives_a_day(arq: ArqRedis) -> None:
    long_ago = datetime.now(UTC) - timedelta(days=3)
    assert await ArqJobQueue(arq).enqueue("say", Note("a"), job_id="p-1", run_at=long_ago)
    assert await arq.zscore("arq:queue", "p-1") <= datetime.now(UTC).timestamp() * 1000
    assert await arq.pttl("arq:job:p-1") > 23 * 3600 * 1000
