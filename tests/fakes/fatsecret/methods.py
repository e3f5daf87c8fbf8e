"""The FatSecret API methods the product uses (CONTRACTS §2.4), as pure functions of the fake's
state and the request parameters. Every scalar they return is a string.

"v1" methods (foods.search, food.get, food_entries.get, food_entries.get_month) give a lone child as
an object, as the old API versions did; the others give lists unless `single_as_object` is on.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from typing import Literal

from tests.fakes.fatsecret.accounts import FatSecretError, FatSecretUser
from tests.fakes.fatsecret.diary import MEALS, Diaries, DiaryEntry
from tests.fakes.fatsecret.foods import Food, search
from tests.fakes.fatsecret.render import EPOCH, Json, children

EmptyDay = Literal["null", "missing", "empty_list"]
DELEGATED = frozenset(
    {
        "food_entry.create",
        "food_entry.edit",
        "food_entry.delete",
        "food_entries.get",
        "food_entries.get.v2",
        "food_entries.get_month",
        "food_entries.get_month.v2",
    }
)
_OLD_STYLE = frozenset({"foods.search", "food.get", "food_entries.get", "food_entries.get_month"})


@dataclass
class Call:
    """One API call: its parameters and the world it acts on."""

    method: str
    params: Mapping[str, str]
    user: FatSecretUser | None
    foods: list[Food]
    diaries: Diaries
    today: int
    single_as_object: bool
    empty_day: EmptyDay

    @property
    def object_for_one(self) -> bool:
        return self.single_as_object or self.method in _OLD_STYLE

    def required(self, name: str) -> str:
        value = self.params.get(name)
        if value is None or value == "":
            raise FatSecretError(101, f"Missing required parameter: {name}")
        return value

    def integer(self, name: str, default: int | None = None) -> int:
        raw = self.params.get(name)
        if raw is None or raw == "":
            if default is None:
                raise FatSecretError(101, f"Missing required parameter: {name}")
            return default
        try:
            return int(raw)
        except ValueError:
            raise FatSecretError(108, f"Invalid Type: '{name}'") from None

    def units(self, name: str = "number_of_units") -> Decimal:
        try:
            value = Decimal(self.required(name))
        except InvalidOperation:
            raise FatSecretError(108, f"Invalid Type: '{name}'") from None
        if not value.is_finite() or value <= 0:
            raise FatSecretError(107, f"Value out of range: '{name}'")
        return value

    def meal(self) -> str:
        meal = self.required("meal").lower()
        if meal not in MEALS:
            raise FatSecretError(107, "Value out of range: 'meal'")
        return meal

    def food(self) -> Food:
        food_id = self.required("food_id")
        found = next((f for f in self.foods if f.food_id == food_id), None)
        if found is None:
            raise FatSecretError(106, "Invalid ID: 'food_id'")
        return found

    def own_entry(self) -> DiaryEntry:
        entry = self.diaries.entries.get(self.required("food_entry_id"))
        if entry is None or self.user is None or entry.user_id != self.user.user_id:
            raise FatSecretError(106, "Invalid ID: 'food_entry_id'")
        return entry

    def user_id(self) -> str:
        if self.user is None:  # checked by the app before dispatch; kept for the type checker
            raise FatSecretError(2, "Missing required oauth parameter: oauth_token")
        return self.user.user_id


def _page(call: Call, default: int = 20) -> tuple[list[Food], int, int, int]:
    found = search(call.foods, call.required("search_expression"))
    page_number = call.integer("page_number", 0)
    max_results = call.integer("max_results", default)
    if not 1 <= max_results <= 50 or page_number < 0:
        raise FatSecretError(107, "Value out of range: 'max_results'")
    start = page_number * max_results
    return found[start : start + max_results], page_number, max_results, len(found)


def foods_search(call: Call) -> Json:
    foods, page_number, max_results, total = _page(call)
    body: Json = {
        "max_results": str(max_results),
        "page_number": str(page_number),
        "total_results": str(total),
    }
    if foods:
        items = [f.summary_json() for f in foods]
        body["food"] = children(items, single_as_object=call.object_for_one)
    return {"foods": body}


def foods_search_v3(call: Call) -> Json:
    foods, page_number, max_results, total = _page(call)
    body: Json = {"max_results": str(max_results), "page_number": str(page_number)}
    if foods:
        items = [f.full_json(single_as_object=call.object_for_one) for f in foods]
        body["results"] = {"food": children(items, single_as_object=call.object_for_one)}
    body["total_results"] = str(total)
    return {"foods_search": body}


def food_get(call: Call) -> Json:
    return {"food": call.food().full_json(single_as_object=call.object_for_one)}


def food_entry_create(call: Call) -> Json:
    food = call.food()
    serving = food.serving(call.required("serving_id"))
    if serving is None:
        raise FatSecretError(106, "Invalid ID: 'serving_id'")
    entry = call.diaries.create(
        user_id=call.user_id(),
        food=food,
        serving=serving,
        units=call.units(),
        meal=call.meal(),
        date_int=call.integer("date", call.today),
        name=call.required("food_entry_name"),
    )
    return {"food_entry_id": {"value": entry.food_entry_id}}


def food_entry_edit(call: Call) -> Json:
    entry = call.own_entry()
    food = next(f for f in call.foods if f.food_id == entry.food_id)
    serving = None
    if call.params.get("serving_id"):
        serving = food.serving(call.params["serving_id"])
        if serving is None:
            raise FatSecretError(106, "Invalid ID: 'serving_id'")
    call.diaries.edit(
        entry,
        food=food,
        serving=serving,
        units=call.units() if call.params.get("number_of_units") else None,
        meal=call.meal() if call.params.get("meal") else None,
        name=call.params.get("food_entry_name") or None,
    )
    return {"success": {"value": "1"}}


def food_entry_delete(call: Call) -> Json:
    del call.diaries.entries[call.own_entry().food_entry_id]
    return {"success": {"value": "1"}}


def food_entries_get(call: Call) -> Json:
    if call.params.get("food_entry_id"):
        entries = [call.own_entry()]
    else:
        entries = call.diaries.of(call.user_id(), call.integer("date", call.today))
    if not entries:
        if call.empty_day == "missing":
            return {}
        if call.empty_day == "null":
            return {"food_entries": None}
        return {"food_entries": {"food_entry": []}}
    items = [e.to_json() for e in entries]
    return {"food_entries": {"food_entry": children(items, single_as_object=call.object_for_one)}}


def food_entries_get_month(call: Call) -> Json:
    try:
        day = EPOCH + timedelta(days=call.integer("date", call.today))
    except OverflowError:
        raise FatSecretError(107, "Value out of range: 'date'") from None
    first = day.replace(day=1)
    last = day.replace(day=calendar.monthrange(day.year, day.month)[1])
    first_int, last_int = (first - EPOCH).days, (last - EPOCH).days
    body: Json = {"from_date_int": str(first_int), "to_date_int": str(last_int)}
    days = call.diaries.month_days(call.user_id(), first_int, last_int)
    if days:
        body["day"] = children(days, single_as_object=call.object_for_one)
    return {"month": body}


METHODS: dict[str, Callable[[Call], Json]] = {
    "foods.search": foods_search,
    "foods.search.v2": foods_search_v3,
    "foods.search.v3": foods_search_v3,
    "food.get": food_get,
    "food.get.v2": food_get,
    "food.get.v3": food_get,
    "food.get.v4": food_get,
    "food.get.v5": food_get,
    "food_entry.create": food_entry_create,
    "food_entry.edit": food_entry_edit,
    "food_entry.delete": food_entry_delete,
    "food_entries.get": food_entries_get,
    "food_entries.get.v2": food_entries_get,
    "food_entries.get_month": food_entries_get_month,
    "food_entries.get_month.v2": food_entries_get_month,
}
