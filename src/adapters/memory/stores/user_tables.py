"""The export's tables, from the in-memory rows: the same table names as the PostgreSQL schema,
nested values flattened into `outer_inner` columns, secrets left out."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypeVar

import msgspec

from adapters.memory.database import Overlay, Session, UserKey
from application.ports.users import UserTable
from domain.ids import UserId


def _flat(value: object) -> dict[str, str]:
    """A struct as one row: a nested struct's fields become `outer_inner` columns."""
    cells: dict[str, str] = {}

    def walk(built: Mapping[str, object], prefix: str) -> None:
        for name, inner in built.items():
            if isinstance(inner, Mapping):
                walk(inner, f"{prefix}{name}_")
            else:
                cells[f"{prefix}{name}"] = _cell(inner)

    walk(msgspec.to_builtins(value), "")
    return cells


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return msgspec.json.encode(value).decode()
    return str(value)


T = TypeVar("T")


def _owned(table: Overlay[UserKey, T], user_id: UserId) -> list[T]:
    return [record for key, record in table.items() if key[0] == user_id]


def _table(name: str, rows: Iterable[dict[str, str]]) -> UserTable:
    """Rows may differ in columns (a USDA food has an NDB number, an own food a name)."""
    listed = list(rows)
    columns = tuple(dict.fromkeys(column for row in listed for column in row))
    return UserTable(
        name=name,
        columns=columns,
        rows=tuple(tuple(row.get(column, "") for column in columns) for row in listed),
    )


def user_tables(s: Session, user_id: UserId) -> list[UserTable]:
    user = s.users.get(user_id)
    entries = sorted(
        (e for e in s.entries.values() if e.user_id == user_id), key=lambda e: (e.eaten_at, e.id)
    )
    return [
        _table("users", [_flat(user)] if user else []),
        _table("food_entries", [
            {k: v for k, v in _flat(e).items() if k != "items"} for e in entries
        ]),
        _table("food_items", [
            {"entry_id": str(e.id), "position": str(n), **_flat(item)}
            for e in entries for n, item in enumerate(e.items)
        ]),
        _table("cycles", map(_flat, _owned(s.cycles, user_id))),
        _table("sleeps", map(_flat, _owned(s.sleeps, user_id))),
        _table("recoveries", map(_flat, _owned(s.recoveries, user_id))),
        _table("workouts", map(_flat, _owned(s.workouts, user_id))),
        _table("conversation_messages", [
            _flat(m) for m in s.messages.values() if m.user_id == user_id
        ]),
        _table("connection_states", [
            {k: v for k, v in _flat(x).items() if k != "request_secret"}
            for x in s.states.values() if x.user_id == user_id
        ]),
        _table("provider_connections", [
            _flat(c) for c, _credentials in s.connections.values() if c.user_id == user_id
        ]),
        _table("sent_notifications", [
            _flat(n) for n in s.ledger.values() if n.user_id == user_id
        ]),
        _table("diary_outbox", [_flat(i) for i in s.outbox.values() if i.user_id == user_id]),
        _table("sync_cursors", [_flat(c) for c in s.cursors.values() if c.user_id == user_id]),
    ]  # fmt: skip
