"""The chat use cases on the in-memory stores, with the assistant's real adapters plugged in."""

from __future__ import annotations

from datetime import UTC, datetime

from adapters.memory.kit import MemoryKit
from application.chat.answer_question import AnswerQuestion
from application.chat.handle_text_message import HandleTextMessage, HandleTextMessageRequest
from application.chat.reply import ChatReply
from application.meals.edit_entry_grams import EditEntryGrams
from application.meals.log_food import LogFood
from application.meals.undo_entry import UndoEntry
from application.ports.assistant import Assistant, Interpreter
from application.ports.catalog import FoodCatalog
from application.users.register_user import Sender
from domain.ids import UserId
from domain.meals.entry import FoodEntry
from domain.users import Language, User

# Monday 10 March 2025, 08:30 in Kyiv.
NOW = datetime(2025, 3, 10, 6, 30, tzinfo=UTC)


def handle_text(
    kit: MemoryKit,
    *,
    interpreter: Interpreter,
    catalog: FoodCatalog,
    assistant: Assistant | None = None,
    fallback_interpreter: Interpreter | None = None,
    fallback_assistant: Assistant | None = None,
) -> HandleTextMessage:
    uow = kit.uow()
    return HandleTextMessage(
        uow,
        clock=kit.clock,
        ids=kit.ids,
        interpreter=interpreter,
        log_food=LogFood(uow, catalog, kit.clock, kit.ids),
        answer_question=AnswerQuestion(
            uow, assistant or kit.assistant, kit.clock, kit.ids, fallback=fallback_assistant
        ),
        undo_entry=UndoEntry(uow, kit.clock, kit.ids),
        edit_entry_grams=EditEntryGrams(uow, kit.clock, kit.ids),
        fallback_interpreter=fallback_interpreter,
    )


async def add_user(
    kit: MemoryKit, user_id: int, *, language: Language = Language.EN, telegram: int | None = None
) -> User:
    user = User(id=UserId(user_id), telegram_user_id=telegram, created_at=NOW, language=language)
    async with kit.uow() as uow:
        await uow.users.add(user)
        await uow.commit()
    return user


async def say(handle: HandleTextMessage, user: User, text: str) -> ChatReply:
    return await handle.execute(HandleTextMessageRequest(sender=Sender(user_id=user.id), text=text))


async def entries_of(kit: MemoryKit, user: User) -> list[FoodEntry]:
    async with kit.uow() as uow:
        return list(await uow.food_log.all_of(user.id))
