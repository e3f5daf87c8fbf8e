"""One worker process: arq Workers for the short and the long queue on one container.

Both queues are served by the same process by default (two `arq.Worker`s on one event loop and
one container): a small deployment runs one command, and a long sync still cannot hold up the
short queue, since each Worker has its own job slots and timeouts. `--queue short|long` runs one
of them, to scale the two apart. The cron table runs on the short queue's Worker; every process
runs it, and the ticks are de-duplicated (see schedules.py).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from arq.connections import RedisSettings
from arq.worker import Worker, async_check_health
from dishka import AsyncContainer

from adapters.observability.metrics import Metrics
from entrypoints.worker.observe import METRICS_KEY, QUEUE_KEY, measured, record_queue_depth
from entrypoints.worker.queues import LONG_QUEUE, SHORT_QUEUE
from entrypoints.worker.schedules import cron_table
from entrypoints.worker.settings import worker_settings
from entrypoints.worker.sync_jobs import long_sync_jobs, short_sync_jobs
from entrypoints.worker.telegram_jobs import telegram_jobs

QUEUES = {"short": SHORT_QUEUE, "long": LONG_QUEUE}
# arq writes a health record this often; a probe reading an older one fails (see check()).
HEALTH_CHECK_INTERVAL_S = 30
SHORT_MAX_JOBS = 20
LONG_MAX_JOBS = 4  # each waits on a provider's request budget: few at a time suffice


def short_functions() -> list[Any]:
    return [measured(f) for f in [*telegram_jobs(), *short_sync_jobs()]]


def build_workers(
    container: AsyncContainer,
    redis_url: str,
    metrics: Metrics,
    queues: Sequence[str] = ("short", "long"),
    *,
    with_cron: bool = True,
    crons: Sequence[Any] | None = None,
    **options: Any,
) -> list[Worker]:
    """The Workers for `queues` ("short", "long"). `options` go to each `arq.Worker` (tests:
    `burst=True`, `poll_delay`). The container is not closed by them: the caller owns it."""
    workers = []
    for queue in queues:
        is_short = queue == "short"
        functions = short_functions() if is_short else [measured(f) for f in long_sync_jobs()]
        table = cron_table() if crons is None else crons
        scheduled = [measured(c) for c in table] if is_short and with_cron else []
        settings = worker_settings(
            container,
            redis_url,
            functions,
            queue_name=QUEUES[queue],
            cron_jobs=scheduled,
            ctx={METRICS_KEY: metrics, QUEUE_KEY: QUEUES[queue]},
            on_job_end=record_queue_depth,
            on_shutdown=None,
            handle_signals=False,
            health_check_interval=HEALTH_CHECK_INTERVAL_S,
            max_jobs=SHORT_MAX_JOBS if is_short else LONG_MAX_JOBS,
            **options,
        )
        workers.append(Worker(**settings))
    return workers


async def run_workers(workers: Sequence[Worker]) -> None:
    """Run until cancelled (or, in burst mode, until the queues are empty); then close."""
    try:
        await asyncio.gather(*(worker.async_run() for worker in workers))
    finally:
        for worker in workers:
            await worker.close()


async def check(redis_url: str, queues: Sequence[str]) -> bool:
    """arq's health check of each queue: a record written within the last interval (its key
    expires after one interval plus a second, so a stopped worker fails within ~31 s)."""
    settings = RedisSettings.from_dsn(redis_url)
    for queue in queues:
        if await async_check_health(settings, queue_name=QUEUES[queue]) != 0:
            return False
    return True
