"""`ProviderAuthorizer` for WHOOP: OAuth 2.0 authorization code flow with rotating refresh
tokens, client credentials in the form body (client_secret_post), as in every WHOOP sample.

A refresh token works once; the refresh kills the access token it came with. This adapter only
performs the exchange — serialising refreshes and storing the new pair first is the job of
`FreshCredentials`. `invalid_grant` (a used, revoked or expired grant) is the user's grant
being gone: `CredentialsRejectedError`. `invalid_client` is OUR misconfiguration: never blamed on
the user's link.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Mapping
from datetime import timedelta
from urllib.parse import urlencode

import httpx
import msgspec

from adapters.whoop import wire
from adapters.whoop.config import SCOPES, WhoopConfig
from adapters.whoop.errors import UnexpectedAnswerError
from adapters.whoop.http_client import WhoopHttpClient
from adapters.whoop.rate_budget import Priority, Sleep
from adapters.whoop.transport import WhoopTransport
from application.errors import CredentialsRejectedError, ServiceUnavailableError
from application.ports.authorizer import AuthorizationStart
from application.ports.connections import ProviderCredentials
from application.ports.system import Clock
from domain.connections import ConnectionState, Provider

logger = logging.getLogger(__name__)

TOKEN_ATTEMPTS = 3


class WhoopAuthorizer:
    def __init__(
        self,
        http: WhoopHttpClient,
        config: WhoopConfig,
        transport: WhoopTransport,
        clock: Clock,
        *,
        backoff_s: float = 0.5,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._http = http
        self._config = config
        self._transport = transport
        self._clock = clock
        self._backoff_s = backoff_s
        self._sleep = sleep

    @property
    def provider(self) -> Provider:
        return Provider.WHOOP

    async def start(self, state: str) -> AuthorizationStart:
        query = urlencode(
            {
                "response_type": "code",
                "client_id": self._config.client_id,
                "redirect_uri": self._config.redirect_uri,
                "scope": " ".join(SCOPES),
                "state": state,
            }
        )
        return AuthorizationStart(url=f"{self._config.authorize_url}?{query}")

    async def finish(self, *, code: str, state: ConnectionState) -> ProviderCredentials:
        credentials = await self._token(
            {
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": self._config.redirect_uri,
            }
        )
        profile = await self._transport.get(
            "/v2/user/profile/basic",
            wire.Profile,
            access_token=credentials.access_token,
            priority=Priority.URGENT,  # a user is waiting on the callback page
        )
        if profile is None:
            raise UnexpectedAnswerError("WHOOP has no profile for a fresh token")
        return msgspec.structs.replace(credentials, external_user_id=str(profile.user_id))

    async def refresh(self, credentials: ProviderCredentials) -> ProviderCredentials:
        if credentials.refresh_token is None:
            raise CredentialsRejectedError("no refresh token (the offline scope was not granted)")
        renewed = await self._token(
            {
                "grant_type": "refresh_token",
                "refresh_token": credentials.refresh_token,
                "scope": "offline",
            }
        )
        return msgspec.structs.replace(renewed, external_user_id=credentials.external_user_id)

    async def revoke(self, credentials: ProviderCredentials) -> None:
        try:
            await self._delete_access(credentials.access_token)
            return
        except CredentialsRejectedError:
            if credentials.refresh_token is None:
                return  # nothing of ours is left to withdraw
        # The access token had expired, but the grant may live on in the refresh token: use
        # it once more to withdraw the grant itself. (The link is being removed, so the new
        # pair need not be stored.)
        try:
            renewed = await self.refresh(credentials)
        except CredentialsRejectedError:
            return  # the grant is gone already
        with contextlib.suppress(CredentialsRejectedError):
            await self._delete_access(renewed.access_token)

    async def _delete_access(self, access_token: str) -> None:
        await self._transport.request("DELETE", "/v2/user/access", access_token, Priority.URGENT)

    async def _token(self, form: Mapping[str, str]) -> ProviderCredentials:
        body = {
            **form,
            "client_id": self._config.client_id,
            "client_secret": self._config.client_secret,
        }
        response = await self._post_token(body)
        if response.status_code == 200:
            return self._credentials(response)
        error = _oauth_error(response)
        if error == "invalid_grant":
            raise CredentialsRejectedError("WHOOP refused the grant (invalid_grant)")
        logger.error("WHOOP token endpoint answered %s (%s)", response.status_code, error)
        raise UnexpectedAnswerError(f"WHOOP token endpoint: {response.status_code} {error}")

    async def _post_token(self, body: Mapping[str, str]) -> httpx.Response:
        # Not counted against the API budget: WHOOP's limits are for the API (an assumption;
        # refreshes are about one per user per hour).
        failure = "no attempt"
        for attempt in range(TOKEN_ATTEMPTS):
            try:
                response = await self._http.post(
                    self._config.token_url,
                    data=body,
                    headers={"Accept": "application/json"},
                )
            except httpx.TransportError as error:
                failure = type(error).__name__
            else:
                if response.status_code < 500:
                    return response
                failure = str(response.status_code)
            if attempt + 1 < TOKEN_ATTEMPTS:
                await self._sleep(self._backoff_s * 2**attempt)
        logger.warning("WHOOP token endpoint failed %d times (%s)", TOKEN_ATTEMPTS, failure)
        raise ServiceUnavailableError(f"WHOOP token endpoint unavailable ({failure})")

    def _credentials(self, response: httpx.Response) -> ProviderCredentials:
        try:
            answer = msgspec.json.decode(response.content, type=wire.TokenAnswer)
        except msgspec.ValidationError as error:
            raise UnexpectedAnswerError(f"WHOOP token answer: {error}") from error
        return ProviderCredentials(
            access_token=answer.access_token,
            refresh_token=answer.refresh_token,
            expires_at=self._clock.now() + timedelta(seconds=answer.expires_in),
        )


def _oauth_error(response: httpx.Response) -> str:
    try:
        return msgspec.json.decode(response.content, type=wire.OAuthErrorAnswer).error
    except msgspec.DecodeError:
        return f"HTTP {response.status_code}"
