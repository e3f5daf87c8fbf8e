from datetime import datetime
from decimal import Decimal

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import (
    ImplausibleNutrientsError,
    InvalidEditError,
    InvalidQuantityError,
    InvalidValueError,
    NaiveDatetimeError,
)
from domain.meals.entry import EntryStatus, FoodEntry
from domain.meals.food import FatSecretFood, FoodItem, OwnFood, UsdaFood, food_key
from domain.meals.nutrients import Nutrients
from domain.meals.portions import GramsBasis, Portion, ResolvedGrams
from tests.domain.builders import EGG, entry, item

D = Decimal


def test_a_weighed_item_holds_the_nutrients_of_its_grams() -> None:
    resolved = ResolvedGrams(
        grams=D(100),
        basis=GramsBasis.PORTION,
        portion=Portion(label="large", grams=D(50)),
        count=D(2),
    )
    egg = FoodItem.weighed(
        name_as_said="2 яйця",
        canonical_name="Egg, whole, raw",
        source=UsdaFood(ndb_no="01123"),
        per_100g=EGG,
        resolved=resolved,
    )
    assert egg.nutrients == EGG.nutrients
    assert (egg.portion_label, egg.count, egg.assumed) == ("large", D(2), False)


@given(st.decimals(min_value=1, max_value=5000, places=1))
def test_reweighing_an_item_scales_its_nutrients(grams: D) -> None:
    edited = item("100").with_grams(grams)
    assert edited.grams == grams
    assert edited.basis is GramsBasis.STATED
    assert abs(edited.nutrients.kcal - D(143) * grams / 100) < D("1e-20")


def test_an_item_refuses_impossible_weights_and_densities() -> None:
    with pytest.raises(InvalidQuantityError):
        item("0")
    with pytest.raises(InvalidQuantityError):
        item("5001")
    with pytest.raises(ImplausibleNutrientsError):
        FoodItem(
            name_as_said="x",
            canonical_name="x",
            source=OwnFood(name="x"),
            grams=D(10),
            nutrients=Nutrients(kcal=D(200)),  # 2,000 kcal per 100 g
        )
    with pytest.raises(InvalidValueError):
        item(name=" ")
    with pytest.raises(InvalidQuantityError):
        item().with_grams(D(0))


def test_an_item_without_weight_cannot_be_reweighed() -> None:
    imported = item(grams=None)
    with pytest.raises(InvalidEditError):
        imported.with_grams(D(100))


def test_food_keys_name_the_same_food_the_same_way() -> None:
    assert food_key(UsdaFood(ndb_no="01123")) == "usda:01123"
    assert food_key(FatSecretFood(food_id="35718", serving_id="1")) == "fatsecret:35718"
    assert food_key(OwnFood(name=" Granola ")) == "own:granola"


def test_an_entry_totals_its_items() -> None:
    two = entry(items=(item("100"), item("50")))
    assert two.total().kcal == D("214.5")


def test_undo_and_edit() -> None:
    logged = entry(items=(item("100"), item("50")))
    edited = logged.with_item_grams(1, D(100))
    assert edited.total().kcal == D(286)
    undone = edited.undone()
    assert undone.status is EntryStatus.UNDONE
    with pytest.raises(InvalidEditError):
        undone.undone()
    with pytest.raises(InvalidEditError):
        undone.with_item_grams(0, D(10))
    with pytest.raises(InvalidEditError):
        logged.with_item_grams(5, D(10))


def test_diary_refs_are_set_per_item() -> None:
    logged = entry(items=(item("100"), item("50")))
    assert logged.diary_refs == ()
    written = logged.with_diary_refs(["d1", "d2"])
    assert written.diary_refs == ("d1", "d2")
    with pytest.raises(InvalidEditError):
        logged.with_diary_refs(["d1"])


def test_an_entry_needs_food_and_aware_times() -> None:
    with pytest.raises(InvalidValueError):
        msgspec.structs.replace(entry(), items=())
    with pytest.raises(NaiveDatetimeError):
        msgspec.structs.replace(entry(), eaten_at=datetime(2025, 1, 1, 8, 0))


def test_an_entry_round_trips_through_json() -> None:
    original = entry(items=(item("100", diary_ref="d1"),))
    decoded = msgspec.json.decode(msgspec.json.encode(original), type=FoodEntry)
    assert decoded == original
