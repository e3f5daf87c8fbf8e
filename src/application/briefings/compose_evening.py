"""Use case: the evening summary of a user for a local date (default: their today)."""

from __future__ import annotations

from datetime import date

import msgspec

from application.briefings.data import load_briefing_data
from application.ports.system import Clock
from application.ports.unit_of_work import UnitOfWork
from application.rendering.briefings import render_evening
from domain.briefings.evening import EveningSummary, compose_evening_summary
from domain.errors import UserNotFoundError
from domain.ids import UserId
from domain.users import User


class ComposeEveningRequest(msgspec.Struct, frozen=True, kw_only=True):
    user_id: UserId
    local_date: date | None = None


class ComposedEvening(msgspec.Struct, frozen=True, kw_only=True):
    summary: EveningSummary
    text: str


async def evening_for(uow: UnitOfWork, user: User, today: date) -> ComposedEvening:
    """Inside an open unit of work."""
    data = await load_briefing_data(uow, user, today, today)
    summary = compose_evening_summary(
        today=today,
        wearable_linked=data.wearable_linked,
        records=data.records,
        entries=data.entries,
        targets=user.targets,
    )
    return ComposedEvening(summary=summary, text=render_evening(summary, user.language))


class ComposeEveningSummary:
    def __init__(self, uow: UnitOfWork, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def execute(self, request: ComposeEveningRequest) -> ComposedEvening:
        async with self._uow:
            user = await self._uow.users.get(request.user_id)
            if user is None:
                raise UserNotFoundError(f"no user {request.user_id}")
            today = request.local_date or user.local_date(self._clock.now())
            return await evening_for(self._uow, user, today)
