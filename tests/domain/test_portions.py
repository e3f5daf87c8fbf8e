from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import InvalidQuantityError
from domain.meals.portions import (
    DEFAULT_GRAMS,
    GramsBasis,
    Portion,
    SaidAmount,
    default_portion,
    resolve_grams,
)
from domain.meals.units import Unit

D = Decimal
EGG_PORTIONS = (
    Portion(label="large", grams=D(50)),
    Portion(label="medium", grams=D(44)),
    Portion(label="cup (4.86 large eggs)", grams=D(243), unit=Unit.CUP),
)
MILK_PORTIONS = (Portion(label="cup", grams=D(244), unit=Unit.CUP),)


def test_an_explicit_weight_wins_over_everything() -> None:
    resolved = resolve_grams(
        SaidAmount(amount=D(2), unit=Unit.OUNCE),
        portions=EGG_PORTIONS,
        recent_grams=D(10),
        estimate_grams=D(20),
    )
    assert resolved.grams == D("56.69904625")
    assert resolved.basis is GramsBasis.STATED
    assert not resolved.assumed


def test_a_volume_uses_the_same_measure_of_the_food() -> None:
    resolved = resolve_grams(SaidAmount(amount=D(2), unit=Unit.CUP), portions=MILK_PORTIONS)
    assert resolved.grams == D(488)
    assert resolved.basis is GramsBasis.STATED


def test_a_volume_uses_the_foods_density_from_another_measure() -> None:
    resolved = resolve_grams(
        SaidAmount(amount=D(250), unit=Unit.MILLILITRE), portions=MILK_PORTIONS
    )
    assert resolved.grams == D("257.8")  # 250 ml × 244 g / 236.59 ml, to 0.1 g
    assert not resolved.assumed


def test_a_volume_of_an_unknown_density_is_weighed_as_water_and_said() -> None:
    resolved = resolve_grams(SaidAmount(amount=D("0.5"), unit=Unit.LITRE))
    assert resolved.grams == D(500)
    assert resolved.basis is GramsBasis.VOLUME_AS_WATER
    assert resolved.assumed


def test_a_count_takes_the_default_household_portion() -> None:
    resolved = resolve_grams(SaidAmount(amount=D(2)), portions=EGG_PORTIONS, recent_grams=D(70))
    assert resolved.grams == D(100)
    assert resolved.basis is GramsBasis.PORTION
    assert resolved.portion == EGG_PORTIONS[0]
    assert resolved.count == D(2)


def test_a_named_portion_is_chosen_by_its_word() -> None:
    resolved = resolve_grams(SaidAmount(amount=D(3), portion_word="Medium"), portions=EGG_PORTIONS)
    assert resolved.grams == D(132)


def test_a_portion_marked_default_comes_first() -> None:
    portions = (
        Portion(label="slice", grams=D(29)),
        Portion(label="loaf", grams=D(450), is_default=True),
    )
    assert default_portion(portions) == portions[1]
    assert default_portion(()) is None
    only_units = (Portion(label="cup", grams=D(158), unit=Unit.CUP),)
    assert default_portion(only_units) == only_units[0]


def test_a_count_without_portions_uses_the_users_recent_portion() -> None:
    resolved = resolve_grams(SaidAmount(amount=D(2)), recent_grams=D(80))
    assert (resolved.grams, resolved.basis, resolved.assumed) == (D(160), GramsBasis.RECENT, True)


def test_a_count_without_portions_or_history_takes_the_estimate() -> None:
    resolved = resolve_grams(SaidAmount(amount=D(2), unit=Unit.PIECE), estimate_grams=D(90))
    assert (resolved.grams, resolved.basis) == (D(90), GramsBasis.ESTIMATE)


def test_a_count_of_the_unknown_is_a_stated_default() -> None:
    resolved = resolve_grams(SaidAmount(amount=D(2)))
    assert (resolved.grams, resolved.basis, resolved.assumed) == (
        2 * DEFAULT_GRAMS,
        GramsBasis.DEFAULT,
        True,
    )


def test_no_amount_prefers_the_users_own_portion() -> None:
    resolved = resolve_grams(
        SaidAmount(), portions=EGG_PORTIONS, recent_grams=D(120), estimate_grams=D(60)
    )
    assert (resolved.grams, resolved.basis) == (D(120), GramsBasis.RECENT)


def test_no_amount_then_the_estimate_then_one_typical_portion() -> None:
    estimated = resolve_grams(SaidAmount(), portions=EGG_PORTIONS, estimate_grams=D(60))
    assert (estimated.grams, estimated.basis) == (D(60), GramsBasis.ESTIMATE)
    typical = resolve_grams(SaidAmount(), portions=EGG_PORTIONS)
    assert (typical.grams, typical.basis, typical.assumed) == (
        D(50),
        GramsBasis.DEFAULT_PORTION,
        True,
    )


def test_never_a_silent_default() -> None:
    resolved = resolve_grams(SaidAmount())
    assert resolved.grams == DEFAULT_GRAMS
    assert resolved.assumed


@pytest.mark.parametrize(
    "said",
    [
        lambda: SaidAmount(amount=D(0)),
        lambda: SaidAmount(amount=D(-2)),
        lambda: SaidAmount(unit=Unit.GRAM),
        lambda: resolve_grams(SaidAmount(amount=D("1e9"), unit=Unit.GRAM)),
        lambda: resolve_grams(SaidAmount(amount=D(200)), portions=EGG_PORTIONS),  # 10 kg of eggs
        lambda: Portion(label=" ", grams=D(1)),
        lambda: Portion(label="x", grams=D(0)),
    ],
)
def test_nonsense_amounts_are_refused(said: object) -> None:
    with pytest.raises(InvalidQuantityError):
        said()  # type: ignore[operator]


@given(
    st.decimals(min_value="0.5", max_value=20, places=1),
    st.decimals(min_value=1, max_value=200, places=1),
)
def test_a_count_of_portions_is_count_times_weight(count: D, grams: D) -> None:
    portion = Portion(label="piece", grams=grams)
    resolved = resolve_grams(SaidAmount(amount=count), portions=(portion,))
    assert resolved.grams == count * grams
