from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import msgspec

from adapters.postgres.session import Row, Session
from domain.errors import AlreadyExistsError, EntryNotFoundError
from domain.ids import EntryId, UserId
from domain.meals.entry import FoodEntry
from domain.meals.food import FatSecretFood, FoodItem, FoodSource, UsdaFood, food_key, said_key

ADD_ITEM = """
INSERT INTO food_items (
    entry_id, position, user_id, name_as_said, canonical_name, source_kind, source_ref,
    serving_id, food_key, grams, grams_basis, portion_label, portion_count,
    kcal, protein, fat, carbohydrate, fiber, sugar, diary_ref
) VALUES (
    %(entry_id)s, %(position)s, %(user_id)s, %(name_as_said)s, %(canonical_name)s,
    %(source_kind)s, %(source_ref)s, %(serving_id)s, %(food_key)s, %(grams)s, %(grams_basis)s,
    %(portion_label)s, %(portion_count)s, %(kcal)s, %(protein)s, %(fat)s, %(carbohydrate)s,
    %(fiber)s, %(sugar)s, %(diary_ref)s
)
"""
# An entry and its items in one statement, the items as one array per column. DO NOTHING
# instead of an error: a taken id inserts nothing and leaves the transaction usable.
ADD_ENTRY_WITH_ITEMS = """
WITH entry AS (
    INSERT INTO food_entries (id, user_id, eaten_at, local_date, meal, source_text, logged_at,
                              status, origin)
    VALUES (%(id)s, %(user_id)s, %(eaten_at)s, %(local_date)s, %(meal)s, %(source_text)s,
            %(logged_at)s, %(status)s, %(origin)s)
    ON CONFLICT DO NOTHING
    RETURNING id, user_id
)
INSERT INTO food_items (
    entry_id, position, user_id, name_as_said, canonical_name, source_kind, source_ref,
    serving_id, food_key, grams, grams_basis, portion_label, portion_count,
    kcal, protein, fat, carbohydrate, fiber, sugar, diary_ref
)
SELECT entry.id, item.position, entry.user_id, item.name_as_said, item.canonical_name,
       item.source_kind, item.source_ref, item.serving_id, item.food_key, item.grams,
       item.grams_basis, item.portion_label, item.portion_count, item.kcal, item.protein,
       item.fat, item.carbohydrate, item.fiber, item.sugar, item.diary_ref
FROM entry, unnest(
    %(position)s::smallint[], %(name_as_said)s::text[], %(canonical_name)s::text[],
    %(source_kind)s::text[], %(source_ref)s::text[], %(serving_id)s::text[],
    %(food_key)s::text[], %(grams)s::numeric[], %(grams_basis)s::text[],
    %(portion_label)s::text[], %(portion_count)s::numeric[], %(kcal)s::numeric[],
    %(protein)s::numeric[], %(fat)s::numeric[], %(carbohydrate)s::numeric[],
    %(fiber)s::numeric[], %(sugar)s::numeric[], %(diary_ref)s::text[]
) AS item(position, name_as_said, canonical_name, source_kind, source_ref, serving_id,
          food_key, grams, grams_basis, portion_label, portion_count, kcal, protein, fat,
          carbohydrate, fiber, sugar, diary_ref)
"""
_ITEM_ARRAYS = (
    "position", "name_as_said", "canonical_name", "source_kind", "source_ref", "serving_id",
    "food_key", "grams", "grams_basis", "portion_label", "portion_count", "kcal", "protein",
    "fat", "carbohydrate", "fiber", "sugar", "diary_ref",
)  # fmt: skip
UPDATE_ENTRY = """
UPDATE food_entries
SET eaten_at = %(eaten_at)s, local_date = %(local_date)s, meal = %(meal)s,
    source_text = %(source_text)s, logged_at = %(logged_at)s, status = %(status)s,
    origin = %(origin)s
WHERE id = %(id)s AND user_id = %(user_id)s
"""
DELETE_ITEMS = "DELETE FROM food_items WHERE entry_id = %(id)s"
GET_ENTRY = "SELECT * FROM food_entries WHERE id = %(id)s AND user_id = %(user_id)s"
# Entries between two dates with their items, in one statement (one snapshot, one round trip):
# a row per item, the entry's columns repeated. For one user, or for a page of users at once
# (the briefing tick).
_ENTRIES_WITH_ITEMS = """
SELECT e.id, e.user_id, e.eaten_at, e.local_date, e.meal, e.source_text, e.logged_at,
       e.status, e.origin, i.position, i.name_as_said, i.canonical_name, i.source_kind,
       i.source_ref, i.serving_id, i.grams, i.grams_basis, i.portion_label, i.portion_count,
       i.kcal, i.protein, i.fat, i.carbohydrate, i.fiber, i.sugar, i.diary_ref
FROM food_entries e LEFT JOIN food_items i ON i.entry_id = e.id
WHERE {users} AND e.local_date BETWEEN %(first)s AND %(last)s
ORDER BY {order}e.eaten_at, e.id, i.position
"""
ENTRIES_WITH_ITEMS_BETWEEN = _ENTRIES_WITH_ITEMS.format(users="e.user_id = %(user_id)s", order="")
ENTRIES_OF_USERS_WITH_ITEMS_BETWEEN = _ENTRIES_WITH_ITEMS.format(
    users="e.user_id = ANY(%(user_ids)s)", order="e.user_id, "
)
_ENTRY_COLUMNS = (
    "id", "user_id", "eaten_at", "local_date", "meal", "source_text", "logged_at", "status",
    "origin",
)  # fmt: skip
ALL_ENTRIES = "SELECT * FROM food_entries WHERE user_id = %(user_id)s ORDER BY eaten_at, id"
LAST_LOGGED_ENTRY = """
SELECT * FROM food_entries
WHERE user_id = %(user_id)s AND status = 'logged'
ORDER BY logged_at DESC, id DESC
LIMIT 1
"""
ENTRY_BY_DIARY_REF = """
SELECT * FROM food_entries e
WHERE e.user_id = %(user_id)s AND EXISTS (
    SELECT FROM food_items i
    WHERE i.entry_id = e.id AND i.user_id = %(user_id)s AND i.diary_ref = %(diary_ref)s
)
ORDER BY e.eaten_at, e.id
LIMIT 1
"""
ITEMS_OF_ENTRIES = """
SELECT * FROM food_items WHERE entry_id = ANY(%(entry_ids)s) ORDER BY entry_id, position
"""
# These joins scope the entries to the user as well as by id: without statistics (a young or
# unanalysed table) the planner may otherwise join each item against every user's logged
# entries, a cost growing with all users' history (measured: 4-9 ms at 50 users' 2,750 entries).
RECENT_GRAMS = """
SELECT i.grams
FROM food_items i JOIN food_entries e ON e.id = i.entry_id AND e.user_id = i.user_id
WHERE i.user_id = %(user_id)s AND e.user_id = %(user_id)s AND i.food_key = %(food_key)s
  AND i.grams IS NOT NULL AND e.status = 'logged'
ORDER BY e.logged_at DESC, e.id DESC, i.position DESC
LIMIT 1
"""


PREVIOUS_CHOICE = """
SELECT i.food_key
FROM food_items i JOIN food_entries e ON e.id = i.entry_id AND e.user_id = i.user_id
WHERE i.user_id = %(user_id)s AND e.user_id = %(user_id)s AND e.status = 'logged'
  AND lower(regexp_replace(btrim(i.name_as_said), '\\s+', ' ', 'g')) = %(said)s
ORDER BY e.logged_at DESC, e.id DESC, i.position DESC
LIMIT 1
"""
# RECENT_GRAMS and PREVIOUS_CHOICE for several foods / names in one read.
RECENT_GRAMS_OF = """
SELECT DISTINCT ON (i.food_key) i.food_key, i.grams
FROM food_items i JOIN food_entries e ON e.id = i.entry_id AND e.user_id = i.user_id
WHERE i.user_id = %(user_id)s AND e.user_id = %(user_id)s AND i.food_key = ANY(%(food_keys)s)
  AND i.grams IS NOT NULL AND e.status = 'logged'
ORDER BY i.food_key, e.logged_at DESC, e.id DESC, i.position DESC
"""
PREVIOUS_CHOICES = """
SELECT DISTINCT ON (said) said, food_key FROM (
    SELECT lower(regexp_replace(btrim(i.name_as_said), '\\s+', ' ', 'g')) AS said, i.food_key,
           e.logged_at, e.id, i.position
    FROM food_items i JOIN food_entries e ON e.id = i.entry_id AND e.user_id = i.user_id
    WHERE i.user_id = %(user_id)s AND e.user_id = %(user_id)s AND e.status = 'logged'
) AS said_by_user
WHERE said = ANY(%(said)s)
ORDER BY said, logged_at DESC, id DESC, position DESC
"""


def _entry_params(entry: FoodEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "user_id": entry.user_id,
        "eaten_at": entry.eaten_at,
        "local_date": entry.local_date,
        "meal": entry.meal.value,
        "source_text": entry.source_text,
        "logged_at": entry.logged_at,
        "status": entry.status.value,
        "origin": entry.origin.value,
    }


def _source_columns(source: FoodSource) -> tuple[str, str, str | None]:
    """(kind, reference, serving) of where an item's numbers came from."""
    if isinstance(source, UsdaFood):
        return "usda", source.ndb_no, None
    if isinstance(source, FatSecretFood):
        return "fatsecret", source.food_id, source.serving_id
    return "own", source.name, None


def _source(row: Row) -> dict[str, Any]:
    kind, ref = row["source_kind"], row["source_ref"]
    if kind == "usda":
        return {"type": kind, "ndb_no": ref}
    if kind == "fatsecret":
        return {"type": kind, "food_id": ref, "serving_id": row["serving_id"]}
    return {"type": kind, "name": ref}


def _item_params(entry: FoodEntry, position: int, item: FoodItem) -> dict[str, Any]:
    kind, ref, serving_id = _source_columns(item.source)
    nutrients = item.nutrients
    return {
        "entry_id": entry.id,
        "position": position,
        "user_id": entry.user_id,
        "name_as_said": item.name_as_said,
        "canonical_name": item.canonical_name,
        "source_kind": kind,
        "source_ref": ref,
        "serving_id": serving_id,
        "food_key": food_key(item.source),
        "grams": item.grams,
        "grams_basis": item.basis.value,
        "portion_label": item.portion_label,
        "portion_count": item.count,
        "kcal": nutrients.kcal,
        "protein": nutrients.protein,
        "fat": nutrients.fat,
        "carbohydrate": nutrients.carbohydrate,
        "fiber": nutrients.fiber,
        "sugar": nutrients.sugar,
        "diary_ref": item.diary_ref,
    }


def _item(row: Row) -> dict[str, Any]:
    return {
        "name_as_said": row["name_as_said"],
        "canonical_name": row["canonical_name"],
        "source": _source(row),
        "grams": row["grams"],
        "nutrients": {
            name: row[name] for name in ("kcal", "protein", "fat", "carbohydrate", "fiber", "sugar")
        },
        "basis": row["grams_basis"],
        "portion_label": row["portion_label"],
        "count": row["portion_count"],
        "diary_ref": row["diary_ref"],
    }


def _joined_entries(rows: list[Row]) -> list[FoodEntry]:
    """Entries from rows of entries joined with their items, in the rows' order."""
    entries: dict[int, tuple[Row, list[dict[str, Any]]]] = {}
    for row in rows:
        found = entries.get(row["id"])
        if found is None:
            found = entries[row["id"]] = (row, [])
        if row["position"] is not None:  # an item (the join is a LEFT one)
            found[1].append(_item(row))
    return [
        msgspec.convert({**{c: head[c] for c in _ENTRY_COLUMNS}, "items": items}, FoodEntry)
        for head, items in entries.values()
    ]


class PostgresFoodLogStore:
    def __init__(self, session: Session) -> None:
        self._db = session

    async def _with_items(self, rows: list[Row]) -> list[FoodEntry]:
        """Entries from their rows, each with its items, in the rows' order."""
        if not rows:
            return []
        items: dict[int, list[dict[str, Any]]] = {row["id"]: [] for row in rows}
        ids = list(items)
        for item in await self._db.fetch_all(ITEMS_OF_ENTRIES, {"entry_ids": ids}):
            items[item["entry_id"]].append(_item(item))
        return [msgspec.convert({**row, "items": items[row["id"]]}, FoodEntry) for row in rows]

    async def _one(self, row: Row | None) -> FoodEntry | None:
        return (await self._with_items([row]))[0] if row else None

    async def _write_items(self, entry: FoodEntry) -> None:
        params = [_item_params(entry, n, item) for n, item in enumerate(entry.items)]
        await self._db.execute_many(ADD_ITEM, params)

    async def add(self, entry: FoodEntry) -> None:
        items = [_item_params(entry, n, item) for n, item in enumerate(entry.items)]
        params = _entry_params(entry) | {c: [i[c] for i in items] for c in _ITEM_ARRAYS}
        # An entry has items (the domain's rule), so no row means the entry did not go in.
        if await self._db.execute(ADD_ENTRY_WITH_ITEMS, params) == 0:
            raise AlreadyExistsError(f"food entry {entry.id} exists already")

    async def get(self, user_id: UserId, entry_id: EntryId) -> FoodEntry | None:
        return await self._one(
            await self._db.fetch_one(GET_ENTRY, {"id": entry_id, "user_id": user_id})
        )

    async def update(self, entry: FoodEntry) -> None:
        if await self._db.execute(UPDATE_ENTRY, _entry_params(entry)) == 0:
            raise EntryNotFoundError(f"no entry {entry.id} of user {entry.user_id}")
        await self._db.execute(DELETE_ITEMS, {"id": entry.id})
        await self._write_items(entry)

    async def between(self, user_id: UserId, first: date, last: date) -> Sequence[FoodEntry]:
        params = {"user_id": user_id, "first": first, "last": last}
        return _joined_entries(await self._db.fetch_all(ENTRIES_WITH_ITEMS_BETWEEN, params))

    async def between_for(
        self, user_ids: Sequence[UserId], first: date, last: date
    ) -> Mapping[UserId, Sequence[FoodEntry]]:
        params = {"user_ids": list(user_ids), "first": first, "last": last}
        rows = await self._db.fetch_all(ENTRIES_OF_USERS_WITH_ITEMS_BETWEEN, params)
        found: dict[UserId, list[FoodEntry]] = {}
        for entry in _joined_entries(rows):
            found.setdefault(entry.user_id, []).append(entry)
        return found

    async def last_logged(self, user_id: UserId) -> FoodEntry | None:
        return await self._one(await self._db.fetch_one(LAST_LOGGED_ENTRY, {"user_id": user_id}))

    async def by_diary_ref(self, user_id: UserId, diary_ref: str) -> FoodEntry | None:
        params = {"user_id": user_id, "diary_ref": diary_ref}
        return await self._one(await self._db.fetch_one(ENTRY_BY_DIARY_REF, params))

    async def recent_grams(self, user_id: UserId, food_key_: str) -> Decimal | None:
        row = await self._db.fetch_one(RECENT_GRAMS, {"user_id": user_id, "food_key": food_key_})
        return row["grams"] if row else None

    async def previous_choice(self, user_id: UserId, name_as_said: str) -> str | None:
        said = said_key(name_as_said)
        row = await self._db.fetch_one(PREVIOUS_CHOICE, {"user_id": user_id, "said": said})
        return str(row["food_key"]) if row else None

    async def recent_grams_of(
        self, user_id: UserId, food_keys: Sequence[str]
    ) -> Mapping[str, Decimal]:
        if not food_keys:
            return {}
        params = {"user_id": user_id, "food_keys": list(dict.fromkeys(food_keys))}
        rows = await self._db.fetch_all(RECENT_GRAMS_OF, params)
        return {row["food_key"]: row["grams"] for row in rows}

    async def previous_choices(
        self, user_id: UserId, names_as_said: Sequence[str]
    ) -> Mapping[str, str]:
        if not names_as_said:
            return {}
        said = list(dict.fromkeys(said_key(name) for name in names_as_said))
        rows = await self._db.fetch_all(PREVIOUS_CHOICES, {"user_id": user_id, "said": said})
        return {row["said"]: str(row["food_key"]) for row in rows}

    async def all_of(self, user_id: UserId) -> Sequence[FoodEntry]:
        return await self._with_items(await self._db.fetch_all(ALL_ENTRIES, {"user_id": user_id}))
