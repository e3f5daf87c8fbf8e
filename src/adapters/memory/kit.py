"""The whole application on in-memory adapters: every fake, and every use case wired to them.

For tests, notebooks and demos — the production wiring lives in `entrypoints/ioc.py`.
"""

from __future__ import annotations

from datetime import datetime

from adapters.memory.assistant import RuleBasedAssistant
from adapters.memory.authorizer import FakeAuthorizer
from adapters.memory.catalog import SmallFoodCatalog
from adapters.memory.coordination import MemoryJobQueue, MemoryLock
from adapters.memory.database import MemoryDatabase
from adapters.memory.diary import FakeDiary
from adapters.memory.interpreter import RuleBasedInterpreter
from adapters.memory.messenger import RecordingMessenger
from adapters.memory.speech import ScriptedSpeechToText
from adapters.memory.system import FixedClock, SequentialIds, SequentialSecrets
from adapters.memory.unit_of_work import MemoryUnitOfWork
from adapters.memory.wearable import FakeWearable
from application.briefings.compose_evening import ComposeEveningSummary
from application.briefings.compose_morning import ComposeMorningBriefing
from application.briefings.compose_weekly import ComposeWeeklyReport
from application.briefings.deliver_briefing import DeliverBriefing
from application.chat.answer_question import AnswerQuestion
from application.chat.handle_text_message import HandleTextMessage
from application.chat.handle_voice_message import HandleVoiceMessage
from application.connections.begin_connection import BeginConnection
from application.connections.complete_connection import CompleteConnection
from application.connections.disconnect import Disconnect
from application.conversations.clean_up_conversations import CleanUpConversations
from application.meals.edit_entry_grams import EditEntryGrams
from application.meals.log_food import LogFood
from application.meals.undo_entry import UndoEntry
from application.sync.drain_diary_outbox import DrainDiaryOutbox
from application.sync.sync_diary import SyncDiary
from application.sync.sync_wearable import SyncWearable
from application.users.delete_user import DeleteUser
from application.users.export_user_data import ExportUserData
from application.users.register_user import RegisterUser
from application.users.update_settings import UpdateSettings
from domain.connections import Provider


class MemoryKit:
    """Shared state and fakes. `uow()` gives a new unit of work over the same database."""

    def __init__(self, now: datetime) -> None:
        self.db = MemoryDatabase()
        self.clock = FixedClock(now)
        self.ids = SequentialIds()
        self.secrets = SequentialSecrets()
        self.catalog = SmallFoodCatalog()
        self.interpreter = RuleBasedInterpreter()
        self.assistant = RuleBasedAssistant()
        self.speech = ScriptedSpeechToText()
        self.messenger = RecordingMessenger()
        self.wearable = FakeWearable()
        self.diary = FakeDiary()
        self.whoop = FakeAuthorizer(Provider.WHOOP)
        self.fatsecret = FakeAuthorizer(Provider.FATSECRET, oauth1=True)
        self.lock = MemoryLock()
        self.jobs = MemoryJobQueue()

    def uow(self) -> MemoryUnitOfWork:
        return MemoryUnitOfWork(self.db)


class MemoryApplication:
    """Every use case, each with its own unit of work (as a request scope would give it)."""

    def __init__(self, kit: MemoryKit) -> None:
        k = kit
        authorizers = {Provider.WHOOP: k.whoop, Provider.FATSECRET: k.fatsecret}
        self.kit = kit
        self.register_user = RegisterUser(k.uow(), k.clock, k.ids)
        self.update_settings = UpdateSettings(k.uow())
        self.export_user_data = ExportUserData(k.uow(), k.clock)
        self.delete_user = DeleteUser(k.uow(), authorizers)
        self.log_food = LogFood(k.uow(), k.catalog, k.clock, k.ids)
        self.undo_entry = UndoEntry(k.uow(), k.clock, k.ids)
        self.edit_entry_grams = EditEntryGrams(k.uow(), k.clock, k.ids)
        self.answer_question = AnswerQuestion(k.uow(), k.assistant, k.clock, k.ids)
        self.handle_text_message = self._handle_text()
        self.handle_voice_message = HandleVoiceMessage(
            k.uow(), k.clock, k.ids, k.speech, self._handle_text()
        )
        self.compose_morning = ComposeMorningBriefing(k.uow(), k.clock)
        self.compose_evening = ComposeEveningSummary(k.uow(), k.clock)
        self.compose_weekly = ComposeWeeklyReport(k.uow(), k.clock)
        self.deliver_briefing = DeliverBriefing(k.uow(), k.clock, k.messenger)
        self.sync_wearable = SyncWearable(k.uow(), k.clock, k.wearable)
        self.sync_diary = SyncDiary(k.uow(), k.clock, k.ids, k.diary)
        self.drain_diary_outbox = DrainDiaryOutbox(k.uow(), k.clock, k.diary)
        self.begin_connection = BeginConnection(k.uow(), k.clock, k.secrets, authorizers)
        self.complete_connection = CompleteConnection(k.uow(), k.clock, authorizers, k.jobs)
        self.disconnect = Disconnect(k.uow(), authorizers)
        self.clean_up_conversations = CleanUpConversations(k.uow(), k.clock)

    def _handle_text(self) -> HandleTextMessage:
        k = self.kit
        uow = k.uow()
        return HandleTextMessage(
            uow,
            clock=k.clock,
            ids=k.ids,
            interpreter=k.interpreter,
            log_food=LogFood(uow, k.catalog, k.clock, k.ids),
            answer_question=AnswerQuestion(uow, k.assistant, k.clock, k.ids),
            undo_entry=UndoEntry(uow, k.clock, k.ids),
            edit_entry_grams=EditEntryGrams(uow, k.clock, k.ids),
        )
