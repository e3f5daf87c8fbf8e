"""What operating the product needs beyond serving users: the active-user counts behind the
DAU / MAU gauges of `/metrics`.

Needs from other providers: Pool (InfrastructureProvider).
"""

from __future__ import annotations

from dishka import Provider, Scope, provide

from adapters.postgres.activity import ActiveUsers
from entrypoints.providers.infrastructure import Pool


class OperationsProvider(Provider):
    scope = Scope.APP

    @provide
    def active_users(self, pool: Pool) -> ActiveUsers:
        return ActiveUsers(pool)
