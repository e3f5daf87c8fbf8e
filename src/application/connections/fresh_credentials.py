"""Use case: credentials that work right now, refreshed at most once across every process.

A WHOOP refresh token works once, and using it kills the access token it came with. So a
refresh is single-flight per user and provider: take the lock, READ THE STORED CREDENTIALS
AGAIN (another process may have refreshed while we waited), refresh only if they still need
it, and commit the new pair before anyone uses it. A caller that lost the race simply gets the
winner's pair. `invalid_grant` on credentials read under the lock means the grant itself is
gone: the link is marked broken and the user told once — tokens are never wiped because of a
race.

`call` is how every provider call path uses this: run the call with fresh credentials; when
the provider refuses them, get fresh ones (re-read or forced refresh) and try once more.
"""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import TypeVar

import msgspec

from application.connections.mark_connection_broken import (
    MarkConnectionBroken,
    MarkConnectionBrokenRequest,
)
from application.errors import ApplicationError, CredentialsRejectedError, LockTimeoutError
from application.ports.authorizer import ProviderAuthorizer
from application.ports.connections import ProviderCredentials
from application.ports.coordination import Lock
from application.ports.system import Clock
from application.ports.unit_of_work import UnitOfWork
from domain.connections import Provider, ProviderConnection
from domain.ids import UserId

T = TypeVar("T")

# Refresh a little before expiry: a token that dies mid-backfill costs a retry.
REFRESH_MARGIN = timedelta(minutes=5)
# How long to wait for another process's refresh (its HTTP call has bounded retries).
LOCK_WAIT_S = 20.0


class CredentialsStatus(enum.Enum):
    READY = "ready"
    NOT_CONNECTED = "not_connected"  # no link, or it was broken before
    BROKEN = "broken"  # the provider refused the grant just now: the user was told


class FreshCredentialsRequest(msgspec.Struct, frozen=True, kw_only=True):
    user_id: UserId
    # The provider refused these (401): replace them even if they look unexpired.
    refused: ProviderCredentials | None = None
    margin: timedelta = REFRESH_MARGIN


class FreshCredentialsResponse(msgspec.Struct, frozen=True, kw_only=True):
    status: CredentialsStatus
    credentials: ProviderCredentials | None = None
    refreshed: bool = False  # this call refreshed them at the provider


class ConnectionUnusableError(ApplicationError):
    """The user has no usable link to the provider (never linked, unlinked, or broken)."""


class FreshCredentials:
    def __init__(
        self,
        uow: UnitOfWork,
        clock: Clock,
        lock: Lock,
        authorizer: ProviderAuthorizer,
        mark_broken: MarkConnectionBroken,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._lock = lock
        self._authorizer = authorizer
        self._mark_broken = mark_broken

    @property
    def provider(self) -> Provider:
        return self._authorizer.provider

    @property
    def _provider_name(self) -> str:
        return self._authorizer.provider.value

    async def execute(self, request: FreshCredentialsRequest) -> FreshCredentialsResponse:
        stored = await self._read(request.user_id)
        if stored is None:
            return FreshCredentialsResponse(status=CredentialsStatus.NOT_CONNECTED)
        if not self._stale(stored[1], request):
            return FreshCredentialsResponse(status=CredentialsStatus.READY, credentials=stored[1])
        key = f"credentials:{self._provider_name}:{request.user_id}"
        try:
            async with self._lock.hold(key, timeout_s=LOCK_WAIT_S):
                return await self._refresh_under_lock(request)
        except LockTimeoutError:
            # Someone is still refreshing; their pair may be committed by now.
            again = await self._read(request.user_id)
            if again is not None and not self._stale(again[1], request):
                return FreshCredentialsResponse(
                    status=CredentialsStatus.READY, credentials=again[1]
                )
            raise

    async def call(
        self, user_id: UserId, action: Callable[[ProviderCredentials], Awaitable[T]]
    ) -> T:
        """`action(credentials)` with fresh credentials, once more with new ones if the provider
        refuses the first. Raises `ConnectionUnusableError` when there is no usable link, and
        `CredentialsRejectedError` when the provider refuses even fresh credentials (the link is
        then marked broken and the user told)."""
        first = await self.execute(FreshCredentialsRequest(user_id=user_id))
        if first.credentials is None:
            raise ConnectionUnusableError(f"no usable {self._provider_name} link")
        try:
            return await action(first.credentials)
        except CredentialsRejectedError:
            pass
        second = await self.execute(
            FreshCredentialsRequest(user_id=user_id, refused=first.credentials)
        )
        if second.credentials is None:
            raise CredentialsRejectedError(f"{self._provider_name} refused the grant")
        try:
            return await action(second.credentials)
        except CredentialsRejectedError:
            # Fresh credentials refused too: access was withdrawn (or a scope is missing).
            await self._mark_broken.execute(
                MarkConnectionBrokenRequest(user_id=user_id, provider=self._authorizer.provider)
            )
            raise

    async def _refresh_under_lock(
        self, request: FreshCredentialsRequest
    ) -> FreshCredentialsResponse:
        stored = await self._read(request.user_id)  # the re-read: the winner may have committed
        if stored is None:
            return FreshCredentialsResponse(status=CredentialsStatus.NOT_CONNECTED)
        connection, credentials = stored
        if not self._stale(credentials, request):
            return FreshCredentialsResponse(status=CredentialsStatus.READY, credentials=credentials)
        try:
            renewed = await self._authorizer.refresh(credentials)
        except CredentialsRejectedError:
            await self._mark_broken.execute(
                MarkConnectionBrokenRequest(user_id=request.user_id, provider=connection.provider)
            )
            return FreshCredentialsResponse(status=CredentialsStatus.BROKEN)
        async with self._uow:
            # Committed before anyone uses it: the old refresh token is dead from now on.
            await self._uow.connections.save(connection, renewed)
            await self._uow.commit()
        return FreshCredentialsResponse(
            status=CredentialsStatus.READY, credentials=renewed, refreshed=True
        )

    async def _read(self, user_id: UserId) -> tuple[ProviderConnection, ProviderCredentials] | None:
        provider = self._authorizer.provider
        async with self._uow:
            connection = await self._uow.connections.get(user_id, provider)
            credentials = await self._uow.connections.credentials(user_id, provider)
        if connection is None or credentials is None or not connection.is_usable:
            return None
        return connection, credentials

    def _stale(self, credentials: ProviderCredentials, request: FreshCredentialsRequest) -> bool:
        if request.refused is not None:
            return credentials.access_token == request.refused.access_token
        return _expires_within(credentials, self._clock.now(), request.margin)


def _expires_within(credentials: ProviderCredentials, now: datetime, margin: timedelta) -> bool:
    if credentials.expires_at is None or credentials.refresh_token is None:
        return False  # nothing we could do about it (OAuth 1, or no offline scope)
    return credentials.expires_at - now <= margin
