"""One Bot API call, made within Telegram's limits and with its errors in the application's
words: paced per chat, 429s honoured (bounded), blocked users reported, transient failures
retried a few times, everything else a `ServiceUnavailableError`."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Protocol, TypeVar

from aiogram.exceptions import (
    AiogramError,
    TelegramEntityTooLarge,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)

from application.errors import RecipientBlockedError, ServiceUnavailableError

log = logging.getLogger(__name__)

T = TypeVar("T")
Sleep = Callable[[float], Awaitable[None]]


class SendPacer(Protocol):
    async def wait_turn(self, chat_id: int) -> None:
        """Return when a message to `chat_id` may go."""
        ...

    async def hold_off(self, chat_id: int, seconds: float) -> None:
        """Telegram said: nothing to this chat for `seconds`."""
        ...


class Delivery:
    def __init__(
        self,
        pacer: SendPacer,
        *,
        attempts: int = 3,
        max_retry_after_s: float = 30.0,
        backoff_s: float = 0.5,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._pacer = pacer
        self._attempts = attempts
        # A longer flood wait than this means the bot is flooding: give up rather than hold a
        # worker for minutes (the job or the user can try again later).
        self._max_retry_after_s = max_retry_after_s
        self._backoff_s = backoff_s
        self._sleep = sleep

    async def run(self, call: Callable[[], Awaitable[T]], *, chat_id: int, paced: bool) -> T:
        """Make `call` (a new request each time); a message (`paced`) first waits its turn.
        Raises `RecipientBlockedError` (the user blocked the bot, or the bot is out of the
        chat) or `ServiceUnavailableError`."""
        method = "Bot API call"
        for attempt in range(1, self._attempts + 1):
            if paced:
                await self._pacer.wait_turn(chat_id)
            try:
                return await call()
            except TelegramForbiddenError as error:
                raise RecipientBlockedError(f"chat {chat_id}: {error.message}") from None
            except TelegramRetryAfter as error:
                method = type(error.method).__name__
                if error.retry_after > self._max_retry_after_s or attempt == self._attempts:
                    raise ServiceUnavailableError(
                        f"{method}: flood wait of {error.retry_after} s for chat {chat_id}"
                    ) from None
                log.warning(
                    "telegram asked to wait",
                    extra={"method": method, "chat_id": chat_id, "seconds": error.retry_after},
                )
                if paced:
                    await self._pacer.hold_off(chat_id, error.retry_after)
                else:
                    await self._sleep(error.retry_after)
            except TelegramEntityTooLarge:
                raise ServiceUnavailableError("the file is too large for Telegram") from None
            except (TelegramNetworkError, TelegramServerError) as error:
                method = type(error.method).__name__
                if attempt == self._attempts:
                    break
                log.warning(
                    "telegram call failed, retrying",
                    extra={"method": method, "error": type(error).__name__, "attempt": attempt},
                )
                await self._sleep(self._backoff_s * 2 ** (attempt - 1))
            except AiogramError as error:
                # Bad requests, a revoked token, an unreadable answer: retrying will not help.
                raise ServiceUnavailableError(f"Telegram refused the call: {error}") from None
        raise ServiceUnavailableError(f"{method}: Telegram did not answer after retries")
