from decimal import Decimal

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import ImplausibleNutrientsError, InvalidValueError
from domain.meals.nutrients import (
    Nutrients,
    NutrientsPer100g,
    check_density,
    round_grams,
    round_kcal,
    to_decimal,
)

D = Decimal
# Amounts as people and catalogs write them: up to two decimal places.
amounts = st.decimals(min_value=0, max_value=2000, places=2, allow_nan=False, allow_infinity=False)
grams = st.decimals(min_value=0, max_value=5000, places=1, allow_nan=False, allow_infinity=False)
nutrients = st.builds(Nutrients, kcal=amounts, protein=amounts, fat=amounts, carbohydrate=amounts)
densities = st.builds(
    lambda kcal, p, f, c: NutrientsPer100g(
        nutrients=Nutrients(kcal=kcal, protein=p, fat=f, carbohydrate=c)
    ),
    st.decimals(min_value=0, max_value=902, places=2),
    st.decimals(min_value=0, max_value=33, places=2),
    st.decimals(min_value=0, max_value=33, places=2),
    st.decimals(min_value=0, max_value=33, places=2),
)


@given(st.lists(nutrients, max_size=30))
def test_a_total_is_exact_and_independent_of_order(parts: list[Nutrients]) -> None:
    forwards = Nutrients.total(parts)
    backwards = Nutrients.total(reversed(parts))
    assert forwards == backwards
    assert forwards.kcal == sum((p.kcal for p in parts), D(0))


def test_no_float_drift_in_a_day_of_tenths() -> None:
    # 0.1 added ten times is 1.0 exactly (0.9999999999999999 with floats).
    total = Nutrients.total([Nutrients(kcal=D("0.1"), protein=D("0.1"))] * 10)
    assert total.kcal == D(1)
    assert total.protein == D(1)


@given(densities, grams, grams)
def test_scaling_by_grams_adds_up_exactly(density: NutrientsPer100g, a: D, b: D) -> None:
    assert density.for_grams(a) + density.for_grams(b) == density.for_grams(a + b)


@given(densities)
def test_100_grams_is_the_density_itself(density: NutrientsPer100g) -> None:
    assert density.for_grams(D(100)) == density.nutrients


@given(nutrients, st.decimals(min_value="0.1", max_value=5000, places=1))
def test_reweighing_there_and_back_returns_the_same_numbers(n: Nutrients, to: D) -> None:
    there = n.reweighed(D(100), to)
    back = there.reweighed(to, D(100))
    for name in n.__struct_fields__:
        assert abs(getattr(back, name) - getattr(n, name)) < D("1e-20")


def test_rounding_for_display() -> None:
    n = Nutrients(kcal=D("142.5"), protein=D("12.55"), fat=D("0.04"))
    assert n.rounded() == Nutrients(kcal=D(143), protein=D("12.6"), fat=D("0.0"))
    assert round_kcal(D("0.49")) == D(0)
    assert round_grams(D("0.05")) == D("0.1")


def test_negative_nutrients_cannot_exist() -> None:
    with pytest.raises(ImplausibleNutrientsError):
        Nutrients(kcal=D(-1))


def test_non_finite_nutrients_cannot_exist() -> None:
    with pytest.raises(InvalidValueError):
        Nutrients(kcal=D("NaN"))
    with pytest.raises(InvalidValueError):
        to_decimal("Infinity")


@pytest.mark.parametrize(
    "values",
    [
        {"kcal": D(903)},  # denser than pure fat
        {"protein": D(60), "fat": D(30), "carbohydrate": D(20)},  # 110 g in 100 g
        {"fiber": D(101)},
    ],
)
def test_absurd_densities_are_refused(values: dict[str, D]) -> None:
    with pytest.raises(ImplausibleNutrientsError):
        NutrientsPer100g(nutrients=Nutrients(**values))


def test_lard_is_plausible() -> None:
    lard = NutrientsPer100g(nutrients=Nutrients(kcal=D(902), fat=D(100)))
    check_density(lard.for_grams(D(7)), D(7))  # exact limits: no rounding trips it


def test_scaling_refuses_negatives() -> None:
    with pytest.raises(InvalidValueError):
        Nutrients(kcal=D(1)).scaled(D(-1))
    with pytest.raises(InvalidValueError):
        NutrientsPer100g(nutrients=Nutrients()).for_grams(D(-1))
    with pytest.raises(InvalidValueError):
        Nutrients().reweighed(D(0), D(1))


def test_decoding_absurd_numbers_is_a_validation_error() -> None:
    # What an adapter sees when a stored row or a model's answer is nonsense.
    with pytest.raises(msgspec.ValidationError, match="pure fat"):
        msgspec.convert({"nutrients": {"kcal": "1200"}}, NutrientsPer100g)


def test_to_decimal_accepts_ints_and_strings() -> None:
    assert to_decimal(3) == D(3)
    assert to_decimal("2.50") == D("2.50")
