"""Use case: bring a user's wearable records for a window into the store (upsert: running it
twice, or over overlapping windows, leaves one copy of each record, updated).

The provider is asked outside any transaction. Without a window, it continues from the sync
cursor with a day of overlap (the wearable re-scores recent records) or backfills 30 days.
Refused credentials mark the connection broken instead of failing again every hour.
"""

from __future__ import annotations

import enum
from datetime import datetime, timedelta

import msgspec

from application.errors import CredentialsRejectedError
from application.ports.system import Clock
from application.ports.unit_of_work import UnitOfWork
from application.ports.wearable import WearableGateway
from domain.connections import ConnectionStatus, Provider
from domain.ids import UserId

RESOURCE = "records"
OVERLAP = timedelta(days=1)
BACKFILL = timedelta(days=30)


class SyncStatus(enum.Enum):
    SYNCED = "synced"
    NOT_CONNECTED = "not_connected"
    CREDENTIALS_REJECTED = "credentials_rejected"


class SyncWearableRequest(msgspec.Struct, frozen=True, kw_only=True):
    user_id: UserId
    start: datetime | None = None
    end: datetime | None = None


class SyncWearableResponse(msgspec.Struct, frozen=True, kw_only=True):
    status: SyncStatus
    written: int = 0
    start: datetime | None = None
    end: datetime | None = None


class SyncWearable:
    def __init__(self, uow: UnitOfWork, clock: Clock, wearable: WearableGateway) -> None:
        self._uow = uow
        self._clock = clock
        self._wearable = wearable

    async def execute(self, request: SyncWearableRequest) -> SyncWearableResponse:
        now = self._clock.now()
        async with self._uow:
            connection = await self._uow.connections.get(request.user_id, Provider.WHOOP)
            credentials = await self._uow.connections.credentials(request.user_id, Provider.WHOOP)
            cursor = await self._uow.sync_cursors.get(request.user_id, Provider.WHOOP, RESOURCE)
        if connection is None or credentials is None or not connection.is_usable:
            return SyncWearableResponse(status=SyncStatus.NOT_CONNECTED)
        start = request.start or (cursor - OVERLAP if cursor else now - BACKFILL)
        end = request.end or now
        try:
            records = await self._wearable.fetch(credentials, start, end)
        except CredentialsRejectedError:
            async with self._uow:
                await self._uow.connections.set_status(
                    request.user_id, Provider.WHOOP, ConnectionStatus.BROKEN
                )
                await self._uow.commit()
            return SyncWearableResponse(status=SyncStatus.CREDENTIALS_REJECTED)
        async with self._uow:
            written = await self._uow.recovery.upsert(request.user_id, records)
            if cursor is None or end > cursor:
                await self._uow.sync_cursors.set(request.user_id, Provider.WHOOP, RESOURCE, end)
            await self._uow.commit()
        return SyncWearableResponse(status=SyncStatus.SYNCED, written=written, start=start, end=end)
