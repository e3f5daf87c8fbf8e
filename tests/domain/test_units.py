from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import InvalidQuantityError, UnknownUnitError
from domain.meals.units import Quantity, Unit, UnitKind, parse_unit, unit_kind

D = Decimal
MASS = [Unit.GRAM, Unit.KILOGRAM, Unit.MILLIGRAM, Unit.OUNCE, Unit.POUND]
VOLUME = [Unit.MILLILITRE, Unit.LITRE, Unit.CUP, Unit.TABLESPOON, Unit.TEASPOON]
amounts = st.decimals(min_value="0.001", max_value=1000, places=3)
# Ten pounds in milligrams still fits under the 10,000,000 a quantity may hold.
masses = st.decimals(min_value="0.001", max_value=10, places=3)


@given(masses, st.sampled_from(MASS), st.sampled_from(MASS))
def test_mass_round_trips(amount: D, unit: Unit, via: Unit) -> None:
    start = Quantity(amount=amount, unit=unit)
    back = start.converted(via).converted(unit)
    assert abs(back.amount - amount) < D("1e-20")
    assert abs(start.converted(via).to_grams() - start.to_grams()) < D("1e-20")


@given(amounts, st.sampled_from(VOLUME), st.sampled_from(VOLUME))
def test_volume_round_trips(amount: D, unit: Unit, via: Unit) -> None:
    start = Quantity(amount=amount, unit=unit)
    back = start.converted(via).converted(unit)
    assert abs(back.amount - amount) < D("1e-20")
    assert abs(start.converted(via).to_millilitres() - start.to_millilitres()) < D("1e-20")


def test_exact_definitions() -> None:
    assert Quantity(amount=D(1), unit=Unit.POUND).converted(Unit.OUNCE).amount == D(16)
    assert Quantity(amount=D(1), unit=Unit.TABLESPOON).converted(Unit.TEASPOON).amount == D(3)
    assert Quantity(amount=D(1), unit=Unit.CUP).converted(Unit.TABLESPOON).amount == D(16)
    assert Quantity(amount=D("1.5"), unit=Unit.KILOGRAM).to_grams() == D(1500)


@pytest.mark.parametrize(
    ("word", "unit"),
    [
        ("г", Unit.GRAM),
        ("Grams", Unit.GRAM),
        ("кг", Unit.KILOGRAM),
        ("мл", Unit.MILLILITRE),
        ("склянка", Unit.CUP),
        ("ст. л.", Unit.TABLESPOON),
        ("  tsp ", Unit.TEASPOON),
        ("шт", Unit.PIECE),
        ("порція", Unit.SERVING),
        ("lbs", Unit.POUND),
    ],
)
def test_units_as_people_write_them(word: str, unit: Unit) -> None:
    assert parse_unit(word) is unit


@pytest.mark.parametrize("word", ["handful", "", "gallon", "жменя"])
def test_unknown_units_are_refused(word: str) -> None:
    with pytest.raises(UnknownUnitError):
        parse_unit(word)


@pytest.mark.parametrize("amount", ["0", "-2", "1e9"])
def test_impossible_amounts_are_refused(amount: str) -> None:
    with pytest.raises(InvalidQuantityError):
        Quantity(amount=D(amount), unit=Unit.GRAM)


def test_kinds_do_not_mix() -> None:
    assert unit_kind(Unit.PIECE) is UnitKind.COUNT
    with pytest.raises(InvalidQuantityError):
        Quantity(amount=D(1), unit=Unit.CUP).to_grams()
    with pytest.raises(InvalidQuantityError):
        Quantity(amount=D(1), unit=Unit.GRAM).to_millilitres()
    with pytest.raises(InvalidQuantityError):
        Quantity(amount=D(1), unit=Unit.GRAM).converted(Unit.CUP)
    with pytest.raises(InvalidQuantityError):
        Quantity(amount=D(1), unit=Unit.PIECE).converted(Unit.SERVING)
