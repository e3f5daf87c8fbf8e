"""Use case: undo a logged entry — the one named, or the user's last.

An entry that is not the user's, does not exist or was undone already is "nothing to undo":
no effect, and no hint whether someone else's entry exists. When a diary is linked, the
deletion there is queued in the same transaction.
"""

from __future__ import annotations

import msgspec

from application.meals.diary_writes import queue_diary_write
from application.ports.diary_outbox import DiaryAction
from application.ports.system import Clock, IdGenerator
from application.ports.unit_of_work import UnitOfWork
from application.rendering.meals import render_undone
from application.rendering.messages import text
from domain.errors import UserNotFoundError
from domain.ids import EntryId, UserId
from domain.meals.entry import FoodEntry
from domain.users import User


class UndoEntryRequest(msgspec.Struct, frozen=True, kw_only=True):
    user_id: UserId
    entry_id: EntryId | None = None  # None: the last logged entry


class UndoEntryResponse(msgspec.Struct, frozen=True, kw_only=True):
    entry: FoodEntry | None  # the undone entry; None when there was nothing to undo
    reply: str


class UndoEntry:
    def __init__(self, uow: UnitOfWork, clock: Clock, ids: IdGenerator) -> None:
        self._uow = uow
        self._clock = clock
        self._ids = ids

    async def execute(self, request: UndoEntryRequest) -> UndoEntryResponse:
        async with self._uow:
            user = await self._uow.users.get(request.user_id)
            if user is None:
                raise UserNotFoundError(f"no user {request.user_id}")
            response = await self.undo(self._uow, user, request.entry_id)
            await self._uow.commit()
        return response

    async def undo(
        self, uow: UnitOfWork, user: User, entry_id: EntryId | None
    ) -> UndoEntryResponse:
        """Inside the caller's open unit of work (which the caller commits)."""
        if entry_id is None:
            entry = await uow.food_log.last_logged(user.id)
        else:
            entry = await uow.food_log.get(user.id, entry_id)
        if entry is None or not entry.is_logged:
            return UndoEntryResponse(entry=None, reply=text(user.language, "undo.nothing"))
        undone = entry.undone()
        await uow.food_log.update(undone)
        await queue_diary_write(uow, undone, DiaryAction.DELETE, clock=self._clock, ids=self._ids)
        return UndoEntryResponse(entry=undone, reply=render_undone(undone, user.language))
