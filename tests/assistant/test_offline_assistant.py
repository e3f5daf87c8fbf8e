"""The offline assistant answers the everyday questions from the context alone, and the context
as the model would read it holds the same numbers and no ids."""

from __future__ import annotations

import json
from datetime import timedelta

import msgspec
import pytest

from adapters.catalog.memory import BuiltInFoodCatalog
from adapters.memory.kit import MemoryKit
from adapters.offline.assistant import OfflineAssistant
from adapters.offline.interpreter import OfflineInterpreter
from adapters.openai.context import context_json
from application.chat.context import build_answer_context
from application.ports.assistant import AnswerContext
from domain.recovery.records import RecoveryRecords
from domain.users import Language
from tests.assistant.helpers import NOW, add_user, handle_text, say
from tests.domain.builders import at, recovery, sleep, workout


async def a_day(offline: OfflineInterpreter, catalog: BuiltInFoodCatalog) -> AnswerContext:
    """Eggs and a banana today, buckwheat yesterday, a scored night, recovery and a run."""
    kit = MemoryKit(NOW)
    user = await add_user(kit, 1)
    today = NOW.date()
    async with kit.uow() as uow:
        await uow.recovery.upsert(
            user.id,
            RecoveryRecords(
                sleeps=(sleep(at(today - timedelta(days=1), 23, 0), at(today, 7, 0), id="s-77"),),
                recoveries=(recovery(at(today, 7, 5), cycle_id="c-77", score="77"),),
                workouts=(workout(at(today - timedelta(days=2), 18, 0), id="w-77"),),
            ),
        )
        await uow.commit()
    chat = handle_text(kit, interpreter=offline, catalog=catalog)
    kit.clock.advance(timedelta(days=-1))
    await say(chat, user, "200 g buckwheat")
    kit.clock.advance(timedelta(days=1))
    await say(chat, user, "2 eggs and a banana")
    async with kit.uow() as uow:
        return await build_answer_context(uow, user, NOW)


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("how much today?", "Today you ate 248 of 2,000 kcal"),
        ("calories left", "You have 1,752 kcal left of 2,000 today."),
        ("what about yesterday?", "Yesterday you ate 184 kcal."),
        ("how did I sleep last night?", "Last sleep: 7 h 00 min asleep, performance 85%."),
        ("my recovery", "Recovery this morning: 77%"),
        ("any workouts?", "Recent workouts: running 45 min, 400 kcal."),
        ("this week?", "I only see today and yesterday here: today 248 kcal, yesterday 184"),
        ("what is my target?", "Your daily targets: 2,000 kcal"),
        ("what is the capital of France?", "I can tell you about"),
    ],
)
async def test_everyday_questions_in_english(
    offline: OfflineInterpreter, catalog: BuiltInFoodCatalog, question: str, answer: str
) -> None:
    context = await a_day(offline, catalog)
    assert (await OfflineAssistant().answer(question, context)).startswith(answer)


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("скільки я сьогодні з'їв?", "Сьогодні ви з'їли 248 з 2\u202f000 ккал"),
        ("скільки лишилось?", "Сьогодні лишилося 1\u202f752 ккал"),
        ("як я спав?", "Останній сон: 7 год 00 хв"),
        ("а за тиждень?", "Тут я бачу лише сьогодні й учора"),
    ],
)
async def test_everyday_questions_in_ukrainian(
    offline: OfflineInterpreter, catalog: BuiltInFoodCatalog, question: str, answer: str
) -> None:
    context = msgspec.structs.replace(await a_day(offline, catalog), language=Language.UK)
    assert (await OfflineAssistant().answer(question, context)).startswith(answer)


async def test_with_no_wearable_it_says_so_instead_of_a_number(
    offline: OfflineInterpreter, catalog: BuiltInFoodCatalog
) -> None:
    context = msgspec.structs.replace(
        await a_day(offline, catalog),
        wearable_linked=False,
        last_sleep=None,
        last_recovery=None,
        recent_workouts=(),
    )
    for question in ("sleep", "recovery", "workouts"):
        assert (await OfflineAssistant().answer(question, context)).startswith("No wearable")


async def test_the_models_context_holds_the_numbers_and_no_ids(
    offline: OfflineInterpreter, catalog: BuiltInFoodCatalog
) -> None:
    text = context_json(await a_day(offline, catalog))
    shown = json.loads(text)
    assert shown["today"]["total"]["kcal"] == 248
    assert shown["yesterday"]["meals"][0]["foods"] == ["Buckwheat groats, roasted, cooked"]
    assert shown["last_sleep"]["asleep_minutes"] == 420
    assert shown["last_recovery"]["score_pct"] == 77
    assert shown["recent_workouts"][0]["sport"] == "running"
    assert "77" not in text.replace('"score_pct":77', "")  # the record ids s-77, c-77, w-77
    assert '"id"' not in text and "user" not in text
