from datetime import date, timedelta

from application.ports.recovery import RecordKind
from domain.recovery.records import RecoveryRecords, ScoreState
from tests.contracts.seed import UowFactory, new_user
from tests.domain.builders import at, cycle, recovery, sleep, workout

DAY = date(2025, 3, 10)


def _night(n: int, state: ScoreState = ScoreState.SCORED, energy: str = "2400") -> RecoveryRecords:
    evening = DAY + timedelta(days=n)
    morning = evening + timedelta(days=1)
    return RecoveryRecords(
        cycles=(cycle(at(evening, 23, 0), id=f"c{n}", state=state, energy=energy),),
        sleeps=(
            sleep(
                at(evening, 23, 30), at(morning, 7, 0), id=f"s{n}", cycle_id=f"c{n}", state=state
            ),
        ),
        recoveries=(recovery(at(morning, 7, 5), cycle_id=f"c{n}", sleep_id=f"s{n}", state=state),),
        workouts=(workout(at(morning, 18, 0), id=f"w{n}", state=state),),
    )


async def test_upserting_twice_keeps_one_updated_copy(uow_factory: UowFactory) -> None:
    user = await new_user(uow_factory)
    async with uow_factory() as uow:
        assert await uow.recovery.upsert(user.id, _night(0, ScoreState.PENDING)) == 4
        await uow.commit()
    async with uow_factory() as uow:
        await uow.recovery.upsert(user.id, _night(0, energy="2100"))
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.recovery.all_of(user.id) == _night(0, energy="2100")


async def test_a_window_is_start_inclusive_end_exclusive(uow_factory: UowFactory) -> None:
    user = await new_user(uow_factory)
    async with uow_factory() as uow:
        for n in range(3):
            await uow.recovery.upsert(user.id, _night(n))
        await uow.commit()
    middle = _night(1)
    start = middle.cycles[0].start
    end = _night(2).cycles[0].start
    async with uow_factory() as uow:
        window = await uow.recovery.between(user.id, start, end)
    assert window == middle  # night 2's cycle starts exactly at `end`: excluded


async def test_records_are_private_and_removable(uow_factory: UowFactory) -> None:
    user, other = await new_user(uow_factory), await new_user(uow_factory)
    async with uow_factory() as uow:
        await uow.recovery.upsert(user.id, _night(0))
        await uow.recovery.upsert(other.id, _night(0))  # the same WHOOP ids, another account
        await uow.commit()
    async with uow_factory() as uow:
        for kind, record_id in (
            (RecordKind.CYCLE, "c0"),
            (RecordKind.SLEEP, "s0"),
            (RecordKind.RECOVERY, "c0"),
            (RecordKind.WORKOUT, "w0"),
        ):
            assert await uow.recovery.remove(user.id, kind, record_id)
            assert not await uow.recovery.remove(user.id, kind, record_id)
        await uow.commit()
    async with uow_factory() as uow:
        assert (await uow.recovery.all_of(user.id)).is_empty
        assert await uow.recovery.all_of(other.id) == _night(0)
