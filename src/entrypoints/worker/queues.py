"""The two job queues, and the `JobQueue` port that puts each job on its own.

Short jobs (Telegram updates, webhook fetches, ticks, fan-outs, the outbox) run on the default
queue with short timeouts. Syncs that page through a provider's history (the 30-day WHOOP sync
on a new link, the hourly re-syncs that wait on WHOOP's request budget) run on LONG_QUEUE with a
long timeout: one that hangs or crashes then holds up only other syncs, never a chat reply.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import msgspec
from arq.connections import ArqRedis
from dishka import Provider, Scope, provide
from redis.asyncio import Redis

from adapters.redis.job_queue import ArqJobQueue, deserialize_job, serialize_job
from application.connections.complete_connection import SYNC_WEARABLE_JOB
from application.ports.coordination import JobQueue

SHORT_QUEUE = "arq:queue"  # arq's default: what every process queues to unless told
LONG_QUEUE = "health-tracker:long"
LONG_JOBS = frozenset({SYNC_WEARABLE_JOB})


class RoutedJobQueue:
    """The `JobQueue` port (and `unique_for`, as `ArqJobQueue`) sending LONG_JOBS to
    LONG_QUEUE and everything else to the default queue. Job ids are global in arq, so a
    duplicate is refused whichever queue the first one is on."""

    def __init__(self, redis: Redis) -> None:
        def on(queue: str) -> ArqJobQueue:
            arq = ArqRedis(
                redis.connection_pool,
                job_serializer=serialize_job,
                job_deserializer=deserialize_job,
                default_queue_name=queue,
            )
            return ArqJobQueue(arq)

        self._short = on(SHORT_QUEUE)
        self._long = on(LONG_QUEUE)

    async def enqueue(
        self,
        job: str,
        payload: msgspec.Struct,
        *,
        job_id: str | None = None,
        run_at: datetime | None = None,
        unique_for: timedelta | None = None,
    ) -> bool:
        queue = self._long if job in LONG_JOBS else self._short
        return await queue.enqueue(
            job, payload, job_id=job_id, run_at=run_at, unique_for=unique_for
        )


class JobRoutingProvider(Provider):
    """Replaces the `JobQueue` port (listed after JobQueueProvider): every process that queues
    a long job — the HTTP callback that completes a WHOOP link too — puts it on LONG_QUEUE."""

    scope = Scope.APP

    @provide
    def routed(self, redis: Redis) -> RoutedJobQueue:
        return RoutedJobQueue(redis)

    @provide
    def jobs(self, routed: RoutedJobQueue) -> JobQueue:
        return routed
