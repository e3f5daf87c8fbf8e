"""`health-tracker worker`: the background jobs and the schedules (docs/worker.md).

`--queue short|long|all` (default all: both queues in this one process); `--check` exits 0 if
the workers of those queues wrote their health record within the last 30 s, 1 if not (for a
container's liveness probe; without REDIS_URL it reads the embedded Redis, starting it only
to find no record there).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import sys

from dishka import Provider

from adapters.embedded import EmbeddedRedis
from adapters.observability.metrics import Metrics
from entrypoints.config import Settings
from entrypoints.ioc import make_container
from entrypoints.runtime import Servers, run_service, servers, settle_heap
from entrypoints.worker.metrics_server import serving_metrics
from entrypoints.worker.process import build_workers, check, run_workers
from entrypoints.worker.schedules import configured_cron_table

NAME = "worker"
HELP = "run the background jobs and schedules (arq)"
QUEUE_CHOICES = {"all": ("short", "long"), "short": ("short",), "long": ("long",)}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--queue",
        choices=sorted(QUEUE_CHOICES),
        default="all",
        help="which queue(s) this process serves (default: all; the schedules run with short)",
    )
    parser.add_argument(
        "--check", action="store_true", help="health probe: exit 0 if the worker is alive, else 1"
    )


def run(args: argparse.Namespace, settings: Settings) -> int | None:
    queues = QUEUE_CHOICES[args.queue]
    if args.check:
        return 0 if probe(settings, queues) else 1
    with servers(settings) as srv, contextlib.suppress(KeyboardInterrupt):
        run_service(work(settings, srv, queues))
    return None


def probe(settings: Settings, queues: tuple[str, ...]) -> bool:
    """The health records in REDIS_URL or, without it, in the embedded Redis the worker uses
    (DATA_DIR's, reused when running; one started here finds no record and is stopped again)."""
    if settings.REDIS_URL is not None:
        return asyncio.run(check(settings.REDIS_URL, queues))
    redis = EmbeddedRedis(settings.data_dir)
    try:
        return asyncio.run(check(redis.start(), queues))
    finally:
        redis.stop()


async def work(
    settings: Settings,
    srv: Servers,
    queues: tuple[str, ...],
    *overrides: Provider,
    handle_signals: bool = True,
    serve_metrics: bool = True,
) -> None:
    """Serve `queues` until SIGINT / SIGTERM (or cancellation, when the all-in-one launcher owns
    the signals); jobs running then are left to arq's retry (every job is safe to run again).
    With `serve_metrics`, the job metrics are served on WORKER_METRICS_PORT when it is set."""
    container = make_container(settings, srv, *overrides)
    try:
        metrics = await container.get(Metrics)
        workers = build_workers(
            container, srv.redis_url, metrics, queues, crons=configured_cron_table(settings)
        )
        settle_heap()
        print(f"health-tracker: worker on {', '.join(queues)}", file=sys.stderr)
        served = serving_metrics(settings, metrics) if serve_metrics else contextlib.nullcontext()
        async with served:
            running = asyncio.create_task(run_workers(workers))
            if handle_signals:
                loop = asyncio.get_running_loop()
                for sig in (signal.SIGINT, signal.SIGTERM):
                    loop.add_signal_handler(sig, running.cancel)
            with contextlib.suppress(asyncio.CancelledError):
                await running
    finally:
        await container.close()
