"""Food diaries, one per FatSecret user, written through the API or directly by a test (as if the
user typed into FatSecret's own app).

An entry's `number_of_units` counts the serving's measurement units ("150" of the "100 g" serving is
150 g; "2" of "1 medium" is two), so nutrients scale by units / the serving's own number_of_units.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from tests.fakes.fatsecret.foods import Food, Serving
from tests.fakes.fatsecret.render import Json, amount, nutrient

MEALS = ("breakfast", "lunch", "dinner", "other")


@dataclass(frozen=True, slots=True)
class DiaryEntry:
    food_entry_id: str
    user_id: str
    date_int: int
    meal: str  # breakfast | lunch | dinner | other
    food_id: str
    serving_id: str
    number_of_units: Decimal
    food_entry_name: str
    food_entry_description: str
    nutrients: dict[str, Decimal] = field(compare=False)

    @property
    def calories(self) -> Decimal:
        return self.nutrients.get("calories", Decimal(0))

    def to_json(self) -> Json:
        body: Json = {
            "food_entry_id": self.food_entry_id,
            "food_entry_name": self.food_entry_name,
            "food_entry_description": self.food_entry_description,
            "date_int": str(self.date_int),
            "meal": self.meal.capitalize(),  # captures show "Breakfast" in responses
            "food_id": self.food_id,
            "serving_id": self.serving_id,
            "number_of_units": amount(self.number_of_units),
        }
        body.update((name, nutrient(name, value)) for name, value in self.nutrients.items())
        return body


def _units_text(units: Decimal) -> str:
    return format(units.normalize(), "f")


def describe(food: Food, serving: Serving, units: Decimal) -> tuple[str, dict[str, Decimal]]:
    """The entry's description ("150 g Bananas") and its nutrients."""
    factor = units / serving.number_of_units
    nutrients = {name: value * factor for name, value in serving.nutrients.items()}
    return f"{_units_text(units)} {serving.measurement_description} {food.food_name}", nutrients


@dataclass
class Diaries:
    next_id: int = 19_482_001
    entries: dict[str, DiaryEntry] = field(default_factory=dict)

    def create(
        self,
        *,
        user_id: str,
        food: Food,
        serving: Serving,
        units: Decimal,
        meal: str,
        date_int: int,
        name: str,
    ) -> DiaryEntry:
        entry_id = str(self.next_id)
        self.next_id += 1
        description, nutrients = describe(food, serving, units)
        entry = DiaryEntry(
            entry_id,
            user_id,
            date_int,
            meal,
            food.food_id,
            serving.serving_id,
            units,
            name,
            description,
            nutrients,
        )
        self.entries[entry_id] = entry
        return entry

    def edit(
        self,
        entry: DiaryEntry,
        *,
        food: Food,
        serving: Serving | None = None,
        units: Decimal | None = None,
        meal: str | None = None,
        name: str | None = None,
    ) -> DiaryEntry:
        serving = serving or food.serving(entry.serving_id)
        if serving is None:
            raise LookupError(f"serving {entry.serving_id} left food {food.food_id}")
        units = units if units is not None else entry.number_of_units
        description, nutrients = describe(food, serving, units)
        edited = replace(
            entry,
            serving_id=serving.serving_id,
            number_of_units=units,
            meal=meal or entry.meal,
            food_entry_name=name or entry.food_entry_name,
            food_entry_description=description,
            nutrients=nutrients,
        )
        self.entries[entry.food_entry_id] = edited
        return edited

    def of(self, user_id: str, date_int: int | None = None) -> list[DiaryEntry]:
        return sorted(
            (
                e
                for e in self.entries.values()
                if e.user_id == user_id and (date_int is None or e.date_int == date_int)
            ),
            key=lambda e: (e.date_int, int(e.food_entry_id)),
        )

    def month_days(self, user_id: str, first: int, last: int) -> list[Json]:
        """food_entries.get_month's `day` items: days with entries, summed."""
        days: dict[int, list[DiaryEntry]] = {}
        for entry in self.of(user_id):
            if first <= entry.date_int <= last:
                days.setdefault(entry.date_int, []).append(entry)
        return [_day_json(day, entries) for day, entries in sorted(days.items())]


def _day_json(day: int, entries: Iterable[DiaryEntry]) -> Json:
    totals = {name: Decimal(0) for name in ("calories", "carbohydrate", "protein", "fat")}
    for entry in entries:
        for name in totals:
            totals[name] += entry.nutrients.get(name, Decimal(0))
    return {"date_int": str(day), **{name: nutrient(name, v) for name, v in totals.items()}}
