"""Who may call the fake FatSecret: the app's consumer key, its users, their request and access
tokens, and the OAuth 1.0 checks every request passes (CONTRACTS §2.2, §2.5).

Checks, in order: required oauth_* parameters (code 2), version (3), signature method (4), consumer
key (5), timestamp within the tolerance of the fake's clock (6), token (9), the HMAC-SHA1 signature
over the base string recomputed from the received request (8), then the nonce, unused before for
this consumer (7). A request refused before the nonce check does not spend its nonce.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

from tests.fakes.oauth1 import SignedRequest

_ALPHABET = string.ascii_lowercase + string.digits
REQUEST_TOKEN_LIFETIME = timedelta(hours=1)
# none: two-legged (a token is optional, checked if given); access: a user's access token is
# required; request: a request token is required (the access_token step)
TokenKind = Literal["none", "request", "access"]


class FatSecretError(Exception):
    """An error FatSecret reports in the body: `{"error": {"code": N, "message": ...}}`."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message

    def to_json(self) -> dict[str, dict[str, object]]:
        return {"error": {"code": self.code, "message": self.message}}


@dataclass(frozen=True, slots=True)
class FatSecretUser:
    user_id: str
    name: str


@dataclass(frozen=True, slots=True)
class AccessCredentials:
    """The user's persistent oauth_token and oauth_token_secret."""

    token: str
    secret: str


@dataclass
class RequestToken:
    token: str
    secret: str
    callback: str
    expires_at: datetime
    user: FatSecretUser | None = None
    verifier: str | None = None
    used: bool = False


@dataclass
class _Access:
    credentials: AccessCredentials
    user: FatSecretUser
    revoked: bool = False


@dataclass(frozen=True, slots=True)
class Caller:
    """An authenticated request: the user is None for two-legged (signed, not delegated) calls."""

    user: FatSecretUser | None
    request_token: RequestToken | None = None


@dataclass
class Accounts:
    consumer_key: str
    consumer_secret: str
    rng: random.Random
    timestamp_tolerance: int = 300
    users: dict[str, FatSecretUser] = field(default_factory=dict)
    request_tokens: dict[str, RequestToken] = field(default_factory=dict)
    access: dict[str, _Access] = field(default_factory=dict)
    nonces: set[str] = field(default_factory=set)

    def random_text(self, length: int = 32) -> str:
        return "".join(self.rng.choices(_ALPHABET, k=length))

    def issue_access(self, user: FatSecretUser) -> AccessCredentials:
        """The user's live credentials, new ones only if none are live (they are persistent)."""
        for access in self.access.values():
            if access.user == user and not access.revoked:
                return access.credentials
        credentials = AccessCredentials(self.random_text(), self.random_text())
        self.access[credentials.token] = _Access(credentials, user)
        return credentials

    def credentials_of(self, user: FatSecretUser) -> AccessCredentials | None:
        return next(
            (a.credentials for a in self.access.values() if a.user == user and not a.revoked), None
        )

    def revoke(self, user: FatSecretUser) -> None:
        for access in self.access.values():
            if access.user == user:
                access.revoked = True

    def authenticate(self, request: SignedRequest, now: datetime, kind: TokenKind) -> Caller:
        """Check a signed request; `kind` says which token it must carry (an access token is also
        accepted, and checked, on two-legged calls)."""
        required = [
            "oauth_consumer_key",
            "oauth_signature_method",
            "oauth_timestamp",
            "oauth_nonce",
            "oauth_signature",
        ]
        if kind != "none":
            required.append("oauth_token")
        for name in required:
            if not request.first(name):
                raise FatSecretError(2, f"Missing required oauth parameter: {name}")
        if request.first("oauth_version") not in (None, "1.0"):
            raise FatSecretError(3, "Unsupported oauth parameter: oauth_version")
        if request.first("oauth_signature_method") != "HMAC-SHA1":
            method = request.first("oauth_signature_method")
            raise FatSecretError(4, f"Invalid signature method: '{method}'")
        if request.first("oauth_consumer_key") != self.consumer_key:
            key = request.first("oauth_consumer_key")
            raise FatSecretError(5, f"Invalid consumer key: '{key}'")
        self._check_timestamp(request.first("oauth_timestamp") or "", now)
        caller, token_secret = self._token(request, now, kind)
        if not request.signature_matches(self.consumer_secret, token_secret):
            signature = request.first("oauth_signature")
            raise FatSecretError(8, f"Invalid signature: oauth_signature '{signature}' is invalid")
        nonce = request.first("oauth_nonce") or ""
        if nonce in self.nonces:
            raise FatSecretError(7, f"Invalid/used nonce: '{nonce}'")
        self.nonces.add(nonce)
        return caller

    def _check_timestamp(self, stamp: str, now: datetime) -> None:
        if not stamp.isdigit() or abs(now.timestamp() - int(stamp)) > self.timestamp_tolerance:
            raise FatSecretError(6, f"Invalid/expired timestamp: '{stamp}'")

    def _token(self, request: SignedRequest, now: datetime, kind: TokenKind) -> tuple[Caller, str]:
        token = request.first("oauth_token")
        if kind == "request":
            found = self.request_tokens.get(token or "")
            if found is None or found.used or found.expires_at <= now:
                raise FatSecretError(9, f"Invalid access token: '{token}'")
            return Caller(user=None, request_token=found), found.secret
        if not token:
            return Caller(user=None), ""
        access = self.access.get(token)
        if access is None or access.revoked:
            raise FatSecretError(9, f"Invalid access token: '{token}'")
        return Caller(user=access.user), access.credentials.secret
