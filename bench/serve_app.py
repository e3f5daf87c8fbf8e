"""Serve one of the bench's apps in this process, the way `health-tracker serve` does:

    python -m bench.serve_app webhook PORT   # the product's app with POST /telegram/webhook
    python -m bench.serve_app bare PORT      # a bare Litestar route answering 200 (the baseline)

The webhook app is `serve`'s own (`entrypoints.commands._http.http_server`); the bare one runs
under the same uvicorn configuration and event loop (`uvicorn_config`, `run_service`).
"""

from __future__ import annotations

import socket
import sys

import uvicorn
from litestar import Litestar, MediaType, Response, post

from entrypoints.commands._http import http_server, uvicorn_config
from entrypoints.config import load_settings
from entrypoints.runtime import Servers, run_service


@post("/telegram/webhook", status_code=200)
async def bare_route() -> Response[bytes]:
    return Response(b"", status_code=200, media_type=MediaType.TEXT)


def bare_app() -> Litestar:
    return Litestar(route_handlers=[bare_route], debug=False, logging_config=None)


def server(kind: str) -> uvicorn.Server:
    if kind == "bare":
        return uvicorn.Server(uvicorn_config(bare_app()))
    settings = load_settings()
    assert settings.DATABASE_URL and settings.REDIS_URL
    return http_server(settings, Servers(settings.DATABASE_URL, settings.REDIS_URL))


def main(kind: str, port: int) -> None:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    run_service(server(kind).serve(sockets=[sock]))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
