"""Use case (worker job): the wearable told us one record changed — fetch that record (or
delete it) and store it.

WHOOP names a recovery by the sleep it follows, so a recovery change fetches the sleep and then
its cycle's recovery, and stores both. A record that is gone by the time we ask is left to its
own deletion event and to the reconcile. Fetching goes ahead of backfills in the request budget.
"""

from __future__ import annotations

import enum

import msgspec

from application.connections.fresh_credentials import ConnectionUnusableError, FreshCredentials
from application.errors import CredentialsRejectedError
from application.ports.connections import ProviderCredentials
from application.ports.recovery import RecordKind
from application.ports.unit_of_work import UnitOfWork
from application.ports.wearable import WearableGateway
from domain.ids import UserId
from domain.recovery.records import RecoveryRecords

FETCH_WEARABLE_RECORD_JOB = "fetch_wearable_record"


class RecordChange(enum.Enum):
    SLEEP_UPDATED = "sleep_updated"
    SLEEP_DELETED = "sleep_deleted"
    WORKOUT_UPDATED = "workout_updated"
    WORKOUT_DELETED = "workout_deleted"
    RECOVERY_UPDATED = "recovery_updated"  # named by its sleep's id
    RECOVERY_DELETED = "recovery_deleted"  # named by its sleep's id

    @property
    def is_deletion(self) -> bool:
        return self.value.endswith("_deleted")


class FetchOutcome(enum.Enum):
    STORED = "stored"
    DELETED = "deleted"
    GONE = "gone"  # the provider no longer has it (a deletion event will follow)
    NOT_CONNECTED = "not_connected"
    CREDENTIALS_REJECTED = "credentials_rejected"


class FetchWearableRecordRequest(msgspec.Struct, frozen=True, kw_only=True):
    user_id: UserId
    change: RecordChange
    record_id: str  # a sleep's id for recovery changes


class FetchWearableRecordResponse(msgspec.Struct, frozen=True, kw_only=True):
    outcome: FetchOutcome
    written: int = 0
    removed: int = 0


class FetchWearableRecord:
    def __init__(
        self, uow: UnitOfWork, wearable: WearableGateway, credentials: FreshCredentials
    ) -> None:
        self._uow = uow
        self._wearable = wearable
        self._credentials = credentials

    async def execute(self, request: FetchWearableRecordRequest) -> FetchWearableRecordResponse:
        if request.change.is_deletion:
            return await self._delete(request)
        try:
            records = await self._credentials.call(
                request.user_id, lambda credentials: self._fetch(credentials, request)
            )
        except ConnectionUnusableError:
            return FetchWearableRecordResponse(outcome=FetchOutcome.NOT_CONNECTED)
        except CredentialsRejectedError:
            return FetchWearableRecordResponse(outcome=FetchOutcome.CREDENTIALS_REJECTED)
        if records.is_empty:
            return FetchWearableRecordResponse(outcome=FetchOutcome.GONE)
        async with self._uow:
            written = await self._uow.recovery.upsert(request.user_id, records)
            await self._uow.commit()
        return FetchWearableRecordResponse(outcome=FetchOutcome.STORED, written=written)

    async def _fetch(
        self, credentials: ProviderCredentials, request: FetchWearableRecordRequest
    ) -> RecoveryRecords:
        if request.change is RecordChange.SLEEP_UPDATED:
            sleep = await self._wearable.sleep(credentials, request.record_id)
            return RecoveryRecords(sleeps=(sleep,) if sleep else ())
        if request.change is RecordChange.WORKOUT_UPDATED:
            workout = await self._wearable.workout(credentials, request.record_id)
            return RecoveryRecords(workouts=(workout,) if workout else ())
        return await self._wearable.recovery_after_sleep(credentials, request.record_id)

    async def _delete(self, request: FetchWearableRecordRequest) -> FetchWearableRecordResponse:
        user_id, record_id = request.user_id, request.record_id
        async with self._uow:
            removed = 0
            if request.change is RecordChange.WORKOUT_DELETED:
                removed += await self._uow.recovery.remove(user_id, RecordKind.WORKOUT, record_id)
            else:
                # A recovery goes with its sleep; a recovery event names the sleep.
                for cycle_id in await self._recoveries_after(user_id, record_id):
                    removed += await self._uow.recovery.remove(
                        user_id, RecordKind.RECOVERY, cycle_id
                    )
                if request.change is RecordChange.SLEEP_DELETED:
                    removed += await self._uow.recovery.remove(user_id, RecordKind.SLEEP, record_id)
            await self._uow.commit()
        return FetchWearableRecordResponse(outcome=FetchOutcome.DELETED, removed=removed)

    async def _recoveries_after(self, user_id: UserId, sleep_id: str) -> list[str]:
        # Deletions are rare; the store has no lookup by sleep, so look through the user's
        # records (a recovery's cycle is its key, the sleep only a field).
        records = await self._uow.recovery.all_of(user_id)
        return [r.cycle_id for r in records.recoveries if r.sleep_id == sleep_id]
