"""The batched briefing tick on both stores: who is due at a given instant in their own zone,
once per local date however many ticks run, opt-outs and blocked users left out, an unknown
stored timezone skipped (PostgreSQL), a user deleted between the read and the send skipped."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, time

import msgspec
import psycopg
import pytest

from adapters.memory.messenger import RecordingMessenger
from adapters.memory.system import FixedClock
from application.briefings.send_due_briefings import (
    Composed,
    SendDueBriefings,
    SendDueBriefingsRequest,
)
from domain.briefings.schedule import BriefingKind
from domain.users import BriefingSettings, User
from tests.contracts.seed import UowFactory, next_id

# 2025-03-04 05:10 UTC: 07:10 in Kyiv, 00:10 in New York, 14:10 in Tokyo.
NOW = datetime(2025, 3, 4, 5, 10, tzinfo=UTC)


async def add_user(uow_factory: UowFactory, timezone: str, **briefings: object) -> User:
    user_id = next_id()
    user = User(
        id=user_id,  # type: ignore[arg-type]
        telegram_user_id=user_id,
        created_at=NOW,
        timezone=timezone,
        briefings=msgspec.convert(briefings, BriefingSettings),
    )
    async with uow_factory() as uow:
        await uow.users.add(user)
        await uow.commit()
    return user


def tick(
    uow_factory: UowFactory, clock: FixedClock, messenger: RecordingMessenger
) -> SendDueBriefings:
    return SendDueBriefings(uow_factory(), clock, messenger)


async def test_each_user_gets_the_morning_briefing_once_at_their_local_time(
    uow_factory: UowFactory,
) -> None:
    kyiv = await add_user(uow_factory, "Europe/Kyiv", morning_at=time(7, 0))
    tokyo = await add_user(uow_factory, "Asia/Tokyo")  # 08:00 there was hours ago: too late
    new_york = await add_user(uow_factory, "America/New_York")  # 00:10: not yet
    opted_out = await add_user(uow_factory, "Europe/Kyiv", morning_at=time(7, 0), morning=False)
    clock, messenger = FixedClock(NOW), RecordingMessenger()

    first = await tick(uow_factory, clock, messenger).execute(
        SendDueBriefingsRequest(kind=BriefingKind.MORNING, page_size=2)
    )
    again = await tick(uow_factory, clock, messenger).execute(
        SendDueBriefingsRequest(kind=BriefingKind.MORNING)
    )

    assert first.sent == 1
    assert again.sent == 0
    assert len(messenger.texts_to(kyiv.id)) == 1
    for other in (tokyo, new_york, opted_out):
        assert messenger.texts_to(other.id) == []


async def test_two_ticks_at_once_send_once(uow_factory: UowFactory) -> None:
    users = [await add_user(uow_factory, "Europe/Kyiv", morning_at=time(7, 0)) for _ in range(5)]
    clock, messenger = FixedClock(NOW), RecordingMessenger()
    request = SendDueBriefingsRequest(kind=BriefingKind.MORNING, page_size=2)

    results = await asyncio.gather(
        tick(uow_factory, clock, messenger).execute(request),
        tick(uow_factory, clock, messenger).execute(request),
    )

    assert sum(r.sent for r in results) == 5
    assert all(len(messenger.texts_to(u.id)) == 1 for u in users)


async def test_a_blocked_user_is_marked_and_not_sent_again(uow_factory: UowFactory) -> None:
    user = await add_user(uow_factory, "Europe/Kyiv", morning_at=time(7, 0))
    clock, messenger = FixedClock(NOW), RecordingMessenger()
    assert user.telegram_user_id is not None
    messenger.blocked.add(user.telegram_user_id)

    done = await tick(uow_factory, clock, messenger).execute(
        SendDueBriefingsRequest(kind=BriefingKind.MORNING)
    )
    messenger.blocked.clear()
    later = await tick(uow_factory, clock, messenger).execute(
        SendDueBriefingsRequest(kind=BriefingKind.MORNING)
    )

    assert (done.blocked, later.sent) == (1, 0)
    async with uow_factory() as uow:
        stored = await uow.users.get(user.id)
    assert stored is not None and stored.blocked_bot


@pytest.mark.parametrize("uow_factory", ["postgres"], indirect=True)
async def test_an_unknown_stored_timezone_is_skipped_and_the_rest_are_sent(
    uow_factory: UowFactory, database_url: str
) -> None:
    broken = await add_user(uow_factory, "Europe/Kyiv", morning_at=time(7, 0))
    fine = await add_user(uow_factory, "Europe/Kyiv", morning_at=time(7, 0))
    # As an old release or a hand edit might have left it.
    async with await psycopg.AsyncConnection.connect(database_url, autocommit=True) as conn:
        await conn.execute(
            "UPDATE users SET timezone = 'Mars/Olympus' WHERE id = %(id)s", {"id": broken.id}
        )
    clock, messenger = FixedClock(NOW), RecordingMessenger()

    done = await tick(uow_factory, clock, messenger).execute(
        SendDueBriefingsRequest(kind=BriefingKind.MORNING)
    )

    assert (done.sent, done.invalid_timezone) == (1, 1)
    assert len(messenger.texts_to(fine.id)) == 1


@pytest.mark.parametrize("uow_factory", ["postgres"], indirect=True)
async def test_a_user_deleted_before_the_send_is_skipped(uow_factory: UowFactory) -> None:
    user = await add_user(uow_factory, "Europe/Kyiv", morning_at=time(7, 0))
    clock, messenger = FixedClock(NOW), RecordingMessenger()
    use = tick(uow_factory, clock, messenger)
    original = use._send

    async def delete_then_send(item: Composed, kind: BriefingKind) -> str:
        # The user goes between the page's read and the claim.
        async with uow_factory() as uow:
            await uow.users.delete(user.id)
            await uow.commit()
        return await original(item, kind)

    use._send = delete_then_send  # type: ignore[method-assign]
    done = await use.execute(SendDueBriefingsRequest(kind=BriefingKind.MORNING))

    assert (done.sent, done.gone) == (0, 1)
    assert messenger.sent == []
