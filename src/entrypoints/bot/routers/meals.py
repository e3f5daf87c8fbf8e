"""Meals: text and voice through the assistant's use cases, and the Undo / Edit grams buttons.

Buttons are signed for the user they were sent to and checked before anything else; the use
cases then look the entry up within the presser's own data (two locks, see callbacks.py).
"""

from __future__ import annotations

from decimal import Decimal

from aiogram import F, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message, Update
from dishka.integrations.aiogram import FromDishka, inject

from adapters.telegram.files import FileTooLargeError, TelegramFiles
from adapters.telegram.messenger import TelegramMessenger
from application.chat.handle_text_message import HandleTextMessage, HandleTextMessageRequest
from application.chat.handle_voice_message import (
    MAX_AUDIO_BYTES,
    HandleVoiceMessage,
    HandleVoiceMessageRequest,
)
from application.meals.edit_entry_grams import EditEntryGrams, EditEntryGramsRequest
from application.meals.undo_entry import UndoEntry, UndoEntryRequest
from application.ports.unit_of_work import UnitOfWork
from application.rendering.messages import text
from application.rendering.numbers import format_number
from application.users.register_user import RegisterUser
from domain.ids import EntryId, UserId
from domain.meals.entry import FoodEntry
from domain.users import User, language_from_telegram
from entrypoints.bot.callbacks import CallbackSigner, EntryAction, EntryButton
from entrypoints.bot.keyboards import entry_buttons_for, item_buttons
from entrypoints.bot.parsing import parse_grams
from entrypoints.bot.people import author, event_key, sender_of, user_of
from entrypoints.bot.replies import send_chat_reply
from entrypoints.bot.routers.buttons import message_of
from entrypoints.bot.states import Asking

MEGABYTE = 1024 * 1024


def router() -> Router:
    meals = Router(name="meals")
    meals.callback_query.register(undo_entry, EntryButton.filter(F.action == EntryAction.UNDO))
    meals.callback_query.register(
        choose_what_to_reweigh, EntryButton.filter(F.action == EntryAction.EDIT_GRAMS)
    )
    meals.callback_query.register(
        ask_for_grams, EntryButton.filter(F.action == EntryAction.PICK_ITEM)
    )
    meals.message.register(reweigh, Asking.grams, F.text)
    meals.message.register(log_text, F.text, ~F.text.startswith("/"))
    meals.message.register(log_voice, F.voice)
    return meals


@inject
async def log_text(
    message: Message,
    *,
    event_update: Update,
    handle: FromDishka[HandleTextMessage],
    signer: FromDishka[CallbackSigner],
    messenger: FromDishka[TelegramMessenger],
) -> None:
    person = author(message)
    request = HandleTextMessageRequest(
        sender=sender_of(person), text=message.text or "", event_key=event_key(event_update)
    )
    async with messenger.typing(message.chat.id):
        reply = await handle.execute(request)
    await send_chat_reply(messenger, signer, message.chat.id, person.id, reply)


@inject
async def log_voice(
    message: Message,
    *,
    event_update: Update,
    register: FromDishka[RegisterUser],
    handle: FromDishka[HandleVoiceMessage],
    files: FromDishka[TelegramFiles],
    signer: FromDishka[CallbackSigner],
    messenger: FromDishka[TelegramMessenger],
) -> None:
    person, voice = author(message), message.voice
    if voice is None:  # the filter lets only voice notes in
        raise SkipHandler
    # Telegram states the size: a note over 20 MB is refused before any download.
    too_large = voice.file_size is not None and voice.file_size > MAX_AUDIO_BYTES
    async with messenger.typing(message.chat.id):
        try:
            audio = None if too_large else await files.download(voice.file_id)
        except FileTooLargeError:
            audio = None
        if audio is None:
            user = await user_of(register, person)
            size = format_number(
                Decimal(voice.file_size or MAX_AUDIO_BYTES) / MEGABYTE, user.language
            )
            await messenger.send_text(
                message.chat.id, text(user.language, "bot.voice_too_big", size=size)
            )
            return
        request = HandleVoiceMessageRequest(
            sender=sender_of(person),
            audio=audio,
            filename="voice.ogg",  # Telegram's .oga is Ogg/Opus; some services refuse the name
            event_key=event_key(event_update),
        )
        handled = await handle.execute(request)
    await send_chat_reply(messenger, signer, message.chat.id, person.id, handled.reply)


async def _presser(
    query: CallbackQuery,
    button: EntryButton,
    signer: CallbackSigner,
    register: RegisterUser,
    messenger: TelegramMessenger,
) -> User | None:
    """The user pressing, if the button was made for them; otherwise they are told no."""
    person = query.from_user
    if not signer.verify_entry(button, person.id):
        notice = text(language_from_telegram(person.language_code), "bot.button_not_yours")
        await messenger.answer_callback(query.id, notice, alert=True)
        return None
    return await user_of(register, person)


@inject
async def undo_entry(
    query: CallbackQuery,
    *,
    callback_data: EntryButton,
    register: FromDishka[RegisterUser],
    undo: FromDishka[UndoEntry],
    signer: FromDishka[CallbackSigner],
    messenger: FromDishka[TelegramMessenger],
) -> None:
    user = await _presser(query, callback_data, signer, register, messenger)
    if user is None:
        return
    request = UndoEntryRequest(user_id=user.id, entry_id=EntryId(callback_data.entry))
    undone = await undo.execute(request)
    chat_id, message_id = message_of(query)
    if undone.entry is None or message_id is None:
        await messenger.answer_callback(query.id, undone.reply)
        return
    await messenger.answer_callback(query.id)
    # The meal's message becomes what was removed, without its now pointless buttons.
    await messenger.edit_text(chat_id, message_id, undone.reply)


@inject
async def choose_what_to_reweigh(
    query: CallbackQuery,
    *,
    callback_data: EntryButton,
    state: FSMContext,
    register: FromDishka[RegisterUser],
    uow: FromDishka[UnitOfWork],
    signer: FromDishka[CallbackSigner],
    messenger: FromDishka[TelegramMessenger],
) -> None:
    user = await _presser(query, callback_data, signer, register, messenger)
    if user is None:
        return
    entry = await _logged_entry(uow, user.id, callback_data.entry)
    chat_id, _ = message_of(query)
    if entry is None:
        await messenger.answer_callback(query.id, text(user.language, "edit.nothing"))
        return
    await messenger.answer_callback(query.id)
    if len(entry.items) == 1:
        await _ask_grams(state, messenger, user=user, chat_id=chat_id, entry=entry, item=0)
        return
    names = [item.name_as_said for item in entry.items]
    buttons = item_buttons(names, entry.id, signer, query.from_user.id)
    await messenger.send_text(chat_id, text(user.language, "bot.pick_item"), buttons=buttons)


@inject
async def ask_for_grams(
    query: CallbackQuery,
    *,
    callback_data: EntryButton,
    state: FSMContext,
    register: FromDishka[RegisterUser],
    uow: FromDishka[UnitOfWork],
    signer: FromDishka[CallbackSigner],
    messenger: FromDishka[TelegramMessenger],
) -> None:
    user = await _presser(query, callback_data, signer, register, messenger)
    if user is None:
        return
    entry = await _logged_entry(uow, user.id, callback_data.entry)
    if entry is None or not 0 <= callback_data.item < len(entry.items):
        await messenger.answer_callback(query.id, text(user.language, "edit.nothing"))
        return
    await messenger.answer_callback(query.id)
    chat_id, _ = message_of(query)
    await _ask_grams(
        state, messenger, user=user, chat_id=chat_id, entry=entry, item=callback_data.item
    )


@inject
async def reweigh(
    message: Message,
    *,
    state: FSMContext,
    register: FromDishka[RegisterUser],
    edit: FromDishka[EditEntryGrams],
    signer: FromDishka[CallbackSigner],
    messenger: FromDishka[TelegramMessenger],
) -> None:
    grams = parse_grams(message.text or "")
    asked = await state.get_data()
    await state.clear()
    if grams is None or "entry" not in asked:
        raise SkipHandler  # not an answer to the question: handle it as a message
    person = author(message)
    user = await user_of(register, person)
    request = EditEntryGramsRequest(
        user_id=user.id,
        grams=grams,
        entry_id=EntryId(int(asked["entry"])),
        item_index=int(asked.get("item", 0)),
    )
    edited = await edit.execute(request)
    buttons = (
        entry_buttons_for(edited.entry.id, user.language, signer, person.id)
        if edited.entry is not None
        else []
    )
    await messenger.send_text(message.chat.id, edited.reply, buttons=buttons)


async def _logged_entry(uow: UnitOfWork, user_id: UserId, entry_id: int) -> FoodEntry | None:
    """The user's own entry (a read within their data only), if it is still logged."""
    async with uow:
        entry = await uow.food_log.get(user_id, EntryId(entry_id))
    return entry if entry is not None and entry.is_logged else None


async def _ask_grams(
    state: FSMContext,
    messenger: TelegramMessenger,
    *,
    user: User,
    chat_id: int,
    entry: FoodEntry,
    item: int,
) -> None:
    await state.set_state(Asking.grams)
    await state.update_data(entry=entry.id, item=item)
    food = entry.items[item].name_as_said
    await messenger.send_text(chat_id, text(user.language, "bot.grams_prompt", food=food))
