"""arq `WorkerSettings` for a list of job functions, on the shared dishka container.

Jobs get their dependencies with dishka's arq integration (`@inject`, `FromDishka[...]`): each
job runs in a REQUEST scope of its own. Job records use msgspec (see adapters/redis/job_queue.py),
never pickle. The container closes when the worker stops.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from arq.connections import RedisSettings
from dishka import AsyncContainer
from dishka.integrations.arq import setup_dishka

from adapters.redis.job_queue import deserialize_job, serialize_job


def worker_settings(
    container: AsyncContainer,
    redis_url: str,
    functions: Sequence[Any],
    **options: Any,
) -> dict[str, Any]:
    """Keyword arguments for `arq.Worker` (or `arq.run_worker`); `options` add or override
    (e.g. `burst=True` in tests, `queue_name`, `max_jobs`)."""

    async def close_container(ctx: dict[str, Any]) -> None:
        del ctx
        await container.close()

    settings: dict[str, Any] = {
        "functions": list(functions),
        "redis_settings": RedisSettings.from_dsn(redis_url),
        "job_serializer": serialize_job,
        "job_deserializer": deserialize_job,
        "on_shutdown": close_container,
        **options,
    }
    setup_dishka(container, settings)
    return settings
