"""Every row of tests/catalog/meal_phrases.csv (83 uk and en phrases with USDA-derived totals)
through the offline interpreter, the built-in catalog and the real `LogFood` use case: total
grams and kcal must come within ±10 % of the table. The hit rate is printed; the test demands at
least `FLOOR` of the rows and lists every miss."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from adapters.catalog.memory import BuiltInFoodCatalog
from adapters.memory.kit import MemoryKit
from adapters.offline.interpreter import OfflineInterpreter
from adapters.postgres.catalog import PostgresFoodCatalog
from application.meals.log_food import LogFood, LogFoodRequest
from application.ports.catalog import FoodCatalog
from domain.users import Language
from tests.assistant.helpers import NOW, add_user

TABLE = Path(__file__).parents[1] / "catalog" / "meal_phrases.csv"
TOLERANCE = Decimal("0.10")
FLOOR = Decimal("0.90")


@dataclass(frozen=True)
class Outcome:
    phrase: str
    grams: Decimal
    kcal: Decimal
    expected_grams: Decimal
    expected_kcal: Decimal

    @property
    def hit(self) -> bool:
        return _near(self.grams, self.expected_grams) and _near(self.kcal, self.expected_kcal)


def _near(value: Decimal, expected: Decimal) -> bool:
    return abs(value - expected) <= expected * TOLERANCE


def rows() -> list[dict[str, str]]:
    with TABLE.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


async def log_phrase(
    row: dict[str, str], interpreter: OfflineInterpreter, catalog: FoodCatalog
) -> Outcome:
    kit = MemoryKit(NOW)
    user = await add_user(kit, 1, language=Language(row["lang"]))
    meaning = await interpreter.interpret(row["phrase"], language=user.language, local_now=NOW)
    logged = await LogFood(kit.uow(), catalog, kit.clock, kit.ids).execute(
        LogFoodRequest(user_id=user.id, items=meaning.items, source_text=row["phrase"])
    )
    items = logged.entry.items if logged.entry else ()
    return Outcome(
        phrase=row["phrase"],
        grams=sum((item.grams or Decimal(0) for item in items), Decimal(0)),
        kcal=sum((item.nutrients.kcal for item in items), Decimal(0)),
        expected_grams=Decimal(row["total_grams"]),
        expected_kcal=Decimal(row["total_kcal"]),
    )


async def hit_rate(interpreter: OfflineInterpreter, catalog: FoodCatalog, label: str) -> None:
    table = rows()
    outcomes = [await log_phrase(row, interpreter, catalog) for row in table]
    misses = [o for o in outcomes if not o.hit]
    rate = Decimal(len(outcomes) - len(misses)) / len(outcomes)
    print(f"\nmeal phrases ({label}): {len(outcomes) - len(misses)}/{len(outcomes)} = {rate:.1%}")
    for miss in misses:
        print(
            f"  miss: {miss.phrase!r}: {miss.grams:.1f} g / {miss.kcal:.1f} kcal, "
            f"expected {miss.expected_grams} g / {miss.expected_kcal} kcal"
        )
    assert len(table) >= 60 and {row["lang"] for row in table} == {"uk", "en"}
    assert rate >= FLOOR, "misses: " + "; ".join(m.phrase for m in misses)


async def test_the_phrase_table_on_the_in_memory_catalog(
    offline: OfflineInterpreter, catalog: BuiltInFoodCatalog
) -> None:
    await hit_rate(offline, catalog, "in memory")


async def test_the_phrase_table_on_the_postgres_catalog(
    offline: OfflineInterpreter, pg_catalog: PostgresFoodCatalog
) -> None:
    await hit_rate(offline, pg_catalog, "PostgreSQL")
