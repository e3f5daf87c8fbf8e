"""End to end on PostgreSQL and Redis: an entry the user makes in FatSecret's own app shows in
their day's intake after the worker's hourly import runs (its fan-out job, then the queued
`sync_diary` job, both through the worker's job functions as arq would call them)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from decimal import Decimal
from typing import Any

import pytest
from arq.connections import ArqRedis
from redis.asyncio import Redis

from adapters.memory.system import FixedClock
from adapters.observability.metrics import Metrics
from adapters.redis.job_queue import deserialize_job
from application.ports.unit_of_work import UnitOfWork
from domain.ids import UserId
from domain.meals.entry import EntryOrigin
from domain.meals.intake import daily_intake
from entrypoints.worker.observe import METRICS_KEY
from entrypoints.worker.queues import SHORT_QUEUE
from entrypoints.worker.schedules import import_diaries
from entrypoints.worker.sync_jobs import SYNC_DIARY_JOB, sync_diary
from tests.fakes.fatsecret import FatSecretFake, date_int, running_fatsecret
from tests.fatsecret.product_site import START, Site, link, register_user, running_site


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def fatsecret(clock: FixedClock) -> Iterator[FatSecretFake]:
    with running_fatsecret(clock=clock.now) as fake:
        yield fake


@pytest.fixture
async def site(
    clock: FixedClock, fatsecret: FatSecretFake, database_url: str, redis_url: str
) -> AsyncIterator[Site]:
    async with running_site(clock, fatsecret, database_url, redis_url) as running:
        yield running


async def _job_context(site: Site, request: Any) -> dict[str, Any]:
    """What arq and our worker start-up put in a job's ctx."""
    metrics = await site.container.get(Metrics)
    return {"dishka_request_container": request, METRICS_KEY: metrics, "job_try": 1}


async def _run_hourly_import(site: Site) -> list[str]:
    """The hourly tick, then every `sync_diary` it queued: their outcomes."""
    async with site.container() as request:
        queued = await import_diaries(await _job_context(site, request))  # type: ignore[call-arg]
    assert queued >= 1
    redis = await site.container.get(Redis)
    arq = ArqRedis(redis.connection_pool, job_deserializer=deserialize_job)
    outcomes = []
    for job in await arq.queued_jobs(queue_name=SHORT_QUEUE):
        if job.function != SYNC_DIARY_JOB:
            continue
        async with site.container() as request:
            ctx = await _job_context(site, request)
            outcomes.append(await sync_diary(ctx, *job.args))  # type: ignore[call-arg]
    return outcomes


async def _intake_kcal(site: Site, user_id: UserId) -> Decimal:
    async with site.container() as request:
        uow = await request.get(UnitOfWork)
        async with uow:
            user = await uow.users.get(user_id)
            entries = list(await uow.food_log.all_of(user_id))
    assert user is not None
    assert [e.origin for e in entries] == [EntryOrigin.DIARY] * len(entries)
    return daily_intake(entries, user.local_now(site.clock.now()).date()).total.kcal


async def test_an_entry_made_in_fatsecret_counts_in_the_day_after_the_import_job(
    site: Site,
) -> None:
    user_id = await register_user(site)
    account = await link(site, user_id)
    async with site.container() as request:
        uow = await request.get(UnitOfWork)
        async with uow:
            user = await uow.users.get(user_id)
    assert user is not None
    today = user.local_now(site.clock.now()).date()
    site.fatsecret.add_entry(
        account,
        food_id="35718",
        serving_id="32915",  # 1 medium apple, 182 g, 95 kcal
        number_of_units=1,
        meal="lunch",
        day=date_int(today),
    )
    assert await _intake_kcal(site, user_id) == 0

    outcomes = await _run_hourly_import(site)

    assert outcomes == ["synced"]
    assert await _intake_kcal(site, user_id) == Decimal(95)
