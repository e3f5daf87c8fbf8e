"""Use case: the morning briefing of a user for a local date (default: their today)."""

from __future__ import annotations

from datetime import date, timedelta

import msgspec

from application.briefings.data import load_briefing_data
from application.ports.system import Clock
from application.ports.unit_of_work import UnitOfWork
from application.rendering.briefings import render_morning
from domain.briefings.morning import HISTORY_DAYS, MorningBriefing, compose_morning_briefing
from domain.errors import UserNotFoundError
from domain.ids import UserId
from domain.users import User


class ComposeMorningRequest(msgspec.Struct, frozen=True, kw_only=True):
    user_id: UserId
    local_date: date | None = None


class ComposedMorning(msgspec.Struct, frozen=True, kw_only=True):
    briefing: MorningBriefing
    text: str


async def morning_for(uow: UnitOfWork, user: User, today: date) -> ComposedMorning:
    """Inside an open unit of work."""
    yesterday = today - timedelta(days=1)
    data = await load_briefing_data(
        uow, user, yesterday, today, history_from=today - timedelta(days=HISTORY_DAYS)
    )
    briefing = compose_morning_briefing(
        today=today,
        wearable_linked=data.wearable_linked,
        records=data.records,
        entries=data.entries,
        targets=user.targets,
    )
    return ComposedMorning(briefing=briefing, text=render_morning(briefing, user.language))


class ComposeMorningBriefing:
    def __init__(self, uow: UnitOfWork, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def execute(self, request: ComposeMorningRequest) -> ComposedMorning:
        async with self._uow:
            user = await self._uow.users.get(request.user_id)
            if user is None:
                raise UserNotFoundError(f"no user {request.user_id}")
            today = request.local_date or user.local_date(self._clock.now())
            return await morning_for(self._uow, user, today)
