"""The packaged SR28 tables load completely, with revisions applied, and our name tables point
at foods and portions that exist."""

import gzip
import hashlib
import re
from decimal import Decimal
from importlib import resources

import pytest

from adapters.catalog.usda import UsdaTables, load_usda_tables, normalize_name

# SHA-256 of the shared SR28 extraction (../shared/data/usda/): the packaged copy is unmodified.
FOODS_SHA256 = "8959ba4e1bee216548f2cc846a8d75f9d8c5e9e477e2a2f0d9339a3b0d02501a"
PORTIONS_SHA256 = "2b20115845aa3e412ea9de9461ebde13c4f3b383b597fa1708b36325498a9c5a"


def test_every_food_and_portion_is_loaded(usda_tables: UsdaTables) -> None:
    assert len(usda_tables.foods) == 8789
    assert sum(len(rows) for rows in usda_tables.portions.values()) == 15438
    assert len(usda_tables.portions) == 8492


def test_nutrients_are_decimals_and_missing_values_are_none(usda_tables: UsdaTables) -> None:
    egg = usda_tables.foods["01123"]
    assert egg.description == "Egg, whole, raw, fresh"
    assert egg.food_group == "Dairy and Egg Products"
    assert (egg.kcal, egg.protein, egg.fat) == (Decimal(143), Decimal("12.56"), Decimal("9.51"))
    assert sum(1 for food in usda_tables.foods.values() if food.fiber is None) == 594
    assert sum(1 for food in usda_tables.foods.values() if food.sugar is None) == 1832
    assert all(food.kcal is not None for food in usda_tables.foods.values())


def test_usda_revisions_are_applied_at_load(usda_tables: UsdaTables) -> None:
    assert usda_tables.revisions_applied == 90
    wheat_bread = usda_tables.foods["18064"]
    assert wheat_bread.kcal == Decimal(274)  # 267 in the SR28 table
    assert wheat_bread.fat == Decimal("4.53")
    assert wheat_bread.fiber == Decimal("4.0")  # not revised, kept
    assert usda_tables.foods["03185"].sugar == Decimal("26.66")


def test_portions_keep_sr28_order_and_amounts(usda_tables: UsdaTables) -> None:
    egg = usda_tables.portions_of("01123")
    assert [(p.amount, p.unit, p.grams) for p in egg[:2]] == [
        (Decimal(1), "large", Decimal(50)),
        (Decimal(1), "extra large", Decimal(56)),
    ]
    half_breast = usda_tables.portions_of("05064")[-1]
    assert (half_breast.amount, half_breast.grams_per_unit) == (Decimal(".5"), Decimal(172))
    assert usda_tables.portions_of("01289") == ()  # SR28 lists no portion for kefir


def test_packaged_copies_are_the_unmodified_sr28_extraction() -> None:
    data = resources.files("adapters.catalog").joinpath("data")
    for name, digest in [
        ("sr28_foods.csv.gz", FOODS_SHA256),
        ("sr28_portions.csv.gz", PORTIONS_SHA256),
    ]:
        raw = gzip.decompress(data.joinpath(name).read_bytes())
        assert hashlib.sha256(raw).hexdigest() == digest, name


def test_name_tables_are_large_enough(usda_tables: UsdaTables) -> None:
    assert len(usda_tables.uk_names) >= 300
    assert len({name.ndb_no for name in usda_tables.uk_names.values()}) >= 150
    assert len(usda_tables.en_aliases) >= 150


def test_every_named_food_and_default_unit_exists(usda_tables: UsdaTables) -> None:
    names = [*usda_tables.uk_names.values(), *usda_tables.en_aliases.values()]
    missing = [n.name for n in names if n.ndb_no not in usda_tables.foods]
    units = {ndb: {p.unit for p in rows} for ndb, rows in usda_tables.portions.items()}
    bad_units = [
        n.name
        for n in names
        if n.default_portion_unit is not None
        and n.default_portion_unit not in units.get(n.ndb_no, ())
    ]
    assert (missing, bad_units) == ([], [])
    assert all(n.notes for n in names)


@pytest.mark.parametrize(
    ("words", "ndb_no"),
    [
        ("гречка", "20010"),
        ("гречки", "20010"),
        ("гречку", "20010"),
        ("гречана каша", "20010"),
        ("яйце", "01123"),
        ("яйця", "01123"),
        ("яєць", "01123"),
        ("курячі яйця", "01123"),
        ("банан", "09040"),
        ("банана", "09040"),
        ("банани", "09040"),
        ("курка", "05009"),
        ("куряча грудка", "05064"),
        ("курячу грудку", "05064"),
        ("рис", "20045"),
        ("вівсянка", "08121"),
        ("сир кисломолочний", "01012"),
        ("сметана", "01056"),
        ("борщ", "06749"),
        ("сало", "10004"),
        ("хліб", "18069"),
        ("чорний хліб", "18060"),
        ("картопля", "11367"),
        ("пюре", "11934"),
        ("яблуко", "09003"),
        ("кефір", "01289"),
        ("ряжанка", "01230"),
        ("вареники", "32025"),
        ("м'ясо", None),
        ("egg", "01123"),
        ("eggs", "01123"),
        ("banana", "09040"),
        ("apple", "09003"),
        ("rice", "20045"),
        ("chicken breast", "05064"),
        ("oatmeal", "08121"),
        ("bread", "18069"),
        ("milk", "01079"),
        ("Chicken  Breast", "05064"),
    ],
)
def test_everyday_words_find_the_food_a_home_cook_means(
    usda_tables: UsdaTables, words: str, ndb_no: str | None
) -> None:
    found = usda_tables.find_name(words)
    assert (found.ndb_no if found else None) == ndb_no


def test_typed_variants_of_ukrainian_words_find_the_same_name(usda_tables: UsdaTables) -> None:
    typographic_apostrophe = usda_tables.find_name("Олів’є")
    assert typographic_apostrophe is not None and typographic_apostrophe.ndb_no == "22971"
    latin_i = usda_tables.find_name("вiвсянка")  # Latin "i" typed on a layout without "і"
    assert latin_i is not None and latin_i.ndb_no == "08121"
    assert normalize_name("  Eggs\tand  BACON ") == "eggs and bacon"  # English left as it is


def test_counted_items_have_the_usual_size(usda_tables: UsdaTables) -> None:
    assert usda_tables.count_units["01123"] == "large"
    assert usda_tables.count_units["09040"] == 'medium (7" to 7-7/8" long)'
    assert "20045" not in usda_tables.count_units  # rice is not counted


# Names may map to a raw or dry item only when they say so; the rest must be the cooked item.
_COOKED_GROUPS = {
    "Cereal Grains and Pasta",
    "Breakfast Cereals",
    "Poultry Products",
    "Beef Products",
    "Pork Products",
    "Lamb, Veal, and Game Products",
    "Finfish and Shellfish Products",
    "Legumes and Legume Products",
}
_RAW_DESCRIPTION = re.compile(r"\braw\b|\buncooked\b|, dry\b(?![- ](heat|roasted))")
_RAW_NAME = re.compile(r"сух|сир(ий|а|е|і)\b|крупа|пластівц|геркулес|\b(raw|dry|uncooked|oats?)\b")
_EATEN_RAW = {"10004": "сало is cured backfat", "10005": "грудинка is cured or smoked belly"}


def test_grains_meat_and_fish_default_to_cooked(usda_tables: UsdaTables) -> None:
    wrong = [
        name.name
        for name in [*usda_tables.uk_names.values(), *usda_tables.en_aliases.values()]
        if (food := usda_tables.foods[name.ndb_no]).food_group in _COOKED_GROUPS
        and _RAW_DESCRIPTION.search(food.description)
        and name.ndb_no not in _EATEN_RAW
        and not _RAW_NAME.search(name.name)
    ]
    assert wrong == []


def test_load_reads_the_package_data_without_arguments() -> None:
    assert load_usda_tables().foods["20010"].kcal == Decimal(92)
