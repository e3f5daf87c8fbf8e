from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

import msgspec

from application.ports.connections import ProviderCredentials
from domain.connections import ConnectionState, Provider


class AuthorizationStart(msgspec.Struct, frozen=True, kw_only=True):
    url: str  # where the user grants access
    request_secret: str | None = None  # OAuth 1: needed again at the callback


class ProviderAuthorizer(Protocol):
    """Linking a user's account at a provider (OAuth). Every call raises
    `ServiceUnavailableError` when the provider cannot be reached."""

    @property
    def provider(self) -> Provider: ...

    async def start(self, state: str) -> AuthorizationStart:
        """The consent page URL carrying `state` (which the provider echoes to our callback)."""
        ...

    async def finish(self, *, code: str, state: ConnectionState) -> ProviderCredentials:
        """Exchange the callback's code (OAuth 2) or verifier (OAuth 1) for credentials.
        Raises `CredentialsRejectedError` when the provider refuses the code."""
        ...

    async def refresh(self, credentials: ProviderCredentials) -> ProviderCredentials:
        """Fresh credentials (the old refresh token may stop working at once: persist these
        before using them). Raises `CredentialsRejectedError` when refused."""
        ...

    async def revoke(self, credentials: ProviderCredentials) -> None:
        """Withdraw our access at the provider (or do nothing where the provider has no such
        call). Already-revoked credentials are not an error."""
        ...


# What the connection use cases are given: one authorizer per configured provider.
Authorizers = Mapping[Provider, ProviderAuthorizer]
