"""WHOOP's routes over real HTTP, on the production WHOOP provider (fake WHOOP, real Redis,
in-memory stores): linking through /whoop/connect and /whoop/callback, and signed webhooks."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import httpx
import msgspec
import pytest
from dishka import AsyncContainer, Provider, Scope, make_async_container, provide
from dishka.integrations.litestar import setup_dishka
from litestar import Litestar
from redis.asyncio import Redis

from adapters.memory.coordination import MemoryJobQueue
from adapters.memory.database import MemoryDatabase
from adapters.memory.messenger import RecordingMessenger
from adapters.memory.system import SequentialIds, SequentialSecrets
from adapters.memory.unit_of_work import MemoryUnitOfWork
from adapters.whoop.oauth import WhoopAuthorizer
from application.connections.begin_connection import BeginConnection, BeginConnectionRequest
from application.connections.complete_connection import CompleteConnection
from application.ports.coordination import JobQueue
from application.ports.messenger import Messenger
from application.ports.system import Clock
from application.ports.unit_of_work import UnitOfWork
from application.sync.fetch_wearable_record import (
    FETCH_WEARABLE_RECORD_JOB,
    FetchOutcome,
    FetchWearableRecord,
    FetchWearableRecordRequest,
)
from application.users.register_user import RegisterUser, RegisterUserRequest, Sender
from domain.connections import ConnectionStatus
from domain.connections import Provider as Service
from domain.ids import UserId
from entrypoints.config import Settings
from entrypoints.http.whoop import WhoopController
from entrypoints.providers.whoop import WhoopProvider
from tests.fakes.whoop import ManualClock, WhoopFake
from tests.support.http import serve
from tests.whoop.world import FakeClock

TELEGRAM_ID = 7001
PUBLIC = "https://bot.example.org"


@dataclass
class Shared:
    clock: FakeClock
    redis_url: str
    db: MemoryDatabase = field(default_factory=MemoryDatabase)
    messenger: RecordingMessenger = field(default_factory=RecordingMessenger)
    jobs: MemoryJobQueue = field(default_factory=MemoryJobQueue)


class Wiring(Provider):
    """What other areas provide in production: clock, Redis, stores, messenger, job queue."""

    def __init__(self, shared: Shared) -> None:
        super().__init__()
        self._shared = shared

    @provide(scope=Scope.APP)
    def clock(self) -> Clock:
        return self._shared.clock

    @provide(scope=Scope.APP)
    async def redis(self) -> AsyncIterator[Redis]:
        client = Redis.from_url(self._shared.redis_url)
        yield client
        await client.aclose()

    @provide(scope=Scope.APP)
    def messenger(self) -> Messenger:
        return self._shared.messenger

    @provide(scope=Scope.APP)
    def jobs(self) -> JobQueue:
        return self._shared.jobs

    @provide(scope=Scope.REQUEST)
    def uow(self) -> UnitOfWork:
        return MemoryUnitOfWork(self._shared.db)

    @provide(scope=Scope.REQUEST)
    def complete(
        self, uow: UnitOfWork, clock: Clock, authorizer: WhoopAuthorizer, jobs: JobQueue
    ) -> CompleteConnection:
        return CompleteConnection(uow, clock, {Service.WHOOP: authorizer}, jobs)


@dataclass
class Site:
    url: str
    container: AsyncContainer
    shared: Shared
    browser: httpx.AsyncClient


@pytest.fixture
async def site(fake: WhoopFake, manual: ManualClock, redis_url: str) -> AsyncIterator[Site]:
    shared = Shared(clock=FakeClock(manual), redis_url=redis_url)
    settings = Settings(
        PUBLIC_BASE_URL=PUBLIC,
        WHOOP_CLIENT_ID=fake.client_id,
        WHOOP_CLIENT_SECRET=fake.client_secret,
        WHOOP_API_BASE_URL=fake.api_base_url,
        WHOOP_OAUTH_BASE_URL=f"{fake.oauth_base_url}/oauth2",
    )
    container = make_async_container(WhoopProvider(), Wiring(shared), context={Settings: settings})
    app = Litestar(route_handlers=[WhoopController], debug=False)
    setup_dishka(container, app)
    async with serve(app) as url, httpx.AsyncClient() as browser:
        yield Site(url, container, shared, browser)
    await container.close()


async def _begin(site: Site) -> tuple[UserId, str]:
    """/connect_whoop in the bot: a user and the link it would give them."""
    sender = Sender(telegram_user_id=TELEGRAM_ID, language_code="en")
    uow = MemoryUnitOfWork(site.shared.db)
    user = (
        await RegisterUser(uow, site.shared.clock, SequentialIds()).execute(
            RegisterUserRequest(sender=sender)
        )
    ).user
    authorizer = await site.container.get(WhoopAuthorizer)
    secrets = SequentialSecrets(prefix="state-from-the-bot")
    begun = await BeginConnection(
        uow, site.shared.clock, secrets, {Service.WHOOP: authorizer}
    ).execute(BeginConnectionRequest(user_id=user.id, provider=Service.WHOOP))
    state = httpx.URL(begun.url).params["state"]
    return user.id, f"{site.url}/whoop/connect?state={state}"


async def _follow(site: Site, link: str) -> httpx.Response:
    """The browser: our redirect, WHOOP's consent (approved), back to our callback."""
    ours = await site.browser.get(link)
    assert ours.status_code == 302
    theirs = await site.browser.get(ours.headers["location"])
    assert theirs.status_code == 302
    return await site.browser.get(theirs.headers["location"].replace(PUBLIC, site.url))


async def _status(site: Site, user_id: UserId) -> ConnectionStatus | None:
    async with MemoryUnitOfWork(site.shared.db) as uow:
        connection = await uow.connections.get(user_id, Service.WHOOP)
    return connection.status if connection else None


async def test_linking_through_the_routes(site: Site, fake: WhoopFake) -> None:
    member = fake.add_user()
    user_id, link = await _begin(site)
    page = await _follow(site, link)
    assert page.status_code == 200 and "WHOOP is connected." in page.text
    assert page.headers["content-type"].startswith("text/html")
    assert await _status(site, user_id) is ConnectionStatus.CONNECTED
    assert site.shared.messenger.texts_to(TELEGRAM_ID) == ["WHOOP is connected."]
    [backfill] = site.shared.jobs.queued
    assert backfill.job == "sync_wearable"
    async with MemoryUnitOfWork(site.shared.db) as uow:
        credentials = await uow.connections.credentials(user_id, Service.WHOOP)
    assert credentials is not None and credentials.external_user_id == str(member.user_id)


async def test_a_reused_or_forged_state_links_nothing(site: Site, fake: WhoopFake) -> None:
    fake.add_user()
    _, link = await _begin(site)
    ours = await site.browser.get(link)
    theirs = await site.browser.get(ours.headers["location"])
    callback = theirs.headers["location"].replace(PUBLIC, site.url)
    assert (await site.browser.get(callback)).status_code == 200
    reused = await site.browser.get(callback)
    forged = await site.browser.get(
        f"{site.url}/whoop/callback", params={"state": "forged-state-nobody-issued", "code": "x"}
    )
    for page in (reused, forged):
        assert page.status_code == 400
        assert "no longer valid" in page.text and "Traceback" not in page.text
    assert fake.code_exchange_count == 1
    short = await site.browser.get(f"{site.url}/whoop/connect", params={"state": "short"})
    assert short.status_code == 400


async def test_saying_no_at_whoop_is_shown_plainly(site: Site, fake: WhoopFake) -> None:
    fake.add_user()
    fake.deny_next_authorization()
    user_id, link = await _begin(site)
    page = await _follow(site, link)
    assert page.status_code == 200 and "did not allow access" in page.text
    assert await _status(site, user_id) is None
    assert site.shared.messenger.sent == []


async def test_webhooks_signed_once_fetched_once(
    site: Site, fake: WhoopFake, manual: ManualClock
) -> None:
    member = fake.add_user()
    fake.generate_history(member.user_id, days=3)
    user_id, link = await _begin(site)
    await _follow(site, link)
    site.shared.jobs.queued.clear()  # the backfill is not what this test is about
    _, sleep, _ = fake.add_night(member.user_id, scored=True)
    url = f"{site.url}/whoop/webhook"
    webhook = fake.webhook(member.user_id, sleep.id, "sleep.updated")

    first = await fake.asend_webhook(url, webhook)
    replay = await fake.asend_webhook(url, webhook)
    forged = await fake.asend_webhook(url, webhook.with_signature("Zm9yZ2Vk"))
    stale_ms = int((manual().timestamp() - 600) * 1000)
    stale = await fake.asend_webhook(
        url, fake.webhook(member.user_id, sleep.id, "sleep.updated", timestamp_ms=stale_ms)
    )
    assert [d.status_code for d in (first, replay, forged, stale)] == [204, 204, 401, 401]

    [job] = site.shared.jobs.queued
    assert job.job == FETCH_WEARABLE_RECORD_JOB
    async with site.container() as request:
        fetch = await request.get(FetchWearableRecord)
        done = await fetch.execute(
            msgspec.json.decode(job.payload, type=FetchWearableRecordRequest)
        )
    assert done.outcome is FetchOutcome.STORED
    assert fake.count("getSleepById") == 1
    async with MemoryUnitOfWork(site.shared.db) as uow:
        stored = await uow.recovery.all_of(user_id)
    assert sleep.id in {s.id for s in stored.sleeps}
