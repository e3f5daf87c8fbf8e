"""Request metrics middleware and the `/metrics` endpoint.

`/metrics` sits on the app's own port behind `ADMIN_API_TOKEN` (a bearer token), because a
separate port is one more thing to expose and firewall in every deployment, and the scrape
includes user counts that are nobody else's business. Without a token configured it is off (404).
"""

from __future__ import annotations

import hmac
import logging
import time
from typing import Any

from dishka.integrations.litestar import FromDishka, inject
from litestar import Request, Response, get
from litestar.enums import ScopeType
from litestar.exceptions import NotAuthorizedException, NotFoundException
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from adapters.observability.metrics import Metrics
from adapters.postgres.activity import ActiveUsers
from application.errors import ApplicationError
from application.ports.system import Clock
from entrypoints.config import Settings
from entrypoints.http.responses import error

log = logging.getLogger(__name__)


def metrics_middleware(metrics_getter: Any) -> Any:
    """Wrap the app so every HTTP request is timed under its route template (never the raw path,
    which would carry ids and explode the label set)."""

    def factory(app: ASGIApp) -> ASGIApp:
        async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != ScopeType.HTTP:
                await app(scope, receive, send)
                return
            started = time.perf_counter()
            status = 500

            async def send_wrapper(message: Message) -> None:
                nonlocal status
                if message["type"] == "http.response.start":
                    status = message["status"]
                await send(message)

            try:
                await app(scope, receive, send_wrapper)
            finally:
                route = scope.get("path_template") or "unmatched"
                metrics: Metrics = metrics_getter()
                metrics.http_request_duration.labels(
                    scope.get("method", "GET"), route, str(status)
                ).observe(time.perf_counter() - started)

        return middleware

    return factory


@get(
    "/metrics",
    summary="Prometheus metrics (bearer ADMIN_API_TOKEN)",
    tags=["operations"],
    media_type="text/plain; version=0.0.4; charset=utf-8",
    responses={
        401: error("The admin bearer token is missing or wrong"),
        404: error("Metrics are off: no ADMIN_API_TOKEN is configured"),
    },
)
@inject
async def metrics_endpoint(
    request: Request[Any, Any, Any],
    settings: FromDishka[Settings],
    metrics: FromDishka[Metrics],
    active: FromDishka[ActiveUsers],
    clock: FromDishka[Clock],
) -> Response[bytes]:
    expected = settings.ADMIN_API_TOKEN
    if not expected:
        raise NotFoundException()
    given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(given.encode(), expected.encode()):
        raise NotAuthorizedException("a valid admin bearer token is required")
    await _refresh_active_users(metrics, active, clock)
    # A series that exists from the first scrape (at 0) lets rate() see the first error.
    metrics.errors_total.labels("http")
    return Response(metrics.render(), media_type="text/plain; version=0.0.4; charset=utf-8")


async def _refresh_active_users(metrics: Metrics, active: ActiveUsers, clock: Clock) -> None:
    """Set the DAU / MAU gauges from the database. Without the database the scrape still
    answers, with the previous counts: the request and error metrics matter most then."""
    try:
        counts = await active.count(clock.now())
    except ApplicationError as failure:
        log.warning("active users not counted", extra={"error": type(failure).__name__})
        return
    for window, users in counts.items():
        metrics.active_users.labels(window=window).set(users)
