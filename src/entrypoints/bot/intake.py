"""Telegram updates arriving by webhook: checked, de-duplicated and queued — before the 200.

Telegram re-sends an update until it gets a 2xx, and aiogram's own webhook handling answers
first and works after (errors then vanish). Here the update is stored as an arq job first, so
a crash after the answer loses nothing: the job waits in Redis and a worker runs or retries it.
"""

from __future__ import annotations

import hmac
from datetime import timedelta
from typing import Annotated

import msgspec

from adapters.redis.job_queue import ArqJobQueue

PROCESS_UPDATE_JOB = "process_telegram_update"
# Telegram keeps re-sending for up to a day; twice that is enough to recognise every replay.
REPLAY_WINDOW = timedelta(hours=48)


class QueuedUpdate(msgspec.Struct, frozen=True):
    """The job's payload: the update exactly as Telegram sent it."""

    update: msgspec.Raw


class _UpdateHead(msgspec.Struct):
    # Only what the intake needs; every other field is the dispatcher's business (and unknown
    # ones are accepted: Telegram adds fields with every Bot API version).
    update_id: Annotated[int, msgspec.Meta(ge=0)]


class MalformedUpdateError(ValueError):
    """Not an update: the message says what is wrong, for the 400 answer."""


def read_update_id(body: bytes) -> int:
    try:
        return msgspec.json.decode(body, type=_UpdateHead).update_id
    except msgspec.ValidationError as error:
        raise MalformedUpdateError(f"not a Telegram update: {error}") from None
    except msgspec.DecodeError as error:
        raise MalformedUpdateError(f"malformed JSON: {error}") from None


class UpdateIntake:
    def __init__(self, secret: str | None, jobs: ArqJobQueue) -> None:
        self._secret = secret
        self._jobs = jobs

    @property
    def enabled(self) -> bool:
        """Without a bot token there is no secret and no webhook."""
        return self._secret is not None

    def authentic(self, token: str | None) -> bool:
        """The secret token header matches (in constant time: no timing hints)."""
        if self._secret is None or token is None:
            return False
        return hmac.compare_digest(token.encode(), self._secret.encode())

    async def accept(self, body: bytes) -> bool:
        """Queue the update; False if it was queued before (a replay). Raises
        `MalformedUpdateError`, or `ServiceUnavailableError` when Redis is down (then Telegram
        must hear a failure, to send it again)."""
        update_id = read_update_id(body)
        return await self._jobs.enqueue(
            PROCESS_UPDATE_JOB,
            QueuedUpdate(update=msgspec.Raw(body)),
            job_id=f"telegram-update-{update_id}",
            unique_for=REPLAY_WINDOW,
        )
