"""The product's app and container on real PostgreSQL and Redis, with the FatSecret fake and a
clock the test moves (shared with the fake, so its signature checks follow it)."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx
import psycopg
from dishka import AsyncContainer, Provider, Scope, make_async_container, provide

from adapters.memory.messenger import RecordingMessenger
from adapters.memory.system import FixedClock
from application.connections.begin_connection import BeginConnection, BeginConnectionRequest
from application.ports.messenger import Messenger
from application.ports.system import Clock
from application.ports.unit_of_work import UnitOfWork
from application.users.register_user import RegisterUser, RegisterUserRequest, Sender
from domain.connections import ConnectionStatus
from domain.connections import Provider as Service
from domain.ids import UserId
from entrypoints.config import Settings, load_settings
from entrypoints.http.app import create_app
from entrypoints.ioc import default_providers
from entrypoints.runtime import Servers
from tests.fakes.fatsecret import FatSecretFake, FatSecretUser
from tests.support.http import serve

PUBLIC = "https://bot.example.org"
TELEGRAM_ID = 4242
START = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


class Outside(Provider):
    """What the bot and the test own: the clock (shared with the fake) and the messenger."""

    def __init__(self, clock: FixedClock, messenger: RecordingMessenger) -> None:
        super().__init__()
        self._clock = clock
        self._messenger = messenger

    @provide(scope=Scope.APP)
    def clock(self) -> Clock:
        return self._clock

    @provide(scope=Scope.APP)
    def messenger(self) -> Messenger:
        return self._messenger


@dataclass
class Site:
    url: str
    container: AsyncContainer
    clock: FixedClock
    messenger: RecordingMessenger
    fatsecret: FatSecretFake
    browser: httpx.AsyncClient
    database_url: str

    async def begin(self, user_id: UserId) -> str:
        """What /connect_fatsecret gives the user (the bot's own use case from the container)."""
        async with self.container() as request:
            begin = await request.get(BeginConnection)
            begun = await begin.execute(
                BeginConnectionRequest(user_id=user_id, provider=Service.FATSECRET)
            )
        assert begun.url in begun.reply
        return begun.url

    async def open(self, link: str) -> httpx.Response:
        """The user's browser opens a link of ours (PUBLIC_BASE_URL is this test server)."""
        assert link.startswith(PUBLIC), link
        return await self.browser.get(self.url + link.removeprefix(PUBLIC))

    async def status(self, user_id: UserId) -> ConnectionStatus | None:
        async with self.container() as request:
            uow = await request.get(UnitOfWork)
            async with uow:
                connection = await uow.connections.get(user_id, Service.FATSECRET)
        return None if connection is None else connection.status


@asynccontextmanager
async def running_site(
    clock: FixedClock,
    fatsecret: FatSecretFake,
    database_url: str,
    redis_url: str,
    *,
    oauth_base_url: str | None = None,
) -> AsyncIterator[Site]:
    settings = load_settings(
        {
            "PUBLIC_BASE_URL": PUBLIC,
            "TOKEN_ENCRYPTION_KEYS": base64.urlsafe_b64encode(b"k" * 32).decode(),
            "FATSECRET_CONSUMER_KEY": fatsecret.consumer_key,
            "FATSECRET_CONSUMER_SECRET": fatsecret.consumer_secret,
            "FATSECRET_API_BASE_URL": fatsecret.api_base_url,
            "FATSECRET_OAUTH_BASE_URL": oauth_base_url or fatsecret.oauth_base_url,
        }
    )
    messenger = RecordingMessenger()
    container = make_async_container(
        *default_providers(),
        Outside(clock, messenger),
        context={Settings: settings, Servers: Servers(database_url, redis_url)},
    )
    async with (
        serve(create_app(lambda: container)) as url,
        httpx.AsyncClient(timeout=10) as browser,
    ):
        yield Site(url, container, clock, messenger, fatsecret, browser, database_url)
    await container.close()


async def register_user(site: Site) -> UserId:
    async with site.container() as request:
        register = await request.get(RegisterUser)
        sender = Sender(telegram_user_id=TELEGRAM_ID, language_code="en")
        return (await register.execute(RegisterUserRequest(sender=sender))).user.id


async def state_rows(site: Site) -> list[tuple[str, bytes | None]]:
    async with await psycopg.AsyncConnection.connect(site.database_url) as db:
        cursor = await db.execute("SELECT value, request_secret_encrypted FROM connection_states")
        return list(await cursor.fetchall())


async def link(site: Site, user_id: UserId) -> FatSecretUser:
    """The whole linking as the user's browser does it: our link, FatSecret, our callback."""
    account = site.fatsecret.add_user()
    site.fatsecret.sign_in(account)
    to_fatsecret = await site.open(await site.begin(user_id))
    assert to_fatsecret.status_code == 302, to_fatsecret.text
    back = await site.browser.get(to_fatsecret.headers["location"])
    assert back.status_code == 302, back.text
    page = await site.open(back.headers["location"])
    assert page.status_code == 200, page.text
    return account
