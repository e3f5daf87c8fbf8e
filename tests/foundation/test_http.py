"""The HTTP skeleton on the real container, real PostgreSQL and real Redis."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from litestar import Litestar

from adapters.embedded._files import free_port
from entrypoints.config import load_settings
from entrypoints.http.app import create_app
from entrypoints.ioc import make_container
from entrypoints.runtime import Servers
from tests.support.http import serve


async def _client(app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    async with serve(app) as base_url, httpx.AsyncClient(base_url=base_url) as client:
        yield client


def _app(database_url: str, redis_url: str) -> Litestar:
    settings = load_settings({})
    servers = Servers(database_url=database_url, redis_url=redis_url)
    return create_app(lambda: make_container(settings, servers))


@pytest.fixture
async def client(database_url: str, redis_url: str) -> AsyncIterator[httpx.AsyncClient]:
    async for c in _client(_app(database_url, redis_url)):
        yield c


async def test_ready_when_both_servers_answer(client: httpx.AsyncClient) -> None:
    response = await client.get("/health/ready")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "checks": {"postgres": "ok", "redis": "ok"}}


async def test_not_ready_names_the_server_that_is_down(database_url: str) -> None:
    dead_redis = f"redis://127.0.0.1:{free_port()}/0"
    async for client in _client(_app(database_url, dead_redis)):
        response = await client.get("/health/ready")
        assert response.status_code == 503
        assert response.json()["checks"] == {"postgres": "ok", "redis": "unavailable"}


async def test_openapi_lists_the_health_routes(client: httpx.AsyncClient) -> None:
    schema = (await client.get("/schema/openapi.json")).json()
    assert {"/health/live", "/health/ready"} <= set(schema["paths"])


async def test_unknown_route_is_a_json_404_without_internals(client: httpx.AsyncClient) -> None:
    response = await client.get("/nope")
    assert response.status_code == 404
    assert "Traceback" not in response.text


async def test_metrics_need_the_admin_token_and_time_routes_by_template(
    database_url: str, redis_url: str
) -> None:
    settings = load_settings({"ADMIN_API_TOKEN": "admin-secret"})
    servers = Servers(database_url=database_url, redis_url=redis_url)
    app = create_app(lambda: make_container(settings, servers))
    async for client in _client(app):
        await client.get("/health/live")
        assert (await client.get("/metrics")).status_code == 401
        wrong = await client.get("/metrics", headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401
        ok = await client.get("/metrics", headers={"Authorization": "Bearer admin-secret"})
        assert ok.status_code == 200
        assert 'route="/health/live"' in ok.text
        assert "admin-secret" not in ok.text


async def test_metrics_are_off_without_an_admin_token(client: httpx.AsyncClient) -> None:
    assert (await client.get("/metrics")).status_code == 404
