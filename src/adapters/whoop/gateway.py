"""`WearableGateway` over WHOOP API v2.

Windows read the four collections page by page (`limit=25`, WHOOP's maximum; `nextToken` in,
`next_token` out, absent or null on the last page) as BACKGROUND work in the shared budget.
Single records (what a webhook names) are URGENT.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TypeVar

from adapters.whoop import records, wire
from adapters.whoop.errors import UnexpectedAnswerError
from adapters.whoop.rate_budget import Priority
from adapters.whoop.transport import WhoopTransport
from application.ports.connections import ProviderCredentials
from domain.recovery.records import RecoveryRecords, Sleep, Workout

PAGE_LIMIT = 25  # WHOOP answers 400 above this
# A runaway cursor (a provider bug) must not spin forever: 400 pages of 25 is 27 years.
MAX_PAGES = 400

R = TypeVar("R")


def _instant(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class WhoopGateway:
    def __init__(self, transport: WhoopTransport) -> None:
        self._transport = transport

    async def fetch(
        self, credentials: ProviderCredentials, start: datetime, end: datetime
    ) -> RecoveryRecords:
        window = (credentials.access_token, start, end)
        cycles = tuple(
            map(records.cycle, await self._every(wire.Page[wire.Cycle], "/v2/cycle", *window))
        )
        sleeps = tuple(
            map(
                records.sleep,
                await self._every(wire.Page[wire.Sleep], "/v2/activity/sleep", *window),
            )
        )
        recoveries = await self._every(wire.Page[wire.Recovery], "/v2/recovery", *window)
        workouts = tuple(
            map(
                records.workout,
                await self._every(wire.Page[wire.Workout], "/v2/activity/workout", *window),
            )
        )
        return RecoveryRecords(
            cycles=cycles,
            sleeps=sleeps,
            recoveries=records.recoveries(tuple(recoveries), sleeps, cycles),
            workouts=workouts,
        )

    async def sleep(self, credentials: ProviderCredentials, sleep_id: str) -> Sleep | None:
        found = await self._transport.get(
            f"/v2/activity/sleep/{sleep_id}",
            wire.Sleep,
            access_token=credentials.access_token,
            priority=Priority.URGENT,
        )
        return records.sleep(found) if found else None

    async def workout(self, credentials: ProviderCredentials, workout_id: str) -> Workout | None:
        found = await self._transport.get(
            f"/v2/activity/workout/{workout_id}",
            wire.Workout,
            access_token=credentials.access_token,
            priority=Priority.URGENT,
        )
        return records.workout(found) if found else None

    async def recovery_after_sleep(
        self, credentials: ProviderCredentials, sleep_id: str
    ) -> RecoveryRecords:
        sleep = await self.sleep(credentials, sleep_id)
        if sleep is None or sleep.cycle_id is None:
            return RecoveryRecords()
        found = await self._transport.get(
            f"/v2/cycle/{sleep.cycle_id}/recovery",
            wire.Recovery,
            access_token=credentials.access_token,
            priority=Priority.URGENT,
        )
        if found is None:  # not computed yet
            return RecoveryRecords(sleeps=(sleep,))
        recovery = records.recovery(found, sleep.utc_offset_minutes)
        return RecoveryRecords(sleeps=(sleep,), recoveries=(recovery,))

    async def _every(
        self,
        page_type: type[wire.Page[R]],
        path: str,
        token: str,
        start: datetime,
        end: datetime,
    ) -> list[R]:
        """Every record of a collection in [start, end), following `next_token`."""
        params: dict[str, str | int] = {
            "limit": PAGE_LIMIT,
            "start": _instant(start),
            "end": _instant(end),
        }
        found: list[R] = []
        for _ in range(MAX_PAGES):
            page = await self._transport.get(
                path, page_type, access_token=token, priority=Priority.BACKGROUND, params=params
            )
            if page is None:
                raise UnexpectedAnswerError(f"WHOOP {path} answered 404")
            found.extend(page.records)
            if not page.next_token:  # absent or null: the last page
                return found
            params["nextToken"] = page.next_token
        raise UnexpectedAnswerError(f"WHOOP {path} kept paging past {MAX_PAGES} pages")
