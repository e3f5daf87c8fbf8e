"""The one dishka container definition, shared by the HTTP app, the bot and the worker.

Each process calls `make_container` at start-up; nothing here runs at import time, and
APP-scoped resources (pools, clients) close with the container. Providers live in
`entrypoints/providers/`, one module per area.
"""

from __future__ import annotations

from dishka import AsyncContainer, Provider, make_async_container

from entrypoints.config import Settings
from entrypoints.providers.config import ConfigProvider
from entrypoints.providers.health import HealthProvider
from entrypoints.providers.infrastructure import InfrastructureProvider, Pool
from entrypoints.runtime import Servers

__all__ = ["Pool", "default_providers", "make_container"]


def default_providers() -> list[Provider]:
    return [ConfigProvider(), InfrastructureProvider(), HealthProvider()]


def make_container(settings: Settings, servers: Servers, *overrides: Provider) -> AsyncContainer:
    """Build the container; `overrides` replace providers (tests swap one without patching)."""
    return make_async_container(
        *default_providers(),
        *overrides,
        context={Settings: settings, Servers: servers},
    )
