"""Use case: carry queued diary writes out to the diary, each once in effect.

Each item is handled in its own transaction after the provider call; a failure is counted and
retried later with exponential backoff (1 min doubling, at most 6 h). Writes for a user who
unlinked the diary, or for an entry that no longer needs them, are dropped as done.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import msgspec

from application.errors import CredentialsRejectedError, GatewayError
from application.ports.diary import DiaryGateway
from application.ports.diary_outbox import DiaryAction, DiaryOutboxItem
from application.ports.system import Clock
from application.ports.unit_of_work import UnitOfWork
from domain.connections import ConnectionStatus, Provider
from domain.meals.entry import FoodEntry

BASE_DELAY = timedelta(minutes=1)
MAX_DELAY = timedelta(hours=6)


def retry_delay(attempts: int) -> timedelta:
    """Wait before the next try after `attempts` failed ones: 1, 2, 4 … minutes, up to 6 h."""
    return min(BASE_DELAY * (1 << min(attempts, 20)), MAX_DELAY)


class DrainDiaryOutboxRequest(msgspec.Struct, frozen=True, kw_only=True):
    limit: int = 50


class DrainDiaryOutboxResponse(msgspec.Struct, frozen=True, kw_only=True):
    written: int = 0
    dropped: int = 0
    failed: int = 0


class DrainDiaryOutbox:
    def __init__(self, uow: UnitOfWork, clock: Clock, diary: DiaryGateway) -> None:
        self._uow = uow
        self._clock = clock
        self._diary = diary

    async def execute(self, request: DrainDiaryOutboxRequest) -> DrainDiaryOutboxResponse:
        async with self._uow:
            items = list(await self._uow.diary_outbox.due(self._clock.now(), request.limit))
        written = dropped = failed = 0
        for item in items:
            outcome = await self._carry(item)
            written += outcome == "written"
            dropped += outcome == "dropped"
            failed += outcome == "failed"
        return DrainDiaryOutboxResponse(written=written, dropped=dropped, failed=failed)

    async def _carry(self, item: DiaryOutboxItem) -> str:
        async with self._uow:
            connection = await self._uow.connections.get(item.user_id, Provider.FATSECRET)
            credentials = await self._uow.connections.credentials(item.user_id, Provider.FATSECRET)
            entry = await self._uow.food_log.get(item.user_id, item.entry_id)
            if connection is None or credentials is None or entry is None:
                await self._done(item)
                return "dropped"
            if not connection.is_usable:  # wait for the user to link again
                await self._failed(item, "diary link is broken", self._clock.now())
                return "failed"
        needed = _needed(item.action, entry)
        if not needed:  # e.g. a create for an entry undone meanwhile, a delete of nothing
            async with self._uow:
                await self._done(item)
            return "dropped"
        try:
            refs: tuple[str, ...] | None = None
            if item.action is DiaryAction.CREATE:
                refs = await self._diary.write(credentials, entry)
            elif item.action is DiaryAction.EDIT:
                await self._diary.edit(credentials, entry)
            else:
                await self._diary.delete(credentials, entry.diary_refs)
        except CredentialsRejectedError:
            async with self._uow:
                await self._uow.connections.set_status(
                    item.user_id, Provider.FATSECRET, ConnectionStatus.BROKEN
                )
                await self._failed(item, "diary refused the credentials", self._clock.now())
            return "failed"
        except GatewayError as error:
            async with self._uow:
                await self._failed(item, type(error).__name__, self._clock.now())
            return "failed"
        async with self._uow:
            if refs is not None:
                current = await self._uow.food_log.get(item.user_id, item.entry_id)
                if current is not None:
                    await self._uow.food_log.update(current.with_diary_refs(refs))
            await self._done(item)
        return "written"

    async def _done(self, item: DiaryOutboxItem) -> None:
        await self._uow.diary_outbox.mark_done(item.id, self._clock.now())
        await self._uow.commit()

    async def _failed(self, item: DiaryOutboxItem, error: str, now: datetime) -> None:
        retry_at = now + retry_delay(item.attempts)
        await self._uow.diary_outbox.mark_failed(item.id, error, retry_at)
        await self._uow.commit()


def _needed(action: DiaryAction, entry: FoodEntry) -> bool:
    if action is DiaryAction.CREATE:
        return entry.is_logged and not entry.diary_refs
    if action is DiaryAction.EDIT:
        return entry.is_logged and bool(entry.diary_refs)
    return bool(entry.diary_refs)
