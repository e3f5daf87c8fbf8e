from datetime import date, time
from decimal import Decimal

import pytest

from adapters.memory.catalog import SmallFoodCatalog, known_food
from adapters.memory.kit import MemoryApplication, MemoryKit
from application.meals.food_lookup import choose_candidate, said_amount
from application.meals.log_food import LogFoodRequest
from application.meals.undo_entry import UndoEntryRequest
from application.ports.assistant import InterpretedItem
from application.ports.diary_outbox import DiaryAction
from domain.connections import Provider
from domain.errors import UserNotFoundError
from domain.ids import UserId
from domain.meals.meal_type import MealType
from domain.meals.portions import GramsBasis
from domain.meals.units import Unit
from tests.application.helpers import entries_of, link, register

D = Decimal


def said(
    name: str, quantity: str | None = None, unit: str | None = None, **kw: object
) -> InterpretedItem:
    return InterpretedItem(
        name_as_said=name,
        lookup_name=name,
        quantity=D(quantity) if quantity else None,
        unit=unit,
        **kw,  # type: ignore[arg-type]
    )


async def log(app: MemoryApplication, user_id: UserId, *items: InterpretedItem, **kw: object):  # type: ignore[no-untyped-def]
    request = LogFoodRequest(user_id=user_id, items=items, source_text="test", **kw)  # type: ignore[arg-type]
    return await app.log_food.execute(request)


async def test_the_users_own_recent_portion_comes_before_a_typical_one(
    app: MemoryApplication,
) -> None:
    user = await register(app)
    first = await log(app, user.id, said("rice"))
    assert first.entry is not None
    assert first.entry.items[0].basis is GramsBasis.DEFAULT_PORTION
    assert "one typical portion (cup)" in first.reply
    await log(app, user.id, said("rice", "150", "g"))
    again = await log(app, user.id, said("rice"))
    assert again.entry is not None
    assert (again.entry.items[0].grams, again.entry.items[0].basis) == (D(150), GramsBasis.RECENT)
    assert "same amount as last time" in again.reply
    assert again.day.total.kcal == D("205.4") + D(195) + D(195)


async def test_the_models_estimate_is_a_fallback_said_aloud(kit: MemoryKit) -> None:
    kit.catalog = SmallFoodCatalog(
        [known_food("99999", "Granola", ("450", "10", "15", "60", "6", "20"), [], ["granola"])]
    )
    app = MemoryApplication(kit)
    user = await register(app)
    logged = await log(app, user.id, said("granola", grams_estimate=D(60)))
    assert logged.entry is not None
    assert (logged.entry.items[0].grams, logged.entry.items[0].basis) == (
        D(60),
        GramsBasis.ESTIMATE,
    )
    assert "an estimate" in logged.reply
    unknown_weight = await log(app, user.id, said("granola", "2"))
    assert unknown_weight.entry is not None
    assert unknown_weight.entry.items[0].grams == D(120)  # 2 × the recent 60 g
    assert "same amount as last time" in unknown_weight.reply


async def test_a_stated_default_when_nothing_is_known(kit: MemoryKit) -> None:
    kit.catalog = SmallFoodCatalog(
        [known_food("99999", "Granola", ("450", "10", "15", "60", "6", "20"), [], ["granola"])]
    )
    app = MemoryApplication(kit)
    user = await register(app)
    logged = await log(app, user.id, said("granola"))
    assert logged.entry is not None
    assert logged.entry.items[0].basis is GramsBasis.DEFAULT
    assert "I counted 100 g" in logged.reply


async def test_a_linked_diary_gets_an_outbox_row_with_the_entry(
    app: MemoryApplication, kit: MemoryKit
) -> None:
    user = await register(app)
    unlinked = await log(app, user.id, said("egg", "2"))
    assert not unlinked.diary_write_queued
    await link(app, user.id, Provider.FATSECRET, "fs")
    linked = await log(app, user.id, said("egg", "2"))
    assert linked.diary_write_queued and linked.entry is not None
    async with kit.uow() as uow:
        [item] = await uow.diary_outbox.pending_for(user.id)
    assert (item.entry_id, item.action, item.local_date) == (
        linked.entry.id,
        DiaryAction.CREATE,
        date(2025, 3, 10),
    )


async def test_a_time_later_than_now_means_yesterday(app: MemoryApplication) -> None:
    user = await register(app)  # it is 08:30 in Kyiv
    logged = await log(
        app, user.id, said("salmon", "200", "g"), meal_hint=MealType.DINNER, time_hint=time(20, 0)
    )
    assert logged.entry is not None
    assert logged.entry.local_date == date(2025, 3, 9)
    assert logged.entry.meal is MealType.DINNER
    earlier = await log(app, user.id, said("egg", "1"), time_hint=time(7, 0))
    assert earlier.entry is not None
    assert (earlier.entry.local_date, earlier.entry.meal) == (date(2025, 3, 10), MealType.BREAKFAST)


async def test_unknown_foods_and_bad_amounts_are_reported_not_guessed(
    app: MemoryApplication, kit: MemoryKit
) -> None:
    user = await register(app)
    logged = await log(
        app,
        user.id,
        said("egg", "2"),
        said("unobtainium", "1"),
        said("banana", "1e9", "g"),
        said("rice", "0"),
    )
    assert logged.entry is not None and len(logged.entry.items) == 1
    assert logged.not_found == ("unobtainium",)
    assert logged.bad_amount == ("banana", "rice")
    assert "could not find: unobtainium" in logged.reply
    assert "does not look right for: banana, rice" in logged.reply
    nothing = await log(app, user.id, said("unobtainium"))
    assert nothing.entry is None
    assert len(await entries_of(kit, user.id)) == 1


async def test_logging_for_an_unknown_user_fails(app: MemoryApplication) -> None:
    with pytest.raises(UserNotFoundError):
        await log(app, UserId(404), said("egg"))


def test_the_candidate_sharing_most_words_wins() -> None:
    raw, cooked = (
        known_food("20444", "Rice, white, raw", ("365", "7", "1", "80", "1", "0"), [], []).food,
        known_food("20045", "Rice, white, cooked", ("130", "3", "0", "28", "0", "0"), [], []).food,
    )
    assert choose_candidate("rice cooked", [raw, cooked]) == cooked
    assert choose_candidate("rice", [raw, cooked]) == raw  # a tie keeps the catalog's order
    assert choose_candidate("rice", []) is None


def test_said_amounts() -> None:
    assert said_amount(said("milk", None, "cup")).amount == D(1)  # "a cup of milk"
    assert said_amount(said("bread", "2", "slices")).portion_word == "slices"
    assert said_amount(said("rice", "200", "г")).unit is Unit.GRAM


def _two_porridges(first: str) -> SmallFoodCatalog:
    buckwheat = known_food(
        "20010",
        "Buckwheat groats, roasted, cooked",
        ("92", "3.38", "0.62", "19.94", "2.7", "0.9"),
        [("cup", "168", None)],
        ["каша", "гречка"],
    )
    oatmeal = known_food(
        "08121",
        "Cereals, oats, regular, cooked with water",
        ("71", "2.54", "1.52", "12", "1.7", "0.27"),
        [("cup", "234", None)],
        ["каша", "вівсянка"],
    )
    return SmallFoodCatalog([buckwheat, oatmeal] if first == "buckwheat" else [oatmeal, buckwheat])


async def test_the_food_kept_for_the_same_words_last_time_wins_over_the_ranking(
    kit: MemoryKit,
) -> None:
    kit.catalog = _two_porridges(first="oatmeal")
    user = await register(MemoryApplication(kit))
    first = await log(MemoryApplication(kit), user.id, said("каша"))
    assert first.entry is not None and first.entry.items[0].canonical_name.startswith(
        "Cereals, oats"
    )

    kit.catalog = _two_porridges(first="buckwheat")  # the catalog now ranks buckwheat first
    again = await log(MemoryApplication(kit), user.id, said("Каша "))
    assert again.entry is not None
    assert again.entry.items[0].canonical_name.startswith("Cereals, oats")
    other_words = await log(MemoryApplication(kit), user.id, said("гречка"))
    assert other_words.entry is not None
    assert other_words.entry.items[0].canonical_name.startswith("Buckwheat")


async def test_an_undone_choice_is_not_preferred(kit: MemoryKit) -> None:
    kit.catalog = _two_porridges(first="oatmeal")
    app = MemoryApplication(kit)
    user = await register(app)
    await log(app, user.id, said("каша"))
    await app.undo_entry.execute(UndoEntryRequest(user_id=user.id))
    kit.catalog = _two_porridges(first="buckwheat")
    again = await log(MemoryApplication(kit), user.id, said("каша"))
    assert again.entry is not None
    assert again.entry.items[0].canonical_name.startswith("Buckwheat")
