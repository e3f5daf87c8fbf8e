"""Diary writes through the outbox, end to end: the user logs, undoes and re-weighs in the chat,
the outbox job carries each change to the fake FatSecret — once, whatever fails on the way."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import httpx

from adapters.memory.catalog import SmallFoodCatalog
from adapters.memory.kit import MemoryKit
from application.sync.drain_diary_outbox import OUTCOME_UNKNOWN, retry_delay
from domain.users import User
from tests.application.helpers import NOW, register, say
from tests.fakes.fatsecret import FatSecretFake, FatSecretUser, date_int
from tests.fatsecret.world import World

D = Decimal
TODAY = date_int(NOW.date())


async def _linked_user(world: World) -> tuple[User, FatSecretUser]:
    user = await register(world.app)
    account = await world.link(user.id)
    return user, account


async def test_a_logged_meal_becomes_exactly_one_diary_line(
    world: World, fake: FatSecretFake
) -> None:
    user, account = await _linked_user(world)
    await say(world.app, "150 g chicken breast")

    drained = await world.drain_outbox()
    again = await world.drain_outbox()

    [line] = fake.diary(account)
    assert (line.food_id, line.serving_id, line.number_of_units) == ("1641", "50990", D(150))
    assert (line.date_int, line.meal, line.food_entry_name) == (
        TODAY,
        "breakfast",
        "Chicken Breast (Skinless, Roasted)",
    )
    assert line.calories == D("247.5")
    [entry] = await world.entries(user.id)
    assert entry.diary_refs == (line.food_entry_id,)
    assert (drained.written, again.written) == (1, 0)
    assert fake.count("food_entry.create") == 1


async def test_a_meal_from_another_catalog_is_matched_to_a_fatsecret_food(
    kit: MemoryKit, fake: FatSecretFake, http: httpx.AsyncClient
) -> None:
    world = World(kit, fake, http, catalog=SmallFoodCatalog())  # USDA numbers
    _user, account = await _linked_user(world)
    await say(world.app, "2 eggs")  # 2 × large (50 g) of "Egg, whole, raw, fresh"

    await world.drain_outbox()

    [line] = fake.diary(account)
    assert (line.food_id, line.serving_id, line.number_of_units) == ("3092", "50321", D(100))
    assert line.food_entry_name == "Egg, whole, raw, fresh"


async def test_a_create_that_timed_out_after_landing_is_reconciled_not_repeated(
    world: World, fake: FatSecretFake
) -> None:
    user, account = await _linked_user(world)
    await say(world.app, "a banana")
    fake.time_out_next("food_entry.create", after_commit=True, seconds=10)

    lost = await world.drain_outbox()
    [item] = await world.outbox(user.id)
    assert (lost.failed, item.last_error, item.is_pending) == (1, OUTCOME_UNKNOWN, True)
    world.kit.clock.advance(retry_delay(0))
    found = await world.drain_outbox()

    [line] = fake.diary(account)
    [entry] = await world.entries(user.id)
    assert found.reconciled == 1
    assert entry.diary_refs == (line.food_entry_id,)
    assert fake.count("food_entry.create") == 1
    assert not (await world.outbox(user.id))[0].is_pending


async def test_a_create_that_timed_out_before_landing_is_written_once(
    world: World, fake: FatSecretFake
) -> None:
    _user, account = await _linked_user(world)
    await say(world.app, "a banana")
    fake.time_out_next("food_entry.create", after_commit=False, seconds=10)

    await world.drain_outbox()
    world.kit.clock.advance(retry_delay(0))
    written = await world.drain_outbox()

    [line] = fake.diary(account)
    assert written.written == 1 and line.number_of_units == D(118)  # one medium banana
    assert fake.count("food_entry.create") == 2


async def test_fatsecret_down_for_an_hour_loses_nothing_and_doubles_nothing(
    kit: MemoryKit, fake: FatSecretFake, http: httpx.AsyncClient
) -> None:
    # Foods come from the built-in catalog, so the chat keeps working while FatSecret is down.
    world = World(kit, fake, http, catalog=SmallFoodCatalog())
    user, account = await _linked_user(world)
    await say(world.app, "2 eggs")
    await say(world.app, "a banana")
    await world.drain_outbox()  # both written before the outage
    fake.fail_requests(10_000, status=503)  # every call refused, for an hour
    await say(world.app, "make it 130 g")  # the banana
    await say(world.app, "200 g rice")
    await say(world.app, "an apple")
    await say(world.app, "undo")  # the apple, never written
    await say(world.app, "make it 250 g")  # the rice, not written yet
    await say(world.app, "150 g buckwheat")
    # When FatSecret answers again, the first create lands but its answer is lost.
    fake.time_out_next("food_entry.create", after_commit=True, seconds=10)
    for _ in range(6):  # the worker runs on, backing off
        await world.drain_outbox()
        kit.clock.advance(timedelta(minutes=10))
    with fake.lock:
        fake.failures_pending.clear()  # FatSecret is back
    for _ in range(4):
        kit.clock.advance(timedelta(hours=1))
        await world.drain_outbox()

    lines = sorted((line.food_id, line.number_of_units) for line in fake.diary(account))
    assert lines == sorted(
        [("3092", D(100)), ("35755", D(130)), ("4501", D(250)), ("38710", D(150))]
    )
    assert all(not item.is_pending for item in await world.outbox(user.id))
    logged = [e for e in await world.entries(user.id) if e.is_logged]
    assert sorted(ref for e in logged for ref in e.diary_refs) == sorted(
        line.food_entry_id for line in fake.diary(account)
    )
    landed = [c for c in fake.calls if c.api_method == "food_entry.create" and c.http_status == 200]
    assert len(landed) == 4  # the create whose answer was lost was not posted again


async def test_undo_deletes_the_diary_line(world: World, fake: FatSecretFake) -> None:
    _user, account = await _linked_user(world)
    await say(world.app, "150 g chicken breast")
    await world.drain_outbox()

    await say(world.app, "undo")
    drained = await world.drain_outbox()

    assert drained.written == 1
    assert fake.diary(account) == []
    assert fake.count("food_entry.delete") == 1


async def test_undo_of_a_meal_whose_create_was_lost_removes_what_landed(
    world: World, fake: FatSecretFake
) -> None:
    user, account = await _linked_user(world)
    await say(world.app, "a banana")
    fake.time_out_next("food_entry.create", after_commit=True, seconds=10)
    await world.drain_outbox()  # landed, unacknowledged

    await say(world.app, "undo")
    for _ in range(2):
        world.kit.clock.advance(retry_delay(0))
        await world.drain_outbox()

    assert fake.diary(account) == []
    assert all(not item.is_pending for item in await world.outbox(user.id))


async def test_new_grams_edit_the_diary_line(world: World, fake: FatSecretFake) -> None:
    _user, account = await _linked_user(world)
    await say(world.app, "150 g chicken breast")
    await world.drain_outbox()
    [written] = fake.diary(account)

    await say(world.app, "make it 200 g")
    await world.drain_outbox()

    [edited] = fake.diary(account)
    assert edited.food_entry_id == written.food_entry_id
    assert (edited.number_of_units, edited.calories) == (D(200), D(330))
    assert fake.count("food_entry.edit") == 1


async def test_the_diary_date_is_the_users_local_day_around_midnight(
    world: World, fake: FatSecretFake
) -> None:
    # 22:30 UTC on 9 March is 00:30 on 10 March in Kyiv (UTC+2).
    world.kit.clock.set(datetime(2025, 3, 9, 22, 30, tzinfo=UTC))
    _user, account = await _linked_user(world)
    await say(world.app, "a banana")

    await world.drain_outbox()

    [line] = fake.diary(account)
    assert line.date_int == date_int(datetime(2025, 3, 10).date()) == TODAY
    assert line.meal == "other"  # half past midnight is a snack
