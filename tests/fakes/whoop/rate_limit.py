"""WHOOP's per-app request budget (CONTRACTS §1.5): 100 a minute and 10,000 a day by default.

Sliding windows over admitted requests. Every API response carries the headers
`X-RateLimit-Limit: 100, 100;window=60, 10000;window=86400` (first number: the limit closest to
being hit), `X-RateLimit-Remaining` and `X-RateLimit-Reset` (seconds until that window frees a
slot).

Independently of admission, the budget notes the most requests that ever arrived within 60 seconds,
so a test can assert a client never pushed past the limit (429s included).
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Verdict:
    allowed: bool
    headers: dict[str, str]


@dataclass
class _Window:
    seconds: int
    limit: int
    admitted: deque[float] = field(default_factory=deque)

    def prune(self, now: float) -> None:
        while self.admitted and self.admitted[0] <= now - self.seconds:
            self.admitted.popleft()

    def remaining(self) -> int:
        return max(0, self.limit - len(self.admitted))

    def reset_after(self, now: float) -> int:
        if not self.admitted:
            return 0
        return max(1, math.ceil(self.admitted[0] + self.seconds - now))


@dataclass
class RateBudget:
    per_minute: int = 100
    per_day: int = 10_000
    rejected: int = 0
    max_requests_in_any_minute: int = 0
    _arrivals: deque[float] = field(default_factory=deque)
    _windows: tuple[_Window, ...] = ()

    def __post_init__(self) -> None:
        self._windows = (_Window(60, self.per_minute), _Window(86_400, self.per_day))

    def admit(self, moment: datetime) -> Verdict:
        now = moment.timestamp()
        self._note_arrival(now)
        for window in self._windows:
            window.prune(now)
        allowed = all(window.remaining() > 0 for window in self._windows)
        if allowed:
            for window in self._windows:
                window.admitted.append(now)
        else:
            self.rejected += 1
        return Verdict(allowed, self._headers(now))

    def _note_arrival(self, now: float) -> None:
        self._arrivals.append(now)
        while self._arrivals[0] <= now - 60:
            self._arrivals.popleft()
        self.max_requests_in_any_minute = max(self.max_requests_in_any_minute, len(self._arrivals))

    def _headers(self, now: float) -> dict[str, str]:
        closest = min(self._windows, key=lambda w: (w.remaining(), w.seconds))
        policies = ", ".join(f"{w.limit};window={w.seconds}" for w in self._windows)
        return {
            "X-RateLimit-Limit": f"{closest.limit}, {policies}",
            "X-RateLimit-Remaining": str(closest.remaining()),
            "X-RateLimit-Reset": str(closest.reset_after(now)),
        }
