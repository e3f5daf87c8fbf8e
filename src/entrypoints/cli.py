"""The `health-tracker` console script.

Subcommands: `up` (the all-in-one launcher: servers, migrations, HTTP), `serve` (HTTP only),
`migrate`. Every failure the user can fix is one line on stderr and a non-zero exit.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import socket
import sys
from collections.abc import Sequence

from adapters.embedded import EmbeddedServerError
from adapters.postgres.migrations import apply_migrations
from entrypoints.config import ConfigError, Settings, load_settings
from entrypoints.logs import configure_logging
from entrypoints.runtime import Servers, StartupError, servers


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="health-tracker", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    sub.add_parser("up", help="run the whole product (embedded servers unless URLs are set)")
    sub.add_parser("serve", help="run the HTTP app")
    sub.add_parser("migrate", help="apply database migrations")
    return parser


def _bind(settings: Settings) -> socket.socket:
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


async def _serve_http(settings: Settings, srv: Servers, sock: socket.socket) -> None:
    import uvicorn  # noqa: PLC0415 - imported only by the commands that serve

    from entrypoints.http.app import create_app  # noqa: PLC0415
    from entrypoints.ioc import make_container  # noqa: PLC0415

    app = create_app(lambda: make_container(settings, srv))
    config = uvicorn.Config(
        app, log_config=None, access_log=False, lifespan="on", timeout_graceful_shutdown=10
    )
    server = uvicorn.Server(config)
    print(
        f"health-tracker: serving on http://{settings.HTTP_HOST}:{settings.HTTP_PORT}",
        file=sys.stderr,
    )
    await server.serve(sockets=[sock])


def _run(args: argparse.Namespace, settings: Settings) -> None:
    sock = _bind(settings) if args.command in {"up", "serve"} else None
    try:
        with servers(settings) as srv:
            if args.command in {"up", "migrate"}:
                applied = apply_migrations(srv.database_url)
                print(f"health-tracker: {len(applied)} migration(s) applied", file=sys.stderr)
            if sock is not None:
                with contextlib.suppress(KeyboardInterrupt):
                    asyncio.run(_serve_http(settings, srv, sock))
    finally:
        if sock is not None:
            sock.close()


def _exit_on_sigterm(signum: int, _frame: object) -> None:
    # uvicorn re-raises the signal after its graceful shutdown; turning it into SystemExit
    # lets our `finally` blocks stop the embedded servers cleanly.
    raise SystemExit(128 + signum)


def main(argv: Sequence[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        settings = load_settings()
        configure_logging(settings.LOG_LEVEL)
        _run(args, settings)
    except (ConfigError, StartupError, EmbeddedServerError) as error:
        sys.exit(f"health-tracker: {error}")
    except KeyboardInterrupt:
        sys.exit(130)
