"""Scenario 6: the footprint of the two long-lived processes, pointed at servers that are
already running (no embedded database boot).

- `health-tracker serve`: start to the first answer of /health/live; RSS after 200 requests.
- `health-tracker worker`: start to its first job done (a message queued before it started,
  sent to the fake Telegram); RSS after it has handled 200 Telegram updates (food logs from
  20 chats: the offline interpreter, PostgreSQL, replies to the fake Telegram).
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import msgspec
import redis
from cryptography.fernet import Fernet
from redis.asyncio import Redis

from adapters.redis.job_queue import ArqJobQueue, arq_redis
from adapters.telegram.queued_messenger import SEND_MESSAGE_JOB, QueuedMessage
from bench.common import Context, Row, free_port, fresh_database
from bench.processes import child, child_env, python, rss_mb, wait_until_answers
from entrypoints.bot.intake import PROCESS_UPDATE_JOB, QueuedUpdate
from tests.fakes.telegram import FakeTelegram, RateLimits, running_telegram

WARMUP_REQUESTS = 200
WARMUP_UPDATES = 200
CHATS = 20
MEALS = ("2 eggs and a banana", "гречка 200 г і курка 150 г", "an apple", "кава з молоком")


def _cli() -> list[str]:
    script = Path(python()).parent / "health-tracker"
    if script.exists():
        return [str(script)]
    return [python(), "-c", "from entrypoints.cli import main; main()"]


def _env(ctx: Context, db: str, data: str, tg: FakeTelegram, **extra: str) -> dict[str, str]:
    return child_env(
        DATABASE_URL=db, REDIS_URL=ctx.redis_url, DATA_DIR=data, LOG_LEVEL="WARNING",
        TELEGRAM_BOT_TOKEN=tg.token, TELEGRAM_API_BASE_URL=tg.base_url,
        TOKEN_ENCRYPTION_KEYS=Fernet.generate_key().decode(), **extra,
    )  # fmt: skip


async def _serve(ctx: Context, db: str, data: str, tg: FakeTelegram) -> tuple[float, float]:
    port = free_port()
    began = time.perf_counter()
    with child([*_cli(), "serve"], _env(ctx, db, data, tg, HTTP_PORT=str(port))) as process:
        wait_until_answers(process, f"http://127.0.0.1:{port}/health/live", timeout=60)
        ready = time.perf_counter() - began
        async with httpx.AsyncClient() as client:
            for path in ("/health/live", "/health/ready", "/metrics"):
                for _ in range(WARMUP_REQUESTS // 3):
                    await client.get(f"http://127.0.0.1:{port}{path}")
        return ready, rss_mb(process.pid)


async def _until(done: Callable[[], bool], process_alive: Callable[[], bool], what: str) -> None:
    deadline = time.perf_counter() + 120
    while not done():
        if not process_alive():
            raise RuntimeError(f"the worker exited before {what}")
        if time.perf_counter() > deadline:
            raise RuntimeError(f"the worker did not finish {what} within 120 s")
        await asyncio.sleep(0.005)


async def _worker(
    ctx: Context, db: str, data: str, tg: FakeTelegram, updates: int
) -> tuple[float, float]:
    redis.Redis.from_url(ctx.redis_url).flushdb()
    chats = [tg.updates.user(f"Eater {n}") for n in range(CHATS)]
    client = Redis.from_url(ctx.redis_url)
    try:
        jobs = ArqJobQueue(arq_redis(client))
        first = tg.updates.user("First")
        await jobs.enqueue(SEND_MESSAGE_JOB, QueuedMessage(chat_id=first.id, text="ready?"))
        began = time.perf_counter()
        with child([*_cli(), "worker"], _env(ctx, db, data, tg)) as process:
            alive = lambda: process.poll() is None  # noqa: E731
            await _until(lambda: bool(tg.sent_messages(first.id)), alive, "its first job")
            ready = time.perf_counter() - began
            sent_before = len(tg.calls("sendMessage"))
            for n in range(updates):
                update = tg.updates.text(MEALS[n % len(MEALS)], user=chats[n % CHATS])
                body = msgspec.Raw(msgspec.json.encode(update))
                await jobs.enqueue(PROCESS_UPDATE_JOB, QueuedUpdate(update=body))
            replied = lambda: len(tg.calls("sendMessage")) - sent_before >= updates  # noqa: E731
            await _until(replied, alive, f"{updates} updates")
            return ready, rss_mb(process.pid)
    finally:
        await client.aclose()


async def measure(ctx: Context) -> list[Row]:
    repeats = ctx.repeats if ctx.quick else min(ctx.repeats, 3)
    serve_rss, serve_ready, worker_rss, worker_ready = [], [], [], []
    # --quick: a smoke run; its RSS says little after a short warm-up.
    updates = 20 if ctx.quick else WARMUP_UPDATES
    with (
        fresh_database(ctx) as db,
        tempfile.TemporaryDirectory(prefix="bench-") as data,
        running_telegram(rate_limits=RateLimits(enabled=False)) as tg,
    ):
        for _ in range(repeats):
            ready, rss = await _serve(ctx, db, data, tg)
            serve_ready.append(ready)
            serve_rss.append(rss)
            ready, rss = await _worker(ctx, db, data, tg, updates)
            worker_ready.append(ready)
            worker_rss.append(rss)
    servers = "servers already running"
    return [
        Row(scenario="footprint", measure="serve RSS after warm-up", unit="MB", values=serve_rss,
            target="≤ 150 MB", check=lambda v, _: v <= 150,
            note=f"after {WARMUP_REQUESTS} requests to /health/* and /metrics"),
        Row(scenario="footprint", measure="serve start to ready", unit="s", values=serve_ready,
            target="≤ 2 s", check=lambda v, _: v <= 2,
            note=f"process spawn to the first answer of /health/live; {servers}"),
        Row(scenario="footprint", measure="worker RSS after warm-up", unit="MB",
            values=worker_rss, target="≤ 150 MB", check=lambda v, _: v <= 150,
            note=f"after {updates} Telegram updates (food logs from {CHATS} chats)"),
        Row(scenario="footprint", measure="worker start to ready", unit="s",
            values=worker_ready, target="≤ 2 s", check=lambda v, _: v <= 2,
            note=f"process spawn to its first job done (a queued message sent); {servers}"),
    ]  # fmt: skip
