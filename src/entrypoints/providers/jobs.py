"""Background jobs in the container: arq over the process's Redis pool as the `JobQueue` port,
the Telegram webhook's intake (which queues each update), and — for a process that runs no
bot, such as the HTTP app — the `Messenger` port as jobs the worker sends.

Nothing here imports the Telegram client: the HTTP app is built from these.
"""

from __future__ import annotations

from arq.connections import ArqRedis
from dishka import Provider, Scope, alias, provide
from redis.asyncio import Redis

from adapters.redis.job_queue import ArqJobQueue, arq_redis
from adapters.telegram.queued_messenger import QueuedMessenger
from application.ports.coordination import JobQueue
from application.ports.messenger import Messenger
from entrypoints.bot.config import webhook_secret
from entrypoints.bot.intake import UpdateIntake
from entrypoints.config import Settings

__all__ = ["JobQueueProvider", "QueuedMessengerProvider"]


class JobQueueProvider(Provider):
    scope = Scope.APP

    @provide
    def arq(self, redis: Redis) -> ArqRedis:
        return arq_redis(redis)

    @provide
    def jobs(self, arq: ArqRedis) -> ArqJobQueue:
        return ArqJobQueue(arq)

    jobs_port = alias(source=ArqJobQueue, provides=JobQueue)

    @provide
    def intake(self, settings: Settings, jobs: ArqJobQueue) -> UpdateIntake:
        return UpdateIntake(webhook_secret(settings), jobs)


class QueuedMessengerProvider(Provider):
    """Messages as jobs, for a process without the bot (the worker sends them)."""

    scope = Scope.APP

    @provide
    def messenger(self, jobs: JobQueue) -> Messenger:
        return QueuedMessenger(jobs)
