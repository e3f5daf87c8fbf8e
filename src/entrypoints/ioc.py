"""The one dishka container definition, shared by the HTTP app, the bot and the worker.

Each process calls `make_container` at start-up; nothing here runs at import time, and
APP-scoped resources (pools, clients) close with the container. Providers live in
`entrypoints/providers/`, one module per area.
"""

from __future__ import annotations

from dishka import AsyncContainer, Provider, Scope, make_async_container, provide

from adapters.telegram.undeliverable import UndeliverableMessenger
from application.ports.messenger import Messenger
from entrypoints.config import Settings
from entrypoints.providers.assistant import AssistantProvider
from entrypoints.providers.config import ConfigProvider
from entrypoints.providers.fatsecret import FatSecretProvider
from entrypoints.providers.health import HealthProvider
from entrypoints.providers.infrastructure import InfrastructureProvider, Pool
from entrypoints.providers.operations import OperationsProvider
from entrypoints.providers.persistence import PersistenceProvider
from entrypoints.providers.telegram import AccountProvider, JobQueueProvider, TelegramProvider
from entrypoints.providers.whoop import WhoopProvider
from entrypoints.runtime import Servers
from entrypoints.worker.provider import WorkerProvider
from entrypoints.worker.queues import JobRoutingProvider

__all__ = ["Pool", "default_providers", "make_container"]


class NoBotProvider(Provider):
    """Without TELEGRAM_BOT_TOKEN there is no chat to message: notices are dropped, logged."""

    messenger = provide(UndeliverableMessenger, provides=Messenger, scope=Scope.APP)


def default_providers(settings: Settings | None = None) -> list[Provider]:
    providers: list[Provider] = [
        ConfigProvider(),
        InfrastructureProvider(),
        HealthProvider(),
        OperationsProvider(),
        PersistenceProvider(),
        JobQueueProvider(),
        JobRoutingProvider(),  # after JobQueueProvider: long jobs go to their own queue
        TelegramProvider(),
        AccountProvider(),
        AssistantProvider(),
        WhoopProvider(),
        FatSecretProvider(),
        WorkerProvider(),
    ]
    if settings is not None and not settings.TELEGRAM_BOT_TOKEN:
        providers.append(NoBotProvider())
    return providers


def make_container(settings: Settings, servers: Servers, *overrides: Provider) -> AsyncContainer:
    """Build the container; `overrides` replace providers (tests swap one without patching)."""
    return make_async_container(
        *default_providers(settings),
        *overrides,
        context={Settings: settings, Servers: servers},
    )
