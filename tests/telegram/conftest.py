from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from dishka import AsyncContainer
from litestar import Litestar

from adapters.memory.kit import MemoryKit
from entrypoints.bot.config import WEBHOOK_PATH
from entrypoints.http.app import create_app
from entrypoints.runtime import Servers
from tests.fakes.telegram import FakeTelegram, RateLimits, running_telegram
from tests.support.http import serve
from tests.support.servers import TestServers
from tests.telegram.support import (
    NOW,
    SECRET,
    MemoryPorts,
    bot_container,
    bot_settings,
    run_queued_jobs,
)


@pytest.fixture(scope="module")
def telegram_server() -> Iterator[FakeTelegram]:
    with running_telegram() as fake:
        yield fake


@pytest.fixture
def tg(telegram_server: FakeTelegram) -> FakeTelegram:
    """A fresh fake per test; its sending limits are off (pacing has tests of its own)."""
    telegram_server.reset(rate_limits=RateLimits(enabled=False))
    return telegram_server


@pytest.fixture
def kit() -> MemoryKit:
    return MemoryKit(NOW)


@pytest.fixture
def ports(kit: MemoryKit) -> MemoryPorts:
    return MemoryPorts(kit)


@pytest.fixture
def bot_servers(servers: TestServers, redis_url: str) -> Servers:
    # The memory unit of work is used; PostgreSQL is there only for the app's start-up probe.
    return Servers(database_url=servers.postgres_url, redis_url=redis_url)


@pytest.fixture
async def container(
    tg: FakeTelegram, bot_servers: Servers, ports: MemoryPorts
) -> AsyncIterator[AsyncContainer]:
    built = bot_container(bot_settings(tg), bot_servers, ports)
    yield built
    await built.close()


def webhook_app(container: AsyncContainer) -> Litestar:
    """The product's Litestar app (its webhook's fast lane included) on `container`."""
    return create_app(lambda: container)


class Chat:
    """Telegram and the product, end to end: updates are POSTed to the webhook over HTTP, then
    an arq worker runs the queued jobs; the fake Telegram receives the replies."""

    def __init__(
        self, tg: FakeTelegram, http: httpx.AsyncClient, container: AsyncContainer, redis_url: str
    ) -> None:
        self.tg = tg
        self.http = http
        self.container = container
        self.redis_url = redis_url

    async def post(
        self, update: dict[str, Any] | bytes, *, secret: str | None = SECRET
    ) -> httpx.Response:
        headers = {"Content-Type": "application/json"}
        if secret is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret
        content = (
            update
            if isinstance(update, bytes)
            else httpx.Request("POST", "http://x", json=update).content
        )
        return await self.http.post(WEBHOOK_PATH, content=content, headers=headers)

    async def run_jobs(self) -> None:
        await run_queued_jobs(self.container, self.redis_url)

    async def send(self, update: dict[str, Any]) -> None:
        """Deliver one update and let the worker handle it."""
        response = await self.post(update)
        assert response.status_code == 200, response.text
        await self.run_jobs()


@pytest.fixture
async def chat(tg: FakeTelegram, container: AsyncContainer, redis_url: str) -> AsyncIterator[Chat]:
    async with (
        serve(webhook_app(container)) as base_url,
        httpx.AsyncClient(base_url=base_url, timeout=10) as http,
    ):
        yield Chat(tg, http, container, redis_url)
