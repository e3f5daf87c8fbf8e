"""One request budget for every process, in a real Redis; minutes pass in virtual time."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta

import msgspec
import pytest
from redis.asyncio import Redis

from adapters.whoop.rate_budget import BudgetLimits, Priority, RedisRateBudget
from application.errors import ServiceUnavailableError
from application.sync.sync_wearable import SyncStatus, SyncWearableRequest
from domain.ids import UserId
from tests.fakes.whoop import ManualClock, running_whoop
from tests.whoop.world import REDIRECT_URI, FakeClock, VirtualTime, world

LIMITS = BudgetLimits(
    per_minute=10,
    per_day=40,
    urgent_reserve_per_minute=3,
    urgent_reserve_per_day=10,
    margin_s=0,
    max_wait_s=120,
    max_background_wait_s=3_600,
)


@pytest.fixture
async def redis(redis_url: str) -> AsyncIterator[Redis]:
    client = Redis.from_url(redis_url)
    yield client
    await client.aclose()


def _budget(
    redis: Redis, manual: ManualClock, time: VirtualTime, limits: BudgetLimits = LIMITS
) -> RedisRateBudget:
    return RedisRateBudget(redis, FakeClock(manual), limits=limits, sleep=time.sleep)


async def _take(budget: RedisRateBudget, priority: Priority, count: int) -> None:
    for _ in range(count):
        await budget.acquire(priority)


async def test_background_work_leaves_the_last_slots_of_a_minute_to_webhooks(
    redis: Redis, manual: ManualClock
) -> None:
    time = VirtualTime(manual)
    budget = _budget(redis, manual, time)
    start = manual()
    async with time.participant():
        await _take(budget, Priority.BACKGROUND, 7)
        assert manual() == start  # 7 = 10 - 3 reserved: no wait
        await _take(budget, Priority.URGENT, 3)
        assert manual() == start  # the reserve is there for urgent work
        await budget.acquire(Priority.BACKGROUND)
    assert manual() - start == timedelta(seconds=60)  # the 8th background slot waited a minute


async def test_two_processes_share_one_budget(redis: Redis, manual: ManualClock) -> None:
    time = VirtualTime(manual)
    first, second = _budget(redis, manual, time), _budget(redis, manual, time)
    start = manual()
    async with time.participant():
        await _take(first, Priority.URGENT, 6)
        await _take(second, Priority.URGENT, 4)
        assert manual() == start
        await second.acquire(Priority.URGENT)
    assert manual() - start == timedelta(seconds=60)


async def test_an_urgent_request_gives_up_rather_than_wait_long(
    redis: Redis, manual: ManualClock
) -> None:
    time = VirtualTime(manual)
    budget = _budget(redis, manual, time, msgspec.structs.replace(LIMITS, max_wait_s=5))
    async with time.participant():
        await _take(budget, Priority.URGENT, 10)
        with pytest.raises(ServiceUnavailableError):
            await budget.acquire(Priority.URGENT)  # a minute is more than its 5 s


async def test_the_day_budget_holds_back_background_work_first(
    redis: Redis, manual: ManualClock
) -> None:
    time = VirtualTime(manual)
    budget = _budget(
        redis, manual, time, msgspec.structs.replace(LIMITS, max_background_wait_s=600)
    )
    async with time.participant():
        await _take(budget, Priority.BACKGROUND, 30)  # 40 a day, 10 of them reserved
        with pytest.raises(ServiceUnavailableError):
            await budget.acquire(Priority.BACKGROUND)  # the next slot frees in a day
        await _take(budget, Priority.URGENT, 10)


async def test_whoops_own_count_wins(redis: Redis, manual: ManualClock) -> None:
    time = VirtualTime(manual)
    budget = _budget(redis, manual, time)
    start = manual()
    async with time.participant():
        await budget.observe(remaining=2, reset_s=20)  # nearly none left, by WHOOP's count
        await budget.acquire(Priority.URGENT)
        assert manual() == start
        await budget.acquire(Priority.BACKGROUND)
        assert manual() - start == timedelta(seconds=20)
        await budget.observe(remaining=0, reset_s=7)
        await budget.acquire(Priority.URGENT)
        assert manual() - start == timedelta(seconds=27)
        await budget.rate_limited(reset_s=None)  # a 429 without a reset: a whole minute
        await budget.acquire(Priority.URGENT)
        assert manual() - start == timedelta(seconds=87)


async def test_a_backfill_of_twenty_users_never_exceeds_whoops_minute(
    redis_url: str, manual: ManualClock
) -> None:
    time = VirtualTime(manual)
    limits = BudgetLimits(per_minute=12, urgent_reserve_per_minute=2, margin_s=0)
    with running_whoop(clock=manual, redirect_uris=[REDIRECT_URI], per_minute=12) as fake:
        async with world(fake, redis_url, manual, limits=limits, time=time) as w:
            users: list[UserId] = []
            for _ in range(20):
                member = fake.add_user()
                fake.generate_history(member.user_id, days=30)
                users.append(await w.connect(member.user_id))
            start = manual()

            async def backfill(user_id: UserId) -> SyncStatus:
                async with time.participant():
                    return (await w.sync().execute(SyncWearableRequest(user_id=user_id))).status

            statuses = await asyncio.gather(*(backfill(u) for u in users))
            async with w.uow() as uow:
                stored = [await uow.recovery.all_of(u) for u in users]
    assert statuses == [SyncStatus.SYNCED] * 20
    assert all(len(s.cycles) >= 29 and s.sleeps and s.recoveries for s in stored)
    api_requests = fake.count() - fake.count("token") - fake.count("authorize")
    assert api_requests >= 20 * 7  # 2 pages of cycles, sleeps, recoveries; 1+ of workouts
    assert fake.max_requests_in_any_minute <= 12
    assert fake.rate_limited_count == 0
    # It took as long as the budget says, not longer: 10 background requests a minute.
    minutes = (manual() - start) / timedelta(minutes=1)
    assert minutes <= api_requests / 10 + 1
