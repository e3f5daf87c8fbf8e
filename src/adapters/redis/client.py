"""The process-wide Redis client; created lazily, closed on shutdown."""

from __future__ import annotations

from collections.abc import AsyncIterator

from redis.asyncio import Redis


async def open_redis(url: str) -> AsyncIterator[Redis]:
    client = Redis.from_url(url, socket_timeout=5, socket_connect_timeout=3)
    try:
        yield client
    finally:
        await client.aclose()


class RedisProbe:
    name = "redis"

    def __init__(self, client: Redis) -> None:
        self._client = client

    async def ping(self) -> None:
        await self._client.ping()
