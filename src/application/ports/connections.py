"""Provider links: one-time connection states, and the credentials behind a connection.

The credentials are opaque to the application and secret: the store encrypts them at rest and
they never appear in logs, exports or reprs. The domain sees only `ProviderConnection`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

import msgspec

from domain.connections import ConnectionState, ConnectionStatus, Provider, ProviderConnection
from domain.ids import UserId


class ProviderCredentials(msgspec.Struct, frozen=True, kw_only=True):
    """What a provider gave us to act for a user (OAuth 2 tokens, or an OAuth 1 token + secret)."""

    access_token: str
    refresh_token: str | None = None
    token_secret: str | None = None
    expires_at: datetime | None = None
    external_user_id: str | None = None

    def __repr__(self) -> str:
        return f"ProviderCredentials(expires_at={self.expires_at!r}, <secrets hidden>)"

    __str__ = __repr__


class ConnectionStateStore(Protocol):
    """Pending provider links, each usable once."""

    async def add(self, state: ConnectionState) -> None:
        """Store a new state. Raises `AlreadyExistsError` if the value is taken."""
        ...

    async def take(self, value: str) -> ConnectionState | None:
        """Remove and return the state with this value (expired or not: the caller checks),
        or None if there is none. A state can be taken once."""
        ...

    async def peek(self, value: str) -> ConnectionState | None:
        """The state with this value, left in place (expired or not: the caller checks), or
        None if there is none or it was taken."""
        ...

    async def set_request_secret(self, value: str, request_secret: str) -> bool:
        """Keep the OAuth 1 request token's secret on the state (replacing any earlier one);
        False if there is no such state (taken meanwhile)."""
        ...

    async def delete_expired(self, now: datetime) -> int:
        """Delete states that expired at or before `now`; returns how many."""
        ...


class ConnectionStore(Protocol):
    """Each user's connection to each provider: its status and its (encrypted) credentials."""

    async def save(self, connection: ProviderConnection, credentials: ProviderCredentials) -> None:
        """Insert or replace the user's connection to that provider, with its credentials."""
        ...

    async def get(self, user_id: UserId, provider: Provider) -> ProviderConnection | None: ...

    async def credentials(self, user_id: UserId, provider: Provider) -> ProviderCredentials | None:
        """The decrypted credentials, or None if not connected."""
        ...

    async def set_status(
        self, user_id: UserId, provider: Provider, status: ConnectionStatus
    ) -> bool:
        """Change the status; False if there is no such connection."""
        ...

    async def remove(self, user_id: UserId, provider: Provider) -> bool:
        """Forget the connection and its credentials; False if there was none."""
        ...

    async def of_user(self, user_id: UserId) -> Sequence[ProviderConnection]:
        """The user's connections, by provider name."""
        ...

    async def linked_among(self, provider: Provider, user_ids: Sequence[UserId]) -> set[UserId]:
        """Which of `user_ids` have a link to `provider` in any status (one read)."""
        ...

    async def connected_users(
        self, provider: Provider, *, after: UserId | None, limit: int
    ) -> Sequence[UserId]:
        """Up to `limit` ids (> `after`, ascending) of users with a CONNECTED link to `provider`."""
        ...
