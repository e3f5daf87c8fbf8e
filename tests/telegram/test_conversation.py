"""End to end: real update JSON POSTed to the webhook over HTTP, real Redis and arq, the fake
Telegram receiving the replies; the use cases run on the in-memory kit."""

from __future__ import annotations

import json
from datetime import time
from decimal import Decimal
from typing import Any

import pytest

from adapters.memory.kit import MemoryKit
from domain.meals.entry import EntryStatus
from domain.meals.targets import ActivityLevel, BodyProfile, Sex, targets_for
from domain.users import Language
from tests.fakes.telegram import SAMPLE_VOICE, TelegramUser
from tests.telegram.conftest import Chat
from tests.telegram.support import entries_of, user_by_telegram_id

pytestmark = pytest.mark.filterwarnings("ignore:Call to deprecated close:DeprecationWarning")

MB = 1024 * 1024


def buttons_of(message: dict[str, Any]) -> dict[str, str]:
    """Button text → callback data."""
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return {button["text"]: button["callback_data"] for row in rows for button in row}


async def logged_meal(chat: Chat, person: TelegramUser, said: str) -> dict[str, Any]:
    await chat.send(chat.tg.updates.text(said, user=person))
    return chat.tg.last_message(person.id)


async def test_a_meal_is_logged_once_and_answered_with_its_numbers_and_buttons(
    chat: Chat, kit: MemoryKit
) -> None:
    olena = chat.tg.updates.user("Olena", language_code="en")
    update = chat.tg.updates.text("I ate 2 eggs and a banana", user=olena)

    for _ in range(10):  # Telegram re-sends until it hears 200
        assert (await chat.post(update)).status_code == 200
    await chat.run_jobs()
    assert (await chat.post(update)).status_code == 200  # and once more, after it was handled
    await chat.run_jobs()

    [reply] = chat.tg.sent_messages(olena.id)
    assert "Total: 248 kcal · protein" in reply["text"]
    assert "100 g" in reply["text"] and "118 g" in reply["text"]
    assert "Today: 248 of 2,000 kcal" in reply["text"]
    assert list(buttons_of(reply)) == ["Undo", "Edit grams"]
    user = await user_by_telegram_id(kit, olena.id)
    assert user is not None and user.language is Language.EN
    assert len(await entries_of(kit, user.id)) == 1
    assert "typing" in chat.tg.chat_actions(olena.id)


async def test_undo_removes_the_entry_and_its_buttons(chat: Chat, kit: MemoryKit) -> None:
    olena = chat.tg.updates.user("Olena")
    meal = await logged_meal(chat, olena, "2 eggs and a banana")

    await chat.send(chat.tg.updates.callback(buttons_of(meal)["Undo"], message=meal, user=olena))

    user = await user_by_telegram_id(kit, olena.id)
    assert user is not None
    [entry] = await entries_of(kit, user.id)
    assert entry.status is EntryStatus.UNDONE
    [edited] = chat.tg.sent_messages(olena.id)  # the meal's message became the undo notice
    assert edited["text"].startswith("Removed:") and "248 kcal" in edited["text"]
    assert buttons_of(edited) == {}
    assert len(chat.tg.callback_answers()) == 1


async def test_edit_grams_asks_which_food_then_reweighs_it(chat: Chat, kit: MemoryKit) -> None:
    olena = chat.tg.updates.user("Olena")
    meal = await logged_meal(chat, olena, "2 eggs and a banana")

    await chat.send(
        chat.tg.updates.callback(buttons_of(meal)["Edit grams"], message=meal, user=olena)
    )
    picker = chat.tg.last_message(olena.id)
    assert list(buttons_of(picker)) == ["eggs", "banana"]
    await chat.send(
        chat.tg.updates.callback(buttons_of(picker)["banana"], message=picker, user=olena)
    )
    assert "banana" in chat.tg.last_message(olena.id)["text"]
    await chat.send(chat.tg.updates.text("150 g", user=olena))

    user = await user_by_telegram_id(kit, olena.id)
    assert user is not None
    [entry] = await entries_of(kit, user.id)
    assert [item.grams for item in entry.items] == [Decimal(100), Decimal(150)]
    reply = chat.tg.last_message(olena.id)
    assert reply["text"].startswith("Updated") and "150 g" in reply["text"]
    assert list(buttons_of(reply)) == ["Undo", "Edit grams"]


async def test_a_reply_that_is_not_a_weight_is_handled_as_a_message(
    chat: Chat, kit: MemoryKit
) -> None:
    olena = chat.tg.updates.user("Olena")
    meal = await logged_meal(chat, olena, "rice")
    await chat.send(
        chat.tg.updates.callback(buttons_of(meal)["Edit grams"], message=meal, user=olena)
    )
    await chat.send(chat.tg.updates.text("2 eggs", user=olena))  # never blocked by the question

    user = await user_by_telegram_id(kit, olena.id)
    assert user is not None
    assert len(await entries_of(kit, user.id)) == 2


async def test_a_voice_note_is_transcribed_and_logged(chat: Chat, kit: MemoryKit) -> None:
    kit.speech.transcripts[SAMPLE_VOICE] = "2 eggs and a banana"
    olena = chat.tg.updates.user("Olena")

    await chat.send(chat.tg.updates.voice(SAMPLE_VOICE, user=olena))

    reply = chat.tg.last_message(olena.id)
    assert reply["text"].startswith("🎙 “2 eggs and a banana”")
    assert "Total: 248 kcal" in reply["text"] and list(buttons_of(reply)) == ["Undo", "Edit grams"]
    assert kit.speech.heard == [("voice.ogg", Language.EN)]
    user = await user_by_telegram_id(kit, olena.id)
    assert user is not None
    assert len(await entries_of(kit, user.id)) == 1


async def test_a_50_mb_voice_note_is_refused_before_any_download(
    chat: Chat, kit: MemoryKit
) -> None:
    olena = chat.tg.updates.user("Olena")

    await chat.send(chat.tg.updates.voice(SAMPLE_VOICE, size=50 * MB, user=olena))

    reply = chat.tg.last_message(olena.id)
    assert "50 MB" in reply["text"] and "20 MB" in reply["text"]
    assert chat.tg.calls("getFile") == []
    assert kit.speech.heard == []


async def test_export_sends_a_json_document(chat: Chat) -> None:
    olena = chat.tg.updates.user("Olena")
    await logged_meal(chat, olena, "2 eggs")

    await chat.send(chat.tg.updates.text("/export", user=olena))

    [document] = chat.tg.documents(olena.id)
    assert document.file_name is not None and document.file_name.endswith(".json")
    assert document.content is not None
    exported = json.loads(document.content)
    assert exported["user"]["telegram_user_id"] == olena.id
    assert len(exported["food_entries"]) == 1
    assert document.caption == "Everything the bot holds about you."


async def test_delete_asks_first_and_removes_the_user_on_yes(chat: Chat, kit: MemoryKit) -> None:
    olena = chat.tg.updates.user("Olena")
    await logged_meal(chat, olena, "2 eggs")

    await chat.send(chat.tg.updates.text("/delete", user=olena))
    question = chat.tg.last_message(olena.id)
    assert "cannot be undone" in question["text"]
    no = buttons_of(question)["Cancel"]
    await chat.send(chat.tg.updates.callback(no, message=question, user=olena))
    assert await user_by_telegram_id(kit, olena.id) is not None

    await chat.send(chat.tg.updates.text("/delete", user=olena))
    question = chat.tg.last_message(olena.id)
    yes = buttons_of(question)["Yes, delete everything"]
    await chat.send(chat.tg.updates.callback(yes, message=question, user=olena))

    assert await user_by_telegram_id(kit, olena.id) is None
    assert chat.tg.last_message(olena.id)["text"].startswith("All your data is deleted")


async def test_a_button_of_someone_elses_entry_does_nothing(chat: Chat, kit: MemoryKit) -> None:
    olena, taras = chat.tg.updates.user("Olena"), chat.tg.updates.user("Taras")
    olenas_meal = await logged_meal(chat, olena, "2 eggs")
    tarases_meal = await logged_meal(chat, taras, "rice")
    undo_olenas = buttons_of(olenas_meal)["Undo"]
    forged = undo_olenas.rsplit(":", 1)[0] + ":AAAAAAAAAAAAAAAA"  # a modified client's attempt

    for data in (undo_olenas, forged):  # pressed under Taras's own message
        await chat.send(chat.tg.updates.callback(data, message=tarases_meal, user=taras))

    user = await user_by_telegram_id(kit, olena.id)
    assert user is not None
    [entry] = await entries_of(kit, user.id)
    assert entry.status is EntryStatus.LOGGED
    answers = chat.tg.callback_answers()
    assert [a["text"] for a in answers] == ["This button is not for you."] * 2
    assert all(a["show_alert"] for a in answers)


async def test_a_group_hears_once_that_the_bot_is_private_and_is_left(chat: Chat) -> None:
    group = chat.tg.updates.group()
    olena = chat.tg.updates.user("Olena")

    await chat.send(chat.tg.updates.group_text("2 eggs", group=group, user=olena))
    await chat.send(chat.tg.updates.group_text("and a banana", group=group, user=olena))

    [notice] = chat.tg.sent_messages(group.id)
    assert "private chats only" in notice["text"]
    assert "@health_tracker_test_bot" in notice["text"]
    assert not chat.tg.chat(group.id).bot_is_member


async def test_a_blocked_bot_logs_the_meal_and_does_not_retry_sending(
    chat: Chat, kit: MemoryKit
) -> None:
    olena = chat.tg.updates.user("Olena")
    chat.tg.block(olena.id)

    await chat.send(chat.tg.updates.text("2 eggs", user=olena))

    user = await user_by_telegram_id(kit, olena.id)
    assert user is not None
    assert len(await entries_of(kit, user.id)) == 1
    [refused] = chat.tg.calls("sendMessage")
    assert refused.status == 403


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("sticker", "I read text and voice messages"),
        ("document", "I read text and voice messages"),
        ("edited", "I do not re-read edited messages"),
        ("command", "I do not know that command"),
    ],
)
async def test_what_the_bot_cannot_read_gets_a_short_helpful_answer(
    chat: Chat, kind: str, expected: str
) -> None:
    olena = chat.tg.updates.user("Olena")
    updates = {
        "sticker": lambda: chat.tg.updates.sticker(user=olena),
        "document": lambda: chat.tg.updates.document(b"notes", user=olena),
        "edited": lambda: chat.tg.updates.edited_text("3 eggs", user=olena),
        "command": lambda: chat.tg.updates.text("/dance", user=olena),
    }

    await chat.send(updates[kind]())

    assert chat.tg.last_message(olena.id)["text"].startswith(expected)


async def test_start_greets_without_asking_and_the_language_can_change(
    chat: Chat, kit: MemoryKit
) -> None:
    olena = chat.tg.updates.user("Olena", language_code="en")

    await chat.send(chat.tg.updates.text("/start", user=olena))
    greeting = chat.tg.last_message(olena.id)
    assert greeting["text"].startswith("Hi! I keep track of what you eat")
    assert "Europe/Kyiv" in greeting["text"] and "2,000 kcal" in greeting["text"]
    language = buttons_of(greeting)["🌐 Language"]
    await chat.send(chat.tg.updates.callback(language, message=greeting, user=olena))
    menu = chat.tg.last_message(olena.id)
    ukrainian = buttons_of(menu)["Українська"]
    await chat.send(chat.tg.updates.callback(ukrainian, message=menu, user=olena))

    user = await user_by_telegram_id(kit, olena.id)
    assert user is not None and user.language is Language.UK
    assert chat.tg.last_message(olena.id)["text"].startswith("Ваші налаштування")
    await chat.send(chat.tg.updates.text("2 eggs", user=olena))  # logging works all along
    assert "ккал" in chat.tg.last_message(olena.id)["text"]


async def test_the_timezone_comes_from_a_location_or_a_city(chat: Chat, kit: MemoryKit) -> None:
    olena = chat.tg.updates.user("Olena")

    await chat.send(chat.tg.updates.location(49.84, 24.03, user=olena))  # Lviv
    assert "Europe/Kyiv" in chat.tg.last_message(olena.id)["text"]
    await chat.send(chat.tg.updates.text("/timezone", user=olena))
    await chat.send(chat.tg.updates.text("Warsaw", user=olena))

    user = await user_by_telegram_id(kit, olena.id)
    assert user is not None and user.timezone == "Europe/Warsaw"
    assert "it is 07:30 there now" in chat.tg.last_message(olena.id)["text"]


async def test_targets_are_computed_from_the_body(chat: Chat, kit: MemoryKit) -> None:
    olena = chat.tg.updates.user("Olena")
    await chat.send(chat.tg.updates.text("/settings", user=olena))

    for label in ("🎯 Targets", "🧮 Compute from my body", "Female"):
        menu = chat.tg.last_message(olena.id)
        await chat.send(chat.tg.updates.callback(buttons_of(menu)[label], message=menu, user=olena))
    await chat.send(chat.tg.updates.text("34 172 68", user=olena))
    menu = chat.tg.last_message(olena.id)
    moderate = buttons_of(menu)["Exercise 3–5 days a week"]
    await chat.send(chat.tg.updates.callback(moderate, message=menu, user=olena))

    body = BodyProfile(
        sex=Sex.FEMALE,
        age_years=34,
        height_cm=Decimal(172),
        weight_kg=Decimal(68),
        activity=ActivityLevel.MODERATE,
    )
    user = await user_by_telegram_id(kit, olena.id)
    assert user is not None and user.targets == targets_for(body)
    assert "Mifflin–St Jeor" in chat.tg.last_message(olena.id)["text"]


async def test_connect_sends_the_link_to_begin_with(chat: Chat) -> None:
    olena = chat.tg.updates.user("Olena")

    await chat.send(chat.tg.updates.text("/connect_whoop", user=olena))

    reply = chat.tg.last_message(olena.id)["text"]
    assert "connect WHOOP" in reply and "https://whoop.example/authorize?state=" in reply


async def test_today_week_and_undo_by_command(chat: Chat, kit: MemoryKit) -> None:
    olena = chat.tg.updates.user("Olena")
    await logged_meal(chat, olena, "2 eggs")

    await chat.send(chat.tg.updates.text("/today", user=olena))
    today = chat.tg.last_message(olena.id)["text"]
    await chat.send(chat.tg.updates.text("/week", user=olena))
    week = chat.tg.last_message(olena.id)["text"]
    await chat.send(chat.tg.updates.text("/undo", user=olena))
    undone = chat.tg.last_message(olena.id)["text"]

    assert today.startswith("📅 Today so far, Mon 10 Mar") and "143 of 2,000 kcal" in today
    assert week.startswith("Your week: Tue 4 Mar – Mon 10 Mar")
    assert undone == "Removed: eggs (143 kcal)."
    user = await user_by_telegram_id(kit, olena.id)
    assert user is not None
    [entry] = await entries_of(kit, user.id)
    assert entry.status is EntryStatus.UNDONE


async def test_briefings_switch_off_and_move(chat: Chat, kit: MemoryKit) -> None:
    olena = chat.tg.updates.user("Olena")
    await chat.send(chat.tg.updates.text("/briefings", user=olena))
    menu = chat.tg.last_message(olena.id)
    assert list(buttons_of(menu))[:3] == [
        "✅ Morning 08:00",
        "✅ Evening 21:00",
        "✅ Weekly report",
    ]

    weekly = buttons_of(menu)["✅ Weekly report"]
    await chat.send(chat.tg.updates.callback(weekly, message=menu, user=olena))
    menu = chat.tg.last_message(olena.id)
    times = buttons_of(menu)["🕒 Change the times"]
    await chat.send(chat.tg.updates.callback(times, message=menu, user=olena))
    await chat.send(chat.tg.updates.text("07:30 22:15", user=olena))

    user = await user_by_telegram_id(kit, olena.id)
    assert user is not None
    briefings = user.briefings
    assert (briefings.morning_at, briefings.evening_at) == (time(7, 30), time(22, 15))
    assert (briefings.morning, briefings.evening, briefings.weekly) == (True, True, False)
    assert "❌ Weekly report" in buttons_of(chat.tg.last_message(olena.id))


async def test_disconnect_names_what_was_not_connected(chat: Chat) -> None:
    olena = chat.tg.updates.user("Olena")
    await chat.send(chat.tg.updates.text("/disconnect", user=olena))
    menu = chat.tg.last_message(olena.id)

    await chat.send(chat.tg.updates.callback(buttons_of(menu)["WHOOP"], message=menu, user=olena))

    assert chat.tg.last_message(olena.id)["text"] == "WHOOP was not connected."
