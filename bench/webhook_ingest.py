"""Scenario 1: POST /telegram/webhook through a real uvicorn server process, 64 connections
from a load generator process, against a bare Litestar route served the same way."""

from __future__ import annotations

import json
import subprocess
import tempfile

import redis
from cryptography.fernet import Fernet

from bench.common import Context, Row, free_port, fresh_database
from bench.processes import ROOT, child, child_env, python, wait_until_answers
from tests.fakes.telegram import DEFAULT_TOKEN

SECRET = "bench-webhook-secret"  # noqa: S105 - the bench's own throw-away secret
CONCURRENCY = 64


def _load(url: str, seconds: float, warmup: int, first_id: int) -> dict[str, object]:
    spec = {
        "url": url,
        "seconds": seconds,
        "warmup": warmup,
        "concurrency": CONCURRENCY,
        "headers": {"X-Telegram-Bot-Api-Secret-Token": SECRET},
        "first_update_id": first_id,
    }
    out = subprocess.run(
        [python(), "-m", "bench.load", json.dumps(spec)],
        env=child_env(),
        cwd=str(ROOT),
        capture_output=True,
        check=True,
        timeout=seconds + 120,
    )
    result: dict[str, object] = json.loads(out.stdout)
    return result


async def measure(ctx: Context) -> list[Row]:
    seconds, warmup = (0.5, 64) if ctx.quick else (4.0, 500)
    redis.Redis.from_url(ctx.redis_url).flushdb()
    rps, p50, p99, base_rps, base_p50, base_p99 = [], [], [], [], [], []
    statuses: dict[str, int] = {}
    with fresh_database(ctx) as db, tempfile.TemporaryDirectory(prefix="bench-") as data:
        env = child_env(
            DATABASE_URL=db,
            REDIS_URL=ctx.redis_url,
            DATA_DIR=data,
            LOG_LEVEL="WARNING",
            TELEGRAM_BOT_TOKEN=DEFAULT_TOKEN,
            TELEGRAM_WEBHOOK_SECRET=SECRET,
            TOKEN_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
        )
        ports = {"webhook": free_port(), "bare": free_port()}
        with (
            child([python(), "-m", "bench.serve_app", "webhook", str(ports["webhook"])], env) as w,
            child([python(), "-m", "bench.serve_app", "bare", str(ports["bare"])], env) as b,
        ):
            urls = {k: f"http://127.0.0.1:{p}/telegram/webhook" for k, p in ports.items()}
            wait_until_answers(w, urls["webhook"], method="POST")
            wait_until_answers(b, urls["bare"], method="POST")
            for run in range(ctx.repeats):
                # Alternate the order: neither side always runs on a warmer machine.
                order = ["webhook", "bare"] if run % 2 == 0 else ["bare", "webhook"]
                for kind in order:
                    first_id = 1_000_000 * (run + 1) + (0 if kind == "webhook" else 500_000)
                    r = _load(urls[kind], seconds, warmup, first_id)
                    if kind == "webhook":
                        rps.append(float(r["per_second"]))  # type: ignore[arg-type]
                        p50.append(float(r["p50_ms"]))  # type: ignore[arg-type]
                        p99.append(float(r["p99_ms"]))  # type: ignore[arg-type]
                        for code, n in r["statuses"].items():  # type: ignore[attr-defined]
                            statuses[code] = statuses.get(code, 0) + n
                    else:
                        base_rps.append(float(r["per_second"]))  # type: ignore[arg-type]
                        base_p50.append(float(r["p50_ms"]))  # type: ignore[arg-type]
                        base_p99.append(float(r["p99_ms"]))  # type: ignore[arg-type]
    queued = redis.Redis.from_url(ctx.redis_url).zcard("arq:queue")
    note = f"answers {statuses}; {queued} jobs queued in Redis; {CONCURRENCY} connections"
    common = {"scenario": "webhook ingest", "baseline_label": "bare"}
    return [
        Row(measure="requests/s", unit="req/s", values=rps, baseline=base_rps,
            target="≥ 60 % of bare", check=lambda v, b: b is not None and v >= 0.6 * b,
            note=note, extra={"statuses": statuses, "queued": queued}, **common),
        Row(measure="p50 latency", unit="ms", values=p50, baseline=base_p50, **common),
        Row(measure="p99 latency", unit="ms", values=p99, baseline=base_p99,
            target="< 20 ms", check=lambda v, _: v < 20, **common),
    ]  # fmt: skip
