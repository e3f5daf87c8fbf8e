"""FatSecret's part of the container.

APP: one httpx client for FatSecret (closed with the container), the OAuth 1.0 signer, the API
client, the food book, the catalog (as `FatSecretCatalog`: which catalog serves food lookups is
the composition's choice), the diary (also as the `DiaryGateway` port) and the authorizer.
REQUEST: the outbox drain, the diary import and the token check, each on the request's unit of
work and telling the user through the `Messenger` when the link breaks.

Needs from other providers: Settings (APP); Clock, SecretGenerator, Messenger (APP);
UnitOfWork, IdGenerator (REQUEST / APP). Nothing is read from the settings until a FatSecret
piece is first asked for, so a deployment without FatSecret keys starts all the same.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import NewType

import httpx
from dishka import Provider, Scope, alias, provide

from adapters.fatsecret.authorizer import FatSecretAuthorizer
from adapters.fatsecret.catalog import FatSecretCatalog
from adapters.fatsecret.client import FatSecretClient
from adapters.fatsecret.diary import FatSecretDiary
from adapters.fatsecret.foods import FoodBook
from adapters.fatsecret.signing import OAuth1Signer
from application.connections.check_diary_connection import CheckDiaryConnection
from application.ports.diary import DiaryGateway
from application.ports.messenger import Messenger
from application.ports.system import Clock, IdGenerator, SecretGenerator
from application.ports.unit_of_work import UnitOfWork
from application.sync.drain_diary_outbox import DrainDiaryOutbox
from application.sync.sync_diary import SyncDiary
from entrypoints.config import ConfigError, Settings

# Its own type, so it never meets another provider's httpx client.
FatSecretHttp = NewType("FatSecretHttp", httpx.AsyncClient)
# FatSecret answers in well under a second; a create left hanging is reconciled later.
TIMEOUT = httpx.Timeout(15.0, connect=5.0)
USER_AGENT = "health-tracker/0.1"


def consumer_credentials(settings: Settings) -> tuple[str, str]:
    key, secret = settings.FATSECRET_CONSUMER_KEY, settings.FATSECRET_CONSUMER_SECRET
    if not key or not secret:
        raise ConfigError(
            "FATSECRET_CONSUMER_KEY, FATSECRET_CONSUMER_SECRET: not set (the OAuth 1.0 consumer "
            "key and secret of the app at platform.fatsecret.com)"
        )
    return key, secret


def public_base_url(settings: Settings) -> str:
    if not settings.PUBLIC_BASE_URL:
        raise ConfigError(
            "PUBLIC_BASE_URL: not set (FatSecret sends users back to /fatsecret/callback there)"
        )
    return settings.PUBLIC_BASE_URL


class FatSecretProvider(Provider):
    scope = Scope.APP

    @provide
    async def http(self) -> AsyncIterator[FatSecretHttp]:
        headers = {"User-Agent": USER_AGENT}
        async with httpx.AsyncClient(timeout=TIMEOUT, headers=headers) as client:
            yield FatSecretHttp(client)

    @provide
    def signer(self, settings: Settings, clock: Clock, secrets: SecretGenerator) -> OAuth1Signer:
        key, secret = consumer_credentials(settings)
        return OAuth1Signer(key, secret, clock=clock, nonces=secrets)

    @provide
    def client(
        self, http: FatSecretHttp, signer: OAuth1Signer, settings: Settings
    ) -> FatSecretClient:
        return FatSecretClient(
            http,
            signer,
            api_base_url=settings.FATSECRET_API_BASE_URL,
            oauth_base_url=settings.FATSECRET_OAUTH_BASE_URL,
        )

    @provide
    def foods(self, client: FatSecretClient) -> FoodBook:
        return FoodBook(client)

    catalog = provide(FatSecretCatalog)
    diary = provide(FatSecretDiary)
    diary_port = alias(source=FatSecretDiary, provides=DiaryGateway)

    @provide
    def authorizer(self, client: FatSecretClient, settings: Settings) -> FatSecretAuthorizer:
        return FatSecretAuthorizer(client, public_base_url=public_base_url(settings))

    @provide(scope=Scope.REQUEST)
    def drain_diary_outbox(
        self, uow: UnitOfWork, clock: Clock, diary: DiaryGateway, messenger: Messenger
    ) -> DrainDiaryOutbox:
        return DrainDiaryOutbox(uow, clock, diary, messenger=messenger)

    @provide(scope=Scope.REQUEST)
    def sync_diary(
        self,
        uow: UnitOfWork,
        clock: Clock,
        ids: IdGenerator,
        diary: DiaryGateway,
        messenger: Messenger,
    ) -> SyncDiary:
        return SyncDiary(uow, clock, ids, diary, messenger=messenger)

    check_diary_connection = provide(CheckDiaryConnection, scope=Scope.REQUEST)
