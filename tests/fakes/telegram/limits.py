"""Telegram's sending limits (bots FAQ): about 1 message/s per chat with short bursts, 20 messages a
minute in a group, about 30 messages/s overall. Token buckets on an injected clock, so a test can
flood a chat deterministically."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class RateLimits:
    per_chat_per_second: float = 1.0
    per_chat_burst: int = 3
    group_per_minute: float = 20.0
    overall_per_second: float = 30.0
    overall_burst: int = 30
    enabled: bool = True


class ManualClock:
    """A clock that moves only when told to: `clock.advance(1.5)`."""

    def __init__(self, start: float = 1_750_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class _Bucket:
    capacity: float
    per_second: float
    tokens: float
    updated: float

    def refill(self, now: float) -> None:
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.per_second)
        self.updated = now

    def wait(self) -> float:
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.per_second


class SendLimiter:
    """Not thread-safe: the fake calls it under its own lock."""

    def __init__(self, limits: RateLimits, clock: Callable[[], float]) -> None:
        self.limits = limits
        self._clock = clock
        self._chats: dict[int, _Bucket] = {}
        self._groups: dict[int, _Bucket] = {}
        self._overall: _Bucket | None = None

    def take(self, chat_id: int, *, is_group: bool) -> int | None:
        """Spend one message from every budget it touches, or return retry_after in seconds
        (spending nothing) when one of them is empty."""
        if not self.limits.enabled:
            return None
        now = self._clock()
        limits = self.limits
        buckets = [
            self._bucket(self._chats, chat_id, limits.per_chat_burst, limits.per_chat_per_second),
            self._overall_bucket(),
        ]
        if is_group:
            per_second = limits.group_per_minute / 60
            buckets.append(self._bucket(self._groups, chat_id, limits.group_per_minute, per_second))
        for bucket in buckets:
            bucket.refill(now)
        wait = max(bucket.wait() for bucket in buckets)
        if wait > 0:
            return max(1, math.ceil(wait))
        for bucket in buckets:
            bucket.tokens -= 1
        return None

    def _bucket(
        self, buckets: dict[int, _Bucket], key: int, capacity: float, per_second: float
    ) -> _Bucket:
        if key not in buckets:
            buckets[key] = _Bucket(capacity, per_second, capacity, self._clock())
        return buckets[key]

    def _overall_bucket(self) -> _Bucket:
        if self._overall is None:
            limits = self.limits
            self._overall = _Bucket(
                limits.overall_burst, limits.overall_per_second, limits.overall_burst, self._clock()
            )
        return self._overall
