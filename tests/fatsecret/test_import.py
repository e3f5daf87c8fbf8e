"""The diary import: what the user logs in FatSecret itself shows in the product's totals,
late changes over the last 3 local days are followed, and our own lines are not counted
twice."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from domain.meals.entry import EntryOrigin
from domain.meals.intake import daily_intake
from domain.meals.meal_type import MealType
from domain.users import User
from tests.application.helpers import NOW, register, say
from tests.fakes.fatsecret import FatSecretFake, FatSecretUser, date_int
from tests.fatsecret.world import World

D = Decimal
TODAY = NOW.date()  # 10 March in Kyiv as well


async def _intake_kcal(world: World, user: User, day: date = TODAY) -> Decimal:
    entries = await world.entries(user.id)
    return daily_intake(entries, day).total.kcal


async def _linked_user(world: World) -> tuple[User, FatSecretUser]:
    user = await register(world.app)
    return user, await world.link(user.id)


async def test_an_entry_made_in_fatsecret_shows_in_the_days_intake(
    world: World, fake: FatSecretFake
) -> None:
    user, account = await _linked_user(world)
    fake.add_entry(
        account,
        food_id="35718",
        serving_id="32915",  # 1 medium apple, 182 g
        number_of_units=1,
        meal="lunch",
        day=date_int(TODAY),
    )

    synced = await world.import_diary(user.id)

    [entry] = await world.entries(user.id)
    assert synced.imported == 1
    assert (entry.origin, entry.meal, entry.local_date) == (
        EntryOrigin.DIARY,
        MealType.LUNCH,
        TODAY,
    )
    [item] = entry.items
    assert (item.canonical_name, item.grams) == ("Apples", D(182))
    assert await _intake_kcal(world, user) == D(95)  # FatSecret gives whole kilocalories


async def test_our_own_lines_are_not_counted_twice(world: World, fake: FatSecretFake) -> None:
    user, account = await _linked_user(world)
    await say(world.app, "150 g chicken breast")
    deferred = await world.import_diary(user.id)  # our write is still queued: today waits
    await world.drain_outbox()
    fake.add_entry(
        account, food_id="35755", serving_id="58486", number_of_units=100, meal="other",
        day=date_int(TODAY),
    )  # fmt: skip

    synced = await world.import_diary(user.id)
    again = await world.import_diary(user.id)

    assert deferred.deferred_dates == (TODAY,)
    assert (synced.imported, synced.already_known) == (1, 1)
    assert (again.imported, again.already_known) == (0, 2)
    assert await _intake_kcal(world, user) == D("247.5") + D(89)
    assert len(fake.diary(account)) == 2


async def test_late_edits_and_deletions_within_three_days_are_followed(
    world: World, fake: FatSecretFake
) -> None:
    user, account = await _linked_user(world)
    three_days_ago = TODAY - timedelta(days=3)
    four_days_ago = TODAY - timedelta(days=4)
    edited = fake.add_entry(
        account, food_id="4501", serving_id="17812", number_of_units=1, meal="dinner",
        day=date_int(three_days_ago),
    )  # fmt: skip
    deleted = fake.add_entry(
        account, food_id="3092", serving_id="11327", number_of_units=2, meal="breakfast",
        day=date_int(TODAY - timedelta(days=1)),
    )  # fmt: skip
    fake.add_entry(
        account, food_id="3092", serving_id="11327", number_of_units=1, meal="breakfast",
        day=date_int(four_days_ago),
    )  # fmt: skip
    first = await world.import_diary(user.id)

    fake.edit_entry(edited.food_entry_id, number_of_units=2)  # two cups of rice, not one
    fake.delete_entry(deleted.food_entry_id)
    second = await world.import_diary(user.id)

    assert first.imported == 2  # four days ago is past the look-back
    assert (second.updated, second.removed, second.imported) == (1, 1, 0)
    assert await _intake_kcal(world, user, three_days_ago) == D(411)
    assert await _intake_kcal(world, user, TODAY - timedelta(days=1)) == 0
    [rice] = [e for e in await world.entries(user.id) if e.local_date == three_days_ago]
    assert rice.items[0].grams == D(316)


async def test_a_lone_line_given_as_an_object_and_an_empty_day_in_any_form(
    world: World, fake: FatSecretFake
) -> None:
    user, account = await _linked_user(world)
    fake.single_child_as_object = True
    for shape in ("null", "missing", "empty_list"):
        fake.empty_day = shape  # type: ignore[assignment]
        assert (await world.import_diary(user.id)).imported == 0
    fake.add_entry(
        account, food_id="58349", serving_id="101234", number_of_units=1, meal="breakfast",
        day=date_int(TODAY),
    )  # fmt: skip

    synced = await world.import_diary(user.id)

    assert synced.imported == 1
    assert await _intake_kcal(world, user) == D(100)


async def test_month_totals_list_only_days_with_lines(world: World, fake: FatSecretFake) -> None:
    user, account = await _linked_user(world)
    fake.add_entry(
        account, food_id="3092", serving_id="11327", number_of_units=2, meal="breakfast",
        day=date_int(date(2025, 3, 2)),
    )  # fmt: skip
    credentials = await world.credentials(user.id)
    assert credentials is not None

    totals = await world.diary.month_totals(credentials, TODAY)

    assert list(totals) == [date(2025, 3, 2)]
    assert totals[date(2025, 3, 2)].kcal == D(143)
