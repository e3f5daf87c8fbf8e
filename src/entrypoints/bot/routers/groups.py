"""Groups: the bot says once that it works in private chats, then leaves.

Leaving (rather than staying and ignoring) is the choice: Telegram then stops sending the group's
messages to us, no one's meals or health numbers get posted where others read them, and "once"
needs no state of ours — a group that adds the bot again hears it again, which is right.
"""

from __future__ import annotations

import contextlib

from aiogram import Bot, F, Router
from aiogram.enums import ChatType
from aiogram.types import Message
from dishka.integrations.aiogram import FromDishka, inject

from adapters.telegram.messenger import TelegramMessenger
from application.errors import RecipientBlockedError
from application.rendering.messages import text
from domain.users import language_from_telegram

GROUPS = {ChatType.GROUP, ChatType.SUPERGROUP}


def router() -> Router:
    groups = Router(name="groups")
    groups.message.register(say_private_only_and_leave, F.chat.type.in_(GROUPS))
    # Edits and button presses in a group get no answer: the bot is on its way out.
    groups.edited_message.register(ignore, F.chat.type.in_(GROUPS))
    return groups


@inject
async def say_private_only_and_leave(
    message: Message, bot: Bot, messenger: FromDishka[TelegramMessenger]
) -> None:
    code = message.from_user.language_code if message.from_user else None
    me = await bot.me()
    notice = text(language_from_telegram(code), "bot.private_only", username=me.username or "")
    # Removed from the group meanwhile: nothing to say, and leaving is harmless.
    with contextlib.suppress(RecipientBlockedError):
        await messenger.send_text(message.chat.id, notice)
    await messenger.leave_chat(message.chat.id)


async def ignore(message: Message) -> None:
    del message
