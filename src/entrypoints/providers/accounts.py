"""The account use cases in the container: linking WHOOP and FatSecret, /delete and
/disconnect, on the request's one `UnitOfWork` — whichever provider supplies that port
(PostgreSQL, or memory in tests) — and `Authorizers`, the authorizers of the providers that
are configured. The bot and the HTTP app (GET /fatsecret/connect, the callbacks) share them.
"""

from __future__ import annotations

from dishka import AsyncContainer, Provider, Scope, provide
from dishka.exceptions import NoFactoryError

from adapters.fatsecret.authorizer import FatSecretAuthorizer
from adapters.whoop.oauth import WhoopAuthorizer
from application.connections.authorize_connection import AuthorizeConnection
from application.connections.begin_connection import BeginConnection
from application.connections.complete_connection import CompleteConnection
from application.connections.disconnect import Disconnect
from application.ports.authorizer import Authorizers, ProviderAuthorizer
from application.ports.system import Clock, SecretGenerator
from application.ports.unit_of_work import UnitOfWork
from application.users.delete_user import DeleteUser
from domain.connections import Provider as ServiceProvider
from entrypoints.config import ConfigError, Settings
from entrypoints.http.fatsecret import CONNECT_PATH as FATSECRET_CONNECT_PATH

__all__ = ["AccountProvider", "Authorizers"]


class AccountProvider(Provider):
    """The account use cases the bot drives that no other area provides (the chat, meal,
    settings and briefing use cases come from the persistence and assistant providers), and
    `Authorizers`: the WHOOP and FatSecret authorizers of the providers that are configured."""

    scope = Scope.REQUEST

    delete_user = provide(DeleteUser)
    authorize_connection = provide(AuthorizeConnection)
    complete_connection = provide(CompleteConnection)

    @provide
    def begin_connection(
        self,
        uow: UnitOfWork,
        clock: Clock,
        secrets: SecretGenerator,
        authorizers: Authorizers,
        settings: Settings,
    ) -> BeginConnection:
        """FatSecret's link is our GET /fatsecret/connect, which fetches the request token only
        when it is opened. WHOOP's stays its consent page (building it calls nobody)."""
        own_routes = {}
        if settings.PUBLIC_BASE_URL:  # without it FatSecret is not set up at all
            base = settings.PUBLIC_BASE_URL.rstrip("/")
            own_routes[ServiceProvider.FATSECRET] = base + FATSECRET_CONNECT_PATH
        return BeginConnection(uow, clock, secrets, authorizers, own_routes=own_routes)

    disconnect = provide(Disconnect)

    @provide
    async def authorizers(self, container: AsyncContainer) -> Authorizers:
        """Asked of the request's container, so that one missing setting is no error until
        someone tries to link that provider (/connect says it is not set up, /delete has
        nothing there to revoke). The request container holds no lock: this nested `get`
        cannot deadlock the APP container's."""
        configured: dict[ServiceProvider, ProviderAuthorizer] = {}
        for provider, kind in _AUTHORIZERS:
            try:
                configured[provider] = await container.get(kind)
            except (ConfigError, NoFactoryError):
                continue
        return configured


_AUTHORIZERS: tuple[tuple[ServiceProvider, type[ProviderAuthorizer]], ...] = (
    (ServiceProvider.WHOOP, WhoopAuthorizer),
    (ServiceProvider.FATSECRET, FatSecretAuthorizer),
)
