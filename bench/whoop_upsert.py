"""How fast WHOOP records go into PostgreSQL: executemany vs COPY, 10,000 rows per run.

    .venv/bin/python bench/whoop_upsert.py            # an embedded PostgreSQL in a temp dir
    DATABASE_URL=postgresql://… .venv/bin/python bench/whoop_upsert.py   # a server of yours
                                                      # (the tables are emptied: not production!)

Each run writes 2,500 cycles, sleeps, recoveries and workouts (10,000 rows) in one transaction
through the adapter's own `upsert_many` and `copy_upsert`, three times in a row: into empty
tables (inserts), again with changed scores (updates), and again unchanged (rows skipped).
Prints rows per second, the median of five runs, commit included.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from adapters.embedded import EmbeddedPostgres
from adapters.postgres.bulk import UpsertTable, copy_upsert, upsert_many
from adapters.postgres.migrations import apply_migrations
from adapters.postgres.pool import make_pool
from adapters.postgres.session import Session, open_session
from adapters.postgres.stores.recovery import (
    CYCLES,
    RECOVERIES,
    SLEEPS,
    WORKOUTS,
    cycle_row,
    recovery_row,
    sleep_row,
    workout_row,
)
from domain.ids import UserId
from domain.recovery.records import (
    Cycle,
    CycleScore,
    Recovery,
    RecoveryScore,
    ScoreState,
    Sleep,
    SleepScore,
    SleepStages,
    Workout,
    WorkoutScore,
)

DAYS = 2_500  # × 4 kinds = 10,000 rows
RUNS = 5
USER = UserId(1)
START = datetime(2019, 1, 1, 22, tzinfo=UTC)
Batch = list[tuple[UpsertTable, list[tuple[Any, ...]]]]
Way = Callable[[Session, UpsertTable, Sequence[Sequence[Any]]], Awaitable[None]]


def records(strain: str) -> Batch:
    """A night and a day of records per day, as a sync would write them."""
    cycles, sleeps, recoveries, workouts = [], [], [], []
    for day in range(DAYS):
        start = START + timedelta(days=day)
        cycle_id, sleep_id = str(10**8 + day), f"00000000-0000-4000-8000-{day:012d}"
        stages = SleepStages(in_bed=timedelta(hours=8), awake=timedelta(minutes=30),
                             light=timedelta(hours=4), deep=timedelta(hours=2),
                             rem=timedelta(hours=1, minutes=30))  # fmt: skip
        cycles.append(Cycle(
            id=cycle_id, start=start, end=start + timedelta(days=1), utc_offset_minutes=120,
            score_state=ScoreState.SCORED,
            score=CycleScore(strain=Decimal(strain), energy_kcal=Decimal("2412.5"),
                             average_heart_rate=62, max_heart_rate=171),
        ))  # fmt: skip
        sleeps.append(Sleep(
            id=sleep_id, cycle_id=cycle_id, start=start, end=start + timedelta(hours=8),
            utc_offset_minutes=120, nap=False, score_state=ScoreState.SCORED,
            score=SleepScore(stages=stages, performance_pct=Decimal(strain) * 7,
                             respiratory_rate=Decimal("15.2"), need=timedelta(hours=8)),
        ))  # fmt: skip
        recoveries.append(Recovery(
            cycle_id=cycle_id, sleep_id=sleep_id, recorded_at=start + timedelta(hours=8),
            utc_offset_minutes=120, score_state=ScoreState.SCORED,
            score=RecoveryScore(score_pct=Decimal(strain) * 6, resting_heart_rate=Decimal(52),
                                hrv_ms=Decimal("71.3"), spo2_pct=Decimal("96.5")),
        ))  # fmt: skip
        workouts.append(Workout(
            id=f"10000000-0000-4000-8000-{day:012d}", start=start + timedelta(hours=20),
            end=start + timedelta(hours=21), utc_offset_minutes=120, sport="running",
            score_state=ScoreState.SCORED,
            score=WorkoutScore(strain=Decimal(strain), energy_kcal=Decimal(640),
                               average_heart_rate=151, max_heart_rate=183,
                               distance_m=Decimal(10_020)),
        ))  # fmt: skip
    return [
        (CYCLES, [cycle_row(USER, c) for c in cycles]),
        (SLEEPS, [sleep_row(USER, s) for s in sleeps]),
        (RECOVERIES, [recovery_row(USER, r) for r in recoveries]),
        (WORKOUTS, [workout_row(USER, w) for w in workouts]),
    ]


async def write(pool: Any, way: Way, batch: Batch) -> float:
    """Seconds to write the batch in one transaction, commit included."""
    began = time.perf_counter()
    async with open_session(pool) as session:
        for table, rows in batch:
            await way(session, table, rows)
        await session.commit()
    return time.perf_counter() - began


async def empty_tables(pool: Any) -> None:
    async with open_session(pool) as session:
        await session.execute("TRUNCATE cycles, sleeps, recoveries, workouts")
        await session.execute(
            "INSERT INTO users (id, created_at, language, timezone, target_kcal, target_protein,"
            " target_fat, target_carbohydrate, morning_briefing_at, evening_briefing_at,"
            " morning_briefing, evening_briefing, weekly_briefing, blocked_bot)"
            " VALUES (1, now(), 'uk', 'Europe/Kyiv', 2000, 100, 70, 250, '08:00', '21:00',"
            " true, true, true, false) ON CONFLICT DO NOTHING"
        )
        await session.commit()


async def measure(url: str) -> dict[str, dict[str, float]]:
    first, changed = records("10.5"), records("12.25")
    rows = sum(len(r) for _, r in first)
    results: dict[str, dict[str, float]] = {}
    async with make_pool(url, max_size=1) as pool:
        for name, way in (("executemany", upsert_many), ("COPY", copy_upsert)):
            seconds: dict[str, list[float]] = {"insert": [], "update": [], "unchanged": []}
            for _ in range(RUNS):
                await empty_tables(pool)
                seconds["insert"].append(await write(pool, way, first))
                seconds["update"].append(await write(pool, way, changed))
                seconds["unchanged"].append(await write(pool, way, changed))
            results[name] = {k: rows / statistics.median(v) for k, v in seconds.items()}
    return results


def main() -> None:
    url = os.environ.get("DATABASE_URL")
    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        server = None
        if url is None:
            server = EmbeddedPostgres(Path(scratch), database="bench")
            url = server.start()
        try:
            apply_migrations(url)
            results = asyncio.run(measure(url))
        finally:
            if server is not None:
                server.stop()
    out = sys.stdout
    out.write(f"WHOOP upsert, {DAYS * 4:,} rows in one transaction, median of {RUNS} runs\n")
    out.write(f"{'rows/s':>12} {'insert':>10} {'update':>10} {'unchanged':>10}\n")
    for name, figures in results.items():
        cells = " ".join(f"{figures[k]:>10,.0f}" for k in ("insert", "update", "unchanged"))
        out.write(f"{name:>12} {cells}\n")


if __name__ == "__main__":
    main()
