"""Use case: find the person writing to us, or register them with defaults on first contact.

The first-message rule: an unknown Telegram user who writes "2 eggs and a banana" is registered
(language from their Telegram client, Europe/Kyiv, default targets and briefing times) and their
message is handled like any other — no onboarding wall before the first logged meal.
"""

from __future__ import annotations

import msgspec

from application.ports.system import Clock, IdGenerator
from application.ports.unit_of_work import UnitOfWork
from domain.errors import InvalidValueError, UserNotFoundError
from domain.ids import UserId
from domain.users import User, language_from_telegram


class Sender(msgspec.Struct, frozen=True, kw_only=True):
    """Who wrote: a Telegram user, or a known user of ours (the local terminal chat)."""

    telegram_user_id: int | None = None
    user_id: UserId | None = None
    language_code: str | None = None  # Telegram's, for a new user's language

    def __post_init__(self) -> None:
        if (self.telegram_user_id is None) == (self.user_id is None):
            raise InvalidValueError("a sender is a Telegram user or a user of ours, not both")


class RegisterUserRequest(msgspec.Struct, frozen=True, kw_only=True):
    sender: Sender


class RegisterUserResponse(msgspec.Struct, frozen=True, kw_only=True):
    user: User
    created: bool


async def find_or_register(
    uow: UnitOfWork, sender: Sender, *, clock: Clock, ids: IdGenerator
) -> tuple[User, bool]:
    """Inside an open unit of work: the sender's user (unblocked, as they wrote to us) and
    whether it is new. Raises `UserNotFoundError` for an unknown `sender.user_id`."""
    if sender.user_id is not None:
        user = await uow.users.get(sender.user_id)
        if user is None:
            raise UserNotFoundError(f"no user {sender.user_id}")
    else:
        assert sender.telegram_user_id is not None
        user = await uow.users.by_telegram_id(sender.telegram_user_id)
        if user is None:
            user = User(
                id=UserId(ids.next_id()),
                telegram_user_id=sender.telegram_user_id,
                created_at=clock.now(),
                language=language_from_telegram(sender.language_code),
            )
            await uow.users.add(user)
            return user, True
    if user.blocked_bot:  # they wrote to us, so they unblocked the bot
        user = msgspec.structs.replace(user, blocked_bot=False)
        await uow.users.update(user)
    return user, False


class RegisterUser:
    def __init__(self, uow: UnitOfWork, clock: Clock, ids: IdGenerator) -> None:
        self._uow = uow
        self._clock = clock
        self._ids = ids

    async def execute(self, request: RegisterUserRequest) -> RegisterUserResponse:
        async with self._uow:
            user, created = await find_or_register(
                self._uow, request.sender, clock=self._clock, ids=self._ids
            )
            await self._uow.commit()
        return RegisterUserResponse(user=user, created=created)
