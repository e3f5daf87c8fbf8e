"""One WHOOP request budget for the whole app, in Redis, shared by every process.

WHOOP allows an app 100 requests a minute and 10,000 a day (CONTRACTS §1.5). Each request takes a
slot in two sliding windows (a sorted set of admission times each) through one Lua script, so
processes never both take the last slot. Sliding, not fixed, windows: a fixed minute lets 2×100
through around its boundary, which WHOOP's own window would refuse.

Priorities: URGENT (a webhook said a record changed, a user is linking) may use every slot;
BACKGROUND (backfills, reconciles) may not use the last `urgent_reserve_*` of a window, so
webhook fetches always find room. Waiting is polite: the script answers how long until a slot
frees, and the caller sleeps that long (bounded per priority, then `ServiceUnavailableError`).

WHOOP's own view wins: `observe` takes `X-RateLimit-Remaining`/`Reset` from every answer — none
left (or a 429) pauses every process until the reset; nearly none left pauses background work.

Time comes from an injected clock and sleeping from an injected `sleep`, so tests run minutes of
budget in milliseconds.
"""

from __future__ import annotations

import asyncio
import enum
import logging
import secrets
from collections.abc import Awaitable, Callable

import msgspec
from redis.asyncio import Redis
from redis.exceptions import RedisError

from application.errors import ServiceUnavailableError
from application.ports.system import Clock

logger = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]

MINUTE_S = 60.0
DAY_S = 86_400.0

# KEYS: minute window, day window, pause for all, pause for background.
# ARGV: now, minute window length, minute limit, day limit, member, background (0/1).
# Returns "0" when a slot was taken, else the seconds to wait (as a string: Lua numbers would
# be truncated to integers on the way out).
_ACQUIRE = """
local now = tonumber(ARGV[1])
local minute_s = tonumber(ARGV[2])
local minute_limit = tonumber(ARGV[3])
local day_limit = tonumber(ARGV[4])
local wait = 0
local paused = tonumber(redis.call('GET', KEYS[3]) or '0')
if paused > now then wait = paused - now end
if ARGV[6] == '1' then
  local held = tonumber(redis.call('GET', KEYS[4]) or '0')
  if held > now and held - now > wait then wait = held - now end
end
if wait > 0 then return tostring(wait) end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - minute_s)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - 86400)
local windows = {{KEYS[1], minute_limit, minute_s}, {KEYS[2], day_limit, 86400}}
for _, w in ipairs(windows) do
  local used = redis.call('ZCARD', w[1])
  if used >= w[2] then
    if w[2] <= 0 then return tostring(w[3]) end
    local oldest = redis.call('ZRANGE', w[1], used - w[2], used - w[2], 'WITHSCORES')
    local frees = tonumber(oldest[2]) + w[3] - now
    if frees > wait then wait = frees end
  end
end
if wait > 0 then return tostring(wait) end
redis.call('ZADD', KEYS[1], now, ARGV[5])
redis.call('ZADD', KEYS[2], now, ARGV[5])
redis.call('EXPIRE', KEYS[1], math.ceil(minute_s) + 60)
redis.call('EXPIRE', KEYS[2], 86400 + 60)
return '0'
"""

# KEYS: a pause key. ARGV: until (epoch seconds), ttl seconds. Only ever moves a pause later.
_PAUSE = """
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > current then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
end
return 0
"""


class Priority(enum.Enum):
    URGENT = "urgent"  # webhook-driven fetches, linking: may use every slot
    BACKGROUND = "background"  # backfills and reconciles: take only what is left


class BudgetLimits(msgspec.Struct, frozen=True, kw_only=True):
    per_minute: int = 100
    per_day: int = 10_000
    # Slots of each window only URGENT requests may take.
    urgent_reserve_per_minute: int = 20
    urgent_reserve_per_day: int = 1_000
    # Our admission time and WHOOP's arrival time differ by the network's delay: count a slot
    # as taken a little longer than WHOOP does.
    margin_s: float = 1.0
    # When fewer than this are left by WHOOP's count, background work waits for the reset.
    background_floor: int = 5
    max_wait_s: float = 30.0  # URGENT
    max_background_wait_s: float = 600.0


class RedisRateBudget:
    def __init__(
        self,
        redis: Redis,
        clock: Clock,
        *,
        limits: BudgetLimits | None = None,
        sleep: Sleep = asyncio.sleep,
        namespace: str = "whoop",
    ) -> None:
        self._redis = redis
        self._clock = clock
        self._sleep = sleep
        self.limits = limits or BudgetLimits()
        prefix = f"{{{namespace}:budget}}"  # one hash slot: the script touches every key
        self._minute = f"{prefix}:minute"
        self._day = f"{prefix}:day"
        self._paused = f"{prefix}:paused"
        self._background_paused = f"{prefix}:background-paused"
        self._acquire = redis.register_script(_ACQUIRE)
        self._pause = redis.register_script(_PAUSE)

    async def acquire(self, priority: Priority) -> None:
        """Take one request slot, waiting for it if need be. Raises `ServiceUnavailableError`
        when the wait would be longer than the priority allows, or Redis is down."""
        limits = self.limits
        background = priority is Priority.BACKGROUND
        per_minute = limits.per_minute - (limits.urgent_reserve_per_minute if background else 0)
        per_day = limits.per_day - (limits.urgent_reserve_per_day if background else 0)
        allowed = limits.max_background_wait_s if background else limits.max_wait_s
        waited = 0.0
        member = secrets.token_hex(8)
        while True:
            wait = await self._try(per_minute, per_day, member, background)
            if wait <= 0:
                return
            if waited + wait > allowed:
                raise ServiceUnavailableError(
                    f"WHOOP request budget exhausted for {priority.value} work"
                )
            logger.debug("WHOOP budget: %s request waits %.2fs", priority.value, wait)
            await self._sleep(wait)
            waited += wait

    async def observe(self, *, remaining: int | None, reset_s: float | None) -> None:
        """What WHOOP said about its own count (headers of any answer)."""
        if remaining is None:
            return
        reset = max(reset_s or 0.0, 1.0)
        if remaining <= 0:
            await self._pause_until(self._paused, reset)
        elif remaining <= self.limits.background_floor:
            await self._pause_until(self._background_paused, reset)

    async def rate_limited(self, *, reset_s: float | None) -> None:
        """WHOOP answered 429: every process waits until its window resets."""
        logger.warning("WHOOP rate-limited us; pausing for %ss", reset_s)
        await self._pause_until(self._paused, max(reset_s or MINUTE_S, 1.0))

    async def _try(self, per_minute: int, per_day: int, member: str, background: bool) -> float:
        now = self._clock.now().timestamp()
        window = MINUTE_S + self.limits.margin_s
        try:
            answer = await self._acquire(
                keys=[self._minute, self._day, self._paused, self._background_paused],
                args=[repr(now), repr(window), per_minute, per_day, member, int(background)],
            )
        except RedisError as error:
            raise ServiceUnavailableError("the request budget (Redis) is unreachable") from error
        return float(answer)

    async def _pause_until(self, key: str, seconds: float) -> None:
        until = self._clock.now().timestamp() + seconds
        try:
            await self._pause(keys=[key], args=[repr(until), int(seconds) + 5])
        except RedisError as error:
            raise ServiceUnavailableError("the request budget (Redis) is unreachable") from error
