"""A worker process for the simulated day (test_simulated_day.py): `python -m
tests.worker.day_worker`, configured by the environment like `health-tracker worker`, with one
test-only difference: "now" is read from the file named by DAY_CLOCK_FILE, which the test steps.

It builds the same container and Workers as `work()` (entrypoints/commands/worker.py) and only
serves the short queue (the ticks, fan-outs and briefings), polling every 20 ms instead of arq's
500 ms so that 96 steps fit in seconds; `work()` takes no arq options. On start it writes
DAY_READY_FILE, so the test knows both processes are racing before it steps time.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from datetime import datetime
from pathlib import Path
from typing import Any

from dishka import Provider, Scope, provide

from adapters.observability.metrics import Metrics
from application.ports.system import Clock
from entrypoints.config import load_settings
from entrypoints.ioc import make_container
from entrypoints.runtime import Servers
from entrypoints.worker.process import build_workers, run_workers


class FileClock:
    """The Clock port: the aware ISO datetime in `path`, read at every call."""

    def __init__(self, path: Path) -> None:
        self._path = path

    def now(self) -> datetime:
        return datetime.fromisoformat(self._path.read_text().strip())


class FileTime(Provider):
    scope = Scope.APP

    def __init__(self, path: Path) -> None:
        super().__init__()
        self._path = path

    @provide
    def clock(self) -> Clock:
        return FileClock(self._path)


async def main() -> None:
    settings = load_settings(dict(os.environ), dotenv=Path("/nonexistent/.env"))
    assert settings.DATABASE_URL is not None and settings.REDIS_URL is not None
    servers = Servers(settings.DATABASE_URL, settings.REDIS_URL)
    ready = Path(os.environ["DAY_READY_FILE"])

    async def started(ctx: dict[str, Any]) -> None:
        del ctx
        ready.write_text(str(os.getpid()))  # noqa: ASYNC240 - once, at start-up

    container = make_container(settings, servers, FileTime(Path(os.environ["DAY_CLOCK_FILE"])))
    try:
        metrics = await container.get(Metrics)
        workers = build_workers(
            container, servers.redis_url, metrics, ("short",), poll_delay=0.02, on_startup=started
        )
        # The cron functions stay registered (the test queues every tick of the simulated day
        # under arq's cron job ids), but nothing is scheduled by the wall clock: a real minute
        # passing mid-test must not add a tick of its own.
        for worker in workers:
            worker.cron_jobs = []
        running = asyncio.create_task(run_workers(workers))
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, running.cancel)
        with contextlib.suppress(asyncio.CancelledError):
            await running
    finally:
        await container.close()


if __name__ == "__main__":
    asyncio.run(main())
