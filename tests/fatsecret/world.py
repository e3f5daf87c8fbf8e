"""The product's FatSecret pieces wired to the fake FatSecret over real HTTP, on the in-memory
kit (its clock is the fake's clock too, so OAuth timestamps agree)."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import parse_qs, urlsplit

import httpx

from adapters.fatsecret.authorizer import FatSecretAuthorizer
from adapters.fatsecret.catalog import FatSecretCatalog
from adapters.fatsecret.client import FatSecretClient
from adapters.fatsecret.diary import FatSecretDiary
from adapters.fatsecret.foods import FoodBook
from adapters.fatsecret.signing import OAuth1Signer
from adapters.memory.kit import MemoryApplication, MemoryKit
from adapters.memory.system import SequentialSecrets
from application.connections.begin_connection import BeginConnection, BeginConnectionRequest
from application.connections.check_diary_connection import (
    CheckDiaryConnection,
    CheckDiaryConnectionRequest,
    CheckDiaryConnectionResponse,
)
from application.connections.complete_connection import (
    CompleteConnection,
    CompleteConnectionRequest,
)
from application.ports.catalog import FoodCatalog
from application.ports.connections import ProviderCredentials
from application.ports.diary_outbox import DiaryOutboxItem
from application.sync.drain_diary_outbox import (
    DrainDiaryOutbox,
    DrainDiaryOutboxRequest,
    DrainDiaryOutboxResponse,
)
from application.sync.sync_diary import SyncDiary, SyncDiaryRequest, SyncDiaryResponse
from domain.connections import ConnectionStatus, Provider
from domain.ids import UserId
from domain.meals.entry import FoodEntry
from tests.fakes.fatsecret import FatSecretFake, FatSecretUser

PUBLIC_BASE_URL = "https://bot.example.org"


async def no_sleep(_: float) -> None:
    """Backoff without waiting: tests assert what happens, not how long it takes."""


class World:
    def __init__(
        self,
        kit: MemoryKit,
        fake: FatSecretFake,
        http: httpx.AsyncClient,
        *,
        catalog: FoodCatalog | None = None,
        with_servings: bool = True,
    ) -> None:
        self.kit = kit
        self.fake = fake
        self.http = http
        self.signer = OAuth1Signer(
            fake.consumer_key,
            fake.consumer_secret,
            clock=kit.clock,
            nonces=SequentialSecrets("nonce"),
        )
        self.client = FatSecretClient(
            http,
            self.signer,
            api_base_url=fake.api_base_url,
            oauth_base_url=fake.oauth_base_url,
            sleep=no_sleep,
        )
        self.foods = FoodBook(self.client, with_servings=with_servings)
        self.catalog = FatSecretCatalog(self.foods)
        self.diary = FatSecretDiary(self.client, self.foods)
        self.authorizer = FatSecretAuthorizer(self.client, public_base_url=PUBLIC_BASE_URL)
        # The chat side of the product (interpreter, log / undo / edit) on the kit, with
        # FatSecret as its catalog unless told otherwise and FatSecret as the diary.
        kit.catalog = catalog or self.catalog  # type: ignore[assignment]
        kit.diary = self.diary  # type: ignore[assignment]
        kit.fatsecret = self.authorizer  # type: ignore[assignment]
        self.app = MemoryApplication(kit)
        authorizers = {Provider.FATSECRET: self.authorizer}
        self.begin = BeginConnection(kit.uow(), kit.clock, kit.secrets, authorizers)
        self.complete = CompleteConnection(kit.uow(), kit.clock, authorizers, kit.jobs)
        self.drain = DrainDiaryOutbox(kit.uow(), kit.clock, self.diary, messenger=kit.messenger)
        self.sync = SyncDiary(kit.uow(), kit.clock, kit.ids, self.diary, messenger=kit.messenger)
        self.check = CheckDiaryConnection(kit.uow(), kit.clock, self.diary, kit.messenger)

    # --- linking ---------------------------------------------------------------------------

    async def approve(self, consent_url: str) -> dict[str, str]:
        """The user opens FatSecret's consent page and approves: where FatSecret sends them."""
        response = await self.http.get(consent_url)
        assert response.status_code == 302, response.text
        location = response.headers["location"]
        assert location.startswith(f"{PUBLIC_BASE_URL}/fatsecret/callback?")
        return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}

    async def link(self, user_id: UserId, account: FatSecretUser | None = None) -> FatSecretUser:
        """The whole three-legged dance, as the HTTP routes drive it."""
        account = account or self.fake.add_user()
        self.fake.sign_in(account)
        begun = await self.begin.execute(
            BeginConnectionRequest(user_id=user_id, provider=Provider.FATSECRET)
        )
        callback = await self.approve(begun.url)
        await self.complete.execute(
            CompleteConnectionRequest(
                provider=Provider.FATSECRET,
                state=callback["state"],
                code=callback["oauth_verifier"],
            )
        )
        return account

    # --- the jobs ----------------------------------------------------------------------------

    async def drain_outbox(self) -> DrainDiaryOutboxResponse:
        return await self.drain.execute(DrainDiaryOutboxRequest())

    async def import_diary(self, user_id: UserId) -> SyncDiaryResponse:
        return await self.sync.execute(SyncDiaryRequest(user_id=user_id))

    async def check_link(self, user_id: UserId) -> CheckDiaryConnectionResponse:
        return await self.check.execute(CheckDiaryConnectionRequest(user_id=user_id))

    # --- what the product holds ------------------------------------------------------------

    async def entries(self, user_id: UserId) -> list[FoodEntry]:
        async with self.kit.uow() as uow:
            return list(await uow.food_log.all_of(user_id))

    async def outbox(self, user_id: UserId) -> Sequence[DiaryOutboxItem]:
        async with self.kit.uow() as uow:
            return await uow.diary_outbox.all_of(user_id)

    async def status(self, user_id: UserId) -> ConnectionStatus | None:
        async with self.kit.uow() as uow:
            connection = await uow.connections.get(user_id, Provider.FATSECRET)
        return connection.status if connection else None

    async def credentials(self, user_id: UserId) -> ProviderCredentials | None:
        async with self.kit.uow() as uow:
            return await uow.connections.credentials(user_id, Provider.FATSECRET)
