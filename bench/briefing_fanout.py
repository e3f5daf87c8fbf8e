"""Scenario 4: compose the morning briefings of 10,000 users from seeded data: seconds and SQL
round trips per 1,000 users.

The measured path is the product's: `SendDueBriefings.compose_page`, page after page of the
users due (`PAGE` at a time, one read per store per page), exactly as the briefing tick runs it
before sending; nothing is sent. Its baseline is the per-user path it replaced,
`ComposeMorningBriefing` once per user on its own unit of work, 8 at a time over 8 connections,
on the first `PER_USER_SAMPLE` users only (scaled to 10,000): it is slow and linear.
Seeded per user (all Kyiv, 08:00, due at the fixed `NOW`): two meals yesterday, and cycles,
sleeps and recoveries for the last 14 days.
"""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime

from cryptography.fernet import Fernet
from psycopg_pool import AsyncConnectionPool

from adapters.crypto.tokens import TokenCipher
from adapters.memory.messenger import RecordingMessenger
from adapters.memory.system import FixedClock
from adapters.postgres.pool import make_pool
from adapters.postgres.session import open_session
from adapters.postgres.unit_of_work import PostgresUnitOfWork
from application.briefings.compose_morning import ComposeMorningBriefing, ComposeMorningRequest
from application.briefings.send_due_briefings import PAGE, SendDueBriefings
from bench.common import Context, Row, add_users_sql, fresh_database
from bench.roundtrips import counting_round_trips
from domain.briefings.schedule import BriefingKind
from domain.ids import UserId

CONCURRENCY = 8
HISTORY_DAYS = 14
PER_USER_SAMPLE = 1_000
# 08:05 in Kyiv: every seeded user's morning briefing is due, none sent yet.
NOW = datetime(2025, 3, 4, 6, 5, tzinfo=UTC)

SEED = [
    """INSERT INTO food_entries (id, user_id, eaten_at, local_date, meal, source_text, logged_at,
        status, origin)
    SELECT u.id * 10 + m, u.id, %(now)s - interval '1 day', (%(now)s - interval '1 day')::date,
        CASE m WHEN 0 THEN 'breakfast' ELSE 'dinner' END, 'bench meal', %(now)s, 'logged', 'chat'
    FROM users u CROSS JOIN generate_series(0, 1) AS m""",
    """INSERT INTO food_items (entry_id, position, user_id, name_as_said, canonical_name,
        source_kind, source_ref, food_key, grams, grams_basis, kcal, protein, fat, carbohydrate,
        fiber, sugar)
    SELECT e.id, 0, e.user_id, 'oatmeal', 'Oatmeal', 'usda', '08120', 'usda:08120', 250,
        'stated', 178, 6.3, 3.6, 30.3, 4.3, 0.7
    FROM food_entries e""",
    """INSERT INTO cycles (user_id, id, started_at, ended_at, utc_offset_minutes, score_state,
        strain, energy_kcal, average_heart_rate, max_heart_rate)
    SELECT u.id, 'c' || d, date_trunc('day', %(now)s) - d * interval '1 day' - interval '2 hours',
        date_trunc('day', %(now)s) - (d - 1) * interval '1 day' - interval '2 hours', 120,
        'scored', 10.5, 2400, 62, 171
    FROM users u CROSS JOIN generate_series(0, %(days)s) AS d""",
    """INSERT INTO sleeps (user_id, id, cycle_id, started_at, ended_at, utc_offset_minutes, nap,
        score_state, in_bed, awake, light, deep, rem, performance_pct, efficiency_pct,
        consistency_pct, respiratory_rate, sleep_need)
    SELECT u.id, 's' || d, 'c' || d,
        date_trunc('day', %(now)s) - d * interval '1 day' - interval '2 hours',
        date_trunc('day', %(now)s) - d * interval '1 day' + interval '5 hours', 120,
        false, 'scored', '8 hours', '30 minutes', '4 hours', '2 hours', '90 minutes',
        88, 92, 80, 15.2, '8 hours'
    FROM users u CROSS JOIN generate_series(0, %(days)s) AS d""",
    """INSERT INTO recoveries (user_id, cycle_id, sleep_id, recorded_at, utc_offset_minutes,
        score_state, score_pct, resting_heart_rate, hrv_ms, calibrating)
    SELECT u.id, 'c' || d, 's' || d,
        date_trunc('day', %(now)s) - d * interval '1 day' + interval '5 hours', 120, 'scored',
        40 + (u.id + d) %% 55, 52, 71.3, false
    FROM users u CROSS JOIN generate_series(0, %(days)s) AS d""",
]


async def measure(ctx: Context) -> list[Row]:
    users = 200 if ctx.quick else 10_000
    sample = min(users, 50 if ctx.quick else PER_USER_SAMPLE)
    repeats = ctx.repeats if ctx.quick else min(ctx.repeats, 3)
    seconds, trips, per_user_seconds, per_user_trips = [], [], [], []
    with fresh_database(ctx) as db:
        pool = make_pool(db, min_size=CONCURRENCY, max_size=CONCURRENCY)
        await pool.open()
        try:
            async with open_session(pool) as s:
                await s.execute(*add_users_sql(1, users))
                for statement in SEED:
                    await s.execute(statement, {"days": HISTORY_DAYS, "now": NOW})
                await s.commit()
                await s.execute("ANALYZE")
            cipher = TokenCipher([Fernet.generate_key()])
            clock = FixedClock(NOW)
            messenger = RecordingMessenger()
            tick = SendDueBriefings(PostgresUnitOfWork(pool, cipher), clock, messenger)
            for _ in range(repeats):
                with counting_round_trips() as counter:
                    began = time.perf_counter()
                    composed = await _batched(tick)
                    seconds.append(time.perf_counter() - began)
                if len(composed) != users or min(composed) == 0 or messenger.sent:
                    raise RuntimeError("not every briefing was composed (or one was sent)")
                trips.append(counter.count * 1000 / users)
                with counting_round_trips() as counter:
                    began = time.perf_counter()
                    composed = await _per_user(pool, cipher, clock, sample)
                    per_user_seconds.append((time.perf_counter() - began) * 10_000 / sample)
                if len(composed) != sample or min(composed) == 0:
                    raise RuntimeError("not every per-user briefing was composed")
                per_user_trips.append(counter.count * 1000 / sample)
        finally:
            await pool.close()
    scale = 10_000 / users
    note = (
        f"{users} users, SendDueBriefings.compose_page ({PAGE} a page, one read per store); "
        f"baseline: per-user ComposeMorningBriefing on {sample} users, {CONCURRENCY} concurrent,"
        " scaled to 10,000"
    )
    if scale != 1:
        note += f"; seconds scaled ×{scale:g} to 10,000 users"
    name, base = "briefing fan-out", "per-user"
    return [
        Row(measure="seconds for 10,000 users", unit="s", values=[s * scale for s in seconds],
            baseline=per_user_seconds, target="≤ 5 s", check=lambda v, _: v <= 5, note=note,
            scenario=name, baseline_label=base),
        Row(measure="round trips / 1,000 users", unit="", values=trips,
            baseline=per_user_trips, target="≤ 10", check=lambda v, _: v <= 10,
            scenario=name, baseline_label=base),
    ]  # fmt: skip


async def _batched(tick: SendDueBriefings) -> list[int]:
    """The lengths of the texts the briefing tick would send now, composed as it composes."""
    lengths: list[int] = []
    after: UserId | None = None
    while True:
        page, composed = await tick.compose_page(BriefingKind.MORNING, NOW, after=after, limit=PAGE)
        lengths.extend(len(item.text) for item in composed)
        if page.last is None:
            return lengths
        after = page.last


async def _per_user(
    pool: AsyncConnectionPool, cipher: TokenCipher, clock: FixedClock, users: int
) -> list[int]:
    """Users 1..`users` one at a time each, `CONCURRENCY` at once (the path before batching)."""
    queue: asyncio.Queue[int] = asyncio.Queue()
    for user in range(1, users + 1):
        queue.put_nowait(user)
    lengths: list[int] = []

    async def composer() -> None:
        compose = ComposeMorningBriefing(PostgresUnitOfWork(pool, cipher), clock)
        while not queue.empty():
            user = queue.get_nowait()
            result = await compose.execute(ComposeMorningRequest(user_id=UserId(user)))
            lengths.append(len(result.text))

    await asyncio.gather(*(composer() for _ in range(CONCURRENCY)))
    return lengths
