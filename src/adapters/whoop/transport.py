"""Every WHOOP API request goes through here: a slot from the shared budget first, then the
call, with bounded retries on 5xx and timeouts, a wait-and-retry on 429, and WHOOP's statuses
turned into the application's errors (401 → `CredentialsRejectedError`).
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Mapping
from typing import TypeVar

import httpx
import msgspec

from adapters.whoop.config import WhoopConfig
from adapters.whoop.errors import UnexpectedAnswerError
from adapters.whoop.http_client import WhoopHttpClient
from adapters.whoop.rate_budget import Priority, RedisRateBudget, Sleep
from application.errors import CredentialsRejectedError, ServiceUnavailableError

logger = logging.getLogger(__name__)

T = TypeVar("T")

MAX_ATTEMPTS = 4  # per request: the first try and three retries (5xx, timeouts, 429)


def _header_number(headers: httpx.Headers, name: str) -> float | None:
    try:
        return float(headers[name].split(",")[0])
    except (KeyError, ValueError):
        return None


class WhoopTransport:
    def __init__(
        self,
        http: WhoopHttpClient,
        config: WhoopConfig,
        budget: RedisRateBudget,
        *,
        backoff_s: float = 0.5,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._http = http
        self._config = config
        self._budget = budget
        self._backoff_s = backoff_s
        self._sleep = sleep

    async def get(
        self,
        path: str,
        answer: type[T],
        *,
        access_token: str,
        priority: Priority,
        params: Mapping[str, str | int] | None = None,
    ) -> T | None:
        """GET an API path and decode its JSON as `answer`; None on 404."""
        response = await self.request("GET", path, access_token, priority, params=params)
        if response.status_code == 404:
            return None
        try:
            return msgspec.json.decode(response.content, type=answer)
        except msgspec.ValidationError as error:
            logger.error("WHOOP %s answered an undecodable body: %s", path, error)
            raise UnexpectedAnswerError(f"WHOOP {path}: {error}") from error

    async def request(
        self,
        method: str,
        path: str,
        access_token: str,
        priority: Priority,
        *,
        params: Mapping[str, str | int] | None = None,
    ) -> httpx.Response:
        """The answer to a request (2xx or 404). Raises `CredentialsRejectedError` on 401,
        `ServiceUnavailableError` when retries are exhausted, `UnexpectedAnswerError` else."""
        url = self._config.api_url(path)
        headers = {"Authorization": f"Bearer {access_token}"}
        failure = "no attempt"
        for attempt in range(MAX_ATTEMPTS):
            await self._budget.acquire(priority)
            try:
                response = await self._http.request(method, url, params=params, headers=headers)
            except httpx.TransportError as error:  # timeouts, refused connections, resets
                failure = type(error).__name__
                await self._back_off(attempt)
                continue
            remaining = _header_number(response.headers, "X-RateLimit-Remaining")
            reset = _header_number(response.headers, "X-RateLimit-Reset")
            status = response.status_code
            if status == 429:
                await self._budget.rate_limited(reset_s=reset)
                failure = "429"
                continue  # the budget holds the next attempt until WHOOP's reset
            await self._budget.observe(
                remaining=None if remaining is None else int(remaining), reset_s=reset
            )
            if status >= 500:
                failure = str(status)
                await self._back_off(attempt)
                continue
            if status == 401:
                raise CredentialsRejectedError("WHOOP refused the access token")
            if 200 <= status < 300 or status == 404:
                return response
            logger.error("WHOOP %s %s answered %s", method, path, status)
            raise UnexpectedAnswerError(f"WHOOP {method} {path} answered {status}")
        logger.warning("WHOOP %s %s failed %d times (%s)", method, path, MAX_ATTEMPTS, failure)
        raise ServiceUnavailableError(f"WHOOP is unavailable ({failure})")

    async def _back_off(self, attempt: int) -> None:
        if attempt + 1 < MAX_ATTEMPTS:
            # Full jitter: processes that failed together do not retry together.
            await self._sleep(random.uniform(0, self._backoff_s * 2**attempt))  # noqa: S311
