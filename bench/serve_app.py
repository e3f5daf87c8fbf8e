"""Serve one of the bench's apps in this process, the way `health-tracker serve` does:

    python -m bench.serve_app webhook PORT   # the product's app with POST /telegram/webhook
    python -m bench.serve_app bare PORT      # a bare Litestar route answering 200 (the baseline)

Both run under the same uvicorn configuration as `entrypoints/commands/_http.serve_http`. The
webhook app is `create_app` over the production container; if the app does not route the
webhook yet (the Telegram wiring is in progress), the route is registered on it here.
"""

from __future__ import annotations

import asyncio
import socket
import sys
from typing import Any

import uvicorn
from litestar import Litestar, MediaType, Response, post


@post("/telegram/webhook", status_code=200)
async def bare_route() -> Response[bytes]:
    return Response(b"", status_code=200, media_type=MediaType.TEXT)


def bare_app() -> Litestar:
    return Litestar(route_handlers=[bare_route], debug=False, logging_config=None)


def webhook_app() -> Litestar:
    from entrypoints.bot.config import WEBHOOK_PATH  # noqa: PLC0415
    from entrypoints.config import load_settings  # noqa: PLC0415
    from entrypoints.http.app import create_app  # noqa: PLC0415
    from entrypoints.http.telegram import telegram_webhook  # noqa: PLC0415
    from entrypoints.ioc import default_providers, make_container  # noqa: PLC0415
    from entrypoints.providers.telegram import JobQueueProvider, TelegramProvider  # noqa: PLC0415
    from entrypoints.runtime import Servers  # noqa: PLC0415

    settings = load_settings()
    assert settings.DATABASE_URL and settings.REDIS_URL
    servers = Servers(database_url=settings.DATABASE_URL, redis_url=settings.REDIS_URL)
    present = {type(p) for p in default_providers()}
    extra = [p() for p in (TelegramProvider, JobQueueProvider) if p not in present]
    app = create_app(lambda: make_container(settings, servers, *extra))
    if not any(WEBHOOK_PATH in route.path for route in app.routes):
        app.register(telegram_webhook)
    return app


def main(kind: str, port: int) -> None:
    app: Any = webhook_app() if kind == "webhook" else bare_app()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    config = uvicorn.Config(
        app, log_config=None, access_log=False, lifespan="on", timeout_graceful_shutdown=10
    )
    asyncio.run(uvicorn.Server(config).serve(sockets=[sock]))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
