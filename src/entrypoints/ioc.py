"""The one dishka container definition, shared by the HTTP app, the bot and the worker.

Each process calls `make_container` at start-up; nothing here runs at import time, and
APP-scoped resources (pools, clients) close with the container. Providers live in
`entrypoints/providers/`, one module per area.

A container is made with the Telegram bot (the bot, the worker, the terminal chat) or without
it (the HTTP app, whose messages become jobs the worker sends): the bot's provider imports
aiogram, which alone is more memory and start-up time than the rest of the HTTP app.
"""

from __future__ import annotations

from dishka import AsyncContainer, Provider, Scope, make_async_container, provide

from adapters.telegram.undeliverable import UndeliverableMessenger
from application.ports.messenger import Messenger
from entrypoints.config import Settings
from entrypoints.providers.accounts import AccountProvider
from entrypoints.providers.assistant import AssistantProvider
from entrypoints.providers.config import ConfigProvider
from entrypoints.providers.fatsecret import FatSecretProvider
from entrypoints.providers.health import HealthProvider
from entrypoints.providers.infrastructure import InfrastructureProvider, Pool
from entrypoints.providers.jobs import JobQueueProvider, QueuedMessengerProvider
from entrypoints.providers.operations import OperationsProvider
from entrypoints.providers.persistence import PersistenceProvider
from entrypoints.providers.whoop import WhoopProvider
from entrypoints.runtime import Servers
from entrypoints.worker.provider import WorkerProvider
from entrypoints.worker.queues import JobRoutingProvider

__all__ = ["Pool", "default_providers", "make_container"]


class NoBotProvider(Provider):
    """Without TELEGRAM_BOT_TOKEN there is no chat to message: notices are dropped, logged."""

    messenger = provide(UndeliverableMessenger, provides=Messenger, scope=Scope.APP)


def default_providers(settings: Settings | None = None, *, bot: bool = True) -> list[Provider]:
    """Every area's provider; with `bot`, the Telegram bot's, else messages queued as jobs."""
    providers: list[Provider] = [
        ConfigProvider(),
        InfrastructureProvider(),
        HealthProvider(),
        OperationsProvider(),
        PersistenceProvider(),
        JobQueueProvider(),
        JobRoutingProvider(),  # after JobQueueProvider: long jobs go to their own queue
        telegram_provider() if bot else QueuedMessengerProvider(),
        AccountProvider(),
        AssistantProvider(),
        WhoopProvider(),
        FatSecretProvider(),
        WorkerProvider(),
    ]
    if settings is not None and not settings.TELEGRAM_BOT_TOKEN:
        providers.append(NoBotProvider())
    return providers


def telegram_provider() -> Provider:
    from entrypoints.providers.telegram import TelegramProvider  # noqa: PLC0415 - see the top

    return TelegramProvider()


def make_container(
    settings: Settings, servers: Servers, *overrides: Provider, bot: bool = True
) -> AsyncContainer:
    """Build the container; `overrides` replace providers (tests swap one without patching)."""
    return make_async_container(
        *default_providers(settings, bot=bot),
        *overrides,
        context={Settings: settings, Servers: servers},
    )
