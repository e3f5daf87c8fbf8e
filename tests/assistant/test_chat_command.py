"""`health-tracker chat`: a terminal conversation for a local user — offline with no key, OpenAI
with one — on the container's providers."""

from __future__ import annotations

import argparse
import io
import sys
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from decimal import Decimal

import pytest
from cryptography.fernet import Fernet
from dishka import AsyncContainer, Provider, Scope, make_async_container, provide

from adapters.catalog.memory import BuiltInFoodCatalog
from adapters.memory.kit import MemoryKit
from adapters.offline.assistant import OfflineAssistant
from adapters.offline.interpreter import OfflineInterpreter
from adapters.offline.speech import NoSpeechToText
from adapters.openai.assistant import OpenAIAssistant
from adapters.openai.interpreter import OpenAIInterpreter
from adapters.openai.speech import OpenAISpeechToText
from application.ports.assistant import Assistant, Interpreter
from application.ports.catalog import FoodCatalog
from application.ports.speech import SpeechToText
from application.ports.system import Clock, IdGenerator
from application.ports.unit_of_work import UnitOfWork
from domain.users import Language, User
from entrypoints.commands import chat
from entrypoints.config import Settings
from entrypoints.providers.assistant import AssistantProvider
from entrypoints.providers.config import ConfigProvider
from entrypoints.runtime import Servers
from tests.assistant.helpers import NOW
from tests.fakes.openai_api import FakeOpenAI
from tests.support import servers as test_servers

SERVERS = Servers(database_url="postgresql://unused/db", redis_url="redis://unused")


class KitStores(Provider):
    """The memory kit's stores, clock and ids, and the built-in catalog in memory."""

    def __init__(self, kit: MemoryKit, catalog: BuiltInFoodCatalog) -> None:
        super().__init__()
        self.kit = kit
        self.catalog = catalog

    @provide(scope=Scope.REQUEST)
    def unit_of_work(self) -> UnitOfWork:
        return self.kit.uow()

    @provide(scope=Scope.APP)
    def clock(self) -> Clock:
        return self.kit.clock

    @provide(scope=Scope.APP)
    def ids(self) -> IdGenerator:
        return self.kit.ids

    @provide(scope=Scope.APP)
    def food_catalog(self) -> FoodCatalog:
        return self.catalog


@asynccontextmanager
async def container(
    kit: MemoryKit, catalog: BuiltInFoodCatalog, settings: Settings
) -> AsyncIterator[AsyncContainer]:
    built = make_async_container(
        ConfigProvider(),
        AssistantProvider(),
        KitStores(kit, catalog),
        context={Settings: settings, Servers: SERVERS},
    )
    try:
        yield built
    finally:
        await built.close()


async def chat_with(
    kit: MemoryKit, catalog: BuiltInFoodCatalog, settings: Settings, lines: str
) -> str:
    out = io.StringIO()
    async with container(kit, catalog, settings) as built:
        await chat.converse(built, io.StringIO(lines), out, language=Language.EN)
    return out.getvalue()


async def local_users(kit: MemoryKit) -> list[User]:
    async with kit.uow() as uow:
        return [
            u for u in await uow.users.page(after=None, limit=100) if u.telegram_user_id is None
        ]


async def test_with_no_key_it_logs_a_meal_and_answers_from_the_day(
    catalog: BuiltInFoodCatalog,
) -> None:
    kit = MemoryKit(NOW)
    said = await chat_with(
        kit, catalog, Settings(), "2 eggs and a banana\nhow much today?\n\n/quit\nnever read\n"
    )
    assert "offline mode" in said
    assert "Egg, whole, raw, fresh" in said and "Total: 248 kcal" in said
    assert "Today you ate 248 of 2,000 kcal" in said
    [user] = await local_users(kit)
    async with kit.uow() as uow:
        [entry] = await uow.food_log.all_of(user.id)
    assert entry.total().kcal == Decimal("248.02")


async def test_the_next_chat_is_the_same_local_user(catalog: BuiltInFoodCatalog) -> None:
    kit = MemoryKit(NOW)
    await chat_with(kit, catalog, Settings(), "2 eggs\n")
    said = await chat_with(kit, catalog, Settings(), "how much today?")  # no newline at the end
    assert "Today you ate 143 of 2,000 kcal" in said
    assert len(await local_users(kit)) == 1


async def test_with_a_key_it_talks_to_openai(oa: FakeOpenAI, catalog: BuiltInFoodCatalog) -> None:
    question = {"intent": "question", "items": [], "meal": None, "time": None, "edit_grams": None}
    oa.reply_with(question, "You ate nothing yet today.")
    settings = Settings(OPENAI_API_KEY="sk-test", OPENAI_BASE_URL=oa.base_url)
    said = await chat_with(MemoryKit(NOW), catalog, settings, "how much today?\n")
    assert "smart mode: OpenAI" in said and "You ate nothing yet today." in said
    assert len(oa.chat_requests()) == 2


@pytest.mark.parametrize(
    ("key", "interpreter", "assistant", "speech"),
    [
        (None, OfflineInterpreter, OfflineAssistant, NoSpeechToText),
        ("sk-test", OpenAIInterpreter, OpenAIAssistant, OpenAISpeechToText),
    ],
)
async def test_the_container_chooses_openai_only_with_a_key(
    catalog: BuiltInFoodCatalog,
    key: str | None,
    interpreter: type,
    assistant: type,
    speech: type,
) -> None:
    async with container(MemoryKit(NOW), catalog, Settings(OPENAI_API_KEY=key)) as built:
        assert isinstance(await built.get(Interpreter), interpreter)
        assert isinstance(await built.get(Assistant), assistant)
        assert isinstance(await built.get(SpeechToText), speech)


def test_the_command_on_real_servers_with_no_key(
    database_url: str, servers: test_servers.TestServers, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole command as a newcomer runs it: servers, migrations, the catalog loaded into
    PostgreSQL, one message per line on stdin, replies on stdout."""
    settings = Settings(
        DATABASE_URL=database_url,
        REDIS_URL=test_servers.with_redis_db(servers.redis_url, 15),
        TOKEN_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
    )
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdin", io.StringIO("2 eggs and a banana\nhow much today?\n/quit\n"))
    monkeypatch.setattr(sys, "stdout", out)
    failures: list[BaseException] = []

    def run() -> None:  # its own thread: the command runs its own event loop
        try:
            chat.run(argparse.Namespace(language="en"), settings)
        except BaseException as error:  # noqa: BLE001 - reported below
            failures.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=60)
    assert not thread.is_alive() and failures == []
    said = out.getvalue()
    assert "Total: 248 kcal" in said
    assert "Today you ate 248 of 2,000 kcal" in said
