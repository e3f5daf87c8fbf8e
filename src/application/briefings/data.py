"""Load what a briefing needs for a range of local dates, in one unit of work."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import msgspec

from application.ports.unit_of_work import UnitOfWork
from domain.connections import Provider
from domain.meals.entry import FoodEntry
from domain.recovery.records import RecoveryRecords
from domain.users import User

# Records are placed on days by their own UTC offsets (±14 h) and a cycle by its start + 12 h:
# two days either side of the range catch every record that can belong to it.
MARGIN = timedelta(days=2)


class BriefingData(msgspec.Struct, frozen=True, kw_only=True):
    entries: tuple[FoodEntry, ...]
    records: RecoveryRecords
    wearable_linked: bool


async def load_briefing_data(
    uow: UnitOfWork, user: User, first: date, last: date, *, history_from: date | None = None
) -> BriefingData:
    """Entries of `first`..`last` and wearable records from `history_from` (default `first`)."""
    records_from = history_from or first
    start = datetime.combine(records_from, time(), tzinfo=UTC) - MARGIN
    end = datetime.combine(last, time(), tzinfo=UTC) + MARGIN
    return BriefingData(
        entries=tuple(await uow.food_log.between(user.id, first, last)),
        records=await uow.recovery.between(user.id, start, end),
        wearable_linked=await uow.connections.get(user.id, Provider.WHOOP) is not None,
    )
