"""`health-tracker serve`: the HTTP app only (health, OAuth callbacks, webhooks)."""

from __future__ import annotations

import argparse
import contextlib

from entrypoints.commands._http import bind, serve_http
from entrypoints.config import Settings
from entrypoints.runtime import run_service, servers

NAME = "serve"
HELP = "run the HTTP app"


def configure(parser: argparse.ArgumentParser) -> None:
    del parser


def run(args: argparse.Namespace, settings: Settings) -> int | None:
    del args
    sock = bind(settings)
    try:
        with servers(settings) as srv, contextlib.suppress(KeyboardInterrupt):
            run_service(serve_http(settings, srv, sock))
    finally:
        sock.close()
    return None
