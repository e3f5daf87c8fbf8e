"""A small food catalog in memory: a dozen everyday foods with USDA SR28 numbers (public
domain) and Ukrainian names — enough for tests and notebooks, not a replacement for the
full built-in catalog."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

import msgspec

from application.ports.catalog import CatalogFood
from domain.meals.food import UsdaFood
from domain.meals.nutrients import Nutrients, NutrientsPer100g
from domain.meals.portions import Portion
from domain.meals.units import Unit
from domain.users import Language

_WORD = re.compile(r"\w+", re.UNICODE)


class KnownFood(msgspec.Struct, frozen=True, kw_only=True):
    food: CatalogFood
    names: tuple[str, ...]  # words people use for it, uk and en


def known_food(
    ndb_no: str,
    name: str,
    per_100g: tuple[str, str, str, str, str, str],
    portions: Sequence[tuple[str, str, Unit | None]],
    names: Sequence[str],
) -> KnownFood:
    kcal, protein, fat, carbohydrate, fiber, sugar = (Decimal(v) for v in per_100g)
    nutrients = Nutrients(
        kcal=kcal, protein=protein, fat=fat, carbohydrate=carbohydrate, fiber=fiber, sugar=sugar
    )
    return KnownFood(
        food=CatalogFood(
            source=UsdaFood(ndb_no=ndb_no),
            name=name,
            per_100g=NutrientsPer100g(nutrients=nutrients),
            portions=tuple(
                Portion(label=label, grams=Decimal(grams), unit=unit, is_default=i == 0)
                for i, (label, grams, unit) in enumerate(portions)
            ),
        ),
        names=tuple(names),
    )


def everyday_foods() -> tuple[KnownFood, ...]:
    return (
        known_food(
            "01123",
            "Egg, whole, raw, fresh",
            ("143", "12.56", "9.51", "0.72", "0", "0.37"),
            [("large", "50", None), ("medium", "44", None), ("small", "38", None)],
            ["egg", "eggs", "яйце", "яйця", "яєць", "курячі яйця"],
        ),
        known_food(
            "09040",
            "Bananas, raw",
            ("89", "1.09", "0.33", "22.84", "2.6", "12.23"),
            [("medium", "118", None), ("small", "101", None), ("large", "136", None)],
            ["banana", "bananas", "банан", "банани", "банана"],
        ),
        known_food(
            "09003",
            "Apples, raw, with skin",
            ("52", "0.26", "0.17", "13.81", "2.4", "10.39"),
            [("medium", "182", None), ("small", "149", None)],
            ["apple", "apples", "яблуко", "яблука"],
        ),
        known_food(
            "20045",
            "Rice, white, long-grain, regular, enriched, cooked",
            ("130", "2.69", "0.28", "28.17", "0.4", "0.05"),
            [("cup", "158", Unit.CUP)],
            ["rice", "рис", "рису"],
        ),
        known_food(
            "20010",
            "Buckwheat groats, roasted, cooked",
            ("92", "3.38", "0.62", "19.94", "2.7", "0.90"),
            [("cup", "168", Unit.CUP)],
            ["buckwheat", "гречка", "гречки", "гречку"],
        ),
        known_food(
            "05064",
            "Chicken, broilers or fryers, breast, meat only, cooked, roasted",
            ("165", "31.02", "3.57", "0", "0", "0"),
            [("breast, bone and skin removed", "172", None), ("cup", "140", Unit.CUP)],
            ["chicken breast", "chicken", "курка", "куряча грудка", "курячу грудку", "грудка"],
        ),
        known_food(
            "01077",
            "Milk, whole, 3.25% milkfat, with added vitamin D",
            ("61", "3.15", "3.25", "4.80", "0", "5.05"),
            [("cup", "244", Unit.CUP), ("tbsp", "15", Unit.TABLESPOON)],
            ["milk", "молоко", "молока"],
        ),
        known_food(
            "08120",
            "Cereals, oats, regular and quick, not fortified, dry",
            ("379", "13.15", "6.52", "67.70", "10.1", "0.99"),
            [("cup", "81", Unit.CUP)],
            ["oats", "oatmeal", "вівсянка", "вівсянки", "вівсяні пластівці"],
        ),
        known_food(
            "18064",
            "Bread, wheat",
            ("267", "10.72", "3.24", "48.68", "4.0", "5.91"),
            [("slice", "29", None)],
            ["bread", "toast", "хліб", "хліба", "скибка хліба"],
        ),
        known_food(
            "01009",
            "Cheese, cheddar",
            ("404", "22.87", "33.31", "3.09", "0", "0.48"),
            [("slice (1 oz)", "28", None)],
            ["cheese", "cheddar", "сир", "сиру"],
        ),
        known_food(
            "01001",
            "Butter, salted",
            ("717", "0.85", "81.11", "0.06", "0", "0.06"),
            [("tbsp", "14.2", Unit.TABLESPOON), ("pat", "5.0", None)],
            ["butter", "масло", "вершкове масло"],
        ),
        known_food(
            "04053",
            "Oil, olive, salad or cooking",
            ("884", "0", "100.00", "0", "0", "0"),
            [("tablespoon", "13.5", Unit.TABLESPOON), ("tsp", "4.5", Unit.TEASPOON)],
            ["olive oil", "oil", "оливкова олія", "олія"],
        ),
        known_food(
            "15076",
            "Fish, salmon, Atlantic, wild, raw",
            ("142", "19.84", "6.34", "0", "0", "0"),
            [("fillet", "396", None)],
            ["salmon", "лосось", "лосося"],
        ),
    )


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


class SmallFoodCatalog:
    """Finds a food when the phrase shares words with its names (uk or en) or its USDA name."""

    def __init__(self, foods: Sequence[KnownFood] | None = None) -> None:
        self._foods = tuple(foods) if foods is not None else everyday_foods()
        self.searches: list[str] = []  # for tests: what was asked

    async def search(
        self, phrase: str, *, language: Language, limit: int = 10
    ) -> Sequence[CatalogFood]:
        self.searches.append(phrase)
        wanted = _words(phrase)
        scored = []
        for order, known in enumerate(self._foods):
            exact = any(phrase.strip().lower() == name for name in known.names)
            overlap = max(len(wanted & _words(name)) for name in (*known.names, known.food.name))
            if exact or overlap:
                scored.append((not exact, -overlap, order, known.food))
        return [food for *_, food in sorted(scored, key=lambda s: s[:3])][:limit]
