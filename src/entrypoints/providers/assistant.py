"""The assistant: interpreter, assistant and speech to text (OpenAI when OPENAI_API_KEY is set,
the offline rules otherwise — and always as the fallback), the built-in food catalog, and the
chat use cases built on them.

The use cases take the `UnitOfWork`, `Clock` and `IdGenerator` ports from whichever provider
supplies them (the PostgreSQL persistence provider in production), one unit per request.

The OpenAI SDK (about 1 s and 50 MB to import) is imported only when a key is configured and
the assistant is first needed: the HTTP app, which never is, starts without it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dishka import Provider, Scope, provide

from adapters.catalog.usda import UsdaTablesCache
from adapters.offline.assistant import OfflineAssistant
from adapters.offline.interpreter import OfflineInterpreter
from adapters.offline.speech import NoSpeechToText
from adapters.postgres.catalog import PostgresFoodCatalog
from adapters.postgres.catalog_loader import load_food_catalog
from application.chat.answer_question import AnswerQuestion
from application.chat.handle_text_message import HandleTextMessage
from application.chat.handle_voice_message import HandleVoiceMessage
from application.meals.edit_entry_grams import EditEntryGrams
from application.meals.log_food import LogFood
from application.meals.undo_entry import UndoEntry
from application.ports.assistant import Assistant, Interpreter
from application.ports.catalog import FoodCatalog
from application.ports.speech import SpeechToText
from application.ports.system import Clock, IdGenerator
from application.ports.unit_of_work import UnitOfWork
from entrypoints.config import Settings
from entrypoints.providers.infrastructure import Pool

if TYPE_CHECKING:
    from openai import AsyncOpenAI

    from adapters.openai.client import OpenAIOptions


@dataclass(frozen=True, slots=True)
class OpenAIAccess:
    """The OpenAI client and its options, or neither when no API key is configured."""

    client: AsyncOpenAI | None
    options: OpenAIOptions | None


class AssistantProvider(Provider):
    @provide(scope=Scope.APP)
    def usda_tables(self) -> UsdaTablesCache:
        return UsdaTablesCache()  # read from the package on first use, once per process

    @provide(scope=Scope.APP)
    async def openai_access(self, settings: Settings) -> AsyncIterator[OpenAIAccess]:
        if not settings.OPENAI_API_KEY:
            yield OpenAIAccess(client=None, options=None)
            return
        from adapters.openai.client import OpenAIOptions, make_client  # noqa: PLC0415

        options = OpenAIOptions(
            api_key=settings.OPENAI_API_KEY,
            base_url=settings.OPENAI_BASE_URL,
            chat_model=settings.OPENAI_CHAT_MODEL,
            transcription_model=settings.OPENAI_TRANSCRIPTION_MODEL,
        )
        client = make_client(options)
        try:
            yield OpenAIAccess(client=client, options=options)
        finally:
            await client.close()

    @provide(scope=Scope.APP)
    def offline_interpreter(self, tables: UsdaTablesCache) -> OfflineInterpreter:
        return OfflineInterpreter(tables)

    @provide(scope=Scope.APP)
    def offline_assistant(self) -> OfflineAssistant:
        return OfflineAssistant()

    @provide(scope=Scope.APP)
    def interpreter(self, access: OpenAIAccess, offline: OfflineInterpreter) -> Interpreter:
        if access.client is None or access.options is None:
            return offline
        from adapters.openai.interpreter import OpenAIInterpreter  # noqa: PLC0415

        return OpenAIInterpreter(access.client, access.options, fallback=offline)

    @provide(scope=Scope.APP)
    def assistant(self, access: OpenAIAccess, offline: OfflineAssistant) -> Assistant:
        if access.client is None or access.options is None:
            return offline
        from adapters.openai.assistant import OpenAIAssistant  # noqa: PLC0415

        return OpenAIAssistant(access.client, access.options, fallback=offline)

    @provide(scope=Scope.APP)
    def speech(self, access: OpenAIAccess) -> SpeechToText:
        if access.client is None or access.options is None:
            return NoSpeechToText()
        from adapters.openai.speech import OpenAISpeechToText  # noqa: PLC0415

        return OpenAISpeechToText(access.client, access.options)

    @provide(scope=Scope.APP)
    async def food_catalog(self, pool: Pool, tables: UsdaTablesCache) -> FoodCatalog:
        """The built-in catalog in PostgreSQL, loaded from the package if this version is not
        there yet (once per database; a second process finds it loaded)."""
        async with pool.connection() as conn:
            await load_food_catalog(conn, tables)
        return PostgresFoodCatalog(pool)

    # -- the chat use cases, one set per request --------------------------------------------

    @provide(scope=Scope.REQUEST)
    def log_food(
        self, uow: UnitOfWork, catalog: FoodCatalog, clock: Clock, ids: IdGenerator
    ) -> LogFood:
        return LogFood(uow, catalog, clock, ids)

    @provide(scope=Scope.REQUEST)
    def answer_question(
        self,
        uow: UnitOfWork,
        assistant: Assistant,
        offline: OfflineAssistant,
        clock: Clock,
        ids: IdGenerator,
    ) -> AnswerQuestion:
        return AnswerQuestion(uow, assistant, clock, ids, fallback=offline)

    @provide(scope=Scope.REQUEST)
    def undo_entry(self, uow: UnitOfWork, clock: Clock, ids: IdGenerator) -> UndoEntry:
        return UndoEntry(uow, clock, ids)

    @provide(scope=Scope.REQUEST)
    def edit_entry_grams(self, uow: UnitOfWork, clock: Clock, ids: IdGenerator) -> EditEntryGrams:
        return EditEntryGrams(uow, clock, ids)

    @provide(scope=Scope.REQUEST)
    def handle_text_message(
        self,
        uow: UnitOfWork,
        clock: Clock,
        ids: IdGenerator,
        *,
        interpreter: Interpreter,
        offline: OfflineInterpreter,
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
            fallback_interpreter=offline,
        )

    @provide(scope=Scope.REQUEST)
    def handle_voice_message(
        self,
        uow: UnitOfWork,
        clock: Clock,
        ids: IdGenerator,
        speech: SpeechToText,
        handle_text: HandleTextMessage,
    ) -> HandleVoiceMessage:
        return HandleVoiceMessage(uow, clock, ids, speech, handle_text)
