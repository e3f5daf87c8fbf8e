"""The one dishka container definition, shared by the HTTP app, the bot and the worker.

Providers are grouped by layer. Each process calls `make_container` at start-up; nothing here
runs at import time, and APP-scoped resources (pools, clients) close with the container.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from dishka import AsyncContainer, Provider, Scope, from_context, make_async_container, provide
from psycopg import AsyncConnection
from psycopg_pool import AsyncConnectionPool
from redis.asyncio import Redis

from adapters.observability.metrics import Metrics
from adapters.postgres.pool import PostgresProbe, open_pool
from adapters.redis.client import RedisProbe, open_redis
from application.check_readiness import CheckReadiness
from entrypoints.config import Settings
from entrypoints.runtime import Servers

Pool = AsyncConnectionPool[AsyncConnection]


class ConfigProvider(Provider):
    settings = from_context(provides=Settings, scope=Scope.APP)
    servers = from_context(provides=Servers, scope=Scope.APP)


class InfrastructureProvider(Provider):
    scope = Scope.APP

    @provide
    async def pool(self, servers: Servers) -> AsyncIterator[Pool]:
        async for pool in open_pool(servers.database_url):
            yield pool

    @provide
    def metrics(self) -> Metrics:
        return Metrics()

    @provide
    async def redis(self, servers: Servers) -> AsyncIterator[Redis]:
        async for client in open_redis(servers.redis_url):
            yield client


class ApplicationProvider(Provider):
    scope = Scope.REQUEST

    @provide
    def check_readiness(self, pool: Pool, redis: Redis) -> CheckReadiness:
        return CheckReadiness([PostgresProbe(pool), RedisProbe(redis)])


def make_container(settings: Settings, servers: Servers, *overrides: Provider) -> AsyncContainer:
    """Build the container; `overrides` replace providers (tests swap one without patching)."""
    return make_async_container(
        ConfigProvider(),
        InfrastructureProvider(),
        ApplicationProvider(),
        *overrides,
        context={Settings: settings, Servers: servers},
    )
