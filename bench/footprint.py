"""Scenario 6: RSS after warm-up of `health-tracker serve` (and `worker` when it exists), and
process start to ready, pointed at servers that are already running."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import httpx
from cryptography.fernet import Fernet

from bench.common import Context, Row, free_port, fresh_database
from bench.processes import child, child_env, python, rss_mb, wait_until_answers
from tests.fakes.telegram import DEFAULT_TOKEN

WARMUP_REQUESTS = 200


def _cli() -> list[str]:
    script = Path(python()).parent / "health-tracker"
    if script.exists():
        return [str(script)]
    return [python(), "-c", "from entrypoints.cli import main; main()"]


def _has_command(name: str) -> bool:
    from entrypoints import cli  # noqa: PLC0415

    return name in cli.COMMANDS


async def measure(ctx: Context) -> list[Row]:
    repeats = ctx.repeats if ctx.quick else min(ctx.repeats, 3)
    rss, ready = [], []
    with fresh_database(ctx) as db, tempfile.TemporaryDirectory(prefix="bench-") as data:
        for _ in range(repeats):
            port = free_port()
            env = child_env(
                DATABASE_URL=db, REDIS_URL=ctx.redis_url, DATA_DIR=data, LOG_LEVEL="WARNING",
                HTTP_PORT=str(port), TELEGRAM_BOT_TOKEN=DEFAULT_TOKEN,
                TOKEN_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
            )  # fmt: skip
            began = time.perf_counter()
            with child([*_cli(), "serve"], env) as process:
                url = f"http://127.0.0.1:{port}/health/live"
                wait_until_answers(process, url, timeout=60)
                ready.append(time.perf_counter() - began)
                async with httpx.AsyncClient() as client:
                    for path in ("/health/live", "/health/ready", "/metrics"):
                        for _ in range(WARMUP_REQUESTS // 3):
                            await client.get(f"http://127.0.0.1:{port}{path}")
                rss.append(rss_mb(process.pid))
    # Only `serve` is measured; the worker's readiness signal is not settled yet.
    worker_note = (
        "worker: NOT measured (the command exists; this scenario does not start it yet)"
        if _has_command("worker")
        else "worker: no `health-tracker worker` yet"
    )
    return [
        Row(scenario="footprint", measure="serve RSS after warm-up", unit="MB", values=rss,
            target="≤ 150 MB", check=lambda v, _: v <= 150, note=worker_note),
        Row(scenario="footprint", measure="serve start to ready", unit="s", values=ready,
            target="≤ 2 s", check=lambda v, _: v <= 2,
            note="process spawn to the first answer of /health/live; servers already running"),
    ]  # fmt: skip
