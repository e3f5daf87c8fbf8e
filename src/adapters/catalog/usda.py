"""Load the packaged USDA SR28 tables and our name tables (standard library only).

Nothing is read at import time. `load_usda_tables()` reads everything from the package's `data/`
folder; the composition root keeps one `UsdaTablesCache` so a process reads the files once.

Revisions: `sr28_foods.csv.gz` is kept byte-identical to the extracted SR28 table, and the 90
values USDA later revised (`sr28_revision_diffs.csv`) are applied here, at load time. Each revision
names the value it replaces; if the base table does not hold that value the load fails instead of
silently mixing two releases.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from importlib import resources
from importlib.resources.abc import Traversable
from types import MappingProxyType

_PACKAGE = "adapters.catalog"
FOODS_FILE = "sr28_foods.csv.gz"
PORTIONS_FILE = "sr28_portions.csv.gz"
REVISIONS_FILE = "sr28_revision_diffs.csv"
UK_NAMES_FILE = "uk_names.csv"
EN_ALIASES_FILE = "en_aliases.csv"

# Nutrient columns of the SR28 extraction, as the revisions file names them.
_NUTRIENT_COLUMNS = frozenset(
    {"kcal", "protein_g", "fat_g", "carbohydrate_g", "fiber_g", "sugars_g"}
)


class CatalogDataError(Exception):
    """The packaged catalog data is missing or inconsistent (a packaging bug, not user input)."""


@dataclass(frozen=True, slots=True)
class UsdaFood:
    """One SR28 food; nutrients per 100 g edible portion, None where SR28 has no value."""

    ndb_no: str
    description: str
    food_group: str
    kcal: Decimal | None
    protein: Decimal | None
    fat: Decimal | None
    carbohydrate: Decimal | None
    fiber: Decimal | None
    sugar: Decimal | None


@dataclass(frozen=True, slots=True)
class UsdaPortion:
    """One household measure from SR28's WEIGHT table: `amount` × `unit` weighs `grams`."""

    ndb_no: str
    amount: Decimal
    unit: str
    grams: Decimal

    @property
    def grams_per_unit(self) -> Decimal:
        """Weight of one `unit` (".5 breast = 86 g" means one breast is 172 g)."""
        return self.grams / self.amount


@dataclass(frozen=True, slots=True)
class FoodName:
    """A word people use for a food, mapped to the SR28 item they most likely mean.

    `default_portion_unit` is the exact SR28 unit that one counted item means ("large" for an egg),
    or None when a count makes no sense for the food (rice, milk).
    """

    name: str
    ndb_no: str
    default_portion_unit: str | None
    notes: str


@dataclass(frozen=True, slots=True)
class UsdaTables:
    """Everything the built-in catalog knows, read-only; foods and portions keyed by ndb_no."""

    foods: Mapping[str, UsdaFood]
    portions: Mapping[str, tuple[UsdaPortion, ...]]
    uk_names: Mapping[str, FoodName]
    """Keyed by `normalize_name` of the Ukrainian word."""
    en_aliases: Mapping[str, FoodName]
    """Keyed by `normalize_name` of the English word."""
    count_units: Mapping[str, str]
    """ndb_no -> the SR28 unit one counted item means, from the first name row that sets one."""
    revisions_applied: int

    def portions_of(self, ndb_no: str) -> tuple[UsdaPortion, ...]:
        """The food's household portions in SR28's order (empty when it has none)."""
        return self.portions.get(ndb_no, ())

    def find_name(self, words: str) -> FoodName | None:
        """The Ukrainian name, else the English alias, equal to `words` after normalising."""
        key = normalize_name(words)
        return self.uk_names.get(key) or self.en_aliases.get(key)


# Apostrophes people type in Ukrainian words (м'ясо, з'їв): keyboard, typographic, modifier letter.
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "`": "'", "′": "'"})
# Latin letters that look like Cyrillic ones; typed by people whose layout lacks і/ї/є.
_LATIN_LOOKALIKES = str.maketrans(
    {"a": "а", "c": "с", "e": "е", "i": "і", "o": "о", "p": "р", "x": "х", "y": "у", "ï": "ї"}
)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def normalize_name(text: str) -> str:
    """Casefold, unify apostrophes, collapse spaces; in words with Cyrillic letters, turn Latin
    look-alikes into Cyrillic ("гречкa" with a Latin "a" finds "гречка")."""
    words = text.translate(_APOSTROPHES).casefold().split()
    return " ".join(
        word.translate(_LATIN_LOOKALIKES) if _CYRILLIC.search(word) else word for word in words
    )


def load_usda_tables(data_dir: Traversable | None = None) -> UsdaTables:
    """Read foods, portions, revisions and name tables; raise CatalogDataError if they disagree."""
    folder = data_dir if data_dir is not None else resources.files(_PACKAGE).joinpath("data")
    revisions = _read_revisions(folder)
    revision_count = len(revisions)
    foods = {food.ndb_no: food for food in _read_foods(folder, revisions)}
    if revisions:
        raise CatalogDataError(f"revisions for foods not in the table: {sorted(revisions)}")
    portions: dict[str, list[UsdaPortion]] = {}
    for portion in _read_portions(folder):
        if portion.ndb_no not in foods:
            raise CatalogDataError(f"portion for unknown food {portion.ndb_no}")
        portions.setdefault(portion.ndb_no, []).append(portion)
    frozen_portions = {ndb_no: tuple(rows) for ndb_no, rows in portions.items()}
    uk_names = _read_names(folder, UK_NAMES_FILE, "uk_name", foods, frozen_portions)
    en_aliases = _read_names(folder, EN_ALIASES_FILE, "en_name", foods, frozen_portions)
    count_units: dict[str, str] = {}
    for name in [*uk_names.values(), *en_aliases.values()]:
        if name.default_portion_unit is not None:
            count_units.setdefault(name.ndb_no, name.default_portion_unit)
    return UsdaTables(
        foods=MappingProxyType(foods),
        portions=MappingProxyType(frozen_portions),
        uk_names=uk_names,
        en_aliases=en_aliases,
        count_units=MappingProxyType(count_units),
        revisions_applied=revision_count,
    )


class UsdaTablesCache:
    """Loads the tables on first use and keeps them for the life of this object (thread-safe).

    Build one in the composition root; tests build their own or pass a fake loader.
    """

    def __init__(self, loader: Callable[[], UsdaTables] = load_usda_tables) -> None:
        self._loader = loader
        self._tables: UsdaTables | None = None
        self._lock = threading.Lock()

    def get(self) -> UsdaTables:
        tables = self._tables
        if tables is None:
            with self._lock:
                if self._tables is None:
                    self._tables = self._loader()
                tables = self._tables
        return tables


def _rows(folder: Traversable, name: str) -> Iterator[dict[str, str]]:
    entry = folder.joinpath(name)
    if not entry.is_file():
        raise CatalogDataError(f"catalog data file {name} is missing")
    with entry.open("rb") as raw:
        binary = gzip.GzipFile(fileobj=raw) if name.endswith(".gz") else raw
        with io.TextIOWrapper(binary, encoding="utf-8", newline="") as text:
            yield from csv.DictReader(text)


def _decimal(value: str, where: str) -> Decimal:
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise CatalogDataError(f"{where}: {value!r} is not a number") from None
    if not number.is_finite():
        raise CatalogDataError(f"{where}: {value!r} is not a number")
    return number


def _optional_decimal(value: str, where: str) -> Decimal | None:
    return _decimal(value, where) if value.strip() else None


def _read_revisions(folder: Traversable) -> dict[tuple[str, str], tuple[Decimal, Decimal]]:
    """(ndb_no, column) -> (value the base table must hold, revised value)."""
    revisions: dict[tuple[str, str], tuple[Decimal, Decimal]] = {}
    for row in _rows(folder, REVISIONS_FILE):
        key = (row["ndb_no"], row["field"])
        where = f"revision of {key[0]} {key[1]}"
        if key[1] not in _NUTRIENT_COLUMNS or key in revisions:
            raise CatalogDataError(f"{where}: unknown or repeated field")
        revisions[key] = (
            _decimal(row["value_in_foods_csv"], where),
            _decimal(row["value_in_sr28_abbrev_revised"], where),
        )
    return revisions


def _read_foods(
    folder: Traversable, revisions: dict[tuple[str, str], tuple[Decimal, Decimal]]
) -> Iterator[UsdaFood]:
    """Foods with revisions applied; each applied revision is removed from `revisions`."""

    def nutrient(row: dict[str, str], column: str) -> Decimal | None:
        where = f"food {row['ndb_no']} {column}"
        value = _optional_decimal(row[column], where)
        revision = revisions.pop((row["ndb_no"], column), None)
        if revision is None:
            return value
        expected_old, revised = revision
        if value != expected_old:
            raise CatalogDataError(f"{where}: revision expects {expected_old}, table has {value}")
        return revised

    for row in _rows(folder, FOODS_FILE):
        yield UsdaFood(
            ndb_no=row["ndb_no"],
            description=row["description"],
            food_group=row["food_group"],
            kcal=nutrient(row, "kcal"),
            protein=nutrient(row, "protein_g"),
            fat=nutrient(row, "fat_g"),
            carbohydrate=nutrient(row, "carbohydrate_g"),
            fiber=nutrient(row, "fiber_g"),
            sugar=nutrient(row, "sugars_g"),
        )


def _read_portions(folder: Traversable) -> Iterator[UsdaPortion]:
    for row in _rows(folder, PORTIONS_FILE):
        where = f"portion of {row['ndb_no']}"
        amount = _decimal(row["amount"], where)
        grams = _decimal(row["grams"], where)
        if amount <= 0 or grams <= 0:
            raise CatalogDataError(f"{where}: amount and grams must be positive")
        yield UsdaPortion(ndb_no=row["ndb_no"], amount=amount, unit=row["unit"], grams=grams)


def _read_names(
    folder: Traversable,
    file_name: str,
    name_column: str,
    foods: Mapping[str, UsdaFood],
    portions: Mapping[str, tuple[UsdaPortion, ...]],
) -> Mapping[str, FoodName]:
    names: dict[str, FoodName] = {}
    for row in _rows(folder, file_name):
        name = FoodName(
            name=row[name_column].strip(),
            ndb_no=row["ndb_no"],
            default_portion_unit=row["default_portion_unit"] or None,
            notes=row["notes"],
        )
        where = f"{file_name}: {name.name!r}"
        if name.ndb_no not in foods:
            raise CatalogDataError(f"{where} names unknown food {name.ndb_no}")
        units = {portion.unit for portion in portions.get(name.ndb_no, ())}
        if name.default_portion_unit is not None and name.default_portion_unit not in units:
            unit = name.default_portion_unit
            raise CatalogDataError(f"{where}: {name.ndb_no} has no portion {unit!r}")
        key = normalize_name(name.name)
        if not key:
            raise CatalogDataError(f"{where}: empty name")
        if key in names:
            raise CatalogDataError(f"{where} is listed twice")
        names[key] = name
    return MappingProxyType(names)
