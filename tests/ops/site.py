"""The product's HTTP app on the real container (real PostgreSQL and Redis) with the fakes of
WHOOP, FatSecret and OpenAI, and the seeded secrets a log or a response must never show."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import httpx
from dishka import AsyncContainer, Provider, Scope, make_async_container, provide
from litestar import Litestar

from adapters.fatsecret.authorizer import FatSecretAuthorizer
from adapters.memory.coordination import MemoryJobQueue
from adapters.memory.messenger import RecordingMessenger
from adapters.whoop.oauth import WhoopAuthorizer
from application.connections.begin_connection import BeginConnection
from application.connections.complete_connection import CompleteConnection
from application.ports.coordination import JobQueue
from application.ports.messenger import Messenger
from application.ports.system import Clock, SecretGenerator
from application.ports.unit_of_work import UnitOfWork
from domain.connections import Provider as Service
from entrypoints.config import Settings, load_settings
from entrypoints.http.app import create_app
from entrypoints.ioc import default_providers
from entrypoints.providers.operations import OperationsProvider
from entrypoints.runtime import Servers
from tests.fakes.fatsecret import FatSecretFake
from tests.fakes.openai_api import FakeOpenAI
from tests.fakes.whoop import WhoopFake
from tests.support.http import serve

PUBLIC = "https://bot.example.org"
ADMIN_TOKEN = "admin-token-seeded-0a1b2c3d"
FERNET_KEY = base64.urlsafe_b64encode(b"fernet-key-seeded-for-log-scan!!").decode()
OPENAI_KEY = "sk-seeded-openai-key-5e6f7a8b"
TELEGRAM_TOKEN = "123456789:AAseededTelegramBotTokenForTheLogScan00"
TELEGRAM_SECRET = "telegram-webhook-secret-seeded"


@dataclass
class Outside:
    """What the parts of the product built by other areas would supply (the bot's messenger,
    the worker's queue, the connection use cases)."""

    messenger: RecordingMessenger = field(default_factory=RecordingMessenger)
    jobs: MemoryJobQueue = field(default_factory=MemoryJobQueue)


class OutsideWiring(Provider):
    def __init__(self, outside: Outside) -> None:
        super().__init__()
        self._outside = outside

    @provide(scope=Scope.APP)
    def messenger(self) -> Messenger:
        return self._outside.messenger

    @provide(scope=Scope.APP)
    def jobs(self) -> JobQueue:
        return self._outside.jobs

    @provide(scope=Scope.REQUEST)
    def begin(
        self,
        uow: UnitOfWork,
        clock: Clock,
        secrets: SecretGenerator,
        whoop: WhoopAuthorizer,
        fatsecret: FatSecretAuthorizer,
    ) -> BeginConnection:
        authorizers = {Service.WHOOP: whoop, Service.FATSECRET: fatsecret}
        return BeginConnection(uow, clock, secrets, authorizers)  # type: ignore[arg-type]

    @provide(scope=Scope.REQUEST)
    def complete(
        self,
        uow: UnitOfWork,
        clock: Clock,
        whoop: WhoopAuthorizer,
        fatsecret: FatSecretAuthorizer,
        jobs: JobQueue,
    ) -> CompleteConnection:
        authorizers = {Service.WHOOP: whoop, Service.FATSECRET: fatsecret}
        return CompleteConnection(uow, clock, authorizers, jobs)  # type: ignore[arg-type]


def site_settings(whoop: WhoopFake, fatsecret: FatSecretFake, openai: FakeOpenAI) -> Settings:
    return load_settings(
        {
            "PUBLIC_BASE_URL": PUBLIC,
            "ADMIN_API_TOKEN": ADMIN_TOKEN,
            "TOKEN_ENCRYPTION_KEYS": FERNET_KEY,
            "LOG_LEVEL": "DEBUG",
            "TELEGRAM_BOT_TOKEN": TELEGRAM_TOKEN,
            "TELEGRAM_WEBHOOK_SECRET": TELEGRAM_SECRET,
            "OPENAI_API_KEY": OPENAI_KEY,
            "OPENAI_BASE_URL": openai.base_url,
            "WHOOP_CLIENT_ID": whoop.client_id,
            "WHOOP_CLIENT_SECRET": whoop.client_secret,
            "WHOOP_WEBHOOK_SECRET": whoop.client_secret,  # WHOOP signs with the client secret
            "WHOOP_API_BASE_URL": whoop.api_base_url,
            "WHOOP_OAUTH_BASE_URL": f"{whoop.oauth_base_url}/oauth2",
            "FATSECRET_CONSUMER_KEY": fatsecret.consumer_key,
            "FATSECRET_CONSUMER_SECRET": fatsecret.consumer_secret,
            "FATSECRET_API_BASE_URL": fatsecret.api_base_url,
            "FATSECRET_OAUTH_BASE_URL": fatsecret.oauth_base_url,
        }
    )


def product_app(container: AsyncContainer) -> Litestar:
    """The product's app, exactly as `serve` builds it, on the test's container."""
    return create_app(lambda: container)


@dataclass
class Site:
    url: str
    container: AsyncContainer
    outside: Outside
    settings: Settings
    http: httpx.AsyncClient


@asynccontextmanager
async def running_site(
    settings: Settings, database_url: str, redis_url: str
) -> AsyncIterator[Site]:
    outside = Outside()
    providers = default_providers()
    if not any(isinstance(p, OperationsProvider) for p in providers):  # until ioc.py has it
        providers.append(OperationsProvider())
    container = make_async_container(
        *providers,
        OutsideWiring(outside),
        context={Settings: settings, Servers: Servers(database_url, redis_url)},
    )
    async with (
        serve(product_app(container)) as url,
        httpx.AsyncClient(base_url=url, timeout=10) as http,
    ):
        yield Site(url, container, outside, settings, http)
