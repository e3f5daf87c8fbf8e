"""A load generator for one URL, run in its own process: `python -m bench.load SPEC_JSON`.

SPEC: url, seconds, warmup (requests), concurrency, headers, first_update_id. Each request
POSTs a Telegram text update with a new update_id over one of `concurrency` keep-alive
connections (aiohttp). Prints JSON: requests, seconds, statuses, latencies p50/p99 in ms.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import sys
import time
from typing import Any

import aiohttp


def update(update_id: int) -> bytes:
    user = 500_000_000 + update_id % 1000
    body = {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 1_750_000_000,
            "chat": {"id": user, "type": "private", "first_name": "Olena"},
            "from": {"id": user, "is_bot": False, "first_name": "Olena", "language_code": "uk"},
            "text": "два яйця і тост",
        },
    }
    return json.dumps(body).encode()


async def hammer(spec: dict[str, Any]) -> dict[str, Any]:
    ids = itertools.count(spec["first_update_id"])
    headers = {"Content-Type": "application/json", **spec.get("headers", {})}
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    connector = aiohttp.TCPConnector(limit=spec["concurrency"])
    async with aiohttp.ClientSession(connector=connector) as session:

        async def one(record: bool) -> None:
            body = update(next(ids))
            began = time.perf_counter()
            async with session.post(spec["url"], data=body, headers=headers) as answer:
                await answer.read()
            if record:
                latencies.append(time.perf_counter() - began)
                statuses[str(answer.status)] = statuses.get(str(answer.status), 0) + 1

        warm = iter(range(spec["warmup"]))

        async def warm_worker() -> None:
            for _ in warm:
                await one(record=False)

        await asyncio.gather(*(warm_worker() for _ in range(spec["concurrency"])))
        deadline = time.perf_counter() + spec["seconds"]

        async def worker() -> None:
            while time.perf_counter() < deadline:
                await one(record=True)

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(spec["concurrency"])))
        took = time.perf_counter() - began
    latencies.sort()

    def pct(p: float) -> float:
        return 1000 * latencies[max(0, min(len(latencies), round(p / 100 * len(latencies))) - 1)]

    return {
        "requests": len(latencies),
        "seconds": took,
        "per_second": len(latencies) / took,
        "p50_ms": pct(50),
        "p99_ms": pct(99),
        "statuses": statuses,
    }


if __name__ == "__main__":
    sys.stdout.write(json.dumps(asyncio.run(hammer(json.loads(sys.argv[1])))) + "\n")
