"""Serve one of the bench's apps in this process, the way `health-tracker serve` does:

    python -m bench.serve_app webhook PORT   # the product's app with POST /telegram/webhook
    python -m bench.serve_app bare PORT      # a bare Litestar route answering 200 (the baseline)

Both run under the product's uvicorn configuration (`entrypoints.commands._http.uvicorn_config`).
"""

from __future__ import annotations

import asyncio
import socket
import sys
from typing import Any

import uvicorn
from litestar import Litestar, MediaType, Response, post

from entrypoints.commands._http import uvicorn_config


@post("/telegram/webhook", status_code=200)
async def bare_route() -> Response[bytes]:
    return Response(b"", status_code=200, media_type=MediaType.TEXT)


def bare_app() -> Litestar:
    return Litestar(route_handlers=[bare_route], debug=False, logging_config=None)


def webhook_app() -> Litestar:
    """The product's HTTP app, built as `health-tracker serve` builds it."""
    from entrypoints.config import load_settings  # noqa: PLC0415
    from entrypoints.http.app import create_app  # noqa: PLC0415
    from entrypoints.ioc import make_container  # noqa: PLC0415
    from entrypoints.runtime import Servers  # noqa: PLC0415

    settings = load_settings()
    assert settings.DATABASE_URL and settings.REDIS_URL
    servers = Servers(database_url=settings.DATABASE_URL, redis_url=settings.REDIS_URL)
    return create_app(lambda: make_container(settings, servers, bot=False))


def main(kind: str, port: int) -> None:
    app: Any = webhook_app() if kind == "webhook" else bare_app()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    asyncio.run(uvicorn.Server(uvicorn_config(app)).serve(sockets=[sock]))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
