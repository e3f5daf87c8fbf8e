"""WHOOP's OAuth 2.0 authorization server as the fake plays it (CONTRACTS §1.2).

Authorization codes are single use. Refresh tokens are single use and rotating: a refresh returns a
new pair, kills every access token issued before it for that grant, and a second use of the old
refresh token answers 400 `invalid_grant`. Error texts are the Ory Hydra ones WHOOP answers with.
"""

from __future__ import annotations

import random
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from tests.fakes.whoop.records import SCOPES, Json

_CODE_LIFETIME = timedelta(minutes=10)
_ALPHABET = string.ascii_letters + string.digits + "-_"

ERROR_TEXT = {
    "invalid_grant": (
        "The provided authorization grant (e.g., authorization code, resource owner credentials) "
        "or refresh token is invalid, expired, revoked, does not match the redirection URI used in "
        "the authorization request, or was issued to another client."
    ),
    "invalid_client": (
        "Client authentication failed (e.g., unknown client, no client authentication included, "
        "or unsupported authentication method)."
    ),
    "invalid_request": (
        "The request is missing a required parameter, includes an invalid parameter value, "
        "includes a parameter more than once, or is otherwise malformed."
    ),
    "unsupported_grant_type": (
        "The authorization grant type is not supported by the authorization server."
    ),
    "unsupported_response_type": (
        "The authorization server does not support obtaining a token using this method."
    ),
    "invalid_scope": "The requested scope is invalid, unknown, or malformed.",
    "invalid_state": (
        "The state is missing or does not have enough characters and is therefore considered "
        "too weak."
    ),
    "access_denied": "The resource owner or authorization server denied the request.",
}


class OAuthError(Exception):
    def __init__(self, error: str, status: int = 400) -> None:
        super().__init__(error)
        self.error = error
        self.status = status

    def to_json(self) -> Json:
        return {"error": self.error, "error_description": ERROR_TEXT[self.error]}


@dataclass(frozen=True, slots=True)
class TokenSet:
    access_token: str
    expires_in: int
    scope: str
    refresh_token: str | None

    def to_json(self) -> Json:
        body: Json = {
            "access_token": self.access_token,
            "expires_in": self.expires_in,
            "scope": self.scope,
            "token_type": "bearer",
        }
        if self.refresh_token is not None:
            body["refresh_token"] = self.refresh_token
        return body


@dataclass
class Grant:
    """One user's consent to the app; tokens live and die with it."""

    user_id: int
    scopes: tuple[str, ...]
    revoked: bool = False


@dataclass
class _Code:
    grant: Grant
    redirect_uri: str
    expires_at: datetime
    used: bool = False


@dataclass
class _AccessToken:
    grant: Grant
    expires_at: datetime
    killed: bool = False


@dataclass(frozen=True, slots=True)
class Bearer:
    user_id: int
    scopes: tuple[str, ...]


@dataclass
class AuthorizationServer:
    client_id: str
    client_secret: str
    clock: Callable[[], datetime]
    rng: random.Random
    expires_in: int = 3600
    refreshes: int = 0
    refreshes_by_user: dict[int, int] = field(default_factory=dict)
    code_exchanges: int = 0
    _codes: dict[str, _Code] = field(default_factory=dict)
    _access: dict[str, _AccessToken] = field(default_factory=dict)
    _refresh: dict[str, tuple[Grant, bool]] = field(default_factory=dict)  # token → (grant, used)

    def _token(self, prefix: str) -> str:
        return prefix + "".join(self.rng.choices(_ALPHABET, k=43))

    @staticmethod
    def parse_scopes(scope: str) -> tuple[str, ...]:
        scopes = tuple(scope.split())
        if not scopes or not set(scopes) <= SCOPES:
            raise OAuthError("invalid_scope")
        return scopes

    def new_code(self, user_id: int, scopes: tuple[str, ...], redirect_uri: str) -> str:
        code = self._token("ory_ac_")
        grant = Grant(user_id=user_id, scopes=scopes)
        self._codes[code] = _Code(grant, redirect_uri, self.clock() + _CODE_LIFETIME)
        return code

    def issue(self, grant: Grant) -> TokenSet:
        access = self._token("ory_at_")
        expires_at = self.clock() + timedelta(seconds=self.expires_in)
        self._access[access] = _AccessToken(grant, expires_at)
        refresh = None
        if (
            "offline" in grant.scopes
        ):  # WHOOP: "request the offline scope to receive a refresh token"
            refresh = self._token("ory_rt_")
            self._refresh[refresh] = (grant, False)
        return TokenSet(access, self.expires_in, " ".join(grant.scopes), refresh)

    def token_endpoint(self, form: Mapping[str, str]) -> TokenSet:
        """POST /oauth2/token with client credentials in the form body (client_secret_post)."""
        if form.get("client_id") != self.client_id or form.get("client_secret") != (
            self.client_secret
        ):
            raise OAuthError("invalid_client", status=401)
        grant_type = form.get("grant_type")
        if grant_type == "authorization_code":
            return self._exchange_code(form)
        if grant_type == "refresh_token":
            return self._refresh_tokens(form)
        if not grant_type:
            raise OAuthError("invalid_request")
        raise OAuthError("unsupported_grant_type")

    def _exchange_code(self, form: Mapping[str, str]) -> TokenSet:
        code = self._codes.get(form.get("code", ""))
        if code is None or code.used or code.expires_at <= self.clock():
            raise OAuthError("invalid_grant")
        if form.get("redirect_uri") != code.redirect_uri:
            raise OAuthError("invalid_grant")
        code.used = True
        self.code_exchanges += 1
        return self.issue(code.grant)

    def _refresh_tokens(self, form: Mapping[str, str]) -> TokenSet:
        token = form.get("refresh_token", "")
        found = self._refresh.get(token)
        if found is None or found[1] or found[0].revoked:
            raise OAuthError("invalid_grant")
        grant = found[0]
        if form.get("scope") and not set(form["scope"].split()) <= set(grant.scopes):
            raise OAuthError("invalid_scope")
        self._refresh[token] = (grant, True)
        for access in self._access.values():
            if access.grant is grant:
                access.killed = True
        self.refreshes += 1
        self.refreshes_by_user[grant.user_id] = self.refreshes_by_user.get(grant.user_id, 0) + 1
        return self.issue(grant)

    def bearer(self, token: str) -> Bearer | None:
        """Who an access token speaks for, or None if it is unknown, expired, rotated or revoked."""
        access = self._access.get(token)
        if access is None or access.killed or access.grant.revoked:
            return None
        if access.expires_at <= self.clock():
            return None
        return Bearer(access.grant.user_id, access.grant.scopes)

    def revoke_user(self, user_id: int) -> int:
        """Revoke every grant of the user (DELETE /v2/user/access, or a test revoking consent)."""
        grants = {id(a.grant): a.grant for a in self._access.values()}
        grants.update({id(g): g for g, _ in self._refresh.values()})
        revoked = 0
        for grant in grants.values():
            if grant.user_id == user_id and not grant.revoked:
                grant.revoked = True
                revoked += 1
        return revoked

    def expire_access_tokens(self, user_id: int) -> None:
        for access in self._access.values():
            if access.grant.user_id == user_id:
                access.expires_at = min(access.expires_at, self.clock())
