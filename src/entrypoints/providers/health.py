from __future__ import annotations

from dishka import Provider, Scope, provide
from redis.asyncio import Redis

from adapters.postgres.pool import PostgresProbe
from adapters.redis.client import RedisProbe
from application.check_readiness import CheckReadiness
from entrypoints.providers.infrastructure import Pool


class HealthProvider(Provider):
    scope = Scope.REQUEST

    @provide
    def check_readiness(self, pool: Pool, redis: Redis) -> CheckReadiness:
        return CheckReadiness([PostgresProbe(pool), RedisProbe(redis)])
