"""Queue a write to the user's food diary, in the caller's unit of work, when one is linked."""

from __future__ import annotations

from application.ports.diary_outbox import DiaryAction, DiaryOutboxItem
from application.ports.system import Clock, IdGenerator
from application.ports.unit_of_work import UnitOfWork
from domain.connections import Provider
from domain.ids import OutboxItemId
from domain.meals.entry import EntryOrigin, FoodEntry


async def queue_diary_write(
    uow: UnitOfWork, entry: FoodEntry, action: DiaryAction, *, clock: Clock, ids: IdGenerator
) -> DiaryOutboxItem | None:
    """Add an outbox row mirroring `action` on `entry` if the user's diary is linked (a broken
    link still queues: the write goes out once the user links again). Entries imported *from*
    the diary are not written back to it on creation."""
    if action is DiaryAction.CREATE and entry.origin is EntryOrigin.DIARY:
        return None
    if await uow.connections.get(entry.user_id, Provider.FATSECRET) is None:
        return None
    now = clock.now()
    item = DiaryOutboxItem(
        id=OutboxItemId(ids.next_id()),
        user_id=entry.user_id,
        entry_id=entry.id,
        action=action,
        local_date=entry.local_date,
        created_at=now,
        next_attempt_at=now,
    )
    await uow.diary_outbox.add(item)
    return item
