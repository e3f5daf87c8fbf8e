"""Who is writing: the Telegram user as a `Sender`, and their user of ours."""

from __future__ import annotations

from aiogram.types import Message, Update
from aiogram.types import User as TelegramUser

from application.users.register_user import RegisterUser, RegisterUserRequest, Sender
from domain.users import User


def sender_of(person: TelegramUser) -> Sender:
    return Sender(telegram_user_id=person.id, language_code=person.language_code)


async def user_of(register: RegisterUser, person: TelegramUser) -> User:
    """Their user, registered now if this is their first word to us (the first-message rule)."""
    return (await register.execute(RegisterUserRequest(sender=sender_of(person)))).user


def author(message: Message) -> TelegramUser:
    """The sender of a private message (only channel posts have none, and the bot takes none)."""
    if message.from_user is None:
        raise ValueError("a message without a sender")
    return message.from_user


def event_key(update: Update) -> str:
    """The idempotency key of an update: its effect happens once, however often it arrives."""
    return f"telegram:update:{update.update_id}"
