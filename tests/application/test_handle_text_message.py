from collections.abc import Sequence
from decimal import Decimal

import msgspec
import pytest

from adapters.memory.kit import MemoryApplication, MemoryKit
from adapters.memory.unit_of_work import MemoryUnitOfWork, NotInTransactionError
from application.chat.answer_question import AnswerQuestion
from application.chat.handle_text_message import HandleTextMessage, HandleTextMessageRequest
from application.chat.reply import ButtonAction
from application.meals.edit_entry_grams import EditEntryGrams
from application.meals.log_food import LogFood
from application.meals.undo_entry import UndoEntry
from application.ports.assistant import Intent
from application.ports.catalog import CatalogFood, FoodCatalog
from application.users.register_user import Sender
from domain.meals.entry import EntryStatus
from domain.users import Language
from tests.application.helpers import entries_of, say, user_of


async def test_an_unknown_user_writing_food_is_registered_and_the_food_logged(
    app: MemoryApplication, kit: MemoryKit
) -> None:
    reply = await say(app, "2 eggs and a banana", language_code="en")
    user = await user_of(kit)
    assert user is not None
    assert (user.language, user.timezone) == (Language.EN, "Europe/Kyiv")
    assert reply.new_user and reply.intent is Intent.LOG_FOOD
    [entry] = await entries_of(kit, user.id)
    assert [(i.canonical_name, i.grams) for i in entry.items] == [
        ("Egg, whole, raw, fresh", Decimal(100)),
        ("Bananas, raw", Decimal(118)),
    ]
    assert entry.total().kcal == Decimal("248.02")
    assert "248 kcal" in reply.text
    assert "100 g" in reply.text and "118 g" in reply.text
    assert [b.action for b in reply.buttons] == [ButtonAction.UNDO, ButtonAction.EDIT_GRAMS]
    assert all(b.entry_id == entry.id for b in reply.buttons)


async def test_a_ukrainian_client_gets_ukrainian(app: MemoryApplication, kit: MemoryKit) -> None:
    reply = await say(app, "200 г гречки", telegram_user_id=7, language_code="uk")
    assert "200 г" in reply.text and "184 ккал" in reply.text
    user = await user_of(kit, 7)
    assert user is not None and user.language is Language.UK
    assert [b.label for b in reply.buttons] == ["Скасувати", "Змінити грами"]


async def test_a_replayed_update_changes_nothing_twice(
    app: MemoryApplication, kit: MemoryKit
) -> None:
    for _ in range(10):
        reply = await say(app, "2 eggs", event_key="telegram:update:5")
    assert reply.duplicate and reply.text == ""
    user = await user_of(kit)
    assert user is not None
    assert len(await entries_of(kit, user.id)) == 1


async def test_undo_by_text(app: MemoryApplication, kit: MemoryKit) -> None:
    await say(app, "2 eggs")
    reply = await say(app, "undo")
    user = await user_of(kit)
    assert user is not None
    [entry] = await entries_of(kit, user.id)
    assert entry.status is EntryStatus.UNDONE
    assert reply.intent is Intent.UNDO and "Removed" in reply.text
    assert "nothing to undo" in (await say(app, "undo")).text


async def test_edit_by_text_reweighs_a_single_food(app: MemoryApplication, kit: MemoryKit) -> None:
    await say(app, "rice")
    reply = await say(app, "make it 150 g")
    user = await user_of(kit)
    assert user is not None
    [entry] = await entries_of(kit, user.id)
    assert entry.items[0].grams == Decimal(150)
    assert "Updated" in reply.text and "195 kcal" in reply.text
    await say(app, "2 eggs and a banana")
    assert "Edit grams button" in (await say(app, "make it 150 g")).text


async def test_a_question_is_answered_from_the_users_day(app: MemoryApplication) -> None:
    await say(app, "2 eggs")
    reply = await say(app, "how much did I eat today?")
    assert reply.intent is Intent.QUESTION
    assert reply.text.startswith("Today you ate 143 of 2,000 kcal")


async def test_other_intents_get_fixed_answers(app: MemoryApplication) -> None:
    assert "/settings" in (await say(app, "settings")).text
    assert "What did you eat" in (await say(app, "hi")).text
    assert "did not understand" in (await say(app, "   ")).text
    assert "too long" in (await say(app, "egg " * 1000)).text
    assert "did not find any food" in (await say(app, "xyzzy")).text


async def test_the_conversation_is_kept(app: MemoryApplication, kit: MemoryKit) -> None:
    await say(app, "2 eggs")
    user = await user_of(kit)
    assert user is not None
    async with kit.uow() as uow:
        messages = await uow.conversation.all_of(user.id)
    assert messages[0].text == "2 eggs"
    assert len(messages) == 2


async def test_an_unavailable_interpreter_is_said_plainly(
    app: MemoryApplication, kit: MemoryKit
) -> None:
    kit.interpreter.down = True
    reply = await say(app, "2 eggs")
    assert "unavailable" in reply.text
    assert reply.buttons == ()
    user = await user_of(kit)
    assert user is not None and await entries_of(kit, user.id) == []


async def test_a_blocked_user_who_writes_again_is_unblocked(
    app: MemoryApplication, kit: MemoryKit
) -> None:
    await say(app, "hi")
    user = await user_of(kit)
    assert user is not None
    async with kit.uow() as uow:
        await uow.users.update(msgspec.structs.replace(user, blocked_bot=True))
        await uow.commit()
    await say(app, "hi")
    again = await user_of(kit)
    assert again is not None and not again.blocked_bot


class _CatalogWatchingTheUnit:
    """The kit's catalog, failing a search made while `uow` is open."""

    def __init__(self, inner: FoodCatalog, uow: MemoryUnitOfWork) -> None:
        self._inner, self._uow = inner, uow
        self.searches = 0

    async def search(
        self, phrase: str, *, language: Language, limit: int = 10
    ) -> Sequence[CatalogFood]:
        with pytest.raises(NotInTransactionError):
            _ = self._uow.users  # a unit of work is open: the catalog would hold it
        self.searches += 1
        return await self._inner.search(phrase, language=language, limit=limit)


async def test_the_catalog_is_asked_outside_any_transaction(kit: MemoryKit) -> None:
    uow = kit.uow()
    catalog = _CatalogWatchingTheUnit(kit.catalog, uow)
    handle = HandleTextMessage(
        uow,
        clock=kit.clock,
        ids=kit.ids,
        interpreter=kit.interpreter,
        log_food=LogFood(uow, catalog, kit.clock, kit.ids),
        answer_question=AnswerQuestion(uow, kit.assistant, kit.clock, kit.ids),
        undo_entry=UndoEntry(uow, kit.clock, kit.ids),
        edit_entry_grams=EditEntryGrams(uow, kit.clock, kit.ids),
    )
    sender = Sender(telegram_user_id=1001, language_code="en")
    for n in range(2):
        request = HandleTextMessageRequest(sender=sender, text="2 eggs and a banana")
        reply = await handle.execute(msgspec.structs.replace(request, event_key=f"u:{n}"))
        assert reply.intent is Intent.LOG_FOOD and reply.entry_id is not None
    assert catalog.searches >= 4
