"""`health-tracker worker --check`, the container's liveness probe: 1 while no worker has
written its health record, 0 while one runs (the real `work()`, in a thread of its own)."""

from __future__ import annotations

import argparse
import asyncio
import threading
import time
from pathlib import Path

import pytest

from adapters.embedded import EmbeddedRedis
from entrypoints.commands import worker as command
from entrypoints.config import Settings, load_settings
from entrypoints.runtime import Servers
from entrypoints.worker.process import check
from tests.worker.support import TOKEN_KEY, worker_settings_for


def probe(settings: Settings, queue: str = "all") -> int | None:
    return command.run(argparse.Namespace(queue=queue, check=True), settings)


class WorkerThread:
    """`work()` on its own event loop, stopped by cancelling it (as the all-in-one launcher
    does)."""

    def __init__(
        self, settings: Settings, servers: Servers, queues: tuple[str, ...] = ("short", "long")
    ) -> None:
        self._settings = settings
        self._servers = servers
        self._queues = queues
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[None] | None = None
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="worker", daemon=True)

    def _run(self) -> None:
        async def main() -> None:
            self._loop = asyncio.get_running_loop()
            self._task = asyncio.create_task(
                command.work(self._settings, self._servers, self._queues, handle_signals=False)
            )
            self._ready.set()
            await self._task

        asyncio.run(main())

    def __enter__(self) -> WorkerThread:
        self._thread.start()
        assert self._ready.wait(10)
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._loop is not None and self._task is not None
        self._loop.call_soon_threadsafe(self._task.cancel)
        self._thread.join(timeout=20)
        assert not self._thread.is_alive()


def wait_until_healthy(redis_url: str, queues: tuple[str, ...] = ("short", "long")) -> None:
    deadline = time.monotonic() + 20
    while not asyncio.run(check(redis_url, queues)):
        assert time.monotonic() < deadline, "the worker wrote no health record"
        time.sleep(0.1)


@pytest.fixture
def settings(database_url: str, redis_url: str) -> Settings:
    return worker_settings_for(database_url, redis_url, "http://127.0.0.1:9", "1:unused")


def test_no_worker_no_health(settings: Settings) -> None:
    assert probe(settings) == 1


def test_healthy_while_a_worker_runs(settings: Settings, database_url: str, redis_url: str) -> None:
    with WorkerThread(settings, Servers(database_url, redis_url)):
        wait_until_healthy(redis_url)
        assert probe(settings) == 0
        assert probe(settings, "short") == 0
        assert probe(settings, "long") == 0


def test_a_worker_on_one_queue_is_no_proof_for_the_other(
    settings: Settings, database_url: str, redis_url: str
) -> None:
    with WorkerThread(settings, Servers(database_url, redis_url), ("long",)):
        wait_until_healthy(redis_url, ("long",))
        assert probe(settings, "long") == 0
        assert probe(settings, "short") == 1
        assert probe(settings) == 1


def test_without_redis_url_the_embedded_redis_is_probed(tmp_path: Path, database_url: str) -> None:
    env = {
        "DATA_DIR": str(tmp_path),
        "DATABASE_URL": database_url,
        "TOKEN_ENCRYPTION_KEYS": TOKEN_KEY,
    }
    settings = load_settings(env, dotenv=Path("/nonexistent/.env"))
    assert probe(settings) == 1  # nothing ran against this data directory's Redis yet

    redis = EmbeddedRedis(tmp_path)  # the one `health-tracker worker` starts without REDIS_URL
    try:
        url = redis.start()
        with WorkerThread(settings, Servers(database_url, url)):
            wait_until_healthy(url)
            assert probe(settings) == 0
    finally:
        redis.stop()
