"""Aware datetimes, IANA zones and fixed UTC offsets: rules every part of the domain shares."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from domain.errors import InvalidTimezoneError, InvalidValueError, NaiveDatetimeError

# The largest offsets in use are UTC-12:00 and UTC+14:00.
MAX_OFFSET_MINUTES = 14 * 60


def require_aware(moment: datetime, what: str = "datetime") -> datetime:
    """Return `moment` if it carries a timezone; naive datetimes are a bug, not a guess."""
    if moment.tzinfo is None or moment.tzinfo.utcoffset(moment) is None:
        raise NaiveDatetimeError(f"{what} must be timezone-aware")
    return moment


def zone(name: str) -> ZoneInfo:
    """The IANA zone called `name`, or `InvalidTimezoneError`."""
    if not name or name != name.strip() or name.startswith(("/", ".")) or ".." in name:
        raise InvalidTimezoneError(f"not an IANA timezone: {name!r}")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise InvalidTimezoneError(f"not an IANA timezone: {name!r}") from error


def check_offset_minutes(minutes: int) -> int:
    if abs(minutes) > MAX_OFFSET_MINUTES:
        raise InvalidValueError(f"UTC offset out of range: {minutes} minutes")
    return minutes


def fixed_offset(minutes: int) -> timezone:
    return timezone(timedelta(minutes=check_offset_minutes(minutes)))


def offset_minutes_of(moment: datetime) -> int:
    """The UTC offset `moment` carries, in whole minutes."""
    offset = require_aware(moment).utcoffset()
    assert offset is not None  # guaranteed by require_aware
    return int(offset.total_seconds() // 60)


def local_date_at(moment: datetime, utc_offset_minutes: int) -> date:
    """The calendar date on a wall clock `utc_offset_minutes` away from UTC at `moment`."""
    return require_aware(moment).astimezone(fixed_offset(utc_offset_minutes)).date()


def local_date_in(moment: datetime, timezone_name: str) -> date:
    """The calendar date in the IANA zone at `moment` (daylight saving applied)."""
    return require_aware(moment).astimezone(zone(timezone_name)).date()
