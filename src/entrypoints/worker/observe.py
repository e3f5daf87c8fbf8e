"""Job metrics into the process's `Metrics`: each job's duration by name and outcome, and the
depth of the worker's queue after each job. Outcomes: ok, retry (arq `Retry`: an outage), error."""

from __future__ import annotations

import dataclasses
import functools
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from arq import Retry
from arq.connections import ArqRedis

from adapters.observability.metrics import Metrics

METRICS_KEY = "metrics"
QUEUE_KEY = "queue_name"

J = TypeVar("J")  # an arq Function or CronJob


def measured(job: J) -> J:
    """The same arq Function / CronJob, its coroutine timed into ctx["metrics"] if present."""
    name: str = job.name  # type: ignore[attr-defined]
    coroutine: Callable[..., Awaitable[Any]] = job.coroutine  # type: ignore[attr-defined]

    @functools.wraps(coroutine)
    async def timed(ctx: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        metrics: Metrics | None = ctx.get(METRICS_KEY)
        started = time.perf_counter()
        outcome = "error"
        try:
            result = await coroutine(ctx, *args, **kwargs)
            outcome = "ok"
            return result
        except Retry:
            outcome = "retry"
            raise
        finally:
            if metrics is not None:
                elapsed = time.perf_counter() - started
                metrics.job_duration.labels(job=name, outcome=outcome).observe(elapsed)

    return dataclasses.replace(job, coroutine=timed)  # type: ignore[type-var]


async def record_queue_depth(ctx: dict[str, Any]) -> None:
    """arq's on_job_end hook: how many jobs wait in this worker's queue (one ZCARD)."""
    metrics: Metrics | None = ctx.get(METRICS_KEY)
    redis: ArqRedis | None = ctx.get("redis")
    queue: str | None = ctx.get(QUEUE_KEY)
    if metrics is None or redis is None or queue is None:
        return
    metrics.queue_depth.labels(queue=queue).set(await redis.zcard(queue))
