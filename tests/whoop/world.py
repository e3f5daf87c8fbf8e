"""The WHOOP adapters wired to the fake WHOOP, a real Redis and the in-memory stores, the way
the container wires them in production; plus virtual time for the request budget."""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
from redis.asyncio import Redis

from adapters.memory.coordination import MemoryJobQueue
from adapters.memory.database import MemoryDatabase
from adapters.memory.messenger import RecordingMessenger
from adapters.memory.system import SequentialIds, SequentialSecrets
from adapters.memory.unit_of_work import MemoryUnitOfWork
from adapters.redis.lock import RedisLock
from adapters.whoop.accounts import ScanningWearableAccounts
from adapters.whoop.config import WhoopConfig
from adapters.whoop.gateway import WhoopGateway
from adapters.whoop.http_client import WhoopHttpClient, new_http_client
from adapters.whoop.oauth import WhoopAuthorizer
from adapters.whoop.rate_budget import BudgetLimits, RedisRateBudget
from adapters.whoop.transport import WhoopTransport
from adapters.whoop.webhooks import WhoopWebhookVerifier
from application.connections.begin_connection import BeginConnection, BeginConnectionRequest
from application.connections.complete_connection import (
    CompleteConnection,
    CompleteConnectionRequest,
)
from application.connections.fresh_credentials import FreshCredentials
from application.connections.mark_connection_broken import MarkConnectionBroken
from application.ports.connections import ProviderCredentials
from application.sync.fetch_wearable_record import FetchWearableRecord
from application.sync.handle_wearable_webhook import HandleWearableWebhook
from application.sync.sync_wearable import SyncWearable
from application.users.register_user import RegisterUser, RegisterUserRequest, Sender
from domain.connections import ConnectionStatus, Provider, ProviderConnection
from domain.ids import UserId
from tests.fakes.whoop import ALL_SCOPES, ManualClock, WhoopFake

REDIRECT_URI = "https://bot.example.org/whoop/callback"
LOOK_BACK = timedelta(days=3)


class FakeClock:
    """The application's `Clock` over the fake's hand-moved clock: both sides share one time."""

    def __init__(self, manual: ManualClock) -> None:
        self.manual = manual

    def now(self) -> datetime:
        return self.manual()


class VirtualTime:
    """Sleeping without waiting: a discrete-event clock for `participants` tasks.

    Time moves only when every participant is asleep, to the earliest wake-up — so it never
    moves while a request is on the wire, and "admitted at" equals "arrived at" the fake."""

    def __init__(self, manual: ManualClock) -> None:
        self.manual = manual
        self.active = 0
        self._sleepers: list[tuple[datetime, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    async def sleep(self, seconds: float) -> None:
        wake = self.manual() + timedelta(seconds=max(seconds, 0))
        future = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (wake, next(self._order), future))
        self._advance()
        await future

    @asynccontextmanager
    async def participant(self) -> AsyncIterator[None]:
        self.active += 1
        try:
            yield
        finally:
            self.active -= 1
            self._advance()

    def _advance(self) -> None:
        if not self._sleepers or len(self._sleepers) < self.active:
            return
        wake, _, _ = self._sleepers[0]
        if wake > self.manual():
            self.manual.set(wake)
        while self._sleepers and self._sleepers[0][0] <= self.manual():
            heapq.heappop(self._sleepers)[2].set_result(None)


@dataclass
class World:
    fake: WhoopFake
    redis: Redis
    clock: FakeClock
    http: WhoopHttpClient
    budget: RedisRateBudget
    transport: WhoopTransport
    gateway: WhoopGateway
    authorizer: WhoopAuthorizer
    lock: RedisLock
    config: WhoopConfig
    db: MemoryDatabase = field(default_factory=MemoryDatabase)
    messenger: RecordingMessenger = field(default_factory=RecordingMessenger)
    jobs: MemoryJobQueue = field(default_factory=MemoryJobQueue)
    ids: SequentialIds = field(default_factory=lambda: SequentialIds(start=1))
    telegram_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(5001))

    def uow(self) -> MemoryUnitOfWork:
        return MemoryUnitOfWork(self.db)

    def fresh(self) -> FreshCredentials:
        broken = MarkConnectionBroken(self.uow(), self.clock, self.messenger)
        return FreshCredentials(self.uow(), self.clock, self.lock, self.authorizer, broken)

    def sync(self) -> SyncWearable:
        return SyncWearable(self.uow(), self.clock, self.gateway, self.fresh(), look_back=LOOK_BACK)

    def fetch_record(self) -> FetchWearableRecord:
        return FetchWearableRecord(self.uow(), self.gateway, self.fresh())

    def handle_webhook(self) -> HandleWearableWebhook:
        accounts = ScanningWearableAccounts(self.uow())
        return HandleWearableWebhook(self.uow(), self.clock, accounts, self.jobs)

    def verifier(self) -> WhoopWebhookVerifier:
        return WhoopWebhookVerifier(self.fake.client_secret, self.clock)

    async def register(self, language_code: str = "en") -> UserId:
        sender = Sender(telegram_user_id=next(self.telegram_ids), language_code=language_code)
        registered = await RegisterUser(self.uow(), self.clock, self.ids).execute(
            RegisterUserRequest(sender=sender)
        )
        return registered.user.id

    async def link(self, whoop_user_id: int, user_id: UserId | None = None) -> UserId:
        """Our user approves at the fake WHOOP (signed in as `whoop_user_id`) and comes back."""
        user_id = user_id or await self.register()
        authorizers = {Provider.WHOOP: self.authorizer}
        secrets = SequentialSecrets(prefix=f"state-for-{user_id}")
        begun = await BeginConnection(self.uow(), self.clock, secrets, authorizers).execute(
            BeginConnectionRequest(user_id=user_id, provider=Provider.WHOOP)
        )
        self.fake.sign_in(whoop_user_id)
        callback = await consent(begun.url)
        await CompleteConnection(self.uow(), self.clock, authorizers, self.jobs).execute(
            CompleteConnectionRequest(
                provider=Provider.WHOOP, state=callback["state"], code=callback["code"]
            )
        )
        return user_id

    async def connect(
        self,
        whoop_user_id: int,
        *,
        expires_in: int | None = None,
        scopes: tuple[str, ...] = ALL_SCOPES,
    ) -> UserId:
        """A user linked already (tokens issued without the browser dance or a profile read);
        `expires_in`: what our books say is left of the access token."""
        user_id = await self.register()
        tokens = self.fake.issue_tokens(whoop_user_id, scopes)
        lifetime = timedelta(seconds=expires_in or tokens.expires_in)
        credentials = ProviderCredentials(
            access_token=tokens.access_token,
            refresh_token=tokens.refresh_token,
            expires_at=self.clock.now() + lifetime,
            external_user_id=str(whoop_user_id),
        )
        connection = ProviderConnection(
            user_id=user_id,
            provider=Provider.WHOOP,
            status=ConnectionStatus.CONNECTED,
            connected_at=self.clock.now(),
        )
        async with self.uow() as uow:
            await uow.connections.save(connection, credentials)
            await uow.commit()
        return user_id


async def consent(authorize_url: str) -> dict[str, str]:
    """What the browser does: open WHOOP's consent page, approve, follow the redirect back."""
    async with httpx.AsyncClient() as browser:
        answer = await browser.get(authorize_url)
    assert answer.status_code == 302, answer.text
    location = answer.headers["location"]
    assert location.startswith(REDIRECT_URI + "?")
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


@asynccontextmanager
async def world(
    fake: WhoopFake,
    redis_url: str,
    manual: ManualClock,
    *,
    limits: BudgetLimits | None = None,
    time: VirtualTime | None = None,
) -> AsyncIterator[World]:
    redis = Redis.from_url(redis_url)
    http = new_http_client()
    clock = FakeClock(manual)
    config = WhoopConfig(
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        redirect_uri=REDIRECT_URI,
        api_base_url=fake.api_base_url,
        oauth_base_url=f"{fake.oauth_base_url}/oauth2",
    )
    sleep = time.sleep if time else asyncio.sleep
    budget = RedisRateBudget(redis, clock, limits=limits, sleep=sleep)
    transport = WhoopTransport(http, config, budget, backoff_s=0.001)
    try:
        yield World(
            fake=fake,
            redis=redis,
            clock=clock,
            http=http,
            budget=budget,
            transport=transport,
            gateway=WhoopGateway(transport),
            authorizer=WhoopAuthorizer(http, config, transport, clock, backoff_s=0.001),
            lock=RedisLock(redis, poll_s=0.01),
            config=config,
        )
    finally:
        await http.aclose()
        await redis.aclose()
