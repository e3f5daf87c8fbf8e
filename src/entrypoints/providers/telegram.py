"""The Telegram bot's part of the container.

- `TelegramProvider` (APP): the Bot, the shared send pacer, the messenger (also as the
  `Messenger` port), voice downloads, the callback signer, the Dispatcher and the webhook
  intake; (REQUEST) `DeliverBriefing`, the use case that sends through the messenger.
- `JobQueueProvider` (APP): arq over the process's Redis pool, as the `JobQueue` port.
- `AccountProvider` (REQUEST): /delete, /connect_* and /disconnect's use cases, on the request's
  one `UnitOfWork` — whichever provider supplies that port (PostgreSQL, or memory in tests) —
  and `AuthorizeConnection` for GET /fatsecret/connect (the link /connect_fatsecret gives).
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from aiogram import Bot, Dispatcher
from arq.connections import ArqRedis
from dishka import AsyncContainer, Provider, Scope, alias, provide
from dishka.exceptions import NoFactoryError
from redis.asyncio import Redis

from adapters.fatsecret.authorizer import FatSecretAuthorizer
from adapters.redis.job_queue import ArqJobQueue, arq_redis
from adapters.redis.send_pacing import RedisSendPacer
from adapters.telegram.bot import open_bot
from adapters.telegram.delivery import Delivery, SendPacer
from adapters.telegram.files import TelegramFiles
from adapters.telegram.messenger import TelegramMessenger
from adapters.whoop.oauth import WhoopAuthorizer
from application.briefings.deliver_briefing import DeliverBriefing
from application.connections.authorize_connection import AuthorizeConnection
from application.connections.begin_connection import BeginConnection
from application.connections.complete_connection import CompleteConnection
from application.connections.disconnect import Disconnect
from application.ports.authorizer import ProviderAuthorizer
from application.ports.coordination import JobQueue
from application.ports.messenger import Messenger
from application.ports.system import Clock, SecretGenerator
from application.ports.unit_of_work import UnitOfWork
from application.users.delete_user import DeleteUser
from domain.connections import Provider as ServiceProvider
from entrypoints.bot.callbacks import CallbackSigner
from entrypoints.bot.config import bot_token, callback_key, webhook_secret
from entrypoints.bot.dispatcher import build_dispatcher
from entrypoints.bot.intake import UpdateIntake
from entrypoints.bot.routers.account import Authorizers
from entrypoints.config import ConfigError, Settings
from entrypoints.http.fatsecret import CONNECT_PATH as FATSECRET_CONNECT_PATH

__all__ = ["AccountProvider", "Authorizers", "JobQueueProvider", "TelegramProvider"]


class TelegramProvider(Provider):
    scope = Scope.APP

    @provide
    async def bot(self, settings: Settings) -> AsyncIterator[Bot]:
        async for bot in open_bot(bot_token(settings), settings.TELEGRAM_API_BASE_URL):
            yield bot

    @provide
    def pacer(self, redis: Redis) -> SendPacer:
        return RedisSendPacer(redis)

    @provide
    def delivery(self, pacer: SendPacer) -> Delivery:
        return Delivery(pacer)

    messenger = provide(TelegramMessenger)
    messenger_port = alias(source=TelegramMessenger, provides=Messenger)
    files = provide(TelegramFiles)

    @provide
    def signer(self, settings: Settings) -> CallbackSigner:
        return CallbackSigner(callback_key(settings))

    @provide
    def dispatcher(self, container: AsyncContainer, redis: Redis) -> Dispatcher:
        return build_dispatcher(container, redis)

    @provide
    def intake(self, settings: Settings, jobs: ArqJobQueue) -> UpdateIntake:
        return UpdateIntake(webhook_secret(settings), jobs)

    deliver_briefing = provide(DeliverBriefing, scope=Scope.REQUEST)


class JobQueueProvider(Provider):
    scope = Scope.APP

    @provide
    def arq(self, redis: Redis) -> ArqRedis:
        return arq_redis(redis)

    @provide
    def jobs(self, arq: ArqRedis) -> ArqJobQueue:
        return ArqJobQueue(arq)

    jobs_port = alias(source=ArqJobQueue, provides=JobQueue)


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
