"""What every scenario shares: the run's context, the table's rows, small timing helpers."""

from __future__ import annotations

import socket
import statistics
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import psycopg

from adapters.postgres.migrations import apply_migrations
from tests.support.servers import with_database


@dataclass(frozen=True)
class Context:
    quick: bool
    repeats: int
    postgres_url: str  # a maintenance database: scenarios create their own databases
    redis_url: str  # a Redis database the bench may flush


@dataclass
class Row:
    """One line of the table: samples of the measure and of its baseline, one per repeat."""

    scenario: str
    measure: str
    unit: str
    values: list[float]
    baseline: list[float] | None = None
    baseline_label: str = ""
    target: str = ""
    # Decides "met?" from the medians (value, baseline); None: no target for this row.
    check: Callable[[float, float | None], bool] | None = None
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def value(self) -> float:
        return statistics.median(self.values)

    @property
    def base(self) -> float | None:
        return statistics.median(self.baseline) if self.baseline else None

    @property
    def ratio(self) -> float | None:
        base = self.base
        return self.value / base if base else None

    @property
    def met(self) -> bool | None:
        return None if self.check is None else self.check(self.value, self.base)

    def as_json(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "measure": self.measure,
            "unit": self.unit,
            "median": self.value,
            "min": min(self.values),
            "max": max(self.values),
            "samples": self.values,
            "baseline": None
            if not self.baseline
            else {
                "label": self.baseline_label,
                "median": self.base,
                "min": min(self.baseline),
                "max": max(self.baseline),
                "samples": self.baseline,
            },
            "ratio": self.ratio,
            "target": self.target,
            "met": self.met,
            "note": self.note,
            **({"extra": self.extra} if self.extra else {}),
        }


def percentile(samples: list[float], pct: float) -> float:
    """Nearest-rank percentile (no interpolation: a p99 is a latency somebody really had)."""
    ordered = sorted(samples)
    rank = max(1, round(pct / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


@contextmanager
def stopwatch() -> Iterator[list[float]]:
    """`with stopwatch() as took: ...` then `took[0]` is the seconds the block ran."""
    took: list[float] = []
    began = time.perf_counter()
    try:
        yield took
    finally:
        took.append(time.perf_counter() - began)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def fresh_database(ctx: Context, *, migrated: bool = True) -> Iterator[str]:
    """A database of the bench's own, dropped afterwards."""
    name = f"bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(ctx.postgres_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = with_database(ctx.postgres_url, name)
    try:
        if migrated:
            apply_migrations(url)
        yield url
    finally:
        with psycopg.connect(ctx.postgres_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def add_users_sql(first_id: int, count: int) -> tuple[str, dict[str, int]]:
    """Users `first_id`..`first_id + count - 1` (Telegram id = user id), in one statement."""
    return (
        "INSERT INTO users (id, telegram_user_id, created_at, language, timezone, target_kcal,"
        " target_protein, target_fat, target_carbohydrate, morning_briefing_at,"
        " evening_briefing_at, morning_briefing, evening_briefing, weekly_briefing, blocked_bot)"
        " SELECT g, g, now(), CASE WHEN g %% 2 = 0 THEN 'uk' ELSE 'en' END, 'Europe/Kyiv',"
        " 2000, 100, 70, 250, '08:00', '21:00', true, true, true, false"
        " FROM generate_series(%(first)s::bigint, %(last)s::bigint) AS g ON CONFLICT DO NOTHING",
        {"first": first_id, "last": first_id + count - 1},
    )
