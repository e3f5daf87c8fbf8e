"""Users, their schedules, provider links and the conversation."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import msgspec
import pytest

from domain.briefings.schedule import BriefingKind, briefing_due
from domain.connections import (
    ConnectionState,
    ConnectionStatus,
    Provider,
    ProviderConnection,
)
from domain.conversation import ConversationMessage, RetentionPolicy, Role, recent_within_budget
from domain.errors import (
    ConnectionStateError,
    InvalidTimezoneError,
    InvalidValueError,
    NaiveDatetimeError,
)
from domain.ids import MessageId, UserId
from domain.local_time import local_date_in, zone
from domain.users import BriefingSettings, Language, language_from_telegram
from tests.domain.builders import user

KYIV = ZoneInfo("Europe/Kyiv")


@pytest.mark.parametrize(
    ("code", "language"),
    [("uk", Language.UK), ("uk-UA", Language.UK), ("en", Language.EN), ("en_GB", Language.EN),
     ("de", Language.EN), (None, Language.UK), ("", Language.UK)],
)  # fmt: skip
def test_language_from_telegram(code: str | None, language: Language) -> None:
    assert language_from_telegram(code) is language


def test_a_new_user_has_sensible_defaults() -> None:
    someone = user()
    assert (someone.language, someone.timezone) == (Language.UK, "Europe/Kyiv")
    assert (someone.briefings.morning_at, someone.briefings.evening_at) == (time(8), time(21))
    assert someone.briefings.morning and someone.briefings.evening and someone.briefings.weekly
    assert not someone.blocked_bot
    assert someone.local_date(datetime(2025, 3, 10, 22, 30, tzinfo=UTC)).isoformat() == "2025-03-11"


@pytest.mark.parametrize("name", ["Kyiv", "Europe/Atlantis", "", "../etc/passwd", " UTC"])
def test_a_timezone_must_be_an_iana_name(name: str) -> None:
    with pytest.raises(InvalidTimezoneError):
        user(timezone=name)
    with pytest.raises(InvalidTimezoneError):
        zone(name)


def test_users_need_aware_times() -> None:
    with pytest.raises(NaiveDatetimeError):
        user(created_at=datetime(2025, 1, 1))
    with pytest.raises(InvalidValueError):
        BriefingSettings(morning_at=time(8, tzinfo=UTC))


def test_local_date_in_a_zone_follows_dst() -> None:
    assert local_date_in(datetime(2025, 3, 29, 22, 30, tzinfo=UTC), "Europe/Kyiv").day == 30
    assert local_date_in(datetime(2025, 7, 29, 20, 30, tzinfo=UTC), "Europe/Kyiv").day == 29


def test_a_briefing_is_due_from_its_local_time_for_three_hours() -> None:
    someone = user()
    before = datetime(2025, 3, 11, 7, 59, tzinfo=KYIV)
    assert briefing_due(someone, BriefingKind.MORNING, before) is None
    due = briefing_due(someone, BriefingKind.MORNING, before + timedelta(minutes=1))
    assert due is not None and due.isoformat() == "2025-03-11"
    late = datetime(2025, 3, 11, 11, 0, tzinfo=KYIV)
    assert briefing_due(someone, BriefingKind.MORNING, late) is None
    evening = datetime(2025, 3, 11, 21, 30, tzinfo=KYIV)
    assert briefing_due(someone, BriefingKind.EVENING, evening) is not None


def test_a_briefing_is_not_due_when_unwanted_or_blocked() -> None:
    at_eight = datetime(2025, 3, 10, 8, 5, tzinfo=KYIV)  # a Monday
    assert briefing_due(user(), BriefingKind.WEEKLY, at_eight) is not None
    assert briefing_due(user(), BriefingKind.WEEKLY, at_eight + timedelta(days=1)) is None
    no_mornings = user(briefings=BriefingSettings(morning=False))
    assert briefing_due(no_mornings, BriefingKind.MORNING, at_eight) is None
    assert briefing_due(user(blocked_bot=True), BriefingKind.MORNING, at_eight) is None


def test_a_briefing_on_the_dst_morning_follows_the_wall_clock() -> None:
    # 30 March 2025: Kyiv jumps from 03:00 to 04:00. 08:00 is 05:00 UTC that day.
    someone = user()
    assert briefing_due(someone, BriefingKind.MORNING, datetime(2025, 3, 30, 5, 0, tzinfo=UTC))
    assert not briefing_due(someone, BriefingKind.MORNING, datetime(2025, 3, 30, 4, 59, tzinfo=UTC))


def test_a_connection_state_is_bound_single_provider_and_short_lived() -> None:
    now = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
    state = ConnectionState.issue(
        value="x" * 16, user_id=UserId(1), provider=Provider.WHOOP, now=now
    )
    assert state.expires_at - state.created_at == timedelta(minutes=15)
    state.check(Provider.WHOOP, now + timedelta(minutes=14))
    with pytest.raises(ConnectionStateError):
        state.check(Provider.WHOOP, now + timedelta(minutes=15))
    with pytest.raises(ConnectionStateError):
        state.check(Provider.FATSECRET, now)
    with pytest.raises(InvalidValueError):
        ConnectionState.issue(value="short", user_id=UserId(1), provider=Provider.WHOOP, now=now)
    with pytest.raises(InvalidValueError):
        msgspec.structs.replace(state, expires_at=now)


def test_a_connection_is_usable_only_when_connected() -> None:
    now = datetime(2025, 3, 10, tzinfo=UTC)
    linked = ProviderConnection(
        user_id=UserId(1),
        provider=Provider.WHOOP,
        status=ConnectionStatus.CONNECTED,
        connected_at=now,
    )
    assert linked.is_usable
    assert not msgspec.structs.replace(linked, status=ConnectionStatus.BROKEN).is_usable


def _message(n: int, text: str, at: datetime) -> ConversationMessage:
    return ConversationMessage(id=MessageId(n), user_id=UserId(1), role=Role.USER, text=text, at=at)


def test_retention_keeps_a_week_by_default() -> None:
    now = datetime(2025, 3, 10, 3, 0, tzinfo=UTC)
    policy = RetentionPolicy()
    assert policy.cutoff(now) == now - timedelta(days=7)
    assert policy.keeps(_message(1, "x", now - timedelta(days=6)), now)
    assert not policy.keeps(_message(2, "x", now - timedelta(days=8)), now)
    with pytest.raises(InvalidValueError):
        RetentionPolicy(days=0)


def test_recent_messages_within_a_budget_without_gaps() -> None:
    now = datetime(2025, 3, 10, tzinfo=UTC)
    messages = [_message(n, "x" * size, now + timedelta(minutes=n)) for n, size in
                enumerate([10, 50, 10, 10])]  # fmt: skip
    kept = recent_within_budget(messages, 25)
    assert [m.id for m in kept] == [2, 3]  # the 50-char one does not fit, so nothing older
    assert recent_within_budget(messages, 5) == ()
