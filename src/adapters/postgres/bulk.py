"""Upserting many rows into one table inside the unit's transaction, two ways.

`upsert_many` sends one INSERT ... ON CONFLICT for all rows with `executemany` (psycopg pipelines
it: one round trip, not one per row). `copy_upsert` streams the rows with COPY into a temporary
table and merges them with one INSERT ... SELECT ... ON CONFLICT: less work per row for big
batches. Either way a row whose key exists replaces the old one, and an unchanged row is not
rewritten (no dead tuple, no WAL).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from psycopg import sql

from adapters.postgres.session import Session

# Rows per table from which COPY wins: its temporary table costs ~15 ms up front, then each row
# is cheaper. Measured for the four record tables together: 100 rows each, executemany 17 ms
# and COPY 25 ms; 300 rows each, 48 ms and 36 ms (bench/whoop_upsert.py has the 10,000-row run).
COPY_FROM_ROWS = 200


class UpsertTable(NamedTuple):
    name: str
    key: tuple[str, ...]
    columns: tuple[str, ...]  # the key's columns included, in the rows' order


def _on_conflict(table: UpsertTable) -> sql.Composed:
    target = sql.Identifier(table.name)
    updated = [column for column in table.columns if column not in table.key]
    return sql.SQL(
        "ON CONFLICT ({key}) DO UPDATE SET ({columns}) = ROW({excluded})"
        " WHERE ({target}.*) IS DISTINCT FROM (EXCLUDED.*)"
    ).format(
        key=sql.SQL(", ").join(map(sql.Identifier, table.key)),
        columns=sql.SQL(", ").join(map(sql.Identifier, updated)),
        excluded=sql.SQL(", ").join(
            sql.SQL("EXCLUDED.{}").format(sql.Identifier(c)) for c in updated
        ),
        target=target,
    )


def _last_per_key(table: UpsertTable, rows: Sequence[Sequence[Any]]) -> list[Sequence[Any]]:
    """One row per key, the last one given (one statement cannot update a row twice)."""
    positions = [table.columns.index(column) for column in table.key]
    latest = {tuple(row[p] for p in positions): row for row in rows}
    return list(latest.values())


async def upsert_many(session: Session, table: UpsertTable, rows: Sequence[Sequence[Any]]) -> None:
    statement = sql.SQL("INSERT INTO {table} ({columns}) VALUES ({values}) {on_conflict}").format(
        table=sql.Identifier(table.name),
        columns=sql.SQL(", ").join(map(sql.Identifier, table.columns)),
        values=sql.SQL(", ").join(sql.Placeholder() * len(table.columns)),
        on_conflict=_on_conflict(table),
    )
    await session.execute_many(statement, _last_per_key(table, rows))


async def copy_upsert(session: Session, table: UpsertTable, rows: Sequence[Sequence[Any]]) -> None:
    incoming = sql.Identifier(f"incoming_{table.name}")
    columns = sql.SQL(", ").join(map(sql.Identifier, table.columns))
    # Dropped at the end, and with the transaction if anything fails before that.
    await session.execute(
        sql.SQL("CREATE TEMPORARY TABLE {incoming} (LIKE {table}) ON COMMIT DROP").format(
            incoming=incoming, table=sql.Identifier(table.name)
        )
    )
    await session.copy_in(
        sql.SQL("COPY {incoming} ({columns}) FROM STDIN").format(
            incoming=incoming, columns=columns
        ),
        _last_per_key(table, rows),
    )
    await session.execute(
        sql.SQL(
            "INSERT INTO {table} ({columns}) SELECT {columns} FROM {incoming} {on_conflict}"
        ).format(
            table=sql.Identifier(table.name),
            columns=columns,
            incoming=incoming,
            on_conflict=_on_conflict(table),
        )
    )
    await session.execute(sql.SQL("DROP TABLE {incoming}").format(incoming=incoming))


async def upsert(session: Session, table: UpsertTable, rows: Sequence[Sequence[Any]]) -> None:
    """Insert or replace `rows`, by whichever way is faster for their number."""
    if len(rows) >= COPY_FROM_ROWS:
        await copy_upsert(session, table, rows)
    elif rows:
        await upsert_many(session, table, rows)
