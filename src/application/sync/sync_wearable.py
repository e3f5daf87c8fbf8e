"""Use case: bring a user's wearable records for a window into the store (upsert: running it
twice, or over overlapping windows, leaves one copy of each record, updated).

The provider is asked outside any transaction. Without a window, it continues from the sync
cursor with a look-back (the wearable re-scores recent records; missed webhooks are caught up)
or backfills 30 days. A record still pending its score in the store pulls the window back to
it, so it is fetched again until scored (for up to `PENDING_HORIZON`).

With `FreshCredentials`, credentials are refreshed when due (single-flight) and a refusal is
retried once with new ones; a refusal of fresh ones marks the link broken and tells the user.
Without it (the in-memory kit), the stored credentials are used as they are and a refusal marks
the connection broken instead of failing again every hour.
"""

from __future__ import annotations

import enum
from datetime import datetime, timedelta

import msgspec

from application.connections.fresh_credentials import ConnectionUnusableError, FreshCredentials
from application.errors import CredentialsRejectedError
from application.ports.system import Clock
from application.ports.unit_of_work import UnitOfWork
from application.ports.wearable import WearableGateway
from domain.connections import ConnectionStatus, Provider
from domain.ids import UserId
from domain.recovery.records import RecoveryRecords, ScoreState

RESOURCE = "records"
OVERLAP = timedelta(days=1)
BACKFILL = timedelta(days=30)
# A record pending longer than this is not chased any more (WHOOP scores within hours).
PENDING_HORIZON = timedelta(days=14)
# A recovery is listed by its sleep's start, which comes before the recovery is recorded.
_RECOVERY_LEAD = timedelta(days=1)


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
    def __init__(
        self,
        uow: UnitOfWork,
        clock: Clock,
        wearable: WearableGateway,
        credentials: FreshCredentials | None = None,
        *,
        look_back: timedelta = OVERLAP,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._wearable = wearable
        self._credentials = credentials
        self._look_back = look_back

    async def execute(self, request: SyncWearableRequest) -> SyncWearableResponse:
        now = self._clock.now()
        async with self._uow:
            connection = await self._uow.connections.get(request.user_id, Provider.WHOOP)
            credentials = await self._uow.connections.credentials(request.user_id, Provider.WHOOP)
            cursor = await self._uow.sync_cursors.get(request.user_id, Provider.WHOOP, RESOURCE)
            recent = await self._uow.recovery.between(request.user_id, now - PENDING_HORIZON, now)
        if connection is None or credentials is None or not connection.is_usable:
            return SyncWearableResponse(status=SyncStatus.NOT_CONNECTED)
        start = request.start or (
            min(cursor - self._look_back, _earliest_pending(recent, cursor))
            if cursor
            else now - BACKFILL
        )
        end = request.end or now
        try:
            if self._credentials is None:
                records = await self._wearable.fetch(credentials, start, end)
            else:
                records = await self._credentials.call(
                    request.user_id, lambda fresh: self._wearable.fetch(fresh, start, end)
                )
        except ConnectionUnusableError:
            return SyncWearableResponse(status=SyncStatus.NOT_CONNECTED)
        except CredentialsRejectedError:
            if self._credentials is None:
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


def _earliest_pending(records: RecoveryRecords, default: datetime) -> datetime:
    """Where a window must start to list again every record still waiting for its score."""
    starts = [
        *(c.start for c in records.cycles if c.score_state is ScoreState.PENDING),
        *(s.start for s in records.sleeps if s.score_state is ScoreState.PENDING),
        *(w.start for w in records.workouts if w.score_state is ScoreState.PENDING),
        *(
            r.recorded_at - _RECOVERY_LEAD
            for r in records.recoveries
            if r.score_state is ScoreState.PENDING
        ),
    ]
    return min(starts, default=default)
