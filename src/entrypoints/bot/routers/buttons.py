"""Where a pressed button lives."""

from __future__ import annotations

from aiogram.types import CallbackQuery, Message


def message_of(query: CallbackQuery) -> tuple[int, int | None]:
    """The chat of the button's message and the message id, when the bot may still edit it
    (messages older than 48 hours come back "inaccessible"). In a private chat the chat id is
    the user id, so a reply can always go somewhere."""
    message = query.message
    if isinstance(message, Message):
        return message.chat.id, message.message_id
    if message is not None:
        return message.chat.id, None
    return query.from_user.id, None
