import asyncio
from datetime import UTC, date, datetime, timedelta

import msgspec

from adapters.memory.kit import MemoryApplication, MemoryKit
from application.briefings.compose_evening import ComposeEveningRequest
from application.briefings.compose_morning import ComposeMorningRequest
from application.briefings.compose_weekly import ComposeWeeklyRequest
from application.briefings.deliver_briefing import (
    DeliverBriefing,
    DeliverBriefingRequest,
    DeliveryOutcome,
)
from domain.briefings.missing import Missing, MissingPiece
from domain.briefings.morning import RecoverySection
from domain.briefings.schedule import BriefingKind
from domain.connections import Provider
from domain.ids import UserId
from domain.recovery.records import RecoveryRecords
from domain.users import User
from tests.application.helpers import NOW, link, register, say
from tests.domain.builders import at, cycle, recovery, sleep

TODAY = date(2025, 3, 10)


async def _nights(kit: MemoryKit, user: User, days: int) -> None:
    cycles, sleeps, recoveries = [], [], []
    for n in range(days):
        morning = TODAY - timedelta(days=n)
        evening = morning - timedelta(days=1)
        cycles.append(cycle(at(evening, 23, 0), id=f"c{n}", energy="2500"))
        sleeps.append(sleep(at(evening, 23, 20), at(morning, 7, 0), id=f"s{n}"))
        recoveries.append(
            recovery(at(morning, 7, 5), cycle_id=f"c{n}", sleep_id=f"s{n}", hrv=str(60 + n))
        )
    async with kit.uow() as uow:
        records = RecoveryRecords(
            cycles=tuple(cycles), sleeps=tuple(sleeps), recoveries=tuple(recoveries)
        )
        await uow.recovery.upsert(user.id, records)
        await uow.commit()


async def test_a_morning_briefing_with_baselines_and_yesterdays_balance(
    app: MemoryApplication, kit: MemoryKit
) -> None:
    user = await register(app)
    await link(app, user.id, Provider.WHOOP, "w")
    await _nights(kit, user, 31)
    kit.clock.set(datetime(2025, 3, 9, 10, 0, tzinfo=UTC))
    await say(app, "1000 g rice")
    kit.clock.set(NOW)
    composed = await app.compose_morning.execute(ComposeMorningRequest(user_id=user.id))
    assert composed.briefing.local_date == TODAY
    assert isinstance(composed.briefing.recovery, RecoverySection)
    assert composed.briefing.recovery.hrv_ms.baseline.mean_7d == 64
    assert composed.briefing.yesterday.balance_kcal == 1300 - 2500
    assert "Good morning! Mon 10 Mar" in composed.text
    assert "balance −1,200 kcal" in composed.text
    assert "HRV 60 ms — 7 days: below, 30 days: below" in composed.text


async def test_briefings_with_nothing_say_what_to_do(app: MemoryApplication) -> None:
    user = await register(app)
    morning = await app.compose_morning.execute(ComposeMorningRequest(user_id=user.id))
    assert morning.briefing.is_empty and "Nothing to report yet" in morning.text
    evening = await app.compose_evening.execute(ComposeEveningRequest(user_id=user.id))
    assert evening.summary.intake == MissingPiece(reason=Missing.NOTHING_LOGGED)
    weekly = await app.compose_weekly.execute(ComposeWeeklyRequest(user_id=user.id))
    assert weekly.report.last_day == TODAY - timedelta(days=1)


async def test_an_evening_summary_of_the_day_so_far(app: MemoryApplication) -> None:
    await say(app, "2 eggs and a banana")
    user = await register(app)
    composed = await app.compose_evening.execute(ComposeEveningRequest(user_id=user.id))
    assert "Eaten: 248 of 2,000 kcal" in composed.text
    assert "link WHOOP" in composed.text


async def test_a_briefing_is_delivered_once_per_local_date(
    app: MemoryApplication, kit: MemoryKit
) -> None:
    user = await register(app)
    request = DeliverBriefingRequest(user_id=user.id, kind=BriefingKind.MORNING)
    first = await app.deliver_briefing.execute(request)
    second = await app.deliver_briefing.execute(request)
    assert (first.outcome, first.local_date) == (DeliveryOutcome.SENT, TODAY)
    assert second.outcome is DeliveryOutcome.ALREADY_SENT
    assert len(kit.messenger.texts_to(1001)) == 1
    async with kit.uow() as uow:
        claims = await uow.notifications.all_of(user.id)
    assert [(c.kind, c.local_date) for c in claims] == [("morning", TODAY)]


async def test_two_workers_at_once_send_one_briefing(kit: MemoryKit) -> None:
    user = await register(MemoryApplication(kit))
    workers = [DeliverBriefing(kit.uow(), kit.clock, kit.messenger) for _ in range(5)]
    request = DeliverBriefingRequest(user_id=user.id, kind=BriefingKind.MORNING)
    results = await asyncio.gather(*(w.execute(request) for w in workers))
    assert sorted(r.outcome.value for r in results) == ["already_sent"] * 4 + ["sent"]
    assert len(kit.messenger.texts_to(1001)) == 1


async def test_not_due_opted_out_and_blocked(app: MemoryApplication, kit: MemoryKit) -> None:
    user = await register(app)
    evening = DeliverBriefingRequest(user_id=user.id, kind=BriefingKind.EVENING)
    assert (await app.deliver_briefing.execute(evening)).outcome is DeliveryOutcome.NOT_DUE
    kit.messenger.blocked.add(1001)
    morning = DeliverBriefingRequest(user_id=user.id, kind=BriefingKind.MORNING)
    blocked = await app.deliver_briefing.execute(morning)
    assert blocked.outcome is DeliveryOutcome.BLOCKED
    async with kit.uow() as uow:
        stored = await uow.users.get(user.id)
        claims = await uow.notifications.all_of(user.id)
    assert stored is not None and stored.blocked_bot
    assert claims == []  # nothing was sent, so nothing is recorded as sent
    assert (await app.deliver_briefing.execute(morning)).outcome is DeliveryOutcome.NOT_DUE


async def test_weekly_local_users_and_deleted_users(app: MemoryApplication, kit: MemoryKit) -> None:
    user = await register(app)
    weekly = DeliverBriefingRequest(user_id=user.id, kind=BriefingKind.WEEKLY)
    sent = await app.deliver_briefing.execute(weekly)  # Monday 08:30: the weekly report is due
    assert sent.outcome is DeliveryOutcome.SENT
    assert "Your week: Mon 3 Mar – Sun 9 Mar" in kit.messenger.texts_to(1001)[-1]
    forced = DeliverBriefingRequest(
        user_id=user.id, kind=BriefingKind.EVENING, local_date=TODAY - timedelta(days=1)
    )
    assert (await app.deliver_briefing.execute(forced)).outcome is DeliveryOutcome.SENT
    local = msgspec.structs.replace(user, id=UserId(999), telegram_user_id=None)
    async with kit.uow() as uow:
        await uow.users.add(local)
        await uow.commit()
    no_chat = DeliverBriefingRequest(user_id=local.id, kind=BriefingKind.MORNING)
    assert (await app.deliver_briefing.execute(no_chat)).outcome is DeliveryOutcome.NO_CHAT
    gone = DeliverBriefingRequest(user_id=UserId(404), kind=BriefingKind.MORNING)
    assert (await app.deliver_briefing.execute(gone)).outcome is DeliveryOutcome.NO_USER
