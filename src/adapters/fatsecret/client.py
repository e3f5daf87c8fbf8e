"""Signed calls to FatSecret's method-style API (`server.api?method=…&format=json`) and its three
OAuth 1.0 token steps, with bounded retries and every failure typed (see `errors`).

Retries: a call that is safe to repeat (reads, edits, deletes) is tried up to `attempts` times
with exponential backoff when FatSecret is unreachable or busy. A create is never repeated
here: when its answer is lost it raises `FatSecretWriteUnknownError` and the outbox reconciles.
Any call refused for its timestamp or nonce (6, 7) — nothing happened at FatSecret — is signed
afresh and sent once more.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar
from urllib.parse import parse_qsl

import httpx
import msgspec

from adapters.fatsecret.errors import (
    STALE_REQUEST,
    TIMEOUT,
    FatSecretBusyError,
    FatSecretError,
    FatSecretRequestError,
    FatSecretWriteUnknownError,
    error_for,
)
from adapters.fatsecret.signing import OAuth1Signer, SignedRequest
from adapters.fatsecret.wire import ErrorEnvelope
from application.ports.connections import ProviderCredentials

logger = logging.getLogger(__name__)

T = TypeVar("T")
Sleep = Callable[[float], Awaitable[None]]
# Statuses that say the request was not processed (so a create did not land).
_NOT_PROCESSED = frozenset({429, 503})


class _RetryableError(Exception):
    """This try failed in a way worth trying again: `error` if no try is left."""

    def __init__(self, error: FatSecretError) -> None:
        super().__init__(str(error))
        self.error = error


class FatSecretClient:
    def __init__(
        self,
        http: httpx.AsyncClient,
        signer: OAuth1Signer,
        *,
        api_base_url: str,
        oauth_base_url: str,
        attempts: int = 3,
        backoff_seconds: float = 0.5,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._http = http
        self._signer = signer
        self._server_api = f"{api_base_url.rstrip('/')}/server.api"
        self._oauth_base = oauth_base_url.rstrip("/")
        self._attempts = max(1, attempts)
        self._backoff = backoff_seconds
        self._sleep = sleep

    def oauth_url(self, step: str) -> str:
        """`request_token`, `authorize` or `access_token` under FATSECRET_OAUTH_BASE_URL."""
        return f"{self._oauth_base}/{step}"

    async def call(
        self,
        method: str,
        params: Sequence[tuple[str, str]],
        into: type[T],
        credentials: ProviderCredentials | None = None,
    ) -> T:
        """A call safe to repeat (a read, an edit, a delete), retried when FatSecret is busy."""
        return await self._call(method, params, into, credentials, repeatable=True)

    async def create(
        self,
        method: str,
        params: Sequence[tuple[str, str]],
        into: type[T],
        credentials: ProviderCredentials,
    ) -> T:
        """A call that adds something: sent once; a lost answer is `FatSecretWriteUnknownError`."""
        return await self._call(method, params, into, credentials, repeatable=False)

    async def token_step(
        self,
        step: str,
        *,
        token: str | None = None,
        token_secret: str | None = None,
        callback: str | None = None,
        verifier: str | None = None,
    ) -> dict[str, str]:
        """One OAuth 1.0 token step (`request_token`, `access_token`): its form-encoded answer."""
        url = self.oauth_url(step)

        def sign() -> SignedRequest:
            return self._signer.sign(
                "POST",
                url,
                token=token,
                token_secret=token_secret,
                callback=callback,
                verifier=verifier,
            )

        content = await self._exchange(sign, repeatable=True)
        return dict(parse_qsl(content.decode("utf-8", "replace"), keep_blank_values=True))

    async def _call(
        self,
        method: str,
        params: Sequence[tuple[str, str]],
        into: type[T],
        credentials: ProviderCredentials | None,
        *,
        repeatable: bool,
    ) -> T:
        all_params = [("method", method), ("format", "json"), *params]
        # Reads go as GET (signed in the query), diary changes as POST (signed in the body).
        http_method = "POST" if method.startswith("food_entry.") else "GET"

        def sign() -> SignedRequest:
            return self._signer.sign(
                http_method,
                self._server_api,
                all_params,
                token=credentials.access_token if credentials else None,
                token_secret=credentials.token_secret if credentials else None,
            )

        content = await self._exchange(sign, repeatable=repeatable)
        try:
            return msgspec.json.decode(content, type=into, strict=False)
        except msgspec.DecodeError:
            logger.warning("unexpected FatSecret answer to %s", method)
            raise FatSecretRequestError(f"unexpected answer to {method}") from None

    async def _exchange(self, sign: Callable[[], SignedRequest], *, repeatable: bool) -> bytes:
        """Send, signing each try afresh; the body of a successful answer."""
        stale_retried = False
        attempt = 0
        while True:
            attempt += 1
            try:
                return await self._try(sign(), repeatable=repeatable)
            except FatSecretError as error:
                if error.code in STALE_REQUEST and not stale_retried:
                    stale_retried = True  # refused before anything happened: once more
                    attempt -= 1
                    continue
                raise
            except _RetryableError as retry:
                if attempt >= self._attempts:
                    raise retry.error from None
            await self._sleep(self._backoff * 2 ** (attempt - 1))

    async def _try(self, request: SignedRequest, *, repeatable: bool) -> bytes:
        try:
            response = await self._http.request(
                request.method, request.url, headers=request.headers, content=request.body
            )
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout):
            # Never reached FatSecret: nothing happened there.
            unreachable = FatSecretBusyError("FatSecret unreachable")
            raise self._retry_or_raise(unreachable, repeatable) from None
        except httpx.HTTPError as error:
            if not repeatable:
                raise FatSecretWriteUnknownError(f"no answer ({type(error).__name__})") from None
            raise _RetryableError(
                FatSecretBusyError(f"no answer ({type(error).__name__})")
            ) from None
        status = response.status_code
        if status >= 500 or status == 429:
            busy = FatSecretBusyError(f"FatSecret answered HTTP {status}")
            if not repeatable and status not in _NOT_PROCESSED:
                raise FatSecretWriteUnknownError(f"FatSecret answered HTTP {status}")
            raise self._retry_or_raise(busy, repeatable)
        code = _error_code(response.content)
        if code is not None:
            refused = error_for(code)
            if code == TIMEOUT and not repeatable:
                raise FatSecretWriteUnknownError("FatSecret timed out", code=code)
            if isinstance(refused, FatSecretBusyError) and code not in STALE_REQUEST:
                raise self._retry_or_raise(refused, repeatable)
            raise refused
        if status != 200:
            raise FatSecretRequestError(f"FatSecret answered HTTP {status}")
        return response.content

    @staticmethod
    def _retry_or_raise(error: FatSecretError, repeatable: bool) -> Exception:
        return _RetryableError(error) if repeatable else error


def _error_code(content: bytes) -> int | None:
    """FatSecret's error code if the body is its error envelope (whatever the HTTP status)."""
    if not content.lstrip().startswith(b"{"):
        return None
    try:
        envelope = msgspec.json.decode(content, type=ErrorEnvelope, strict=False)
    except msgspec.DecodeError:
        return None
    return envelope.error.code if envelope.error else None
