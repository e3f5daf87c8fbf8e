"""The Redis lock: one holder at a time across processes, a timeout, and an expiry that never
lets a late holder release someone else's lock."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from adapters.redis.lock import RedisLock
from application.errors import LockTimeoutError


@pytest.fixture
async def redis(redis_url: str) -> AsyncIterator[Redis]:
    client = Redis.from_url(redis_url)
    yield client
    await client.aclose()


async def test_one_holder_at_a_time(redis: Redis, redis_url: str) -> None:
    other = Redis.from_url(redis_url)  # two connections, as two processes would have
    locks = RedisLock(redis, poll_s=0.005), RedisLock(other, poll_s=0.005)
    inside = most = 0

    async def work(lock: RedisLock) -> None:
        nonlocal inside, most
        async with lock.hold("user:1", timeout_s=5):
            inside += 1
            most = max(most, inside)
            await asyncio.sleep(0.002)
            inside -= 1

    await asyncio.gather(*(work(locks[n % 2]) for n in range(20)))
    await other.aclose()
    assert most == 1
    assert await redis.exists("lock:user:1") == 0  # released


async def test_a_busy_lock_times_out(redis: Redis) -> None:
    lock = RedisLock(redis, poll_s=0.005)
    async with lock.hold("user:2", timeout_s=1):
        with pytest.raises(LockTimeoutError):
            async with lock.hold("user:2", timeout_s=0.05):
                pass
    async with lock.hold("user:2", timeout_s=0.05):
        pass  # free again


async def test_a_holder_past_its_expiry_leaves_the_next_holders_lock_alone(redis: Redis) -> None:
    stuck = RedisLock(redis, expiry_s=0.1, poll_s=0.005)
    patient = RedisLock(redis, poll_s=0.005)
    taken, done = asyncio.Event(), asyncio.Event()

    async def next_holder() -> None:
        async with patient.hold("user:3", timeout_s=2):  # gets it once the expiry frees it
            taken.set()
            await done.wait()

    async with stuck.hold("user:3", timeout_s=1):
        waiting = asyncio.create_task(next_holder())
        await taken.wait()  # the stuck holder outlived its expiry; the next one holds it now
    held_after_stuck_left = await redis.get("lock:user:3")
    done.set()
    await waiting
    assert held_after_stuck_left is not None
    assert await redis.get("lock:user:3") is None
