from datetime import date, timedelta
from decimal import Decimal

from adapters.memory.kit import MemoryApplication, MemoryKit
from application.connections.disconnect import DisconnectRequest
from application.ports.diary import DiaryRecord
from application.sync.drain_diary_outbox import DrainDiaryOutboxRequest, retry_delay
from application.sync.sync_diary import DiarySyncStatus, SyncDiaryRequest
from application.sync.sync_wearable import SyncStatus, SyncWearableRequest
from domain.connections import ConnectionStatus, Provider
from domain.meals.food import FatSecretFood
from domain.meals.meal_type import MealType
from domain.meals.nutrients import Nutrients
from domain.recovery.records import RecoveryRecords, ScoreState
from domain.users import User
from tests.application.helpers import NOW, entries_of, link, register, say
from tests.domain.builders import at, cycle

D = Decimal
TODAY = date(2025, 3, 10)


async def _status(kit: MemoryKit, user: User, provider: Provider) -> ConnectionStatus | None:
    async with kit.uow() as uow:
        connection = await uow.connections.get(user.id, provider)
    return connection.status if connection else None


async def test_syncing_the_wearable_twice_keeps_one_copy_updated(
    app: MemoryApplication, kit: MemoryKit
) -> None:
    user = await register(app)
    assert (
        await app.sync_wearable.execute(SyncWearableRequest(user_id=user.id))
    ).status is SyncStatus.NOT_CONNECTED
    await link(app, user.id, Provider.WHOOP, "w")
    pending = cycle(at(TODAY - timedelta(days=1), 23, 0), id="c1", state=ScoreState.PENDING)
    kit.wearable.record("access-w", RecoveryRecords(cycles=(pending,)))
    first = await app.sync_wearable.execute(SyncWearableRequest(user_id=user.id))
    assert (first.status, first.written) == (SyncStatus.SYNCED, 1)
    assert first.start == NOW - timedelta(days=30)  # a first sync backfills
    scored = cycle(at(TODAY - timedelta(days=1), 23, 0), id="c1", energy="2222")
    kit.wearable.record("access-w", RecoveryRecords(cycles=(scored,)))
    kit.clock.advance(timedelta(hours=1))
    second = await app.sync_wearable.execute(SyncWearableRequest(user_id=user.id))
    assert second.start == NOW - timedelta(days=1)  # from the cursor, with a day of overlap
    async with kit.uow() as uow:
        records = await uow.recovery.all_of(user.id)
    assert records.cycles == (scored,)


async def test_refused_wearable_credentials_mark_the_link_broken(
    app: MemoryApplication, kit: MemoryKit
) -> None:
    user = await register(app)
    await link(app, user.id, Provider.WHOOP, "w")
    kit.wearable.rejected.add("access-w")
    synced = await app.sync_wearable.execute(SyncWearableRequest(user_id=user.id))
    assert synced.status is SyncStatus.CREDENTIALS_REJECTED
    assert await _status(kit, user, Provider.WHOOP) is ConnectionStatus.BROKEN
    again = await app.sync_wearable.execute(SyncWearableRequest(user_id=user.id))
    assert again.status is SyncStatus.NOT_CONNECTED  # no hourly retry against a dead token


def _line(ref: str, day: date, kcal: str = "300") -> DiaryRecord:
    return DiaryRecord(
        diary_ref=ref,
        local_date=day,
        meal=MealType.LUNCH,
        name="Borscht",
        source=FatSecretFood(food_id="42", serving_id="1"),
        grams=D(300),
        nutrients=Nutrients(kcal=D(kcal), protein=D(9)),
    )


async def test_the_diary_round_trip_never_counts_anything_twice(
    app: MemoryApplication, kit: MemoryKit
) -> None:
    user = await register(app)
    await link(app, user.id, Provider.FATSECRET, "fs")
    await say(app, "2 eggs")  # queues a write to the diary
    kit.diary.add_line("access-fs", _line("theirs-1", TODAY - timedelta(days=1)))
    kit.diary.add_line("access-fs", _line("theirs-2", TODAY))
    kit.diary.add_line("access-fs", _line("absurd", TODAY, kcal="9000"))
    first = await app.sync_diary.execute(SyncDiaryRequest(user_id=user.id))
    # Today waits: our own write of the eggs is still in the outbox.
    assert (first.imported, first.deferred_dates) == (1, (TODAY,))
    drained = await app.drain_diary_outbox.execute(DrainDiaryOutboxRequest())
    assert drained.written == 1
    second = await app.sync_diary.execute(SyncDiaryRequest(user_id=user.id))
    assert (second.imported, second.already_known, second.invalid) == (1, 2, 1)
    third = await app.sync_diary.execute(SyncDiaryRequest(user_id=user.id))
    assert (third.imported, third.already_known) == (0, 3)
    entries = await entries_of(kit, user.id)
    assert sum(e.total().kcal for e in entries) == D(143 + 300 + 300)


async def test_the_outbox_mirrors_edits_and_undos_and_drops_what_is_moot(
    app: MemoryApplication, kit: MemoryKit
) -> None:
    user = await register(app)
    await link(app, user.id, Provider.FATSECRET, "fs")
    await say(app, "rice")
    await say(app, "make it 150 g")
    drained = await app.drain_diary_outbox.execute(DrainDiaryOutboxRequest())
    assert (drained.written, drained.dropped) == (2, 0)
    [line] = kit.diary.lines["access-fs"].values()
    assert line.grams == D(150)
    await say(app, "undo")
    await app.drain_diary_outbox.execute(DrainDiaryOutboxRequest())
    assert kit.diary.lines["access-fs"] == {}
    await say(app, "2 eggs")
    await say(app, "undo")  # undone before it was ever written
    moot = await app.drain_diary_outbox.execute(DrainDiaryOutboxRequest())
    assert (moot.written, moot.dropped) == (0, 2)
    assert kit.diary.calls == ["write", "edit", "delete"]


async def test_outbox_failures_back_off_and_a_refused_diary_is_marked_broken(
    app: MemoryApplication, kit: MemoryKit
) -> None:
    user = await register(app)
    await link(app, user.id, Provider.FATSECRET, "fs")
    await say(app, "2 eggs")
    kit.diary.down = True
    failed = await app.drain_diary_outbox.execute(DrainDiaryOutboxRequest())
    assert failed.failed == 1
    assert (await app.drain_diary_outbox.execute(DrainDiaryOutboxRequest())).failed == 0  # waits
    kit.clock.advance(retry_delay(0))
    kit.diary.down = False
    kit.diary.rejected.add("access-fs")
    refused = await app.drain_diary_outbox.execute(DrainDiaryOutboxRequest())
    assert refused.failed == 1
    assert await _status(kit, user, Provider.FATSECRET) is ConnectionStatus.BROKEN
    async with kit.uow() as uow:
        [item] = await uow.diary_outbox.pending_for(user.id)
    assert item.attempts == 2 and item.last_error == "diary refused the credentials"
    kit.clock.advance(retry_delay(2))
    broken = await app.drain_diary_outbox.execute(DrainDiaryOutboxRequest())
    assert broken.failed == 1  # waits for the user to link again
    assert (
        await app.sync_diary.execute(SyncDiaryRequest(user_id=user.id))
    ).status is DiarySyncStatus.NOT_CONNECTED


async def test_a_refused_diary_import_marks_the_link_broken(
    app: MemoryApplication, kit: MemoryKit
) -> None:
    user = await register(app)
    await link(app, user.id, Provider.FATSECRET, "fs")
    kit.diary.rejected.add("access-fs")
    synced = await app.sync_diary.execute(SyncDiaryRequest(user_id=user.id))
    assert synced.status is DiarySyncStatus.CREDENTIALS_REJECTED
    assert await _status(kit, user, Provider.FATSECRET) is ConnectionStatus.BROKEN


async def test_writes_for_an_unlinked_diary_are_dropped(
    app: MemoryApplication, kit: MemoryKit
) -> None:
    user = await register(app)
    await link(app, user.id, Provider.FATSECRET, "fs")
    await say(app, "2 eggs")
    await app.disconnect.execute(DisconnectRequest(user_id=user.id, provider=Provider.FATSECRET))
    drained = await app.drain_diary_outbox.execute(DrainDiaryOutboxRequest())
    assert drained.dropped == 1 and kit.diary.calls == []


def test_retry_delays_double_up_to_six_hours() -> None:
    assert [retry_delay(n).total_seconds() / 60 for n in range(4)] == [1, 2, 4, 8]
    assert retry_delay(50) == timedelta(hours=6)
