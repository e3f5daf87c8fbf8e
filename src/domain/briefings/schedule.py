"""When a briefing is due: at the user's local briefing time, on their local date, once."""

from __future__ import annotations

import enum
from datetime import date, datetime, time, timedelta

from domain.local_time import require_aware
from domain.users import User

# A briefing that could not go out within this long after its time is skipped for the day:
# a "good morning" at 23:00 helps nobody.
MAX_LATENESS = timedelta(hours=3)
WEEKLY_REPORT_WEEKDAY = 0  # Monday, looking back at Monday–Sunday


class BriefingKind(enum.Enum):
    MORNING = "morning"
    EVENING = "evening"
    WEEKLY = "weekly"


def briefing_due(user: User, kind: BriefingKind, now: datetime) -> date | None:
    """The user's local date the briefing is due for at `now`, or None if it is not due.

    Due means: the user wants it, has not blocked the bot, and their local briefing time
    passed less than `MAX_LATENESS` ago. Whether it was sent already is the ledger's question.
    """
    if user.blocked_bot or not _wanted(user, kind):
        return None
    local_now = user.local_now(require_aware(now))
    today = local_now.date()
    if kind is BriefingKind.WEEKLY and today.weekday() != WEEKLY_REPORT_WEEKDAY:
        return None
    at = _time_of(user, kind)
    # zoneinfo resolves a wall time skipped or repeated by a DST change to a real instant.
    scheduled = datetime.combine(today, at, tzinfo=user.zone)
    if scheduled <= local_now < scheduled + MAX_LATENESS:
        return today
    return None


def _wanted(user: User, kind: BriefingKind) -> bool:
    settings = user.briefings
    return {
        BriefingKind.MORNING: settings.morning,
        BriefingKind.EVENING: settings.evening,
        BriefingKind.WEEKLY: settings.weekly,
    }[kind]


def _time_of(user: User, kind: BriefingKind) -> time:
    if kind is BriefingKind.EVENING:
        return user.briefings.evening_at
    return user.briefings.morning_at
