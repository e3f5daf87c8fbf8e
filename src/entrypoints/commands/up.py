"""`health-tracker up`: the all-in-one launcher — servers, migrations, then the product."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys

from adapters.postgres.migrations import apply_migrations
from entrypoints.commands._http import bind, serve_http
from entrypoints.config import Settings
from entrypoints.runtime import servers

NAME = "up"
HELP = "run the whole product (embedded servers unless DATABASE_URL / REDIS_URL are set)"


def configure(parser: argparse.ArgumentParser) -> None:
    del parser


def run(args: argparse.Namespace, settings: Settings) -> int | None:
    del args
    sock = bind(settings)
    try:
        with servers(settings) as srv:
            applied = apply_migrations(srv.database_url)
            print(f"health-tracker: {len(applied)} migration(s) applied", file=sys.stderr)
            with contextlib.suppress(KeyboardInterrupt):
                asyncio.run(serve_http(settings, srv, sock))
    finally:
        sock.close()
    return None
