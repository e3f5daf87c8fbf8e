"""What happens when handling an update fails.

- The user blocked the bot while we worked: nothing to say to them; briefings notice it too.
- A service is down and the update will be retried (a queued job with tries left): re-raised, so
  the job is retried later with its effect still once (the event key).
- Otherwise: logged without the user's words, and the user gets a short apology instead of
  silence. The update counts as handled — a bug must not loop.
"""

from __future__ import annotations

import contextlib
import logging

from aiogram.types import ErrorEvent, Update
from dishka.integrations.aiogram import FromDishka, inject
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from adapters.telegram.messenger import TelegramMessenger
from application.errors import GatewayError, RecipientBlockedError, ServiceUnavailableError
from application.rendering.messages import text
from domain.users import language_from_telegram

log = logging.getLogger(__name__)

# Failures that pass: the storage or a service is briefly out of reach (the FSM state lives in
# Redis, so its outage arrives as a Redis error, not through an adapter).
TRANSIENT = (ServiceUnavailableError, RedisConnectionError, RedisTimeoutError)


@inject
async def on_error(
    event: ErrorEvent, messenger: FromDishka[TelegramMessenger], retriable: bool = False
) -> bool:
    error, update = event.exception, event.update
    if isinstance(error, RecipientBlockedError):
        log.info("the user blocked the bot", extra={"update_id": update.update_id})
        return True
    unavailable = isinstance(error, TRANSIENT)
    if unavailable and retriable:
        raise error
    if unavailable:
        log.warning("a service was unavailable", extra={"update_id": update.update_id})
    else:
        log.error(
            "handling an update failed",
            extra={"update_id": update.update_id, "error": type(error).__name__},
        )
    chat_id, language_code = _chat_of(update)
    if chat_id is not None:
        key = "bot.try_later" if unavailable else "bot.error"
        with contextlib.suppress(GatewayError):  # the apology is best effort
            await messenger.send_text(chat_id, text(language_from_telegram(language_code), key))
    return True


def _chat_of(update: Update) -> tuple[int | None, str | None]:
    """Where to apologise: private chats only (a group is left, not written to)."""
    message = update.message or update.edited_message
    if message is not None and message.chat.type == "private":
        person = message.from_user
        return message.chat.id, person.language_code if person else None
    query = update.callback_query
    if query is not None:
        return query.from_user.id, query.from_user.language_code
    return None, None
