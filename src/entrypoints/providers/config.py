from __future__ import annotations

from dishka import Provider, Scope, from_context

from entrypoints.config import Settings
from entrypoints.runtime import Servers


class ConfigProvider(Provider):
    """What the process was started with: settings and where the servers are."""

    settings = from_context(provides=Settings, scope=Scope.APP)
    servers = from_context(provides=Servers, scope=Scope.APP)
