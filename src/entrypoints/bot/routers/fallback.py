"""Whatever the other routers did not take: a short, helpful answer instead of silence."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message
from dishka.integrations.aiogram import FromDishka, inject

from adapters.telegram.messenger import TelegramMessenger
from application.rendering.messages import text
from application.users.register_user import RegisterUser
from domain.users import language_from_telegram
from entrypoints.bot.people import author, user_of


def router() -> Router:
    fallback = Router(name="fallback")
    fallback.edited_message.register(edited)
    fallback.message.register(unknown_command, F.text.startswith("/"))
    fallback.message.register(unsupported)
    fallback.callback_query.register(stale_button)
    return fallback


async def _say(
    message: Message, key: str, register: RegisterUser, messenger: TelegramMessenger
) -> None:
    user = await user_of(register, author(message))
    await messenger.send_text(message.chat.id, text(user.language, key))


@inject
async def edited(
    edited_message: Message,
    *,
    register: FromDishka[RegisterUser],
    messenger: FromDishka[TelegramMessenger],
) -> None:
    """Edits are not re-read: changing a logged meal behind the user's back would surprise."""
    await _say(edited_message, "bot.edited", register, messenger)


@inject
async def unknown_command(
    message: Message,
    *,
    register: FromDishka[RegisterUser],
    messenger: FromDishka[TelegramMessenger],
) -> None:
    await _say(message, "bot.unknown_command", register, messenger)


@inject
async def unsupported(
    message: Message,
    *,
    register: FromDishka[RegisterUser],
    messenger: FromDishka[TelegramMessenger],
) -> None:
    """Stickers, photos, documents, contacts…: the bot reads text and voice."""
    await _say(message, "bot.unsupported", register, messenger)


@inject
async def stale_button(query: CallbackQuery, messenger: FromDishka[TelegramMessenger]) -> None:
    language = language_from_telegram(query.from_user.language_code)
    await messenger.answer_callback(query.id, text(language, "bot.button_expired"))
