"""Use case (worker job, every 30 minutes): refresh the credentials that expire within the next
30 minutes, so that webhook fetches and reconciles rarely wait for a refresh.

Each user goes through `FreshCredentials` (single-flight, re-read under the lock), so a user
whose request path refreshes at the same moment is refreshed once. One user's failure does not
stop the others.
"""

from __future__ import annotations

import logging
from datetime import timedelta

import msgspec

from application.connections.fresh_credentials import (
    CredentialsStatus,
    FreshCredentials,
    FreshCredentialsRequest,
)
from application.errors import GatewayError, LockTimeoutError
from application.ports.unit_of_work import UnitOfWork
from domain.ids import UserId

logger = logging.getLogger(__name__)

DUE_WITHIN = timedelta(minutes=30)
PAGE = 200


class RefreshDueCredentialsRequest(msgspec.Struct, frozen=True, kw_only=True):
    due_within: timedelta = DUE_WITHIN


class RefreshDueCredentialsResponse(msgspec.Struct, frozen=True, kw_only=True):
    checked: int = 0
    refreshed: int = 0
    broken: int = 0
    failed: int = 0  # provider unreachable or lock busy: the next run tries again


class RefreshDueCredentials:
    def __init__(self, uow: UnitOfWork, fresh: FreshCredentials) -> None:
        self._uow = uow
        self._fresh = fresh

    async def execute(self, request: RefreshDueCredentialsRequest) -> RefreshDueCredentialsResponse:
        checked = refreshed = broken = failed = 0
        after: UserId | None = None
        while True:
            async with self._uow:
                users = await self._uow.connections.connected_users(
                    self._fresh.provider, after=after, limit=PAGE
                )
            for user_id in users:
                checked += 1
                try:
                    got = await self._fresh.execute(
                        FreshCredentialsRequest(user_id=user_id, margin=request.due_within)
                    )
                except (GatewayError, LockTimeoutError) as error:
                    logger.warning("refresh for user %s failed: %s", user_id, type(error).__name__)
                    failed += 1
                    continue
                refreshed += got.refreshed
                broken += got.status is CredentialsStatus.BROKEN
            if len(users) < PAGE:
                break
            after = users[-1]
        return RefreshDueCredentialsResponse(
            checked=checked, refreshed=refreshed, broken=broken, failed=failed
        )
