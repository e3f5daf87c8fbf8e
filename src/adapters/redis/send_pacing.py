"""Telegram's sending limits, shared by every process through Redis.

Telegram allows about 30 messages a second overall, one a second in a chat and 20 a minute in a
group; going over earns 429s. Rather than send and get refused, each message first reserves its
own slot: one Lua script (atomic in Redis) takes the earliest moment that keeps every message at
least `1/overall` apart from all others and `chat_interval` apart from the chat's previous one,
and records it. The sender sleeps until then. Because reservations are made ahead of time, a
chat waiting for its next second does not hold the other chats back.

Times are integer milliseconds of the injected clock (wall-clock time by default, which every
process on every host shares closely enough through NTP); tests inject a virtual clock.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Awaitable, Callable

from redis.asyncio import Redis
from redis.exceptions import RedisError

from application.errors import ServiceUnavailableError

# A reservation is one member of a sorted set whose score and name are its time in ms. Only the
# slots that can still conflict are kept: those later than `now - gap`.
_RESERVE = """
local now = tonumber(ARGV[1])
local gap = tonumber(ARGV[2])
local chat_gap = tonumber(ARGV[3])
local slot = math.max(now, tonumber(redis.call('GET', KEYS[2]) or '0'))
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - gap)
local taken = redis.call('ZRANGEBYSCORE', KEYS[1], slot - gap + 1, '+inf')
for _, member in ipairs(taken) do
  local other = tonumber(member)
  if other >= slot + gap then break end
  slot = other + gap
end
redis.call('ZADD', KEYS[1], slot, tostring(slot))
local keep = slot - now + gap + 60000
if redis.call('PTTL', KEYS[1]) < keep then redis.call('PEXPIRE', KEYS[1], keep) end
redis.call('SET', KEYS[2], slot + chat_gap, 'PX', slot + chat_gap - now + 60000)
return slot - now
"""

# After a 429 for a chat: its next slot is no sooner than `now + pause`.
_HOLD_OFF = """
local now = tonumber(ARGV[1])
local until_ms = now + tonumber(ARGV[2])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if until_ms > current then
  redis.call('SET', KEYS[1], until_ms, 'PX', until_ms - now + 60000)
end
return 0
"""

Sleep = Callable[[float], Awaitable[None]]


class RedisSendPacer:
    """Slots for outgoing Telegram messages, exact across every process using this Redis.

    `wait_turn(chat_id)` returns when this message may go. It raises `ServiceUnavailableError`
    if Redis cannot be reached (sending blind could earn the whole bot a flood wait)."""

    def __init__(
        self,
        redis: Redis,
        *,
        overall_per_second: float = 30.0,
        chat_interval_s: float = 1.0,
        group_interval_s: float = 3.0,
        clock: Callable[[], float] = time.time,
        sleep: Sleep = asyncio.sleep,
        namespace: str = "telegram-pace",
    ) -> None:
        self._redis = redis
        # Rounded up: never a hair faster than the limit.
        self._gap_ms = math.ceil(1000 / overall_per_second)
        self._chat_gap_ms = math.ceil(chat_interval_s * 1000)
        self._group_gap_ms = math.ceil(group_interval_s * 1000)
        self._clock = clock
        self._sleep = sleep
        # One hash tag: both keys of a script live in one Redis Cluster slot.
        self._prefix = "{" + namespace + "}"
        self._reserve = redis.register_script(_RESERVE)
        self._hold_off = redis.register_script(_HOLD_OFF)

    def _now_ms(self) -> int:
        return math.ceil(self._clock() * 1000)

    def _chat_key(self, chat_id: int) -> str:
        return f"{self._prefix}:chat:{chat_id}"

    async def reserve(self, chat_id: int) -> float:
        """Reserve the next slot for a message to `chat_id`; seconds to wait until it."""
        # Negative ids are groups and channels: 20 messages a minute there.
        chat_gap = self._group_gap_ms if chat_id < 0 else self._chat_gap_ms
        keys = [f"{self._prefix}:all", self._chat_key(chat_id)]
        now = self._clock()
        # Whole milliseconds in Redis, rounded up: the wait is then until the slot itself, so
        # the message goes at its slot and never a fraction of a millisecond before it.
        now_ms = math.ceil(now * 1000)
        try:
            wait_ms = await self._reserve(keys=keys, args=[now_ms, self._gap_ms, chat_gap])
        except RedisError as error:
            raise ServiceUnavailableError("the send pacer's Redis is unreachable") from error
        return max(0.0, (now_ms + int(wait_ms)) / 1000 - now)

    async def wait_turn(self, chat_id: int) -> None:
        wait = await self.reserve(chat_id)
        if wait > 0:
            await self._sleep(wait)

    async def hold_off(self, chat_id: int, seconds: float) -> None:
        """Telegram asked us to wait `seconds` before writing to this chat again (429)."""
        try:
            await self._hold_off(
                keys=[self._chat_key(chat_id)],
                args=[self._now_ms(), math.ceil(seconds * 1000)],
            )
        except RedisError as error:
            raise ServiceUnavailableError("the send pacer's Redis is unreachable") from error
