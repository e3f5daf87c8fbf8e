"""Scenario 4: compose morning briefings for many users from seeded data: seconds and SQL round
trips per 1,000 users.

There is no batch composition yet: this measures what exists, `ComposeMorningBriefing` once per
user on its own unit of work (as a worker's per-user job would run it), 8 at a time over a pool
of 8 connections. Seeded per user: two meals yesterday, and cycles, sleeps and recoveries for
the last 14 days.
"""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime

from cryptography.fernet import Fernet

from adapters.crypto.tokens import TokenCipher
from adapters.memory.system import FixedClock
from adapters.postgres.pool import make_pool
from adapters.postgres.session import open_session
from adapters.postgres.unit_of_work import PostgresUnitOfWork
from application.briefings.compose_morning import ComposeMorningBriefing, ComposeMorningRequest
from bench.common import Context, Row, add_users_sql, fresh_database
from bench.roundtrips import counting_round_trips
from domain.ids import UserId

CONCURRENCY = 8
HISTORY_DAYS = 14

SEED = [
    """INSERT INTO food_entries (id, user_id, eaten_at, local_date, meal, source_text, logged_at,
        status, origin)
    SELECT u.id * 10 + m, u.id, now() - interval '1 day', (now() - interval '1 day')::date,
        CASE m WHEN 0 THEN 'breakfast' ELSE 'dinner' END, 'bench meal', now(), 'logged', 'chat'
    FROM users u CROSS JOIN generate_series(0, 1) AS m""",
    """INSERT INTO food_items (entry_id, position, user_id, name_as_said, canonical_name,
        source_kind, source_ref, food_key, grams, grams_basis, kcal, protein, fat, carbohydrate,
        fiber, sugar)
    SELECT e.id, 0, e.user_id, 'oatmeal', 'Oatmeal', 'usda', '08120', 'usda:08120', 250,
        'stated', 178, 6.3, 3.6, 30.3, 4.3, 0.7
    FROM food_entries e""",
    """INSERT INTO cycles (user_id, id, started_at, ended_at, utc_offset_minutes, score_state,
        strain, energy_kcal, average_heart_rate, max_heart_rate)
    SELECT u.id, 'c' || d, date_trunc('day', now()) - d * interval '1 day' - interval '2 hours',
        date_trunc('day', now()) - (d - 1) * interval '1 day' - interval '2 hours', 120,
        'scored', 10.5, 2400, 62, 171
    FROM users u CROSS JOIN generate_series(0, %(days)s) AS d""",
    """INSERT INTO sleeps (user_id, id, cycle_id, started_at, ended_at, utc_offset_minutes, nap,
        score_state, in_bed, awake, light, deep, rem, performance_pct, efficiency_pct,
        consistency_pct, respiratory_rate, sleep_need)
    SELECT u.id, 's' || d, 'c' || d, date_trunc('day', now()) - d * interval '1 day'
        - interval '2 hours', date_trunc('day', now()) - d * interval '1 day' + interval '5 hours',
        120, false, 'scored', '8 hours', '30 minutes', '4 hours', '2 hours', '90 minutes',
        88, 92, 80, 15.2, '8 hours'
    FROM users u CROSS JOIN generate_series(0, %(days)s) AS d""",
    """INSERT INTO recoveries (user_id, cycle_id, sleep_id, recorded_at, utc_offset_minutes,
        score_state, score_pct, resting_heart_rate, hrv_ms, calibrating)
    SELECT u.id, 'c' || d, 's' || d,
        date_trunc('day', now()) - d * interval '1 day' + interval '5 hours', 120, 'scored',
        40 + (u.id + d) %% 55, 52, 71.3, false
    FROM users u CROSS JOIN generate_series(0, %(days)s) AS d""",
]


async def measure(ctx: Context) -> list[Row]:
    users = 200 if ctx.quick else 10_000
    repeats = ctx.repeats if ctx.quick else min(ctx.repeats, 3)
    seconds, trips = [], []
    with fresh_database(ctx) as db:
        pool = make_pool(db, min_size=CONCURRENCY, max_size=CONCURRENCY)
        await pool.open()
        try:
            async with open_session(pool) as s:
                await s.execute(*add_users_sql(1, users))
                for statement in SEED:
                    await s.execute(statement, {"days": HISTORY_DAYS})
                await s.commit()
                await s.execute("ANALYZE")
            cipher = TokenCipher([Fernet.generate_key()])
            clock = FixedClock(datetime.now(UTC))
            queue: asyncio.Queue[int] = asyncio.Queue()
            composed: list[int] = []

            async def composer() -> None:
                compose = ComposeMorningBriefing(PostgresUnitOfWork(pool, cipher), clock)
                while not queue.empty():
                    user = queue.get_nowait()
                    result = await compose.execute(ComposeMorningRequest(user_id=UserId(user)))
                    composed.append(len(result.text))

            for _ in range(repeats):
                for user in range(1, users + 1):
                    queue.put_nowait(user)
                composed.clear()
                with counting_round_trips() as counter:
                    began = time.perf_counter()
                    await asyncio.gather(*(composer() for _ in range(CONCURRENCY)))
                    seconds.append(time.perf_counter() - began)
                if len(composed) != users or min(composed) == 0:
                    raise RuntimeError("not every briefing was composed")
                trips.append(counter.count * 1000 / users)
        finally:
            await pool.close()
    scale = 10_000 / users
    note = (
        f"{users} users, per-user ComposeMorningBriefing ({CONCURRENCY} concurrent); "
        "no batch composition exists yet: round trips grow with users"
    )
    if scale != 1:
        note += f"; seconds scaled ×{scale:g} to 10,000 users"
    common = {"scenario": "briefing fan-out"}
    return [
        Row(measure="seconds for 10,000 users", unit="s", values=[s * scale for s in seconds],
            target="≤ 5 s", check=lambda v, _: v <= 5, note=note, **common),
        Row(measure="round trips / 1,000 users", unit="", values=trips,
            target="≤ 10", check=lambda v, _: v <= 10, **common),
    ]  # fmt: skip
