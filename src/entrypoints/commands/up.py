"""`health-tracker up`: the all-in-one launcher — servers, migrations, then the whole product.

It always serves HTTP and runs the worker. With TELEGRAM_BOT_TOKEN it also runs the bot: by
polling, unless PUBLIC_BASE_URL is set (then Telegram delivers to the webhook). With no token
and a person at the terminal, it opens the assistant's chat there, so a newcomer with no
credentials at all has a working assistant; `/quit` stops everything. Otherwise it serves
until SIGINT/SIGTERM.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import sys
from collections.abc import Coroutine
from typing import Any

from dishka import Provider, Scope, provide

from adapters.observability.metrics import Metrics
from adapters.postgres.migrations import apply_migrations
from entrypoints.commands import bot, chat, worker
from entrypoints.commands._http import announce, bind, http_server
from entrypoints.config import Settings
from entrypoints.runtime import Servers, run_service, servers

ALL_QUEUES = ("short", "long")

NAME = "up"
HELP = "run the whole product (embedded servers unless DATABASE_URL / REDIS_URL are set)"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-chat",
        action="store_true",
        help="do not open the terminal chat even when no bot token is set",
    )


def run(args: argparse.Namespace, settings: Settings) -> int | None:
    sock = bind(settings)
    try:
        with servers(settings) as srv:
            applied = apply_migrations(srv.database_url)
            print(f"health-tracker: {len(applied)} migration(s) applied", file=sys.stderr)
            with contextlib.suppress(KeyboardInterrupt):
                run_service(_run_all(settings, srv, sock, terminal_chat=not args.no_chat))
    finally:
        sock.close()
    return None


class SharedMetrics(Provider):
    """One `Metrics` for every container of this process. The web, the worker and the bot each
    build their own container; sharing the registry is what lets the web's `/metrics` show the
    worker's job series (this process has no worker metrics port: WORKER_METRICS_PORT is not
    used here)."""

    scope = Scope.APP

    def __init__(self, metrics: Metrics) -> None:
        super().__init__()
        self.shared = metrics

    @provide
    def metrics(self) -> Metrics:
        return self.shared


def companions(
    settings: Settings, srv: Servers, *overrides: Provider, terminal_chat: bool
) -> list[Coroutine[Any, Any, None]]:
    """What runs beside HTTP in this process: always the worker (schedules, briefings, diary
    writes, webhook updates); the bot by polling when there is a token but no public address;
    the terminal chat when there is no token and a person at the terminal."""
    running = [
        worker.work(
            settings, srv, ALL_QUEUES, *overrides, handle_signals=False, serve_metrics=False
        )
    ]
    if settings.TELEGRAM_BOT_TOKEN:
        if not settings.PUBLIC_BASE_URL:  # with one, Telegram delivers to the webhook
            running.append(bot.poll(settings, srv, *overrides, handle_signals=False))
    elif terminal_chat and sys.stdin.isatty():
        running.append(chat.chat_session(settings, srv, chat.system_language()))
    return running


async def _run_all(settings: Settings, srv: Servers, sock: Any, *, terminal_chat: bool) -> None:
    shared = SharedMetrics(Metrics())
    server = http_server(settings, srv, shared)
    # This launcher owns the signals (uvicorn would re-raise them after its shutdown, which
    # inside a task is an unretrieved SystemExit): SIGINT/SIGTERM ask everything to stop.
    server.capture_signals = contextlib.nullcontext  # type: ignore[method-assign,assignment]
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, lambda: setattr(server, "should_exit", True))
    http = asyncio.create_task(server.serve(sockets=[sock]), name="http")
    while not server.started and not http.done():  # noqa: ASYNC110 - uvicorn exposes a flag only
        await asyncio.sleep(0.02)
    announce(settings)
    others = [
        asyncio.create_task(work)
        for work in companions(settings, srv, shared, terminal_chat=terminal_chat)
    ]
    await asyncio.wait([http, *others], return_when=asyncio.FIRST_COMPLETED)
    # Whatever ended first (the chat's /quit, a signal to HTTP, a failure), stop the rest.
    server.should_exit = True
    for task in others:
        task.cancel()
    results = await asyncio.gather(http, *others, return_exceptions=True)
    for result in results:
        if isinstance(result, Exception) and not isinstance(result, asyncio.CancelledError):
            raise result
