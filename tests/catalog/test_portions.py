"""Household units resolve to the portion the module's documented rules promise."""

from decimal import Decimal

import pytest

from adapters.catalog.portions import (
    UNIT_WORDS,
    HouseholdUnit,
    choose_portion,
    density,
    household_unit,
)
from adapters.catalog.usda import UsdaPortion, UsdaTables


def grams(tables: UsdaTables, ndb_no: str, unit: HouseholdUnit) -> Decimal | None:
    portion = choose_portion(
        unit, tables.portions_of(ndb_no), count_unit=tables.count_units.get(ndb_no)
    )
    return portion.grams if portion else None


@pytest.mark.parametrize(
    ("word", "unit"),
    [
        ("шт", HouseholdUnit.PIECE),
        ("Скибки", HouseholdUnit.SLICE),
        ("столову  ложку", HouseholdUnit.TABLESPOON),
        ("ч. л.", HouseholdUnit.TEASPOON),
        ("склянка", HouseholdUnit.GLASS),
        ("тарілку", HouseholdUnit.BOWL),
        ("жменя", HouseholdUnit.HANDFUL),
        ("tbsp", HouseholdUnit.TABLESPOON),
        ("cups", HouseholdUnit.CUP),
        ("large", HouseholdUnit.LARGE),
        ("гречка", None),
    ],
)
def test_unit_words_in_both_languages(word: str, unit: HouseholdUnit | None) -> None:
    assert household_unit(word) == unit


def test_every_unit_has_words() -> None:
    assert set(UNIT_WORDS.values()) == set(HouseholdUnit)


@pytest.mark.parametrize(
    ("ndb_no", "unit", "expected"),
    [
        ("01123", HouseholdUnit.PIECE, "50"),  # an egg is "large" (the name tables' count unit)
        ("09040", HouseholdUnit.PIECE, "118"),  # medium banana
        ("09200", HouseholdUnit.PIECE, "131"),  # "fruit", not the first-listed "large"
        ("05064", HouseholdUnit.PIECE, "172"),  # ".5 breast = 86 g" -> one breast
        ("14003", HouseholdUnit.PIECE, "356"),  # a can, when nothing else counts
        ("01123", HouseholdUnit.MEDIUM, "44"),
        ("09040", HouseholdUnit.LARGE, "136"),  # never "extra large"
        ("18069", HouseholdUnit.SLICE, "29"),  # plain "slice", first listed
        ("18060", HouseholdUnit.SLICE, "32"),  # "slice, regular" before "slice, thin"
        ("09326", HouseholdUnit.SLICE, "286"),  # a wedge of watermelon
        ("01022", HouseholdUnit.SLICE, None),  # SR28 lists no slice of gouda
        ("20045", HouseholdUnit.CUP, "158"),
        ("16398", HouseholdUnit.TABLESPOON, "16"),  # "2 tbsp = 32 g"
        ("04053", HouseholdUnit.TABLESPOON, "13.5"),  # spelled "tablespoon"
        ("19335", HouseholdUnit.TEASPOON, "4.2"),
        ("01056", HouseholdUnit.TEASPOON, "4.8"),  # no tsp listed: 4.93 ml × 230 g/cup
        ("01079", HouseholdUnit.GLASS, "257.8"),  # 250 ml × 244 g/cup
        ("06749", HouseholdUnit.BOWL, "317.0"),  # 300 ml × 250 g/cup
        ("06419", HouseholdUnit.BOWL, "314.5"),  # density from "serving 1 cup = 248 g"
        ("01053", HouseholdUnit.GLASS, "251.9"),  # whipped cup skipped, fl oz used
        ("12155", HouseholdUnit.HANDFUL, "28.35"),
    ],
)
def test_household_portions(
    usda_tables: UsdaTables, ndb_no: str, unit: HouseholdUnit, expected: str | None
) -> None:
    assert grams(usda_tables, ndb_no, unit) == (Decimal(expected) if expected else None)


def test_without_a_count_unit_an_egg_is_medium(usda_tables: UsdaTables) -> None:
    portion = choose_portion(HouseholdUnit.PIECE, usda_tables.portions_of("01123"))
    assert portion is not None and portion.grams == Decimal(44)


def test_the_basis_says_where_the_number_came_from(usda_tables: UsdaTables) -> None:
    egg = choose_portion(HouseholdUnit.PIECE, usda_tables.portions_of("01123"), count_unit="large")
    assert egg is not None and (egg.basis, egg.assumed) == ("USDA: 1 large = 50 g", False)
    milk = choose_portion(HouseholdUnit.GLASS, usda_tables.portions_of("01079"))
    assert milk is not None and milk.basis == "250 ml at USDA: 1 cup = 244 g"


def test_assumptions_are_marked(usda_tables: UsdaTables) -> None:
    kefir = choose_portion(HouseholdUnit.GLASS, usda_tables.portions_of("01289"))
    assert kefir is not None
    assert (kefir.grams, kefir.assumed) == (Decimal(250), True)
    assert "1 ml taken as 1 g" in kefir.basis
    handful = choose_portion(HouseholdUnit.HANDFUL, usda_tables.portions_of("12061"))
    assert handful is not None and handful.assumed


def test_density_prefers_a_plain_cup() -> None:
    portions = [
        UsdaPortion("x", Decimal(1), "tbsp", Decimal(20)),
        UsdaPortion("x", Decimal(1), "cup, chopped", Decimal(100)),
        UsdaPortion("x", Decimal(2), "cup", Decimal("473.176473")),
    ]
    assert density(portions).grams_per_ml == Decimal(1)
    assert density(portions[:2]).basis == "USDA: 1 cup, chopped = 100 g"
    assert density([]).assumed


def test_no_portions_means_no_piece() -> None:
    assert choose_portion(HouseholdUnit.PIECE, []) is None
    weights_only = [UsdaPortion("x", Decimal(3), "oz", Decimal(85))]
    assert choose_portion(HouseholdUnit.PIECE, weights_only) is None
