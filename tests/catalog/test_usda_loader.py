"""The loader refuses inconsistent data rather than serve wrong numbers; a cache loads once."""

import gzip
from decimal import Decimal
from pathlib import Path

import pytest

from adapters.catalog.usda import CatalogDataError, UsdaTables, UsdaTablesCache, load_usda_tables

FOODS_HEADER = (
    "ndb_no,description,food_group,kcal,protein_g,fat_g,carbohydrate_g,fiber_g,sugars_g\n"
)
NAMES_HEADER = ",ndb_no,default_portion_unit,notes\n"


def write_catalog(
    folder: Path,
    *,
    revisions: str = "",
    uk_names: str = "яйце,01123,large,whole egg\n",
    en_aliases: str = "egg,01123,large,whole egg\n",
) -> Path:
    foods = (
        FOODS_HEADER
        + '01123,"Egg, whole, raw, fresh",Dairy and Egg Products,143,12.56,9.51,0.72,0.0,\n'
    )
    portions = "ndb_no,amount,unit,grams\n01123,1,large,50\n01123,.5,cup,121.5\n"
    (folder / "sr28_foods.csv.gz").write_bytes(gzip.compress(foods.encode()))
    (folder / "sr28_portions.csv.gz").write_bytes(gzip.compress(portions.encode()))
    (folder / "sr28_revision_diffs.csv").write_text(
        "ndb_no,description,field,value_in_foods_csv,value_in_sr28_abbrev_revised\n" + revisions
    )
    (folder / "uk_names.csv").write_text("uk_name" + NAMES_HEADER + uk_names)
    (folder / "en_aliases.csv").write_text("en_name" + NAMES_HEADER + en_aliases)
    return folder


def test_a_small_catalog_loads_with_its_revision(tmp_path: Path) -> None:
    folder = write_catalog(tmp_path, revisions="01123,Egg,kcal,143,147\n")
    tables = load_usda_tables(folder)
    egg = tables.foods["01123"]
    assert (egg.kcal, egg.fiber, egg.sugar, tables.revisions_applied) == (
        Decimal(147),
        Decimal("0.0"),
        None,
        1,
    )
    assert tables.portions_of("01123")[1].grams_per_unit == Decimal(243)
    assert tables.find_name("ЯЙЦЕ") == tables.uk_names["яйце"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"revisions": "01123,Egg,kcal,140,147\n"}, "revision expects 140"),
        ({"revisions": "09999,Nothing,kcal,1,2\n"}, "not in the table"),
        ({"revisions": "01123,Egg,vitamin_c,1,2\n"}, "unknown or repeated"),
        ({"uk_names": "банан,09040,,banana\n"}, "unknown food 09040"),
        ({"en_aliases": "egg,01123,jumbo,whole egg\n"}, "no portion 'jumbo'"),
        ({"uk_names": "яйце,01123,,a\nЯйце,01123,,b\n"}, "listed twice"),
    ],
)
def test_inconsistent_data_fails_the_load(
    tmp_path: Path, change: dict[str, str], message: str
) -> None:
    folder = write_catalog(tmp_path, **change)
    with pytest.raises(CatalogDataError, match=message):
        load_usda_tables(folder)


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    folder = write_catalog(tmp_path)
    (folder / "sr28_portions.csv.gz").unlink()
    with pytest.raises(CatalogDataError, match=r"sr28_portions\.csv\.gz is missing"):
        load_usda_tables(folder)


def test_the_cache_loads_once_and_keeps_the_tables(tmp_path: Path) -> None:
    folder = write_catalog(tmp_path)
    loads: list[UsdaTables] = []

    def counting_loader() -> UsdaTables:
        loads.append(load_usda_tables(folder))
        return loads[-1]

    cache = UsdaTablesCache(counting_loader)
    assert loads == []  # nothing is read before first use
    first, second = cache.get(), cache.get()
    assert first is second is loads[0]
    assert len(loads) == 1
