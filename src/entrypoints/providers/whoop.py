"""WHOOP's part of the container.

APP: one httpx client for WHOOP (closed with the container), the request budget and the lock
(both in the process's Redis, shared by every process), the API transport, the gateway (also as
the `WearableGateway` port), the authorizer and the webhook verifier.
REQUEST: the use cases that call WHOOP — every one through `FreshCredentials`, so refreshes are
single-flight — on the request's one `UnitOfWork`.

Needs from other providers: Settings, Redis, Clock (APP); UnitOfWork (REQUEST); Messenger and
JobQueue (the Telegram and job queue providers). Nothing is read from the settings until a WHOOP
piece is first asked for, so a deployment without WHOOP keys starts all the same.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

from dishka import Provider, Scope, alias, provide
from redis.asyncio import Redis

from adapters.redis.lock import RedisLock
from adapters.whoop.accounts import ScanningWearableAccounts
from adapters.whoop.config import WhoopConfig
from adapters.whoop.gateway import WhoopGateway
from adapters.whoop.http_client import WhoopHttpClient, open_http_client
from adapters.whoop.oauth import WhoopAuthorizer
from adapters.whoop.rate_budget import RedisRateBudget
from adapters.whoop.transport import WhoopTransport
from adapters.whoop.webhooks import WhoopWebhookVerifier
from application.connections.fresh_credentials import FreshCredentials
from application.connections.mark_connection_broken import MarkConnectionBroken
from application.connections.refresh_due_credentials import RefreshDueCredentials
from application.ports.coordination import Lock
from application.ports.messenger import Messenger
from application.ports.system import Clock
from application.ports.unit_of_work import UnitOfWork
from application.ports.wearable import WearableGateway
from application.sync.fetch_wearable_record import FetchWearableRecord
from application.sync.handle_wearable_webhook import HandleWearableWebhook, WearableAccounts
from application.sync.reconcile_wearables import ReconcileWearables
from application.sync.sync_wearable import SyncWearable
from entrypoints.config import ConfigError, Settings

# The hourly reconcile reads three days back: late scores and missed webhooks are corrected.
RECONCILE_LOOK_BACK = timedelta(days=3)


def whoop_config(settings: Settings) -> WhoopConfig:
    if not settings.WHOOP_CLIENT_ID or not settings.WHOOP_CLIENT_SECRET:
        raise ConfigError(
            "WHOOP_CLIENT_ID, WHOOP_CLIENT_SECRET: not set (the OAuth client of the app at "
            "developer-dashboard.whoop.com)"
        )
    if not settings.PUBLIC_BASE_URL:
        raise ConfigError(
            "PUBLIC_BASE_URL: not set (WHOOP sends users back to /whoop/callback there)"
        )
    return WhoopConfig(
        client_id=settings.WHOOP_CLIENT_ID,
        client_secret=settings.WHOOP_CLIENT_SECRET,
        redirect_uri=f"{settings.PUBLIC_BASE_URL.rstrip('/')}/whoop/callback",
        api_base_url=settings.WHOOP_API_BASE_URL,
        oauth_base_url=settings.WHOOP_OAUTH_BASE_URL,
    )


class WhoopProvider(Provider):
    scope = Scope.APP

    @provide
    def config(self, settings: Settings) -> WhoopConfig:
        return whoop_config(settings)

    @provide
    async def http(self) -> AsyncIterator[WhoopHttpClient]:
        async for client in open_http_client():
            yield client

    @provide
    def budget(self, redis: Redis, clock: Clock) -> RedisRateBudget:
        return RedisRateBudget(redis, clock)

    @provide
    def lock(self, redis: Redis) -> RedisLock:
        return RedisLock(redis)

    lock_port = alias(source=RedisLock, provides=Lock)

    @provide
    def transport(
        self, http: WhoopHttpClient, config: WhoopConfig, budget: RedisRateBudget
    ) -> WhoopTransport:
        return WhoopTransport(http, config, budget)

    gateway = provide(WhoopGateway)
    gateway_port = alias(source=WhoopGateway, provides=WearableGateway)

    @provide
    def authorizer(
        self, http: WhoopHttpClient, config: WhoopConfig, transport: WhoopTransport, clock: Clock
    ) -> WhoopAuthorizer:
        return WhoopAuthorizer(http, config, transport, clock)

    @provide
    def webhook_verifier(self, settings: Settings, clock: Clock) -> WhoopWebhookVerifier:
        # WHOOP signs webhooks with the app's client secret; a separate setting wins if given.
        secret = settings.WHOOP_WEBHOOK_SECRET or settings.WHOOP_CLIENT_SECRET
        if not secret:
            raise ConfigError("WHOOP_WEBHOOK_SECRET (or WHOOP_CLIENT_SECRET): not set")
        return WhoopWebhookVerifier(secret, clock)

    @provide(scope=Scope.REQUEST)
    def mark_connection_broken(
        self, uow: UnitOfWork, clock: Clock, messenger: Messenger
    ) -> MarkConnectionBroken:
        return MarkConnectionBroken(uow, clock, messenger)

    @provide(scope=Scope.REQUEST)
    def fresh_credentials(
        self,
        uow: UnitOfWork,
        clock: Clock,
        lock: Lock,
        authorizer: WhoopAuthorizer,
        mark_broken: MarkConnectionBroken,
    ) -> FreshCredentials:
        return FreshCredentials(uow, clock, lock, authorizer, mark_broken)

    @provide(scope=Scope.REQUEST)
    def sync_wearable(
        self,
        uow: UnitOfWork,
        clock: Clock,
        gateway: WearableGateway,
        fresh: FreshCredentials,
    ) -> SyncWearable:
        return SyncWearable(uow, clock, gateway, fresh, look_back=RECONCILE_LOOK_BACK)

    @provide(scope=Scope.REQUEST)
    def accounts(self, uow: UnitOfWork) -> WearableAccounts:
        return ScanningWearableAccounts(uow)

    refresh_due_credentials = provide(RefreshDueCredentials, scope=Scope.REQUEST)
    fetch_wearable_record = provide(FetchWearableRecord, scope=Scope.REQUEST)
    handle_wearable_webhook = provide(HandleWearableWebhook, scope=Scope.REQUEST)
    reconcile_wearables = provide(ReconcileWearables, scope=Scope.REQUEST)
