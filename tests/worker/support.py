"""The real worker on the product's container for tests: settings pointing at the test servers
and the fake Telegram, a fixed clock through a test-only provider, users stored through the
container's own unit of work, and ticks queued the way arq's cron would queue them."""

from __future__ import annotations

from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

from arq import create_pool
from arq.connections import ArqRedis, RedisSettings
from cryptography.fernet import Fernet
from dishka import AsyncContainer, Provider, Scope, provide

from adapters.memory.system import FixedClock
from adapters.observability.metrics import Metrics
from adapters.redis.job_queue import deserialize_job, serialize_job
from application.ports.system import Clock
from application.ports.unit_of_work import UnitOfWork
from domain.ids import UserId
from domain.users import BriefingSettings, Language, User
from entrypoints.config import Settings, load_settings
from entrypoints.worker.process import build_workers, run_workers
from entrypoints.worker.queues import SHORT_QUEUE

# One key for every worker of a test run: tokens written by one process are read by another.
TOKEN_KEY = Fernet.generate_key().decode()


def worker_env(
    database_url: str, redis_url: str, telegram_base_url: str, token: str
) -> dict[str, str]:
    return {
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "TOKEN_ENCRYPTION_KEYS": TOKEN_KEY,
        "TELEGRAM_BOT_TOKEN": token,
        "TELEGRAM_API_BASE_URL": telegram_base_url,
        # Configured (nothing calls WHOOP in these tests): its jobs can be built.
        "WHOOP_CLIENT_ID": "test-client",
        "WHOOP_CLIENT_SECRET": "test-secret",
        "PUBLIC_BASE_URL": "https://health.example.com",
    }


def worker_settings_for(
    database_url: str, redis_url: str, telegram_base_url: str, token: str
) -> Settings:
    env = worker_env(database_url, redis_url, telegram_base_url, token)
    return load_settings(env, dotenv=Path("/nonexistent/.env"))


class FixedTime(Provider):
    """Test only: the Clock port at a moment the test chooses (replaces SystemClock)."""

    scope = Scope.APP

    def __init__(self, clock: FixedClock) -> None:
        super().__init__()
        self.fixed = clock

    @provide
    def clock(self) -> Clock:
        return self.fixed


async def add_user(
    container: AsyncContainer,
    user_id: int,
    telegram_user_id: int,
    timezone: str,
    *,
    morning_at: time = time(8, 0),
) -> User:
    user = User(
        id=UserId(user_id),
        telegram_user_id=telegram_user_id,
        created_at=datetime(2025, 1, 1, tzinfo=UTC),
        language=Language.EN,
        timezone=timezone,
        briefings=BriefingSettings(morning_at=morning_at),
    )
    async with container() as request:
        uow = await request.get(UnitOfWork)
        async with uow:
            await uow.users.add(user)
            await uow.commit()
    return user


def cron_job_id(name: str, at: datetime) -> str:
    """The id arq's cron gives a `unique=True` tick scheduled at `at` (arq.worker.run_cron)."""
    return f"{name}:{int(at.timestamp() * 1000)}"


async def arq_client(redis_url: str) -> ArqRedis:
    return await create_pool(
        RedisSettings.from_dsn(redis_url),
        job_serializer=serialize_job,
        job_deserializer=deserialize_job,
        default_queue_name=SHORT_QUEUE,
    )


async def queue_tick(arq: ArqRedis, name: str, at: datetime) -> bool:
    """Queue the cron tick `name` for the moment `at`, as every worker's cron would: one id for
    all of them, so only the first queues it."""
    return await arq.enqueue_job(name, _job_id=cron_job_id(name, at)) is not None


async def drain_queues(
    container: AsyncContainer,
    redis_url: str,
    queues: tuple[str, ...] = ("short",),
    **options: Any,
) -> None:
    """The worker on `container` runs what is queued on `queues`, then stops (burst mode); the
    container is closed afterwards, as a worker process's is."""
    try:
        metrics = await container.get(Metrics)
        workers = build_workers(
            container, redis_url, metrics, queues, burst=True, poll_delay=0.01, **options
        )
        await run_workers(workers)
    finally:
        await container.close()
