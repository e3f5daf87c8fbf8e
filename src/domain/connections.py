"""Links to outside providers, as the domain sees them: a status, never a token.

Linking is a round trip through the provider's consent page; `ConnectionState` is the one-time,
short-lived, user-bound value that proves the callback answers *our* request.
"""

from __future__ import annotations

import enum
from datetime import datetime, timedelta

import msgspec

from domain.errors import ConnectionStateError, InvalidValueError
from domain.ids import UserId
from domain.local_time import require_aware

CONNECTION_STATE_TTL = timedelta(minutes=15)
# WHOOP asks for at least eight characters; more randomness costs nothing.
MIN_STATE_LENGTH = 16
MAX_STATE_LENGTH = 256
_STATE_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def is_state_value(value: str) -> bool:
    """Whether `value` could be a state we issued (URL-safe, 16–256 characters). Anything else
    arriving at a callback is forged and is refused before it reaches any store."""
    return MIN_STATE_LENGTH <= len(value) <= MAX_STATE_LENGTH and set(value) <= _STATE_ALPHABET


class Provider(enum.Enum):
    WHOOP = "whoop"  # the wearable
    FATSECRET = "fatsecret"  # the food diary


class ConnectionStatus(enum.Enum):
    CONNECTED = "connected"
    BROKEN = "broken"  # the provider refused our credentials: the user must link again


class ProviderConnection(msgspec.Struct, frozen=True, kw_only=True):
    user_id: UserId
    provider: Provider
    status: ConnectionStatus
    connected_at: datetime

    def __post_init__(self) -> None:
        require_aware(self.connected_at, "connected_at")

    @property
    def is_usable(self) -> bool:
        return self.status is ConnectionStatus.CONNECTED


class ConnectionState(msgspec.Struct, frozen=True, kw_only=True):
    """A pending link: issued to one user for one provider, used once, within 15 minutes."""

    value: str
    user_id: UserId
    provider: Provider
    created_at: datetime
    expires_at: datetime
    # OAuth 1 (FatSecret) needs the request token's secret back at the callback.
    request_secret: str | None = None

    def __post_init__(self) -> None:
        if len(self.value) < MIN_STATE_LENGTH:
            raise InvalidValueError("a connection state must be at least 16 characters")
        if require_aware(self.expires_at, "expires_at") <= require_aware(self.created_at):
            raise InvalidValueError("a connection state must expire after it is created")

    @classmethod
    def issue(
        cls,
        *,
        value: str,
        user_id: UserId,
        provider: Provider,
        now: datetime,
        request_secret: str | None = None,
    ) -> ConnectionState:
        return cls(
            value=value,
            user_id=user_id,
            provider=provider,
            created_at=now,
            expires_at=now + CONNECTION_STATE_TTL,
            request_secret=request_secret,
        )

    def check(self, provider: Provider, now: datetime) -> None:
        """Raise `ConnectionStateError` unless this state is for `provider` and still fresh."""
        if provider is not self.provider:
            raise ConnectionStateError("the state was issued for another provider")
        if require_aware(now) >= self.expires_at:
            raise ConnectionStateError("the state expired")
