"""Sending what a chat use case answered."""

from __future__ import annotations

from adapters.telegram.messenger import TelegramMessenger
from application.chat.reply import ChatReply
from application.rendering.messages import text
from entrypoints.bot.callbacks import CallbackSigner
from entrypoints.bot.keyboards import entry_buttons


async def send_chat_reply(
    messenger: TelegramMessenger,
    signer: CallbackSigner,
    chat_id: int,
    telegram_user_id: int,
    reply: ChatReply,
) -> None:
    if reply.duplicate:
        # Only a retried job sees this (replayed updates stop at the webhook): the effect
        # happened before, the first reply may not have gone out.
        await messenger.send_text(chat_id, text(reply.language, "bot.already_done"))
        return
    buttons = entry_buttons(reply.buttons, signer, telegram_user_id)
    await messenger.send_text(chat_id, reply.text, buttons=buttons)
