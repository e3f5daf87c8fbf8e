"""The Telegram jobs: one update the webhook queued, and one message a process without the bot
(the HTTP app) queued for sending.

The update job feeds the update to the dispatcher (whose dishka middleware opens the update's
own REQUEST scope). A service that is down makes the job retry later with backoff, while tries
remain; the use cases' event keys keep a retried update's effect single. Anything else was
answered and logged by the dispatcher's error handler, and the job is done. A queued message is
retried as every other job is (`retries.retried_when_down`); one to a user who blocked the bot
is dropped.
"""

from __future__ import annotations

import logging
from typing import Any

import msgspec
from aiogram import Bot, Dispatcher
from aiogram.types import Update
from arq import Retry
from arq.worker import func
from dishka.integrations.arq import FromDishka, inject

from adapters.telegram.queued_messenger import SEND_MESSAGE_JOB, QueuedMessage, send_queued
from application.errors import RecipientBlockedError
from application.ports.messenger import Messenger
from entrypoints.bot.errors import TRANSIENT
from entrypoints.bot.intake import PROCESS_UPDATE_JOB, QueuedUpdate
from entrypoints.worker.retries import retried_when_down

log = logging.getLogger(__name__)

MAX_TRIES = 5
JOB_TIMEOUT_S = 120


def telegram_jobs() -> list[Any]:
    """The Telegram job functions, for `worker_settings(functions=...)`. No result is kept:
    it would keep the update's text in Redis (replays are recognised by the intake)."""
    return [
        func(
            process_telegram_update,
            name=PROCESS_UPDATE_JOB,
            max_tries=MAX_TRIES,
            timeout=JOB_TIMEOUT_S,
            keep_result=0,
        ),
        func(
            send_telegram_message,
            name=SEND_MESSAGE_JOB,
            max_tries=MAX_TRIES,
            timeout=JOB_TIMEOUT_S,
            keep_result=0,
        ),
    ]


def retry_delay_s(job_try: int) -> int:
    """5 s, 10 s, 20 s, 40 s: long enough for a restart, short enough for a chat."""
    return int(5 * 2 ** (job_try - 1))


@inject
async def process_telegram_update(
    ctx: dict[str, Any],
    payload: bytes,
    bot: FromDishka[Bot],
    dispatcher: FromDishka[Dispatcher],
) -> None:
    job_try = int(ctx.get("job_try", 1))
    try:
        raw = msgspec.json.decode(payload, type=QueuedUpdate).update
        update = Update.model_validate_json(bytes(raw), context={"bot": bot})
    except ValueError as error:  # msgspec's and pydantic's errors both are
        # Not worth retrying, and not worth logging the content: the type says enough.
        log.warning("unreadable telegram update dropped", extra={"error": type(error).__name__})
        return
    try:
        await dispatcher.feed_update(bot, update, retriable=job_try < MAX_TRIES)
    except TRANSIENT as error:
        log.warning(
            "telegram update will be retried",
            extra={"update_id": update.update_id, "try": job_try, "error": type(error).__name__},
        )
        raise Retry(defer=retry_delay_s(job_try)) from None


@inject
async def send_telegram_message(
    ctx: dict[str, Any], payload: bytes, messenger: FromDishka[Messenger]
) -> None:
    try:
        message = msgspec.json.decode(payload, type=QueuedMessage)
    except msgspec.DecodeError as error:
        log.warning("unreadable queued message dropped", extra={"error": type(error).__name__})
        return
    with retried_when_down(ctx):  # Telegram or the pacer's Redis down: again, with backoff
        try:
            await send_queued(message, messenger)
        except RecipientBlockedError:  # a GatewayError, but no outage: nothing to send again
            log.info("queued message not sent: the user blocked the bot")
