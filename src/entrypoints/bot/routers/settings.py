"""/settings, /timezone, /briefings and the questions behind their buttons.

Each question sets a state; an answer that does not fit it is dropped from the state and handled
like any other message (SkipHandler), so a question never stands between the user and logging.
"""

from __future__ import annotations

from decimal import Decimal

from aiogram import F, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.filters import Command, CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from dishka.integrations.aiogram import FromDishka, inject

from adapters.telegram.messenger import TelegramMessenger
from application.ports.messenger import Button
from application.ports.system import Clock
from application.rendering.messages import text
from application.users.register_user import RegisterUser
from application.users.update_settings import UpdateSettings, UpdateSettingsRequest
from domain.errors import InvalidValueError
from domain.meals.targets import ActivityLevel, BodyProfile, Sex, Targets
from domain.users import Language, User
from entrypoints.bot.callbacks import SettingsButton
from entrypoints.bot.keyboards import (
    activity_menu,
    briefings_menu,
    language_menu,
    settings_menu,
    sex_menu,
    targets_menu,
)
from entrypoints.bot.parsing import parse_numbers, parse_targets, parse_two_times
from entrypoints.bot.people import author, user_of
from entrypoints.bot.routers.buttons import message_of
from entrypoints.bot.states import Asking
from entrypoints.bot.timezones import timezone_at, timezone_named
from entrypoints.bot.views import briefings_text, local_time, settings_summary, targets_line

Rows = list[list[Button]]


def router() -> Router:
    settings = Router(name="settings")
    settings.message.register(show_settings, Command("settings"))
    settings.message.register(ask_timezone, Command("timezone"))
    settings.message.register(show_briefings, Command("briefings"))
    settings.callback_query.register(on_button, SettingsButton.filter())
    settings.message.register(timezone_from_location, F.location)
    settings.message.register(timezone_from_text, Asking.timezone, F.text)
    settings.message.register(targets_from_text, Asking.targets, F.text)
    settings.message.register(body_from_text, Asking.body, F.text)
    settings.message.register(times_from_text, Asking.briefing_times, F.text)
    return settings


class _Reply:
    """Answers in the chat: edits the menu message a button was pressed under, or sends anew."""

    def __init__(self, messenger: TelegramMessenger, chat_id: int, message_id: int | None):
        self.messenger, self.chat_id, self.message_id = messenger, chat_id, message_id

    async def __call__(self, body: str, buttons: Rows | None = None, *, new: bool = False) -> None:
        if self.message_id is None or new:
            await self.messenger.send_text(self.chat_id, body, buttons=buttons or [])
        else:
            await self.messenger.edit_text(
                self.chat_id, self.message_id, body, buttons=buttons or []
            )


@inject
async def show_settings(
    message: Message,
    *,
    register: FromDishka[RegisterUser],
    clock: FromDishka[Clock],
    messenger: FromDishka[TelegramMessenger],
) -> None:
    user = await user_of(register, author(message))
    await messenger.send_text(
        message.chat.id, settings_summary(user, clock.now()), buttons=settings_menu(user.language)
    )


@inject
async def ask_timezone(
    message: Message,
    *,
    command: CommandObject,
    state: FSMContext,
    register: FromDishka[RegisterUser],
    update: FromDishka[UpdateSettings],
    clock: FromDishka[Clock],
    messenger: FromDishka[TelegramMessenger],
) -> None:
    """/timezone Europe/Warsaw sets it at once; /timezone alone asks."""
    user = await user_of(register, author(message))
    reply = _Reply(messenger, message.chat.id, None)
    if command.args:
        await _set_timezone(user, timezone_named(command.args), update, clock, reply)
        return
    await state.set_state(Asking.timezone)
    await reply(text(user.language, "bot.timezone_prompt", timezone=user.timezone))


@inject
async def show_briefings(
    message: Message,
    *,
    register: FromDishka[RegisterUser],
    messenger: FromDishka[TelegramMessenger],
) -> None:
    user = await user_of(register, author(message))
    await messenger.send_text(message.chat.id, briefings_text(user), buttons=briefings_menu(user))


@inject
async def on_button(
    query: CallbackQuery,
    *,
    callback_data: SettingsButton,
    state: FSMContext,
    register: FromDishka[RegisterUser],
    update: FromDishka[UpdateSettings],
    clock: FromDishka[Clock],
    messenger: FromDishka[TelegramMessenger],
) -> None:
    await messenger.answer_callback(query.id)
    user = await user_of(register, query.from_user)
    reply = _Reply(messenger, *message_of(query))
    menu, value, language = callback_data.menu, callback_data.value, user.language
    if menu == "lang" and value in {"uk", "en"}:
        changed = await _update(
            update, UpdateSettingsRequest(user_id=user.id, language=Language(value))
        )
        await reply(settings_summary(changed, clock.now()), settings_menu(changed.language))
    elif menu == "lang":
        await reply(text(language, "bot.choose_language"), language_menu())
    elif menu == "tz":
        await state.set_state(Asking.timezone)
        await reply(text(language, "bot.timezone_prompt", timezone=user.timezone), new=True)
    elif menu == "targets" and value == "enter":
        await state.set_state(Asking.targets)
        await reply(text(language, "bot.targets_prompt"), new=True)
    elif menu == "targets" and value == "body":
        await reply(text(language, "bot.sex_prompt"), sex_menu(language))
    elif menu == "targets":
        await reply(text(language, "bot.targets_menu"), targets_menu(language))
    elif menu == "sex" and value in {s.value for s in Sex}:
        await state.set_state(Asking.body)
        await state.update_data(sex=value)
        await reply(text(language, "bot.body_prompt"), new=True)
    elif menu == "act" and value in {a.value for a in ActivityLevel}:
        await _finish_body(user, ActivityLevel(value), state, update, reply)
    elif menu == "brief":
        await reply(briefings_text(user), briefings_menu(user))
    elif menu == "toggle" and value in {"morning", "evening", "weekly"}:

        def flipped(name: str) -> bool | None:
            return (not getattr(user.briefings, name)) if name == value else None

        request = UpdateSettingsRequest(
            user_id=user.id,
            morning=flipped("morning"),
            evening=flipped("evening"),
            weekly=flipped("weekly"),
        )
        changed = await _update(update, request)
        await reply(briefings_text(changed), briefings_menu(changed))
    elif menu == "times":
        await state.set_state(Asking.briefing_times)
        await reply(text(language, "bot.times_prompt"), new=True)


@inject
async def timezone_from_location(
    message: Message,
    *,
    state: FSMContext,
    register: FromDishka[RegisterUser],
    update: FromDishka[UpdateSettings],
    clock: FromDishka[Clock],
    messenger: FromDishka[TelegramMessenger],
) -> None:
    """A shared location is only ever used for the timezone (and not kept)."""
    user = await user_of(register, author(message))
    location = message.location
    zone = timezone_at(location.latitude, location.longitude) if location else None
    await state.set_state(None)
    reply = _Reply(messenger, message.chat.id, None)
    if zone is None:
        await reply(text(user.language, "bot.timezone_location_unknown"))
        return
    await _set_timezone(user, zone, update, clock, reply)


@inject
async def timezone_from_text(
    message: Message,
    *,
    state: FSMContext,
    register: FromDishka[RegisterUser],
    update: FromDishka[UpdateSettings],
    clock: FromDishka[Clock],
    messenger: FromDishka[TelegramMessenger],
) -> None:
    said = message.text or ""
    zone = timezone_named(said)
    looks_like_a_place = len(said.split()) <= 3 and not any(c.isdigit() for c in said)
    if zone is None and not looks_like_a_place:
        await state.set_state(None)
        raise SkipHandler  # probably a meal: log it
    user = await user_of(register, author(message))
    if zone is not None:
        await state.set_state(None)
    await _set_timezone(user, zone, update, clock, _Reply(messenger, message.chat.id, None))


@inject
async def targets_from_text(
    message: Message,
    *,
    state: FSMContext,
    register: FromDishka[RegisterUser],
    update: FromDishka[UpdateSettings],
    messenger: FromDishka[TelegramMessenger],
) -> None:
    numbers = parse_targets(message.text or "")
    if numbers is None:
        await state.set_state(None)
        raise SkipHandler
    user = await user_of(register, author(message))
    kcal, *macros = numbers
    current = user.targets
    protein, fat, carbohydrate = macros or (current.protein, current.fat, current.carbohydrate)
    try:
        targets = Targets(kcal=kcal, protein=protein, fat=fat, carbohydrate=carbohydrate)
    except InvalidValueError:
        await messenger.send_text(message.chat.id, text(user.language, "bot.targets_invalid"))
        return
    await state.set_state(None)
    changed = await _update(update, UpdateSettingsRequest(user_id=user.id, targets=targets))
    await messenger.send_text(message.chat.id, targets_line(changed.language, changed.targets))


@inject
async def body_from_text(
    message: Message,
    *,
    state: FSMContext,
    register: FromDishka[RegisterUser],
    messenger: FromDishka[TelegramMessenger],
) -> None:
    numbers = parse_numbers(message.text or "", 3)
    if numbers is None:
        await state.set_state(None)
        raise SkipHandler
    user = await user_of(register, author(message))
    chosen = (await state.get_data()).get("sex")
    if chosen not in {sex.value for sex in Sex}:  # the choice expired: ask it again
        await state.clear()
        await messenger.send_text(
            message.chat.id, text(user.language, "bot.sex_prompt"), buttons=sex_menu(user.language)
        )
        return
    age, height, weight = numbers
    try:
        BodyProfile(sex=Sex(chosen), age_years=int(age), height_cm=height, weight_kg=weight)
    except InvalidValueError:
        await messenger.send_text(message.chat.id, text(user.language, "bot.body_invalid"))
        return
    await state.set_state(None)  # the numbers wait in the state's data for the activity button
    await state.update_data(age=int(age), height=str(height), weight=str(weight))
    await messenger.send_text(
        message.chat.id,
        text(user.language, "bot.activity_prompt"),
        buttons=activity_menu(user.language),
    )


@inject
async def times_from_text(
    message: Message,
    *,
    state: FSMContext,
    register: FromDishka[RegisterUser],
    update: FromDishka[UpdateSettings],
    messenger: FromDishka[TelegramMessenger],
) -> None:
    times = parse_two_times(message.text or "")
    if times is None:
        await state.set_state(None)
        raise SkipHandler
    await state.set_state(None)
    user = await user_of(register, author(message))
    morning_at, evening_at = times
    request = UpdateSettingsRequest(user_id=user.id, morning_at=morning_at, evening_at=evening_at)
    changed = await _update(update, request)
    await messenger.send_text(
        message.chat.id, briefings_text(changed), buttons=briefings_menu(changed)
    )


async def _update(update: UpdateSettings, request: UpdateSettingsRequest) -> User:
    return (await update.execute(request)).user


async def _set_timezone(
    user: User, zone: str | None, update: UpdateSettings, clock: Clock, reply: _Reply
) -> None:
    if zone is None:
        await reply(text(user.language, "bot.timezone_unknown"))
        return
    changed = await _update(update, UpdateSettingsRequest(user_id=user.id, timezone=zone))
    now = local_time(changed, clock.now())
    await reply(text(changed.language, "bot.timezone_set", timezone=zone, local_time=now))


async def _finish_body(
    user: User, activity: ActivityLevel, state: FSMContext, update: UpdateSettings, reply: _Reply
) -> None:
    data = await state.get_data()
    await state.clear()
    try:
        body = BodyProfile(
            sex=Sex(data["sex"]),
            age_years=int(data["age"]),
            height_cm=Decimal(data["height"]),
            weight_kg=Decimal(data["weight"]),
            activity=activity,
        )
    except (KeyError, ValueError):
        # The numbers expired or were never given: start the question again.
        await reply(text(user.language, "bot.sex_prompt"), sex_menu(user.language))
        return
    changed = await _update(update, UpdateSettingsRequest(user_id=user.id, body=body))
    targets = targets_line(changed.language, changed.targets)
    await reply(text(changed.language, "bot.targets_computed", targets=targets))
