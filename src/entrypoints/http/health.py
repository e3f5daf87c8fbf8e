"""Liveness and readiness probes for process managers and load balancers."""

from __future__ import annotations

import msgspec
from dishka.integrations.litestar import FromDishka, inject
from litestar import Controller, Response, get
from litestar.openapi import ResponseSpec
from litestar.status_codes import HTTP_200_OK, HTTP_503_SERVICE_UNAVAILABLE

from application.check_readiness import CheckReadiness


class Live(msgspec.Struct, frozen=True):
    status: str


class Ready(msgspec.Struct, frozen=True):
    status: str
    checks: dict[str, str]


class HealthController(Controller):
    path = "/health"
    tags = ("health",)

    @get("/live", summary="The process is up", sync_to_thread=False)
    def live(self) -> Live:
        return Live(status="ok")

    @get(
        "/ready",
        summary="PostgreSQL and Redis answer (503 names the one that does not)",
        responses={
            HTTP_503_SERVICE_UNAVAILABLE: ResponseSpec(
                data_container=Ready, description="A dependency does not answer"
            )
        },
    )
    @inject
    async def ready(self, check: FromDishka[CheckReadiness]) -> Response[Ready]:
        readiness = await check.execute()
        checks = {dep.name: "ok" if dep.ok else "unavailable" for dep in readiness.dependencies}
        status = HTTP_200_OK if readiness.ready else HTTP_503_SERVICE_UNAVAILABLE
        body = Ready(status="ready" if readiness.ready else "not ready", checks=checks)
        return Response(body, status_code=status)
