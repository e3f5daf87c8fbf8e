"""Linking a FatSecret account: three-legged OAuth 1.0 (CONTRACTS §2.2).

1. `start`: a request token, signed with `oauth_callback` = PUBLIC_BASE_URL/fatsecret/callback
   carrying our state; the user is sent to FatSecret's authorize page with it.
2. The user approves; FatSecret redirects to the callback with `oauth_token`, `oauth_verifier`
   and our state (which `CompleteConnection` checks and consumes first).
3. `finish`: the verifier and the request token (kept in the state, with its secret) are
   exchanged for the user's access token and secret, which FatSecret keeps valid indefinitely.
"""

from __future__ import annotations

import logging
from urllib.parse import parse_qsl, urlencode

from adapters.fatsecret.client import FatSecretClient
from adapters.fatsecret.errors import FatSecretRequestError
from application.errors import CredentialsRejectedError
from application.ports.authorizer import AuthorizationStart
from application.ports.connections import ProviderCredentials
from domain.connections import ConnectionState, Provider

logger = logging.getLogger(__name__)

CALLBACK_PATH = "/fatsecret/callback"


class FatSecretAuthorizer:
    def __init__(self, client: FatSecretClient, *, public_base_url: str) -> None:
        self._client = client
        self._callback = public_base_url.rstrip("/") + CALLBACK_PATH

    @property
    def provider(self) -> Provider:
        return Provider.FATSECRET

    async def start(self, state: str) -> AuthorizationStart:
        callback = f"{self._callback}?{urlencode({'state': state})}"
        answer = await self._client.token_step("request_token", callback=callback)
        token, secret = answer.get("oauth_token"), answer.get("oauth_token_secret")
        if not token or not secret:
            raise FatSecretRequestError("FatSecret gave no request token")
        if answer.get("oauth_callback_confirmed") != "true":
            logger.warning("FatSecret did not confirm our callback URL")
        url = f"{self._client.oauth_url('authorize')}?{urlencode({'oauth_token': token})}"
        return AuthorizationStart(url=url, request_secret=_keep(token, secret))

    async def finish(self, *, code: str, state: ConnectionState) -> ProviderCredentials:
        """`code` is the callback's oauth_verifier."""
        kept = _kept(state.request_secret)
        if kept is None or not code:
            raise CredentialsRejectedError("no request token or verifier for this link")
        token, secret = kept
        answer = await self._client.token_step(
            "access_token", token=token, token_secret=secret, verifier=code
        )
        access, access_secret = answer.get("oauth_token"), answer.get("oauth_token_secret")
        if not access or not access_secret:
            raise FatSecretRequestError("FatSecret gave no access token")
        return ProviderCredentials(access_token=access, token_secret=access_secret)

    async def refresh(self, credentials: ProviderCredentials) -> ProviderCredentials:
        """OAuth 1.0 tokens do not expire: the same credentials."""
        return credentials

    async def revoke(self, credentials: ProviderCredentials) -> None:
        """FatSecret has no call to withdraw a token; forgetting it here is all there is."""


def _keep(token: str, secret: str) -> str:
    """The request token and its secret, as one value for the state to carry."""
    return urlencode({"oauth_token": token, "oauth_token_secret": secret})


def _kept(value: str | None) -> tuple[str, str] | None:
    fields = dict(parse_qsl(value or ""))
    token, secret = fields.get("oauth_token"), fields.get("oauth_token_secret")
    return (token, secret) if token and secret else None
