"""The worker's job metrics reach a scrape: in `health-tracker up` through the web's `/metrics`
(one registry shared by the web and the worker), and from a standalone `health-tracker worker`
on WORKER_METRICS_PORT, behind the same admin bearer token."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from adapters.observability.metrics import Metrics
from entrypoints.commands import up
from entrypoints.commands import worker as command
from entrypoints.commands._http import http_server
from entrypoints.config import Settings, load_settings
from entrypoints.runtime import Servers, StartupError
from entrypoints.worker.metrics_server import serving_metrics
from tests.support.http import serve
from tests.worker.support import arq_client, queue_tick, worker_env

ADMIN_TOKEN = "worker-metrics-admin-token"
JOB = "housekeeping"  # a scheduled job on the short queue that needs only the database
AT = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def settings_for(database_url: str, redis_url: str, **extra: str) -> Settings:
    env = worker_env(database_url, redis_url, "http://127.0.0.1:9", "1:unused")
    return load_settings(env | extra, dotenv=Path("/nonexistent/.env"))


def jobs_done(exposition: str, job: str) -> float:
    """`job_duration_seconds_count` of `job`, over all outcomes (0 when there is none)."""
    return sum(
        sample.value
        for family in text_string_to_metric_families(exposition)
        for sample in family.samples
        if sample.name == "job_duration_seconds_count" and sample.labels.get("job") == job
    )


async def queue_the_job(redis_url: str) -> None:
    arq = await arq_client(redis_url)
    try:
        assert await queue_tick(arq, JOB, AT)
    finally:
        await arq.aclose()


async def test_up_shows_the_workers_jobs_on_the_webs_metrics(
    database_url: str, redis_url: str
) -> None:
    settings = settings_for(database_url, redis_url, ADMIN_API_TOKEN=ADMIN_TOKEN)
    srv = Servers(database_url, redis_url)
    shared = up.SharedMetrics(Metrics())  # as up's _run_all builds it
    app = http_server(settings, srv, shared).config.app
    [work] = up.companions(settings, srv, shared, terminal_chat=False)
    worker = asyncio.create_task(work)
    auth = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    try:
        async with serve(app) as url, httpx.AsyncClient(base_url=url, timeout=10) as http:
            await queue_the_job(redis_url)
            deadline = time.monotonic() + 20
            while True:
                scrape = await http.get("/metrics", headers=auth)
                assert scrape.status_code == 200
                if jobs_done(scrape.text, JOB) > 0:
                    break
                assert time.monotonic() < deadline, "the worker's job never reached /metrics"
                await asyncio.sleep(0.1)
    finally:
        worker.cancel()
        await asyncio.gather(worker, return_exceptions=True)
    assert 'job_duration_seconds_count{job="housekeeping",outcome="ok"} 1.0' in scrape.text


class WorkerThread:
    """The real `work()` on its own event loop (as `health-tracker worker` runs it), stopped by
    cancelling it."""

    def __init__(self, settings: Settings, servers: Servers) -> None:
        self._settings = settings
        self._servers = servers
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[None] | None = None
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="worker", daemon=True)

    def _run(self) -> None:
        async def main() -> None:
            self._loop = asyncio.get_running_loop()
            self._task = asyncio.create_task(
                command.work(self._settings, self._servers, ("short",), handle_signals=False)
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


def scrape_until_counted(url: str, token: str) -> httpx.Response:
    """Scrape with the token until the job shows (the port opens and the job runs meanwhile)."""
    deadline = time.monotonic() + 20
    while True:
        try:
            scrape = httpx.get(url, headers={"Authorization": f"Bearer {token}"}, timeout=5)
        except httpx.ConnectError:
            scrape = None  # the worker is still starting
        if scrape is not None and scrape.status_code == 200 and jobs_done(scrape.text, JOB) > 0:
            return scrape
        assert time.monotonic() < deadline, "the worker's job never reached its metrics port"
        time.sleep(0.1)


def test_a_standalone_worker_serves_its_jobs_behind_the_admin_token(
    database_url: str, redis_url: str
) -> None:
    port = free_port()
    settings = settings_for(
        database_url, redis_url, ADMIN_API_TOKEN=ADMIN_TOKEN, WORKER_METRICS_PORT=str(port)
    )
    url = f"http://127.0.0.1:{port}/metrics"
    with WorkerThread(settings, Servers(database_url, redis_url)):
        asyncio.run(queue_the_job(redis_url))
        scrape = scrape_until_counted(url, ADMIN_TOKEN)
        anonymous = httpx.get(url, timeout=5)
        wrong = httpx.get(url, headers={"Authorization": "Bearer not-the-token"}, timeout=5)

    assert (scrape.status_code, anonymous.status_code, wrong.status_code) == (200, 401, 401)
    assert 'job_duration_seconds_count{job="housekeeping",outcome="ok"} 1.0' in scrape.text
    assert "job_duration_seconds" not in anonymous.text + wrong.text
    with pytest.raises(httpx.ConnectError):  # the port closes with the worker
        httpx.get(url, timeout=5)


async def test_a_metrics_port_without_an_admin_token_refuses_to_start(
    database_url: str, redis_url: str
) -> None:
    settings = settings_for(database_url, redis_url, WORKER_METRICS_PORT=str(free_port()))
    with pytest.raises(StartupError, match="ADMIN_API_TOKEN"):
        async with serving_metrics(settings, Metrics()):
            pass
