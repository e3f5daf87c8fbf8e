from __future__ import annotations

from collections.abc import AsyncIterator

from dishka import Provider, Scope, provide
from psycopg import AsyncConnection
from psycopg_pool import AsyncConnectionPool
from redis.asyncio import Redis

from adapters.observability.metrics import Metrics
from adapters.postgres.pool import open_pool
from adapters.redis.client import open_redis
from entrypoints.runtime import Servers

Pool = AsyncConnectionPool[AsyncConnection]


class InfrastructureProvider(Provider):
    """Process-wide connections, opened on first use and closed with the container."""

    scope = Scope.APP

    @provide
    async def pool(self, servers: Servers) -> AsyncIterator[Pool]:
        async for pool in open_pool(servers.database_url):
            yield pool

    @provide
    async def redis(self, servers: Servers) -> AsyncIterator[Redis]:
        async for client in open_redis(servers.redis_url):
            yield client

    @provide
    def metrics(self) -> Metrics:
        return Metrics()
