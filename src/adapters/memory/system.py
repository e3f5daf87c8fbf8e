"""A clock that only moves when told, and ids and secrets that count up: deterministic runs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain.local_time import require_aware


class FixedClock:
    def __init__(self, now: datetime) -> None:
        self._now = require_aware(now).astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def set(self, now: datetime) -> None:
        self._now = require_aware(now).astimezone(UTC)

    def advance(self, by: timedelta) -> None:
        self._now += by


class SequentialIds:
    def __init__(self, start: int = 1) -> None:
        self._next = start

    def next_id(self) -> int:
        value = self._next
        self._next += 1
        return value


class SequentialSecrets:
    """Predictable "secrets" for tests; never use outside them."""

    def __init__(self, prefix: str = "test-state") -> None:
        self._prefix = prefix
        self._count = 0

    def token(self) -> str:
        self._count += 1
        return f"{self._prefix}-{self._count:08d}"
