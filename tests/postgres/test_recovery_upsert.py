"""WHOOP records are upserted by their own ids: the same record twice is one row, updated."""

from datetime import date, timedelta

import psycopg
import pytest

from adapters.postgres.bulk import COPY_FROM_ROWS, UpsertTable, copy_upsert, upsert_many
from adapters.postgres.session import open_session
from adapters.postgres.stores.recovery import CYCLES, cycle_row
from domain.errors import InvalidValueError, UserNotFoundError
from domain.ids import UserId
from domain.recovery.records import Cycle, RecoveryRecords, ScoreState
from tests.contracts.seed import new_user
from tests.domain.builders import at, cycle, recovery, sleep, workout
from tests.postgres.conftest import Pool, Units, count

DAY = date(2025, 3, 10)
WAYS = {"executemany": upsert_many, "copy": copy_upsert}


def _cycles(n: int, energy: str = "2400", state: ScoreState = ScoreState.SCORED) -> list[Cycle]:
    return [
        cycle(at(DAY + timedelta(days=i), 23, 0), id=str(10**9 + i), energy=energy, state=state)
        for i in range(n)
    ]


async def _write(pool: Pool, way: str, table: UpsertTable, rows: list[tuple[object, ...]]) -> None:
    async with open_session(pool) as session:
        await WAYS[way](session, table, rows)
        await session.commit()


async def _xmins(raw: psycopg.AsyncConnection) -> list[int]:
    """Row versions: a row rewritten by an UPDATE gets a new xmin."""
    rows = await (await raw.execute("SELECT xmin::text FROM cycles ORDER BY id")).fetchall()
    return [int(x) for (x,) in rows]


@pytest.mark.parametrize("way", list(WAYS))
async def test_the_same_record_twice_is_one_updated_row(
    way: str, units: Units, pool: Pool, raw: psycopg.AsyncConnection
) -> None:
    user = await new_user(units)
    pending = [cycle_row(user.id, c) for c in _cycles(3, state=ScoreState.PENDING)]
    scored = [cycle_row(user.id, c) for c in _cycles(3, energy="2100")]
    await _write(pool, way, CYCLES, pending)
    await _write(pool, way, CYCLES, scored)
    assert await count(raw, "cycles") == 3
    async with units() as uow:
        assert list((await uow.recovery.all_of(user.id)).cycles) == _cycles(3, energy="2100")


@pytest.mark.parametrize("way", list(WAYS))
async def test_an_unchanged_record_is_not_rewritten(
    way: str, units: Units, pool: Pool, raw: psycopg.AsyncConnection
) -> None:
    user = await new_user(units)
    rows = [cycle_row(user.id, c) for c in _cycles(2)]
    await _write(pool, way, CYCLES, rows)
    before = await _xmins(raw)
    await _write(pool, way, CYCLES, rows)  # a sync's day of overlap fetches them again
    assert await _xmins(raw) == before
    changed = [cycle_row(user.id, c) for c in _cycles(2, energy="1999")]
    await _write(pool, way, CYCLES, changed)
    assert all(a != b for a, b in zip(await _xmins(raw), before, strict=True))


@pytest.mark.parametrize("way", list(WAYS))
async def test_within_one_batch_the_last_copy_of_a_record_wins(
    way: str, units: Units, pool: Pool, raw: psycopg.AsyncConnection
) -> None:
    user = await new_user(units)
    first, last = _cycles(1, energy="1000")[0], _cycles(1, energy="3000")[0]
    await _write(pool, way, CYCLES, [cycle_row(user.id, first), cycle_row(user.id, last)])
    async with units() as uow:
        assert (await uow.recovery.all_of(user.id)).cycles == (last,)
    assert await count(raw, "cycles") == 1


async def test_a_backfill_big_enough_for_copy_round_trips(
    units: Units, raw: psycopg.AsyncConnection
) -> None:
    """`RecoveryStore.upsert` switches to COPY for big batches; the records come back equal."""
    user = await new_user(units)
    days = COPY_FROM_ROWS + 10
    records = RecoveryRecords(
        cycles=tuple(_cycles(days)),
        sleeps=tuple(
            sleep(at(DAY + timedelta(days=i), 23, 30), at(DAY + timedelta(days=i + 1), 7, 0),
                  id=f"s{i}", cycle_id=str(10**9 + i))
            for i in range(days)
        ),
        recoveries=(recovery(at(DAY, 7, 5), cycle_id=str(10**9), sleep_id="s0"),),
        workouts=(workout(at(DAY, 18, 0), id="w0"),),
    )  # fmt: skip
    for _ in range(2):
        async with units() as uow:
            assert await uow.recovery.upsert(user.id, records) == records.count
            await uow.commit()
    assert await count(raw, "cycles") == days
    assert await count(raw, "sleeps") == days
    async with units() as uow:
        assert await uow.recovery.all_of(user.id) == records


async def test_a_failed_upsert_leaves_nothing_behind(
    units: Units, pool: Pool, raw: psycopg.AsyncConnection
) -> None:
    """One transaction: a batch for a user who does not exist writes no row at all."""
    user = await new_user(units)
    good = [cycle_row(user.id, c) for c in _cycles(5)]
    orphan = [cycle_row(UserId(user.id + 10**6), c) for c in _cycles(1)]
    for way in WAYS:
        with pytest.raises(UserNotFoundError, match="cycles_user_fkey"):
            await _write(pool, way, CYCLES, good + orphan)
    assert await count(raw, "cycles") == 0


async def test_a_value_the_schema_refuses_is_an_invalid_value(units: Units, pool: Pool) -> None:
    user = await new_user(units)
    row = list(cycle_row(user.id, _cycles(1)[0]))
    row[CYCLES.columns.index("utc_offset_minutes")] = 40_000  # beyond a smallint
    async with open_session(pool) as session:
        with pytest.raises(InvalidValueError, match="database refused a value"):
            await upsert_many(session, CYCLES, [tuple(row)])
