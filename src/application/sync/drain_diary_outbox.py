"""Use case: carry queued diary writes out to the diary, each once in effect.

Each item is handled in its own transaction after the provider call; a failure is counted and
retried later with exponential backoff (1 min doubling, at most 6 h). Writes for a user who
unlinked the diary, or for an entry that no longer needs them, are dropped as done.

A create is never re-posted blindly: a try whose answer was lost (a timeout) is marked
"outcome unknown", and every later try of a create first reconciles — it looks for the lines
on that day of the diary that are exactly what the create makes, and keeps those instead of
writing them again. An entry undone meanwhile has whatever landed deleted.
"""

from __future__ import annotations

from datetime import timedelta

import msgspec

from application.connections.diary_link import mark_diary_link_broken
from application.errors import CredentialsRejectedError, GatewayError
from application.ports.connections import ProviderCredentials
from application.ports.diary import DiaryGateway, DiaryWriteOutcomeUnknownError
from application.ports.diary_outbox import DiaryAction, DiaryOutboxItem
from application.ports.messenger import Messenger
from application.ports.system import Clock
from application.ports.unit_of_work import UnitOfWork
from domain.connections import Provider
from domain.meals.entry import FoodEntry

BASE_DELAY = timedelta(minutes=1)
MAX_DELAY = timedelta(hours=6)
OUTCOME_UNKNOWN = "outcome unknown"  # the outbox row's last_error: reconcile before resending


def retry_delay(attempts: int) -> timedelta:
    """Wait before the next try after `attempts` failed ones: 1, 2, 4 … minutes, up to 6 h."""
    return min(BASE_DELAY * (1 << min(attempts, 20)), MAX_DELAY)


class DrainDiaryOutboxRequest(msgspec.Struct, frozen=True, kw_only=True):
    limit: int = 50


class DrainDiaryOutboxResponse(msgspec.Struct, frozen=True, kw_only=True):
    written: int = 0
    dropped: int = 0
    failed: int = 0
    reconciled: int = 0  # creates found already in the diary after a lost answer


class DrainDiaryOutbox:
    def __init__(
        self,
        uow: UnitOfWork,
        clock: Clock,
        diary: DiaryGateway,
        *,
        messenger: Messenger | None = None,  # given: a refused link is reported to the user
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._diary = diary
        self._messenger = messenger

    async def execute(self, request: DrainDiaryOutboxRequest) -> DrainDiaryOutboxResponse:
        async with self._uow:
            items = list(await self._uow.diary_outbox.due(self._clock.now(), request.limit))
        counts = {"written": 0, "dropped": 0, "failed": 0, "reconciled": 0}
        for item in items:
            counts[await self._carry(item)] += 1
        return DrainDiaryOutboxResponse(**counts)

    async def _carry(self, item: DiaryOutboxItem) -> str:
        async with self._uow:
            connection = await self._uow.connections.get(item.user_id, Provider.FATSECRET)
            credentials = await self._uow.connections.credentials(item.user_id, Provider.FATSECRET)
            entry = await self._uow.food_log.get(item.user_id, item.entry_id)
            if connection is None or credentials is None or entry is None:
                await self._done(item)
                return "dropped"
            if not connection.is_usable:  # wait for the user to link again
                await self._failed(item, "diary link is broken")
                return "failed"
        try:
            return await self._send(item, entry, credentials)
        except CredentialsRejectedError:
            await mark_diary_link_broken(self._uow, item.user_id, self._messenger)
            error = "diary refused the credentials"
        except DiaryWriteOutcomeUnknownError:
            error = OUTCOME_UNKNOWN
        except GatewayError as failure:
            error = type(failure).__name__
        await self._finish(item, error=error)
        return "failed"

    async def _send(
        self, item: DiaryOutboxItem, entry: FoodEntry, credentials: ProviderCredentials
    ) -> str:
        if item.action is DiaryAction.CREATE:
            return await self._create(item, entry, credentials)
        if item.action is DiaryAction.EDIT and entry.is_logged and entry.diary_refs:
            await self._diary.edit(credentials, entry)
        elif item.action is DiaryAction.DELETE and entry.diary_refs:
            await self._diary.delete(credentials, entry.diary_refs)
        else:  # an edit of an undone or never-written entry, a delete of nothing
            await self._finish(item)
            return "dropped"
        await self._finish(item)
        return "written"

    async def _create(
        self, item: DiaryOutboxItem, entry: FoodEntry, credentials: ProviderCredentials
    ) -> str:
        # Any earlier try may have landed without our knowing (a lost answer, or a failure
        # after some items were written): look in the diary before writing anything again.
        look_first = item.attempts > 0 or bool(entry.diary_refs)
        found_some = False
        if look_first:
            exclude = await self._refs_held_elsewhere(entry)
            found = await self._diary.find_written(credentials, entry, exclude=exclude)
            found_some = any(
                ref is not None and mine.diary_ref is None
                for ref, mine in zip(found, entry.items, strict=True)
            )
            entry = entry.with_diary_refs(found)
        if not entry.is_logged:  # undone meanwhile: remove whatever landed
            if entry.diary_refs:
                await self._diary.delete(credentials, entry.diary_refs)
            await self._finish(item)
            return "dropped"
        if look_first:
            await self._store_refs(entry)
        missing = any(mine.diary_ref is None for mine in entry.items)
        if missing:
            await self._store_refs(
                entry.with_diary_refs(await self._diary.write(credentials, entry))
            )
        await self._finish(item)
        return "reconciled" if found_some and not missing else "written"

    async def _refs_held_elsewhere(self, entry: FoodEntry) -> set[str]:
        """Diary references the user's other entries of that day hold: never this entry's."""
        async with self._uow:
            day = await self._uow.food_log.between(
                entry.user_id, entry.local_date, entry.local_date
            )
        return {ref for other in day if other.id != entry.id for ref in other.diary_refs}

    async def _store_refs(self, entry: FoodEntry) -> None:
        async with self._uow:
            current = await self._uow.food_log.get(entry.user_id, entry.id)
            if current is not None:
                refs = [item.diary_ref for item in entry.items]
                await self._uow.food_log.update(current.with_diary_refs(refs))
                await self._uow.commit()

    async def _finish(self, item: DiaryOutboxItem, *, error: str | None = None) -> None:
        async with self._uow:
            if error is None:
                await self._done(item)
            else:
                await self._failed(item, error)

    async def _done(self, item: DiaryOutboxItem) -> None:
        await self._uow.diary_outbox.mark_done(item.id, self._clock.now())
        await self._uow.commit()

    async def _failed(self, item: DiaryOutboxItem, error: str) -> None:
        retry_at = self._clock.now() + retry_delay(item.attempts)
        await self._uow.diary_outbox.mark_failed(item.id, error, retry_at)
        await self._uow.commit()
