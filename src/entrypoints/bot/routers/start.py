"""/start, /help and the day at a glance: /today, /week, /undo."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from dishka.integrations.aiogram import FromDishka, inject

from adapters.telegram.messenger import TelegramMessenger
from application.briefings.compose_evening import ComposeEveningRequest, ComposeEveningSummary
from application.briefings.compose_weekly import ComposeWeeklyReport, ComposeWeeklyRequest
from application.meals.undo_entry import UndoEntry, UndoEntryRequest
from application.ports.system import Clock
from application.rendering.messages import text
from application.rendering.numbers import format_date
from application.users.register_user import RegisterUser
from entrypoints.bot.commands import help_text
from entrypoints.bot.keyboards import settings_menu
from entrypoints.bot.people import author, user_of
from entrypoints.bot.views import settings_summary


def router() -> Router:
    start = Router(name="start")
    start.message.register(welcome, CommandStart())
    start.message.register(show_help, Command("help"))
    start.message.register(show_today, Command("today"))
    start.message.register(show_week, Command("week"))
    start.message.register(undo_last, Command("undo"))
    return start


@inject
async def welcome(
    message: Message,
    *,
    state: FSMContext,
    register: FromDishka[RegisterUser],
    clock: FromDishka[Clock],
    messenger: FromDishka[TelegramMessenger],
) -> None:
    """Registers and greets — and asks nothing: logging works from the first message, and the
    settings menu under the greeting refines the defaults whenever the user likes."""
    await state.clear()
    user = await user_of(register, author(message))
    greeting = "\n\n".join(
        [text(user.language, "bot.welcome"), settings_summary(user, clock.now())]
    )
    await messenger.send_text(message.chat.id, greeting, buttons=settings_menu(user.language))


@inject
async def show_help(
    message: Message,
    *,
    register: FromDishka[RegisterUser],
    messenger: FromDishka[TelegramMessenger],
) -> None:
    user = await user_of(register, author(message))
    await messenger.send_text(message.chat.id, help_text(user.language))


@inject
async def show_today(
    message: Message,
    *,
    register: FromDishka[RegisterUser],
    compose: FromDishka[ComposeEveningSummary],
    clock: FromDishka[Clock],
    messenger: FromDishka[TelegramMessenger],
) -> None:
    user = await user_of(register, author(message))
    composed = await compose.execute(ComposeEveningRequest(user_id=user.id))
    # The evening summary's body is exactly "today so far"; only its title speaks of evening.
    today = format_date(user.local_date(clock.now()), user.language)
    _, _, body = composed.text.partition("\n")
    title = text(user.language, "bot.today_title", date=today)
    await messenger.send_text(message.chat.id, f"{title}\n{body}" if body else title)


@inject
async def show_week(
    message: Message,
    *,
    register: FromDishka[RegisterUser],
    compose: FromDishka[ComposeWeeklyReport],
    clock: FromDishka[Clock],
    messenger: FromDishka[TelegramMessenger],
) -> None:
    user = await user_of(register, author(message))
    today = user.local_date(clock.now())
    report = await compose.execute(ComposeWeeklyRequest(user_id=user.id, last_day=today))
    await messenger.send_text(message.chat.id, report.text)


@inject
async def undo_last(
    message: Message,
    *,
    register: FromDishka[RegisterUser],
    undo: FromDishka[UndoEntry],
    messenger: FromDishka[TelegramMessenger],
) -> None:
    user = await user_of(register, author(message))
    undone = await undo.execute(UndoEntryRequest(user_id=user.id))
    await messenger.send_text(message.chat.id, undone.reply)
