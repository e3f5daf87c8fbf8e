"""`Lock` across processes, in Redis: SET NX with a unique value and an expiry.

The expiry must be longer than anything done under the lock (a token refresh with its retries
takes at most ~35 s): a holder that dies frees the lock then, and a holder that outlives it
would let a second one in — so the expiry is generous. Release deletes the key only if it still
holds our value (a Lua compare-and-delete), never someone else's lock that followed an expiry.
"""

from __future__ import annotations

import asyncio
import logging
import random
import secrets
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from redis.asyncio import Redis
from redis.exceptions import RedisError

from application.errors import LockTimeoutError, ServiceUnavailableError

logger = logging.getLogger(__name__)

_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""


class RedisLock:
    def __init__(
        self,
        redis: Redis,
        *,
        expiry_s: float = 60.0,
        poll_s: float = 0.05,
        namespace: str = "lock",
    ) -> None:
        self._redis = redis
        self._expiry_ms = int(expiry_s * 1000)
        self._poll_s = poll_s
        self._namespace = namespace
        self._release = redis.register_script(_RELEASE)

    def hold(self, key: str, *, timeout_s: float) -> AbstractAsyncContextManager[None]:
        return self._hold(f"{self._namespace}:{key}", timeout_s)

    @asynccontextmanager
    async def _hold(self, name: str, timeout_s: float) -> AsyncIterator[None]:
        token = secrets.token_hex(16)
        await self._acquire(name, token, timeout_s)
        try:
            yield
        finally:
            try:
                released = await self._release(keys=[name], args=[token])
            except RedisError:
                logger.warning("could not release lock %s; it expires on its own", name)
            else:
                if not released:
                    logger.warning("lock %s expired while held (expiry too short?)", name)

    async def _acquire(self, name: str, token: str, timeout_s: float) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout_s
        while True:
            try:
                if await self._redis.set(name, token, nx=True, px=self._expiry_ms):
                    return
            except RedisError as error:
                raise ServiceUnavailableError("the lock service (Redis) is unreachable") from error
            left = deadline - loop.time()
            if left <= 0:
                raise LockTimeoutError(f"lock {name!r} is busy")
            # Jitter, so that waiters do not knock in step.
            await asyncio.sleep(min(left, self._poll_s * random.uniform(0.5, 1.5)))  # noqa: S311
