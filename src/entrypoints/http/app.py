"""Build the Litestar app around a dishka container made for this process."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from dishka import AsyncContainer
from dishka.integrations.litestar import setup_dishka
from litestar import Litestar, MediaType, Request, Response
from litestar.exceptions import HTTPException
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR
from litestar.types import ASGIApp, Receive, Scope, Send

from adapters.observability.metrics import Metrics
from entrypoints import runtime
from entrypoints.bot.config import WEBHOOK_PATH
from entrypoints.bot.intake import UpdateIntake
from entrypoints.http.fatsecret import FatSecretController
from entrypoints.http.health import HealthController
from entrypoints.http.metrics import metrics_endpoint, metrics_middleware
from entrypoints.http.request_context import request_context_middleware
from entrypoints.http.telegram import FastLane, telegram_webhook
from entrypoints.http.whoop import WhoopController
from entrypoints.ioc import Pool

log = logging.getLogger(__name__)


def _http_error(_: Request[Any, Any, Any], exc: HTTPException) -> Response[dict[str, str]]:
    return Response({"error": exc.detail}, status_code=exc.status_code, media_type=MediaType.JSON)


def _unexpected_error(
    metrics_getter: Callable[[], Metrics],
) -> Callable[[Request[Any, Any, Any], Exception], Response[dict[str, str]]]:
    def handle(request: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, str]]:
        _report(request.scope.get("path_template") or "unmatched", exc, metrics_getter())
        return Response(
            {"error": "internal error"},
            status_code=HTTP_500_INTERNAL_SERVER_ERROR,
            media_type=MediaType.JSON,
        )

    return handle


def _report(route: str, exc: BaseException, metrics: Metrics) -> None:
    # Never a stack trace in a body; the log has the type and the route template (the raw path
    # and query may carry OAuth codes), and the error rate counts it.
    log.error("unhandled error", extra={"route": route, "error": type(exc).__name__})
    metrics.errors_total.labels("http").inc()


def _with_fast_lane(
    app: Litestar,
    container: AsyncContainer,
    metrics_getter: Callable[[], Metrics],
    middleware: Sequence[Callable[[ASGIApp], ASGIApp]],
) -> None:
    """Put the Telegram webhook's fast lane in front of the app (entrypoints/http/telegram.py),
    wrapped in the app's own `middleware`, outermost first, as every route is."""
    found: list[UpdateIntake] = []

    async def intake() -> UpdateIntake:
        if not found:
            found.append(await container.get(UpdateIntake))
        return found[0]

    def on_error(exc: BaseException) -> None:
        _report(WEBHOOK_PATH, exc, metrics_getter())

    lane: ASGIApp = FastLane(intake, on_error)
    for wrap in reversed(middleware):
        lane = wrap(lane)
    rest = app.asgi_handler

    async def handler(scope: Scope, receive: Receive, send: Send) -> None:
        await (lane if FastLane.takes(scope) else rest)(scope, receive, send)

    app.asgi_handler = handler


def create_app(
    container_factory: Callable[[], AsyncContainer], *, settle_heap: bool = False
) -> Litestar:
    """`container_factory` is called once, at start-up, so nothing is built at import time.
    With `settle_heap` (a serving process, not a test), start-up's objects are frozen out of
    the garbage collector's sight once the app is ready (`runtime.settle_heap`)."""
    container = container_factory()
    resolved: dict[type, object] = {}

    async def on_startup() -> None:
        # Open APP-scoped resources now, not on the first request.
        await container.get(Pool)
        resolved[Metrics] = await container.get(Metrics)
        if settle_heap:
            runtime.settle_heap()

    def current_metrics() -> Metrics:
        found = resolved[Metrics]
        assert isinstance(found, Metrics)
        return found

    async def on_shutdown() -> None:
        await container.close()

    # Outermost first; the webhook's fast lane is wrapped in the same.
    middleware = [request_context_middleware, metrics_middleware(current_metrics)]

    app = Litestar(
        route_handlers=[
            HealthController,
            metrics_endpoint,
            telegram_webhook,
            WhoopController,
            FatSecretController,
        ],
        middleware=middleware,
        on_startup=[on_startup],
        on_shutdown=[on_shutdown],
        exception_handlers={
            HTTPException: _http_error,
            Exception: _unexpected_error(current_metrics),
        },
        openapi_config=OpenAPIConfig(
            title="Health Tracker",
            version="0.1.0",
            path="/schema",
            render_plugins=[SwaggerRenderPlugin()],
        ),
        debug=False,
        logging_config=None,
    )
    setup_dishka(container, app)
    _with_fast_lane(app, container, current_metrics, middleware)
    return app
