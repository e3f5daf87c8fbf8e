"""The OpenAI client and OUR bounded retry around each call.

The SDK's own retries are off (`max_retries=0`): it would wait up to 60 s on a Retry-After and
retry a quota error that no retry fixes. Here:

- 429 with a Retry-After (or retry-after-ms) header: wait that long and try again — unless the
  wait is longer than `max_wait`, when a person in a chat is better told now;
- 429 `insufficient_quota`: no retry, the account needs a human;
- 5xx, a timeout, a dropped connection: back off 0.5 s, 1 s, … and try again;
- anything else (400, 401, 404): no retry.

After `attempts` tries, or on an error not worth retrying, the call raises
`ServiceUnavailableError` (which the use cases turn into "smart mode is unavailable" and the
offline path). The request's content is never logged, only its kind and status.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar

import openai

from application.errors import ServiceUnavailableError

log = logging.getLogger(__name__)

T = TypeVar("T")
Sleep = Callable[[float], Awaitable[None]]

DEFAULT_CHAT_MODEL = "gpt-4o-mini"
DEFAULT_TRANSCRIPTION_MODEL = "whisper-1"


@dataclass(frozen=True, slots=True)
class OpenAIOptions:
    """How to reach OpenAI and how patient to be. Only `api_key` has no default."""

    api_key: str
    base_url: str = "https://api.openai.com/v1"
    chat_model: str = DEFAULT_CHAT_MODEL
    transcription_model: str = DEFAULT_TRANSCRIPTION_MODEL
    timeout_seconds: float = 20.0  # per request; a chat reply should not take longer
    connect_timeout_seconds: float = 5.0
    attempts: int = 3  # tries per call, the first included
    first_backoff_seconds: float = 0.5
    max_wait_seconds: float = 10.0  # the longest Retry-After we wait for


def make_client(options: OpenAIOptions) -> openai.AsyncOpenAI:
    """An SDK client with an explicit timeout and no retries of its own. Close it with
    `await client.close()` when the process ends."""
    return openai.AsyncOpenAI(
        api_key=options.api_key,
        base_url=options.base_url,
        timeout=openai.Timeout(options.timeout_seconds, connect=options.connect_timeout_seconds),
        max_retries=0,
    )


class GiveUpError(Exception):
    """A failure no retry fixes (a refused request); carries the SDK's error."""

    def __init__(self, error: openai.APIStatusError) -> None:
        super().__init__(f"OpenAI answered {error.status_code}")
        self.error = error


class Retrying:
    """Runs one OpenAI call under the policy in the module docstring."""

    def __init__(self, options: OpenAIOptions, *, sleep: Sleep = asyncio.sleep) -> None:
        self._options = options
        self._sleep = sleep

    async def call(self, what: str, request: Callable[[], Awaitable[T]]) -> T:
        """`request()`'s result. Raises `GiveUpError` for a refused request (4xx other than
        429) so the caller can tell bad input from an outage, and `ServiceUnavailableError`
        when OpenAI cannot be reached, keeps failing or is out of quota."""
        attempts = max(1, self._options.attempts)
        for attempt in range(1, attempts + 1):
            try:
                return await request()
            except openai.APIStatusError as error:
                wait = self._wait_after(error, attempt)
                if wait is None:
                    if error.status_code < 500 and error.status_code != 429:
                        raise GiveUpError(error) from None
                    raise _unavailable(what, error) from None
                log.warning(
                    "OpenAI %s failed",
                    what,
                    extra={"status": error.status_code, "attempt": attempt, "wait": wait},
                )
            except openai.APIConnectionError as error:  # includes APITimeoutError
                wait = self._backoff(attempt)
                log.warning(
                    "OpenAI %s unreachable",
                    what,
                    extra={"error": type(error).__name__, "attempt": attempt, "wait": wait},
                )
            if attempt == attempts:
                break
            await self._sleep(wait)
        raise ServiceUnavailableError(f"OpenAI {what} failed {attempts} times")

    def _wait_after(self, error: openai.APIStatusError, attempt: int) -> float | None:
        """Seconds to wait before the next try, or None when trying again cannot help."""
        if error.status_code == 429:
            if _error_code(error) == "insufficient_quota":
                return None
            wait = _retry_after(error.response.headers)
            if wait is None:
                return self._backoff(attempt)
            return wait if wait <= self._options.max_wait_seconds else None
        if error.status_code >= 500:
            return self._backoff(attempt)
        return None

    def _backoff(self, attempt: int) -> float:
        return float(self._options.first_backoff_seconds * 2 ** (attempt - 1))


def _retry_after(headers: Mapping[str, str]) -> float | None:
    """Retry-After in seconds (retry-after-ms first, as the SDK reads it), or None."""
    for header, scale in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        value = headers.get(header)
        if value is None:
            continue
        try:
            seconds = float(value) / scale
        except ValueError:
            continue  # an HTTP date: rare from OpenAI, and backing off is fine then
        if seconds >= 0:
            return seconds
    return None


def _error_code(error: openai.APIStatusError) -> str | None:
    body = error.body if isinstance(error.body, dict) else {}
    code = body.get("code") or body.get("type")
    return str(code) if code else None


def _unavailable(what: str, error: openai.APIStatusError) -> ServiceUnavailableError:
    reason = _error_code(error) or "error"
    return ServiceUnavailableError(f"OpenAI {what}: {error.status_code} {reason}")
