import os
from pathlib import Path

import psycopg

from adapters.postgres.migrations import MIGRATIONS_DIR, apply_migrations
from tests.support.schema import dump_schema
from tests.support.servers import DatabaseFactory


def test_migrations_apply_once_and_equal_the_committed_schema(
    databases: DatabaseFactory, project_root: Path
) -> None:
    url = databases.empty()
    applied = apply_migrations(url)
    assert applied == sorted(p.stem for p in MIGRATIONS_DIR.glob("*.sql"))
    assert apply_migrations(url) == []

    schema = dump_schema(url)
    committed = project_root / "src" / "adapters" / "postgres" / "schema.sql"
    if os.environ.get("UPDATE_SCHEMA") == "1":
        committed.write_text(schema)
    assert schema == committed.read_text(), (
        "migrations and schema.sql differ; run `UPDATE_SCHEMA=1 python3 dev.py test "
        "tests/foundation/test_migrations.py` and review the diff"
    )
    databases.drop(url)


def test_every_user_table_cascades_from_users(database_url: str) -> None:
    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            """
            SELECT c.conrelid::regclass::text, c.confdeltype
            FROM pg_constraint c
            WHERE c.contype = 'f' AND c.confrelid = 'users'::regclass
            """
        ).fetchall()
    assert all(action == "c" for _, action in rows), rows
