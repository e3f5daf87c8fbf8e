"""The people who use the product, and how they want to be spoken to and reminded."""

from __future__ import annotations

import enum
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import msgspec

from domain.errors import InvalidValueError
from domain.ids import UserId
from domain.local_time import require_aware
from domain.local_time import zone as iana_zone
from domain.meals.targets import BodyProfile, Targets

DEFAULT_TIMEZONE = "Europe/Kyiv"


class Language(enum.Enum):
    UK = "uk"
    EN = "en"


def language_from_telegram(language_code: str | None) -> Language:
    """The language for a new user from their Telegram client's `language_code`.

    Ukrainian clients get Ukrainian; any other known language gets English (a guess that
    every non-Ukrainian speaker can read); no code at all gets the product's home language.
    """
    if language_code is None or not language_code.strip():
        return Language.UK
    primary = language_code.strip().lower().replace("_", "-").split("-")[0]
    return Language.UK if primary == "uk" else Language.EN


class BriefingSettings(msgspec.Struct, frozen=True, kw_only=True):
    """When (local wall-clock time) and whether to send each briefing."""

    morning_at: time = time(8, 0)
    evening_at: time = time(21, 0)
    morning: bool = True
    evening: bool = True
    weekly: bool = True

    def __post_init__(self) -> None:
        if self.morning_at.tzinfo is not None or self.evening_at.tzinfo is not None:
            raise InvalidValueError("briefing times are local wall-clock times, without a zone")


class User(msgspec.Struct, frozen=True, kw_only=True):
    id: UserId
    telegram_user_id: int | None  # None for a local (terminal) user
    created_at: datetime
    language: Language = Language.UK
    timezone: str = DEFAULT_TIMEZONE
    targets: Targets = msgspec.field(default_factory=Targets)
    body: BodyProfile | None = None
    briefings: BriefingSettings = msgspec.field(default_factory=BriefingSettings)
    # Telegram said the user blocked the bot: stop sending until they write again.
    blocked_bot: bool = False

    def __post_init__(self) -> None:
        iana_zone(self.timezone)
        require_aware(self.created_at, "created_at")

    @property
    def zone(self) -> ZoneInfo:
        return iana_zone(self.timezone)

    def local_now(self, now: datetime) -> datetime:
        return require_aware(now).astimezone(self.zone)

    def local_date(self, now: datetime) -> date:
        return self.local_now(now).date()
