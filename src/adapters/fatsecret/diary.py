"""`DiaryGateway` on the user's FatSecret food diary (delegated calls, signed with their token).

A diary line needs a FatSecret food, one of its servings and a number of that serving's units.
An item found on FatSecret keeps its food; any other (USDA, the user's own) is looked up there
by name. The serving is one with a metric weight — the per-gram "g" serving when the food has
one, so the line says exactly the grams we logged. An item no FatSecret food fits is not
written (its reference stays None).

Reconciliation (`find_written`) recomputes that line for each item and looks for it on the
day: same food, serving, units, name and meal, not held by another entry.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Collection, Sequence
from datetime import date
from decimal import Decimal

import msgspec

from adapters.fatsecret import mapping, wire
from adapters.fatsecret.client import FatSecretClient
from adapters.fatsecret.errors import INVALID_ID, FatSecretRequestError
from adapters.fatsecret.foods import FoodBook
from application.ports.connections import ProviderCredentials
from application.ports.diary import DiaryRecord
from domain.errors import InvalidValueError
from domain.meals.entry import FoodEntry
from domain.meals.food import FatSecretFood, FoodItem
from domain.meals.nutrients import Nutrients

logger = logging.getLogger(__name__)

_WORD = re.compile(r"\w+", re.UNICODE)
_CANDIDATES = 3  # search results tried per phrase for an item from another catalog


class PlannedLine(msgspec.Struct, frozen=True, kw_only=True):
    """The diary line an item becomes."""

    food_id: str
    serving_id: str
    units: Decimal
    name: str


class FatSecretDiary:
    def __init__(self, client: FatSecretClient, foods: FoodBook) -> None:
        self._client = client
        self._foods = foods

    async def write(
        self, credentials: ProviderCredentials, entry: FoodEntry
    ) -> tuple[str | None, ...]:
        refs: list[str | None] = []
        for item in entry.items:
            if item.diary_ref is not None:
                refs.append(item.diary_ref)
                continue
            planned = await self._plan(item)
            if planned is None:
                refs.append(None)
                continue
            params = [
                ("food_id", planned.food_id),
                ("food_entry_name", planned.name),
                ("serving_id", planned.serving_id),
                ("number_of_units", str(planned.units)),
                ("meal", mapping.fatsecret_meal(entry.meal)),
                ("date", str(mapping.date_int(entry.local_date))),
            ]
            created = await self._client.create(
                "food_entry.create", params, wire.FoodEntryCreated, credentials
            )
            refs.append(created.food_entry_id.value)
        return tuple(refs)

    async def find_written(
        self, credentials: ProviderCredentials, entry: FoodEntry, *, exclude: Collection[str]
    ) -> tuple[str | None, ...]:
        lines = await self._lines_on(credentials, entry.local_date)
        taken = set(exclude) | set(entry.diary_refs)
        meal = mapping.fatsecret_meal(entry.meal)
        found: list[str | None] = []
        for item in entry.items:
            if item.diary_ref is not None:
                found.append(item.diary_ref)
                continue
            planned = await self._plan(item)
            match = None
            if planned is not None:
                match = next(
                    (
                        line.food_entry_id
                        for line in lines
                        if line.food_entry_id not in taken and _is(line, planned, meal)
                    ),
                    None,
                )
            if match is not None:
                taken.add(match)
            found.append(match)
        return tuple(found)

    async def edit(self, credentials: ProviderCredentials, entry: FoodEntry) -> None:
        for item in entry.items:
            if item.diary_ref is None or item.grams is None:
                continue
            line = await self._line(credentials, item.diary_ref)
            if line is None:  # deleted in FatSecret meanwhile
                continue
            serving = await self._serving(line.food_id, line.serving_id)
            units = mapping.units_for_grams(serving, item.grams) if serving else None
            if units is None or units == line.number_of_units:
                continue
            params = [("food_entry_id", item.diary_ref), ("number_of_units", str(units))]
            await self._client.call("food_entry.edit", params, wire.Success, credentials)

    async def delete(self, credentials: ProviderCredentials, diary_refs: Sequence[str]) -> None:
        for ref in diary_refs:
            try:
                await self._client.call(
                    "food_entry.delete", [("food_entry_id", ref)], wire.Success, credentials
                )
            except FatSecretRequestError as error:
                if error.code != INVALID_ID:  # already gone is what we wanted
                    raise

    async def entries_on(
        self, credentials: ProviderCredentials, local_date: date
    ) -> Sequence[DiaryRecord]:
        records = []
        for line in await self._lines_on(credentials, local_date):
            serving = await self._serving(line.food_id, line.serving_id)
            try:
                records.append(mapping.diary_record(line, serving))
            except InvalidValueError:
                logger.warning("skipped a diary line with impossible numbers")
        return records

    async def month_totals(
        self, credentials: ProviderCredentials, any_day: date
    ) -> dict[date, Nutrients]:
        """Each day of `any_day`'s month that has diary lines, with its totals (days without
        lines are left out, as FatSecret leaves them out)."""
        params = [("date", str(mapping.date_int(any_day)))]
        month = await self._client.call(
            "food_entries.get_month.v2", params, wire.FoodEntriesMonth, credentials
        )
        return {
            mapping.local_date_of(day.date_int): mapping.nutrients_of(day)
            for day in wire.listed(month.month.day)
        }

    # --- lines ---------------------------------------------------------------------------------

    async def _lines_on(self, credentials: ProviderCredentials, day: date) -> list[wire.DiaryLine]:
        wanted = mapping.date_int(day)
        got = await self._client.call(
            "food_entries.get.v2", [("date", str(wanted))], wire.FoodEntriesGet, credentials
        )
        lines = wire.listed(got.food_entries.food_entry) if got.food_entries else []
        return [line for line in lines if line.date_int == wanted]

    async def _line(self, credentials: ProviderCredentials, ref: str) -> wire.DiaryLine | None:
        try:
            got = await self._client.call(
                "food_entries.get.v2", [("food_entry_id", ref)], wire.FoodEntriesGet, credentials
            )
        except FatSecretRequestError as error:
            if error.code == INVALID_ID:
                return None
            raise
        lines = wire.listed(got.food_entries.food_entry) if got.food_entries else []
        return next((line for line in lines if line.food_entry_id == ref), None)

    async def _serving(self, food_id: str, serving_id: str) -> wire.Serving | None:
        try:
            servings = await self._foods.servings(food_id)
        except FatSecretRequestError:  # a food FatSecret no longer knows
            return None
        return next((s for s in servings if s.serving_id == serving_id), None)

    # --- which line an item becomes ------------------------------------------------------------

    async def _plan(self, item: FoodItem) -> PlannedLine | None:
        if item.grams is None:
            return None
        if isinstance(item.source, FatSecretFood):
            try:
                servings = await self._foods.servings(item.source.food_id)
            except FatSecretRequestError:
                return None
            return _planned(item, item.source.food_id, servings, item.source.serving_id)
        for phrase in _phrases(item):
            foods = await self._foods.search(phrase, limit=10)
            for food in _closest(phrase, foods)[:_CANDIDATES]:
                servings = (
                    food.serving_list
                    if food.servings is not None
                    else await self._foods.servings(food.food_id)
                )
                planned = _planned(item, food.food_id, servings, None)
                if planned is not None:
                    return planned
        return None


def _planned(
    item: FoodItem, food_id: str, servings: list[wire.Serving], preferred: str | None
) -> PlannedLine | None:
    """The line for `item` on one of these servings: the per-gram one first (exact grams),
    then the item's own serving, then any with a metric weight."""
    assert item.grams is not None

    def rank(serving: wire.Serving) -> int:
        if serving.measurement_description.strip().lower() == "g":
            return 0
        return 1 if serving.serving_id == preferred else 2

    for serving in sorted(servings, key=rank):
        units = mapping.units_for_grams(serving, item.grams)
        if units is not None:
            return PlannedLine(
                food_id=food_id,
                serving_id=serving.serving_id,
                units=units,
                name=item.canonical_name.strip(),
            )
    return None


def _is(line: wire.DiaryLine, planned: PlannedLine, meal: str) -> bool:
    return (
        line.food_id == planned.food_id
        and line.serving_id == planned.serving_id
        and line.number_of_units == planned.units
        and line.food_entry_name.strip() == planned.name
        and line.meal.strip().lower() == meal
    )


def _phrases(item: FoodItem) -> list[str]:
    """What to search FatSecret for: the catalog's name, its head ("Bananas, raw" → "Bananas"),
    then the words the user said."""
    head = item.canonical_name.split(",")[0]
    candidates = (item.canonical_name, head, item.name_as_said)
    return [p for p in dict.fromkeys(c.strip() for c in candidates) if p]


def _words(text: str) -> set[str]:
    return {word.lower() for word in _WORD.findall(text)}


def _closest(phrase: str, foods: list[wire.Food]) -> list[wire.Food]:
    """Foods sharing words with `phrase`, most shared first (FatSecret's order among equals)."""
    wanted = _words(phrase)
    scored = [(len(wanted & _words(mapping.food_name(food))), food) for food in foods]
    return [food for score, food in sorted(scored, key=lambda pair: -pair[0]) if score > 0]
