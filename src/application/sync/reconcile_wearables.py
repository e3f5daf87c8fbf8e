"""Use case (worker job, hourly): queue a sync of every linked wearable.

Each user's sync runs as its own job (`sync_wearable`, continuing from that user's cursor with
the look-back), so one slow or failing account never holds up the others, and the job id keeps
a user's sync from being queued twice (a backfill still running counts). The syncs are
background work in the provider's request budget: webhook fetches go first.
"""

from __future__ import annotations

import msgspec

from application.connections.complete_connection import SYNC_WEARABLE_JOB
from application.ports.coordination import JobQueue
from application.ports.unit_of_work import UnitOfWork
from application.sync.sync_wearable import SyncWearableRequest
from domain.connections import Provider
from domain.ids import UserId

PAGE = 500


class ReconcileWearablesRequest(msgspec.Struct, frozen=True, kw_only=True):
    pass


class ReconcileWearablesResponse(msgspec.Struct, frozen=True, kw_only=True):
    queued: int  # syncs queued now
    already_queued: int  # users whose sync was still queued or running


class ReconcileWearables:
    def __init__(self, uow: UnitOfWork, jobs: JobQueue) -> None:
        self._uow = uow
        self._jobs = jobs

    async def execute(self, request: ReconcileWearablesRequest) -> ReconcileWearablesResponse:
        queued = already = 0
        after: UserId | None = None
        while True:
            async with self._uow:
                users = await self._uow.connections.connected_users(
                    Provider.WHOOP, after=after, limit=PAGE
                )
            for user_id in users:
                fresh = await self._jobs.enqueue(
                    SYNC_WEARABLE_JOB,
                    SyncWearableRequest(user_id=user_id),
                    job_id=f"{SYNC_WEARABLE_JOB}:{user_id}",
                )
                queued += fresh
                already += not fresh
            if len(users) < PAGE:
                return ReconcileWearablesResponse(queued=queued, already_queued=already)
            after = users[-1]
