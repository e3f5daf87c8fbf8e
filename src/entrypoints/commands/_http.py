"""Serving the Litestar app with uvicorn on a socket we bound ourselves."""

from __future__ import annotations

import socket
import sys
from typing import Any

import uvicorn
from dishka import Provider

from entrypoints.config import Settings
from entrypoints.runtime import Servers, StartupError


def bind(settings: Settings) -> socket.socket:
    family = socket.AF_INET6 if ":" in settings.HTTP_HOST else socket.AF_INET
    # IPPROTO_TCP explicitly: asyncio enables TCP_NODELAY only on sockets that say so, and
    # without it every small response waits ~40 ms for Nagle's algorithm.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((settings.HTTP_HOST, settings.HTTP_PORT))
    except OSError as error:
        sock.close()
        raise StartupError(
            f"HTTP_PORT: cannot listen on {settings.HTTP_HOST}:{settings.HTTP_PORT} "
            f"({error.strerror}); choose another HTTP_PORT or stop the other process"
        ) from None
    return sock


def http_server(settings: Settings, servers: Servers, *overrides: Provider) -> uvicorn.Server:
    """`overrides` replace providers of the app's container (`up` shares its Metrics so)."""
    from entrypoints.http.app import create_app  # noqa: PLC0415 - only the serving commands
    from entrypoints.ioc import make_container  # noqa: PLC0415

    # Without the bot: the HTTP app queues its messages for the worker (see `ioc`).
    app = create_app(
        lambda: make_container(settings, servers, *overrides, bot=False), settle_heap=True
    )
    return uvicorn.Server(uvicorn_config(app))


def uvicorn_config(app: Any) -> uvicorn.Config:
    """How every HTTP app of ours is served (the webhook benchmark's baseline app too)."""
    return uvicorn.Config(
        app, log_config=None, access_log=False, lifespan="on", timeout_graceful_shutdown=10
    )


async def serve_http(settings: Settings, servers: Servers, sock: socket.socket) -> None:
    server = http_server(settings, servers)
    announce(settings)
    await server.serve(sockets=[sock])


def announce(settings: Settings) -> None:
    print(
        f"health-tracker: serving on http://{settings.HTTP_HOST}:{settings.HTTP_PORT}",
        file=sys.stderr,
    )
