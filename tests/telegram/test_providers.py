"""The bot's part of the container, with the other areas' real providers."""

from __future__ import annotations

from dishka import Provider, Scope, make_async_container, provide

from adapters.memory.kit import MemoryKit
from application.ports.system import Clock, SecretGenerator
from domain.connections import Provider as Service
from entrypoints.config import Settings
from entrypoints.ioc import make_container
from entrypoints.providers.accounts import AccountProvider, Authorizers
from entrypoints.providers.config import ConfigProvider
from entrypoints.providers.fatsecret import FatSecretProvider
from entrypoints.providers.infrastructure import InfrastructureProvider
from entrypoints.providers.jobs import JobQueueProvider
from entrypoints.providers.telegram import TelegramProvider
from entrypoints.providers.whoop import WhoopProvider
from entrypoints.runtime import Servers
from tests.fakes.telegram import FakeTelegram
from tests.telegram.support import bot_settings


class System(Provider):
    scope = Scope.APP

    def __init__(self, kit: MemoryKit) -> None:
        super().__init__()
        self.kit = kit

    @provide
    def clock(self) -> Clock:
        return self.kit.clock

    @provide
    def secrets(self) -> SecretGenerator:
        return self.kit.secrets


async def test_only_the_configured_providers_can_be_linked(
    tg: FakeTelegram, bot_servers: Servers, kit: MemoryKit
) -> None:
    settings = bot_settings(tg, FATSECRET_CONSUMER_KEY="key", FATSECRET_CONSUMER_SECRET="secret")
    container = make_async_container(
        ConfigProvider(),
        InfrastructureProvider(),
        WhoopProvider(),
        FatSecretProvider(),
        AccountProvider(),
        System(kit),
        context={Settings: settings, Servers: bot_servers},
        skip_validation=True,  # only the authorizers' part of the graph is here
    )
    try:
        async with container() as request:
            configured = await request.get(Authorizers)
    finally:
        await container.close()

    assert set(configured) == {Service.FATSECRET}  # no WHOOP_CLIENT_ID: not offered


def test_the_products_container_is_complete_with_the_bots_providers(tg: FakeTelegram) -> None:
    servers = Servers(database_url="postgresql://unused/db", redis_url="redis://unused/0")
    # Building validates the whole graph: every dependency of every factory has a provider.
    make_container(
        bot_settings(tg), servers, TelegramProvider(), JobQueueProvider(), AccountProvider()
    )
