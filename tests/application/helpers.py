"""Driving the application like its users do, on the in-memory kit."""

from __future__ import annotations

from datetime import UTC, datetime

from adapters.memory.kit import MemoryApplication, MemoryKit
from application.chat.handle_text_message import HandleTextMessageRequest
from application.chat.reply import ChatReply
from application.connections.begin_connection import BeginConnectionRequest
from application.connections.complete_connection import CompleteConnectionRequest
from application.users.register_user import RegisterUserRequest, Sender
from domain.connections import Provider
from domain.ids import UserId
from domain.meals.entry import FoodEntry
from domain.users import User

# Monday 10 March 2025, 08:30 in Kyiv.
NOW = datetime(2025, 3, 10, 6, 30, tzinfo=UTC)


async def say(
    app: MemoryApplication,
    text: str,
    *,
    telegram_user_id: int = 1001,
    language_code: str | None = "en",
    event_key: str | None = None,
) -> ChatReply:
    sender = Sender(telegram_user_id=telegram_user_id, language_code=language_code)
    return await app.handle_text_message.execute(
        HandleTextMessageRequest(sender=sender, text=text, event_key=event_key)
    )


async def register(
    app: MemoryApplication, telegram_user_id: int = 1001, language_code: str = "en"
) -> User:
    sender = Sender(telegram_user_id=telegram_user_id, language_code=language_code)
    return (await app.register_user.execute(RegisterUserRequest(sender=sender))).user


async def link(app: MemoryApplication, user_id: UserId, provider: Provider, code: str) -> None:
    begun = await app.begin_connection.execute(
        BeginConnectionRequest(user_id=user_id, provider=provider)
    )
    state = begun.url.split("state=")[1]
    await app.complete_connection.execute(
        CompleteConnectionRequest(provider=provider, state=state, code=code)
    )


async def entries_of(kit: MemoryKit, user_id: UserId) -> list[FoodEntry]:
    async with kit.uow() as uow:
        return list(await uow.food_log.all_of(user_id))


async def user_of(kit: MemoryKit, telegram_user_id: int = 1001) -> User | None:
    async with kit.uow() as uow:
        return await uow.users.by_telegram_id(telegram_user_id)
