from datetime import date, timedelta
from decimal import Decimal

import msgspec
import pytest

from domain.errors import AlreadyExistsError, EntryNotFoundError
from domain.meals.entry import EntryOrigin, FoodEntry
from domain.meals.food import FatSecretFood, FoodItem, OwnFood
from domain.meals.nutrients import Nutrients
from domain.meals.portions import GramsBasis
from tests.contracts.seed import UowFactory, new_user, next_id
from tests.domain.builders import at, entry, item

D = Decimal
DAY = date(2025, 3, 10)


async def _add(uow_factory: UowFactory, *entries: FoodEntry) -> None:
    async with uow_factory() as uow:
        for e in entries:
            await uow.food_log.add(e)
        await uow.commit()


async def test_an_entry_comes_back_exactly_as_stored(uow_factory: UowFactory) -> None:
    user = await new_user(uow_factory)
    precise = FoodItem(
        name_as_said="гречка",
        canonical_name="Buckwheat groats, cooked",
        source=FatSecretFood(food_id="35718", serving_id="7"),
        grams=D("256.7752348921202597492627238"),
        nutrients=Nutrients(kcal=D("236.2332161007506389693217059"), protein=D("8.6")),
        basis=GramsBasis.PORTION,
        portion_label="cup",
        count=D("1.5"),
        diary_ref="d-1",
    )
    unweighed = FoodItem(
        name_as_said="borscht",
        canonical_name="Borscht",
        source=OwnFood(name="borscht"),
        grams=None,
        nutrients=Nutrients(kcal=D(300)),
    )
    stored = msgspec.structs.replace(
        entry(id=next_id(), user_id=user.id, items=(precise, unweighed)), origin=EntryOrigin.DIARY
    )
    await _add(uow_factory, stored)
    async with uow_factory() as uow:
        assert await uow.food_log.get(user.id, stored.id) == stored


async def test_entries_are_private_to_their_user(uow_factory: UowFactory) -> None:
    owner, other = await new_user(uow_factory), await new_user(uow_factory)
    mine = entry(id=next_id(), user_id=owner.id)
    await _add(uow_factory, mine)
    async with uow_factory() as uow:
        assert await uow.food_log.get(other.id, mine.id) is None
        assert await uow.food_log.between(other.id, DAY, DAY) == []
        with pytest.raises(EntryNotFoundError):
            await uow.food_log.update(msgspec.structs.replace(mine, user_id=other.id))
        with pytest.raises(EntryNotFoundError):
            await uow.food_log.update(entry(id=next_id(), user_id=owner.id))


async def test_an_entry_id_is_used_once(uow_factory: UowFactory) -> None:
    user = await new_user(uow_factory)
    once = entry(id=next_id(), user_id=user.id)
    await _add(uow_factory, once)
    with pytest.raises(AlreadyExistsError):
        await _add(uow_factory, once)


async def test_update_and_between(uow_factory: UowFactory) -> None:
    user = await new_user(uow_factory)
    late = entry(id=next_id(), user_id=user.id, eaten_at=at(DAY, 20, 0))
    early = entry(id=next_id(), user_id=user.id, eaten_at=at(DAY, 8, 0))
    before = entry(id=next_id(), user_id=user.id, eaten_at=at(DAY - timedelta(days=1), 23, 59))
    after = entry(id=next_id(), user_id=user.id, eaten_at=at(DAY + timedelta(days=1), 0, 1))
    await _add(uow_factory, late, early, before, after)
    async with uow_factory() as uow:
        await uow.food_log.update(late.undone())
        await uow.commit()
    async with uow_factory() as uow:
        today = await uow.food_log.between(user.id, DAY, DAY)
        assert [e.id for e in today] == [early.id, late.id]  # by time eaten, undone included
        assert today[1].is_logged is False
        three = await uow.food_log.between(
            user.id, DAY - timedelta(days=1), DAY + timedelta(days=1)
        )
        assert len(three) == 4
        assert [e.id for e in await uow.food_log.all_of(user.id)] == [
            before.id, early.id, late.id, after.id,
        ]  # fmt: skip


async def test_last_logged_skips_undone_entries(uow_factory: UowFactory) -> None:
    user = await new_user(uow_factory)
    async with uow_factory() as uow:
        assert await uow.food_log.last_logged(user.id) is None
    first = entry(id=next_id(), user_id=user.id, eaten_at=at(DAY, 8, 0))
    second = entry(id=next_id(), user_id=user.id, eaten_at=at(DAY, 9, 0))
    await _add(uow_factory, first, second)
    async with uow_factory() as uow:
        assert await uow.food_log.last_logged(user.id) == second
        await uow.food_log.update(second.undone())
        assert await uow.food_log.last_logged(user.id) == first


async def test_find_by_diary_ref(uow_factory: UowFactory) -> None:
    user, other = await new_user(uow_factory), await new_user(uow_factory)
    written = entry(id=next_id(), user_id=user.id, items=(item("50"), item("60", diary_ref="x-9")))
    await _add(uow_factory, written)
    async with uow_factory() as uow:
        assert await uow.food_log.by_diary_ref(user.id, "x-9") == written
        assert await uow.food_log.by_diary_ref(other.id, "x-9") is None
        assert await uow.food_log.by_diary_ref(user.id, "nope") is None


async def test_recent_grams_of_a_food(uow_factory: UowFactory) -> None:
    user = await new_user(uow_factory)
    older = entry(id=next_id(), user_id=user.id, eaten_at=at(DAY, 8, 0), items=(item("120"),))
    newer = entry(id=next_id(), user_id=user.id, eaten_at=at(DAY, 9, 0), items=(item("80"),))
    newest = entry(id=next_id(), user_id=user.id, eaten_at=at(DAY, 10, 0), items=(item("999"),))
    other_food = entry(
        id=next_id(), user_id=user.id, eaten_at=at(DAY, 11, 0), items=(item("30", ndb_no="09040"),)
    )
    await _add(uow_factory, older, newer, newest.undone(), other_food)
    async with uow_factory() as uow:
        assert await uow.food_log.recent_grams(user.id, "usda:01123") == D(80)
        assert await uow.food_log.recent_grams(user.id, "usda:09040") == D(30)
        assert await uow.food_log.recent_grams(user.id, "usda:00000") is None
        keys = ["usda:01123", "usda:09040", "usda:00000", "usda:01123"]
        assert await uow.food_log.recent_grams_of(user.id, keys) == {
            "usda:01123": D(80),
            "usda:09040": D(30),
        }
        assert await uow.food_log.recent_grams_of(user.id, []) == {}


async def test_previous_choice_for_the_same_words(uow_factory: UowFactory) -> None:
    user = await new_user(uow_factory)
    other_user = await new_user(uow_factory)
    kept = entry(
        id=next_id(),
        user_id=user.id,
        eaten_at=at(DAY, 8, 0),
        items=(item("200", name="каша", ndb_no="08121"),),
    )
    newer_but_undone = entry(
        id=next_id(),
        user_id=user.id,
        eaten_at=at(DAY, 9, 0),
        items=(item("200", name="каша", ndb_no="20010"),),
    )
    not_theirs = entry(
        id=next_id(),
        user_id=other_user.id,
        eaten_at=at(DAY, 10, 0),
        items=(item("200", name="каша", ndb_no="09040"),),
    )
    await _add(uow_factory, kept, newer_but_undone.undone(), not_theirs)
    async with uow_factory() as uow:
        assert await uow.food_log.previous_choice(user.id, "  Каша  ") == "usda:08121"
        assert await uow.food_log.previous_choice(other_user.id, "каша") == "usda:09040"
        assert await uow.food_log.previous_choice(user.id, "гречка") is None
        names = ["  Каша  ", "гречка", "каша"]
        assert await uow.food_log.previous_choices(user.id, names) == {"каша": "usda:08121"}
        assert await uow.food_log.previous_choices(other_user.id, ["КАША"]) == {
            "каша": "usda:09040"
        }
        assert await uow.food_log.previous_choices(user.id, []) == {}
