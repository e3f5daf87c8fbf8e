"""A standalone worker's `/metrics`, on a port of its own (WORKER_METRICS_PORT).

A worker process has no web app, and its job series (`job_duration_seconds`, `queue_depth`,
`sync_total`) live in its own registry, so it serves them itself: a small aiohttp handler on the
worker's event loop, bound to WORKER_METRICS_HOST (127.0.0.1 by default). It asks for the same
bearer ADMIN_API_TOKEN as the web's `/metrics`: the port needs no firewall rule of its own to
stay private, and a scrape config differs from the web's only in the port. `health-tracker up`
does not use this: there the web and the worker share one registry (see commands/up.py).
"""

from __future__ import annotations

import contextlib
import hmac
import logging
from collections.abc import AsyncIterator

from aiohttp import web

from adapters.observability.metrics import Metrics
from entrypoints.config import Settings
from entrypoints.runtime import StartupError

log = logging.getLogger(__name__)

# The text format the web's /metrics answers with (prometheus_client's parser reads it).
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


def bearer_matches(expected: str, authorization: str) -> bool:
    """Whether an Authorization header carries `expected` as its bearer token (constant time)."""
    given = authorization.removeprefix("Bearer ").strip()
    return hmac.compare_digest(given.encode(), expected.encode())


def metrics_app(metrics: Metrics, token: str) -> web.Application:
    async def scrape(request: web.Request) -> web.Response:
        if not bearer_matches(token, request.headers.get("Authorization", "")):
            return web.json_response(
                {"detail": "a valid admin bearer token is required"}, status=401
            )
        return web.Response(body=metrics.render(), headers={"Content-Type": CONTENT_TYPE})

    app = web.Application()
    app.router.add_get("/metrics", scrape)
    return app


@contextlib.asynccontextmanager
async def serving_metrics(settings: Settings, metrics: Metrics) -> AsyncIterator[None]:
    """Serve `metrics` while inside, when WORKER_METRICS_PORT is set; otherwise do nothing."""
    port = settings.WORKER_METRICS_PORT
    if port is None:
        yield
        return
    token = settings.ADMIN_API_TOKEN
    if not token:  # an open port would publish user counts; a closed one is a silent mistake
        raise StartupError(
            "WORKER_METRICS_PORT is set but ADMIN_API_TOKEN is not: set the token the scrape "
            "sends, or unset WORKER_METRICS_PORT"
        )
    host = settings.WORKER_METRICS_HOST
    # No access log: nothing here is worth a line per scrape.
    runner = web.AppRunner(metrics_app(metrics, token), access_log=None, handle_signals=False)
    await runner.setup()
    try:
        try:
            await web.TCPSite(runner, host, port, reuse_address=True).start()
        except OSError as error:
            raise StartupError(
                f"WORKER_METRICS_PORT: cannot listen on {host}:{port} ({error.strerror}); "
                "choose another port or stop the other process"
            ) from None
        log.info("worker metrics served", extra={"host": host, "port": port})
        yield
    finally:
        await runner.cleanup()
