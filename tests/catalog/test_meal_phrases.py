"""meal_phrases.csv is the ground truth for the food resolver's ±10 % test, so its numbers are
re-derived here from the USDA tables: every item's grams from its stated basis, every total from
the items, every kcal from SR28's kcal per 100 g. The table cannot silently drift from the data."""

import csv
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from adapters.catalog.portions import HouseholdUnit, choose_portion
from adapters.catalog.usda import UsdaPortion, UsdaTables

TABLE = Path(__file__).with_name("meal_phrases.csv")
TENTH = Decimal("0.1")
# Millilitres per measure named after "@" in a volume basis (US customary, as SR28 uses).
ML_PER_MEASURE = {
    "cup": Decimal("236.5882365"),
    "serving 1 cup": Decimal("236.5882365"),
    "fl oz": Decimal("29.5735295625"),
}
ITEM = re.compile(r"^(?P<ndb>\d{5}): (?P<basis>.+?)(?: \[(?P<unit>\w+)\])? = (?P<grams>[\d.]+) g$")
WEIGHT = re.compile(r"^(?P<grams>[\d.]+) g$")
COUNT = re.compile(r"^(?P<count>[\d.]+) × (?P<label>.+)$")
VOLUME = re.compile(r"^(?P<ml>[\d.]+) ml @ (?P<measure>.+)$")
HANDFUL = "1 × handful (1 oz)"


@dataclass(frozen=True)
class Item:
    ndb_no: str
    basis: str
    household_unit: str | None
    grams: Decimal


def rounded(value: Decimal) -> Decimal:
    return value.quantize(TENTH, ROUND_HALF_UP)


def read_rows() -> list[dict[str, str]]:
    with TABLE.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def items_of(row: dict[str, str]) -> list[Item]:
    items = []
    for text in row["items"].split(" | "):
        match = ITEM.match(text)
        assert match, f"{row['phrase']}: unreadable item {text!r}"
        items.append(Item(match["ndb"], match["basis"], match["unit"], Decimal(match["grams"])))
    return items


ROWS = read_rows()


def test_the_table_is_big_and_bilingual() -> None:
    languages = [row["lang"] for row in ROWS]
    assert len(ROWS) >= 70
    assert languages.count("uk") >= 30 and languages.count("en") >= 30
    assert {row["kind"] for row in ROWS} == {"household", "weight", "volume", "mixed"}
    assert len({row["phrase"] for row in ROWS}) == len(ROWS)


def grams_from_basis(tables: UsdaTables, item: Item) -> Decimal:
    """The weight the basis describes, computed from SR28's numbers alone."""
    if item.basis == HANDFUL:
        return Decimal("28.35")
    if weight := WEIGHT.match(item.basis):
        return Decimal(weight["grams"])
    portions: dict[str, UsdaPortion] = {}
    for portion in tables.portions_of(item.ndb_no):  # a label listed twice means its first row
        portions.setdefault(portion.unit, portion)
    if count := COUNT.match(item.basis):
        return rounded(Decimal(count["count"]) * portions[count["label"]].grams_per_unit)
    volume = VOLUME.match(item.basis)
    assert volume, f"unknown basis {item.basis!r}"
    millilitres, measure = Decimal(volume["ml"]), volume["measure"]
    if measure == "1 g/ml":
        volume_measures = [u for u in portions if re.match(r"(cup|fl oz|tbsp|tsp)", u)]
        assert volume_measures == [], "1 g/ml is only for foods SR28 gives no volume measure"
        return rounded(millilitres)
    portion = portions[measure]
    return rounded(millilitres * portion.grams / (portion.amount * ML_PER_MEASURE[measure]))


@pytest.mark.parametrize("row", ROWS, ids=[row["phrase"] for row in ROWS])
def test_each_row_rederives_from_usda(usda_tables: UsdaTables, row: dict[str, str]) -> None:
    items = items_of(row)
    kcal = Decimal(0)
    for item in items:
        food = usda_tables.foods[item.ndb_no]
        assert food.kcal is not None
        assert grams_from_basis(usda_tables, item) == item.grams, item
        kcal += item.grams * food.kcal / 100
        # The notes show the same numbers a reader would check by hand.
        assert f"{item.ndb_no} {food.description}:" in row["notes"]
        assert f"{item.grams} g × {food.kcal} kcal/100 g" in row["notes"]
    assert Decimal(row["total_grams"]) == rounded(sum((i.grams for i in items), Decimal(0)))
    assert Decimal(row["total_kcal"]) == rounded(kcal)
    if row["kind"] == "weight":
        assert all(WEIGHT.match(i.basis) for i in items)


@pytest.mark.parametrize("row", ROWS, ids=[row["phrase"] for row in ROWS])
def test_household_items_follow_the_portion_rules(
    usda_tables: UsdaTables, row: dict[str, str]
) -> None:
    """A resolver that uses portions.py gets exactly the table's grams for household words."""
    for item in items_of(row):
        if item.household_unit is None:
            continue
        count = COUNT.match(item.basis)
        how_many = Decimal(count["count"]) if count else Decimal(1)
        portion = choose_portion(
            HouseholdUnit(item.household_unit),
            usda_tables.portions_of(item.ndb_no),
            count_unit=usda_tables.count_units.get(item.ndb_no),
        )
        assert portion is not None, item
        assert abs(portion.grams * how_many - item.grams) <= Decimal("0.05"), item
