"""The bot's container on in-memory use cases, real Redis and the fake Telegram; an arq worker
that runs what the webhook queued; a virtual clock for pacing."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from arq import Worker
from dishka import AsyncContainer, Provider, Scope, make_async_container, provide, provide_all
from redis.asyncio import Redis

from adapters.memory.kit import MemoryKit
from adapters.memory.unit_of_work import MemoryUnitOfWork
from adapters.redis.send_pacing import RedisSendPacer
from adapters.telegram.delivery import Delivery, SendPacer
from application.briefings.compose_evening import ComposeEveningSummary
from application.briefings.compose_weekly import ComposeWeeklyReport
from application.chat.answer_question import AnswerQuestion
from application.chat.handle_text_message import HandleTextMessage
from application.chat.handle_voice_message import HandleVoiceMessage
from application.meals.edit_entry_grams import EditEntryGrams
from application.meals.log_food import LogFood
from application.meals.undo_entry import UndoEntry
from application.ports.assistant import Assistant, Interpreter
from application.ports.authorizer import ProviderAuthorizer
from application.ports.catalog import FoodCatalog
from application.ports.speech import SpeechToText
from application.ports.system import Clock, IdGenerator, SecretGenerator
from application.ports.unit_of_work import UnitOfWork
from application.users.export_user_data import ExportUserData
from application.users.register_user import RegisterUser
from application.users.update_settings import UpdateSettings
from domain.connections import Provider as Service
from domain.ids import UserId
from domain.meals.entry import FoodEntry
from domain.users import User
from entrypoints.config import Settings, load_settings
from entrypoints.providers.accounts import AccountProvider
from entrypoints.providers.config import ConfigProvider
from entrypoints.providers.infrastructure import InfrastructureProvider
from entrypoints.providers.jobs import JobQueueProvider
from entrypoints.providers.telegram import TelegramProvider
from entrypoints.runtime import Servers
from entrypoints.worker.settings import worker_settings
from entrypoints.worker.telegram_jobs import telegram_jobs
from tests.fakes.telegram import FakeTelegram

# Monday 10 March 2025, 08:30 in Kyiv.
NOW = datetime(2025, 3, 10, 6, 30, tzinfo=UTC)
SECRET = "webhook-secret_for-tests"


class MemoryPorts(Provider):
    """Every port the bot's use cases need, from the in-memory kit; a unit of work per request
    (recorded, so a test can see how many scopes there were)."""

    def __init__(self, kit: MemoryKit) -> None:
        super().__init__()
        self.kit = kit
        self.units: list[MemoryUnitOfWork] = []

    @provide(scope=Scope.REQUEST)
    def uow(self) -> UnitOfWork:
        unit = self.kit.uow()
        self.units.append(unit)
        return unit

    @provide(scope=Scope.APP)
    def clock(self) -> Clock:
        return self.kit.clock

    @provide(scope=Scope.APP)
    def ids(self) -> IdGenerator:
        return self.kit.ids

    @provide(scope=Scope.APP)
    def secrets(self) -> SecretGenerator:
        return self.kit.secrets

    @provide(scope=Scope.APP)
    def interpreter(self) -> Interpreter:
        return self.kit.interpreter

    @provide(scope=Scope.APP)
    def catalog(self) -> FoodCatalog:
        return self.kit.catalog

    @provide(scope=Scope.APP)
    def assistant(self) -> Assistant:
        return self.kit.assistant

    @provide(scope=Scope.APP)
    def speech(self) -> SpeechToText:
        return self.kit.speech

    @provide(scope=Scope.APP)
    def authorizers(self) -> Mapping[Service, ProviderAuthorizer]:
        return {Service.WHOOP: self.kit.whoop, Service.FATSECRET: self.kit.fatsecret}


class MemoryUseCases(Provider):
    """The use cases production gets from the persistence and assistant providers, on the
    request's unit of work (whichever provider gives it)."""

    scope = Scope.REQUEST

    use_cases = provide_all(
        RegisterUser,
        UpdateSettings,
        ExportUserData,
        UndoEntry,
        EditEntryGrams,
        LogFood,
        ComposeEveningSummary,
        ComposeWeeklyReport,
        HandleVoiceMessage,
    )

    @provide
    def answer_question(
        self, uow: UnitOfWork, assistant: Assistant, clock: Clock, ids: IdGenerator
    ) -> AnswerQuestion:
        return AnswerQuestion(uow, assistant, clock, ids)

    @provide
    def handle_text(
        self,
        uow: UnitOfWork,
        clock: Clock,
        ids: IdGenerator,
        interpreter: Interpreter,
        log_food: LogFood,
        answer_question: AnswerQuestion,
        undo_entry: UndoEntry,
        edit_entry_grams: EditEntryGrams,
    ) -> HandleTextMessage:
        return HandleTextMessage(
            uow,
            clock=clock,
            ids=ids,
            interpreter=interpreter,
            log_food=log_food,
            answer_question=answer_question,
            undo_entry=undo_entry,
            edit_entry_grams=edit_entry_grams,
        )


class QuickSending(Provider):
    """Pacing and retries without real waits worth the name (the fake's limits are off in the
    conversation tests; pacing itself is tested on a virtual clock)."""

    scope = Scope.APP

    @provide
    def pacer(self, redis: Redis) -> SendPacer:
        return RedisSendPacer(
            redis, overall_per_second=10_000, chat_interval_s=0.001, group_interval_s=0.001
        )

    @provide
    def delivery(self, pacer: SendPacer) -> Delivery:
        return Delivery(pacer, backoff_s=0.001)


def bot_settings(tg: FakeTelegram, **extra: str) -> Settings:
    values = {
        "TELEGRAM_BOT_TOKEN": tg.token,
        "TELEGRAM_API_BASE_URL": tg.base_url,
        "TELEGRAM_WEBHOOK_SECRET": SECRET,
        "PUBLIC_BASE_URL": "https://health.example.com",
        **extra,
    }
    return load_settings(values, dotenv=Path("/nonexistent/.env"))


def bot_container(
    settings: Settings, servers: Servers, ports: MemoryPorts, *extra: Provider
) -> AsyncContainer:
    return make_async_container(
        ConfigProvider(),
        InfrastructureProvider(),
        TelegramProvider(),
        JobQueueProvider(),
        AccountProvider(),
        MemoryUseCases(),
        ports,
        QuickSending(),
        *extra,
        context={Settings: settings, Servers: servers},
    )


async def run_queued_jobs(container: AsyncContainer, redis_url: str, **options: Any) -> Worker:
    """An arq worker on this container runs every queued job, then stops (burst mode)."""
    settings = worker_settings(
        container,
        redis_url,
        options.pop("functions", telegram_jobs()),
        burst=True,
        poll_delay=0.01,
        handle_signals=False,
        on_shutdown=None,  # the test closes its container itself
        **options,
    )
    worker = Worker(**settings)
    try:
        await worker.async_run()
    finally:
        await worker.close()
    return worker


async def users_of(kit: MemoryKit) -> list[User]:
    async with kit.uow() as uow:
        return list(await uow.users.page(after=None, limit=100))


async def user_by_telegram_id(kit: MemoryKit, telegram_user_id: int) -> User | None:
    async with kit.uow() as uow:
        return await uow.users.by_telegram_id(telegram_user_id)


async def entries_of(kit: MemoryKit, user_id: UserId) -> list[FoodEntry]:
    async with kit.uow() as uow:
        return list(await uow.food_log.all_of(user_id))


class VirtualTime:
    """A clock that moves only when someone sleeps on it: `sleep(s)` advances it by `s` at
    once. Shared with the fake Telegram's rate limiter (a `ManualClock`), so the fake sees each
    message at the moment the pacer chose for it."""

    def __init__(self, clock: Any) -> None:
        self.clock = clock
        self.slept: list[float] = []

    def now(self) -> float:
        return float(self.clock())

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.clock.advance(seconds)
