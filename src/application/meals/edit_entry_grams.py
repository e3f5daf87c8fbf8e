"""Use case: the user corrects the weight of one item of an entry ("Edit grams").

Nutrients scale with the new weight, which now counts as stated. Someone else's entry, an
undone one or a weight that makes no sense changes nothing and says so. When a diary is
linked, the edit there is queued in the same transaction.
"""

from __future__ import annotations

from decimal import Decimal

import msgspec

from application.meals.diary_writes import queue_diary_write
from application.ports.diary_outbox import DiaryAction
from application.ports.system import Clock, IdGenerator
from application.ports.unit_of_work import UnitOfWork
from application.rendering.meals import render_logged_meal
from application.rendering.messages import text
from domain.errors import InvalidEditError, InvalidValueError, UserNotFoundError
from domain.ids import EntryId, UserId
from domain.meals.entry import FoodEntry
from domain.meals.intake import daily_intake
from domain.users import User


class EditEntryGramsRequest(msgspec.Struct, frozen=True, kw_only=True):
    user_id: UserId
    grams: Decimal
    entry_id: EntryId | None = None  # None: the last logged entry
    item_index: int = 0


class EditEntryGramsResponse(msgspec.Struct, frozen=True, kw_only=True):
    entry: FoodEntry | None  # the edited entry; None when nothing changed
    reply: str


class EditEntryGrams:
    def __init__(self, uow: UnitOfWork, clock: Clock, ids: IdGenerator) -> None:
        self._uow = uow
        self._clock = clock
        self._ids = ids

    async def execute(self, request: EditEntryGramsRequest) -> EditEntryGramsResponse:
        async with self._uow:
            user = await self._uow.users.get(request.user_id)
            if user is None:
                raise UserNotFoundError(f"no user {request.user_id}")
            response = await self.edit(self._uow, user, request)
            await self._uow.commit()
        return response

    async def edit(
        self, uow: UnitOfWork, user: User, request: EditEntryGramsRequest
    ) -> EditEntryGramsResponse:
        """Inside the caller's open unit of work (which the caller commits)."""
        if request.entry_id is None:
            entry = await uow.food_log.last_logged(user.id)
        else:
            entry = await uow.food_log.get(user.id, request.entry_id)
        if entry is None or not entry.is_logged:
            return EditEntryGramsResponse(entry=None, reply=text(user.language, "edit.nothing"))
        try:
            edited = entry.with_item_grams(request.item_index, request.grams)
        except (InvalidEditError, InvalidValueError):
            return EditEntryGramsResponse(entry=None, reply=text(user.language, "edit.no_weight"))
        await uow.food_log.update(edited)
        await queue_diary_write(uow, edited, DiaryAction.EDIT, clock=self._clock, ids=self._ids)
        day = daily_intake(
            await uow.food_log.between(user.id, edited.local_date, edited.local_date),
            edited.local_date,
        )
        reply = render_logged_meal(
            edited, day=day, targets=user.targets, language=user.language, edited=True
        )
        return EditEntryGramsResponse(entry=edited, reply=reply)
