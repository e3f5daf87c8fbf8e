"""Scenario 3: a year of WHOOP history (cycles, sleeps, recoveries, ~300 workouts) through the
real gateway from the fake into PostgreSQL, against a plain COPY of the same rows and against
fetch+decode alone.

The fake's and the adapter's request budgets are raised far above WHOOP's 100 a minute: the
question here is the machine's speed, not WHOOP's quota (bench/whoop_budget_simulation.py is).
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography.fernet import Fernet
from redis.asyncio import Redis

from adapters.crypto.tokens import TokenCipher
from adapters.postgres.pool import make_pool
from adapters.postgres.session import open_session
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
from adapters.postgres.system import SystemClock
from adapters.postgres.unit_of_work import PostgresUnitOfWork
from adapters.whoop.config import WhoopConfig
from adapters.whoop.gateway import WhoopGateway
from adapters.whoop.http_client import new_http_client
from adapters.whoop.rate_budget import BudgetLimits, RedisRateBudget
from adapters.whoop.transport import WhoopTransport
from application.ports.connections import ProviderCredentials
from bench.common import Context, Row, add_users_sql, fresh_database
from domain.ids import UserId
from domain.recovery.records import RecoveryRecords
from tests.fakes.whoop import WhoopFake

UNLIMITED = BudgetLimits(
    per_minute=10**7, per_day=10**9, urgent_reserve_per_minute=0, urgent_reserve_per_day=0
)


def _copy_rows(user: UserId, records: RecoveryRecords) -> list[tuple[Any, list[tuple[Any, ...]]]]:
    return [
        (CYCLES, [cycle_row(user, c) for c in records.cycles]),
        (SLEEPS, [sleep_row(user, s) for s in records.sleeps]),
        (RECOVERIES, [recovery_row(user, r) for r in records.recoveries]),
        (WORKOUTS, [workout_row(user, w) for w in records.workouts]),
    ]


async def measure(ctx: Context) -> list[Row]:  # noqa: PLR0915 - one measured sequence
    days = 30 if ctx.quick else 365
    fake = WhoopFake(per_minute=10**7, per_day=10**9)
    member = fake.add_user()
    fake.generate_history(member.user_id, days=days)
    token = fake.issue_tokens(member.user_id).access_token
    end = datetime.now(UTC) + timedelta(days=1)
    start = end - timedelta(days=days + 3)
    upsert_rate, copy_rate, totals, fetches = [], [], [], []
    count = 0
    with fake.serving(), fresh_database(ctx) as db:
        redis = Redis.from_url(ctx.redis_url)
        http = new_http_client()
        config = WhoopConfig(
            client_id=fake.client_id, client_secret=fake.client_secret,
            redirect_uri="http://127.0.0.1/whoop/callback",
            api_base_url=fake.api_base_url, oauth_base_url=f"{fake.oauth_base_url}/oauth2",
        )  # fmt: skip
        budget = RedisRateBudget(redis, SystemClock(), limits=UNLIMITED, namespace="bench-whoop")
        gateway = WhoopGateway(WhoopTransport(http, config, budget))
        credentials = ProviderCredentials(access_token=token)
        cipher = TokenCipher([Fernet.generate_key()])
        pool = make_pool(db, max_size=2)
        await pool.open()
        try:
            async with open_session(pool) as s:
                await s.execute(*add_users_sql(1, ctx.repeats * 2 + 1))
                await s.commit()
            await gateway.fetch(credentials, start, end)  # warm: connections, code paths
            for run in range(ctx.repeats):
                user_upsert, user_copy = UserId(2 * run + 1), UserId(2 * run + 2)
                # fetch + decode alone
                t0 = time.perf_counter()
                records = await gateway.fetch(credentials, start, end)
                fetches.append(time.perf_counter() - t0)
                count = records.count
                # the whole backfill: fetch, decode, upsert, commit
                t0 = time.perf_counter()
                records = await gateway.fetch(credentials, start, end)
                t1 = time.perf_counter()
                uow = PostgresUnitOfWork(pool, cipher)
                async with uow:
                    await uow.recovery.upsert(user_upsert, records)
                    await uow.commit()
                t2 = time.perf_counter()
                totals.append(t2 - t0)
                upsert_rate.append(count / (t2 - t1))
                # baseline: the same rows by plain COPY into the tables, commit included
                rows = _copy_rows(user_copy, records)
                t0 = time.perf_counter()
                async with open_session(pool) as s:
                    for table, values in rows:
                        columns = ", ".join(table.columns)
                        await s.copy_in(f"COPY {table.name} ({columns}) FROM STDIN", values)
                    await s.commit()
                copy_rate.append(count / (time.perf_counter() - t0))
        finally:
            await pool.close()
            await http.aclose()
            await redis.aclose()
    note = f"{days} days = {count} records (upsert: the adapter's store, row building included)"
    common = {"scenario": "WHOOP backfill"}
    return [
        Row(measure="upsert rate", unit="rec/s", values=upsert_rate, baseline=copy_rate,
            baseline_label="COPY", target="≥ 50 % of COPY",
            check=lambda v, b: b is not None and v >= 0.5 * b, note=note, **common),
        Row(measure="total (fetch+decode+upsert)", unit="s", values=totals, baseline=fetches,
            baseline_label="fetch+decode", target="≤ 1.5 × fetch+decode",
            check=lambda v, b: b is not None and v <= 1.5 * b, **common),
    ]  # fmt: skip
