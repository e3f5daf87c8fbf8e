"""FatSecret's JSON, as it comes (CONTRACTS §2.4). These names stay in this package.

Every scalar arrives as a string: decoded with `strict=False`, "105" becomes an int and
"26.95" a Decimal. Where a list is expected, old method versions send a lone child as an object
instead of a one-element list; `listed` turns either into a list. An empty day's diary comes as
null, as a missing key or as an empty list.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TypeVar

import msgspec

T = TypeVar("T")


def listed(children: list[T] | T | None) -> list[T]:
    """One child given as an object, or several as a list: always a list."""
    if children is None:
        return []
    if isinstance(children, list):
        return children
    return [children]


class Nutrition(msgspec.Struct, kw_only=True):
    calories: Decimal | None = None
    protein: Decimal | None = None
    fat: Decimal | None = None
    carbohydrate: Decimal | None = None
    fiber: Decimal | None = None
    sugar: Decimal | None = None


class Serving(Nutrition, kw_only=True):
    serving_id: str
    serving_description: str = ""
    measurement_description: str = ""
    number_of_units: Decimal = Decimal(1)  # how many measurement units the serving is
    metric_serving_amount: Decimal | None = None  # absent for some servings
    metric_serving_unit: str | None = None  # g, ml or oz
    is_default: int = 0  # Premier, with flag_default_serving


class Servings(msgspec.Struct, kw_only=True):
    serving: list[Serving] | Serving | None = None


class Food(msgspec.Struct, kw_only=True):
    food_id: str
    food_name: str
    food_type: str = ""  # Generic | Brand
    brand_name: str | None = None
    food_description: str | None = None  # foods.search v1 only: "Per 100g - Calories: …"
    servings: Servings | None = None  # v2+ (food.get, foods.search.v3)

    @property
    def serving_list(self) -> list[Serving]:
        return listed(self.servings.serving) if self.servings else []


class FoodsPage(msgspec.Struct, kw_only=True):
    food: list[Food] | Food | None = None
    total_results: int = 0


class FoodsSearchV1(msgspec.Struct, kw_only=True):
    foods: FoodsPage | None = None


class FoodsSearchResults(msgspec.Struct, kw_only=True):
    results: FoodsPage | None = None
    total_results: int = 0


class FoodsSearchV3(msgspec.Struct, kw_only=True):
    foods_search: FoodsSearchResults | None = None


class FoodGet(msgspec.Struct, kw_only=True):
    food: Food


class DiaryLine(Nutrition, kw_only=True):
    food_entry_id: str
    food_entry_name: str = ""
    food_entry_description: str = ""
    date_int: int
    meal: str  # breakfast | lunch | dinner | other, capitalised in some answers
    food_id: str
    serving_id: str
    number_of_units: Decimal


class DiaryLines(msgspec.Struct, kw_only=True):
    food_entry: list[DiaryLine] | DiaryLine | None = None


class FoodEntriesGet(msgspec.Struct, kw_only=True):
    food_entries: DiaryLines | None = None


class Value(msgspec.Struct, kw_only=True):
    value: str


class FoodEntryCreated(msgspec.Struct, kw_only=True):
    food_entry_id: Value


class Success(msgspec.Struct, kw_only=True):
    success: Value


class MonthDay(Nutrition, kw_only=True):
    date_int: int


class Month(msgspec.Struct, kw_only=True):
    from_date_int: int
    to_date_int: int
    day: list[MonthDay] | MonthDay | None = None  # days without entries are left out


class FoodEntriesMonth(msgspec.Struct, kw_only=True):
    month: Month


class Error(msgspec.Struct, kw_only=True):
    code: int


class ErrorEnvelope(msgspec.Struct, kw_only=True):
    error: Error | None = None
