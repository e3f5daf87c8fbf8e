"""Use case: the weekly report of a user — the seven local dates ending with `last_day`
(default: the week ending yesterday, the last complete one)."""

from __future__ import annotations

from datetime import date, timedelta

import msgspec

from application.briefings.data import load_briefing_data
from application.ports.system import Clock
from application.ports.unit_of_work import UnitOfWork
from application.rendering.briefings import render_weekly
from domain.briefings.weekly import WEEK, WeeklyReport, compose_weekly_report
from domain.errors import UserNotFoundError
from domain.ids import UserId
from domain.users import User


class ComposeWeeklyRequest(msgspec.Struct, frozen=True, kw_only=True):
    user_id: UserId
    last_day: date | None = None


class ComposedWeekly(msgspec.Struct, frozen=True, kw_only=True):
    report: WeeklyReport
    text: str


async def weekly_for(uow: UnitOfWork, user: User, last_day: date) -> ComposedWeekly:
    """Inside an open unit of work."""
    data = await load_briefing_data(uow, user, last_day - timedelta(days=WEEK - 1), last_day)
    report = compose_weekly_report(
        last_day=last_day,
        wearable_linked=data.wearable_linked,
        records=data.records,
        entries=data.entries,
        targets=user.targets,
    )
    return ComposedWeekly(report=report, text=render_weekly(report, user.language))


class ComposeWeeklyReport:
    def __init__(self, uow: UnitOfWork, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def execute(self, request: ComposeWeeklyRequest) -> ComposedWeekly:
        async with self._uow:
            user = await self._uow.users.get(request.user_id)
            if user is None:
                raise UserNotFoundError(f"no user {request.user_id}")
            last_day = request.last_day or user.local_date(self._clock.now()) - timedelta(days=1)
            return await weekly_for(self._uow, user, last_day)
