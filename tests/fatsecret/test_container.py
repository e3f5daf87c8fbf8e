"""The FatSecret provider builds every piece from the settings, and its jobs run end to end."""

from __future__ import annotations

import pytest
from dishka import Provider, Scope, make_async_container, provide

from adapters.fatsecret.authorizer import FatSecretAuthorizer
from adapters.fatsecret.catalog import FatSecretCatalog
from adapters.memory.kit import MemoryKit
from adapters.memory.messenger import RecordingMessenger
from application.connections.check_diary_connection import (
    CheckDiaryConnection,
    CheckDiaryConnectionRequest,
    DiaryLinkHealth,
)
from application.ports.diary import DiaryGateway
from application.ports.messenger import Messenger
from application.ports.system import Clock, IdGenerator, SecretGenerator
from application.ports.unit_of_work import UnitOfWork
from application.sync.drain_diary_outbox import DrainDiaryOutbox, DrainDiaryOutboxRequest
from application.sync.sync_diary import SyncDiary, SyncDiaryRequest
from domain.users import Language
from entrypoints.config import ConfigError, Settings
from entrypoints.providers.fatsecret import FatSecretProvider
from tests.application.helpers import register, say
from tests.fakes.fatsecret import FatSecretFake
from tests.fatsecret.world import PUBLIC_BASE_URL, World


class MemoryPorts(Provider):
    """What the rest of the container gives in production, from the in-memory kit."""

    def __init__(self, kit: MemoryKit) -> None:
        super().__init__()
        self._kit = kit

    @provide(scope=Scope.APP)
    def clock(self) -> Clock:
        return self._kit.clock

    @provide(scope=Scope.APP)
    def secrets(self) -> SecretGenerator:
        return self._kit.secrets

    @provide(scope=Scope.APP)
    def ids(self) -> IdGenerator:
        return self._kit.ids

    @provide(scope=Scope.APP)
    def messenger(self) -> Messenger:
        return self._kit.messenger

    @provide(scope=Scope.REQUEST)
    def uow(self) -> UnitOfWork:
        return self._kit.uow()


def _settings(fake: FatSecretFake, **overrides: str | None) -> Settings:
    values: dict[str, str | None] = {
        "FATSECRET_CONSUMER_KEY": fake.consumer_key,
        "FATSECRET_CONSUMER_SECRET": fake.consumer_secret,
        "FATSECRET_API_BASE_URL": fake.api_base_url,
        "FATSECRET_OAUTH_BASE_URL": fake.oauth_base_url,
        "PUBLIC_BASE_URL": PUBLIC_BASE_URL,
        **overrides,
    }
    return Settings(**values)  # type: ignore[arg-type]


async def test_the_provider_wires_the_jobs_to_fatsecret(
    world: World, kit: MemoryKit, fake: FatSecretFake
) -> None:
    user = await register(world.app)
    account = await world.link(user.id)
    await say(world.app, "150 g chicken breast")
    container = make_async_container(
        FatSecretProvider(), MemoryPorts(kit), context={Settings: _settings(fake)}
    )
    try:
        catalog = await container.get(FatSecretCatalog)
        assert [f.name for f in await catalog.search("banana", language=Language.EN)] == ["Bananas"]
        assert isinstance(await container.get(FatSecretAuthorizer), FatSecretAuthorizer)
        assert await container.get(DiaryGateway) is not None
        async with container() as request:
            drained = await (await request.get(DrainDiaryOutbox)).execute(DrainDiaryOutboxRequest())
            synced = await (await request.get(SyncDiary)).execute(SyncDiaryRequest(user_id=user.id))
            fake.revoke(account)
            checked = await (await request.get(CheckDiaryConnection)).execute(
                CheckDiaryConnectionRequest(user_id=user.id)
            )
    finally:
        await container.close()

    assert drained.written == 1 and len(fake.diary(account)) == 1
    assert synced.already_known == 1
    assert (checked.health, checked.notified) == (DiaryLinkHealth.BROKEN, True)
    assert isinstance(kit.messenger, RecordingMessenger) and len(kit.messenger.sent) == 1


async def test_missing_keys_are_named_when_fatsecret_is_first_needed(
    kit: MemoryKit, fake: FatSecretFake
) -> None:
    settings = _settings(fake, FATSECRET_CONSUMER_SECRET=None)
    container = make_async_container(
        FatSecretProvider(), MemoryPorts(kit), context={Settings: settings}
    )
    try:
        with pytest.raises(ConfigError, match="FATSECRET_CONSUMER_SECRET"):
            await container.get(FatSecretCatalog)
    finally:
        await container.close()
