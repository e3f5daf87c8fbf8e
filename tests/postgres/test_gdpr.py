"""Export and erasure cover every table that references a user: the tables are found in the
schema itself, so a table added later cannot be forgotten by either."""

import csv
import io
import zipfile

import msgspec
import psycopg
import pytest
from psycopg import sql

from adapters.memory.authorizer import FakeAuthorizer
from adapters.postgres.system import SystemClock
from application.ports.connections import ProviderCredentials
from application.ports.diary_outbox import DiaryAction, DiaryOutboxItem
from application.users.delete_user import DeleteUser, DeleteUserRequest
from application.users.export_user_data import ExportUserData, ExportUserDataRequest
from domain.connections import ConnectionState, ConnectionStatus, Provider, ProviderConnection
from domain.conversation import ConversationMessage, Role
from domain.ids import EntryId, MessageId, OutboxItemId, UserId
from domain.recovery.records import RecoveryRecords
from tests.contracts.seed import DAY, T0, new_user, next_id
from tests.domain.builders import KYIV, at, cycle, entry, item, recovery, sleep, workout
from tests.postgres.conftest import Units

# Where each table's rows appear in the JSON document.
JSON_SECTIONS = {
    "users": "user",
    "food_entries": "food_entries",
    "food_items": "food_entries",
    "cycles": "recovery",
    "sleeps": "recovery",
    "recoveries": "recovery",
    "workouts": "recovery",
    "conversation_messages": "conversation",
    "provider_connections": "connections",
    "sent_notifications": "notifications_sent",
    "diary_outbox": "diary_outbox",
    "sync_cursors": "sync_cursors",
    # Pending links live 15 minutes and are no data about the person; the CSVs carry them.
    "connection_states": None,
}
TOKENS = ("access-PLAIN", "refresh-PLAIN", "secret-PLAIN", "request-PLAIN")

TABLES_WITH_A_USER = """
SELECT tc.table_name
FROM information_schema.table_constraints tc
JOIN information_schema.constraint_column_usage ccu
  ON ccu.constraint_schema = tc.constraint_schema AND ccu.constraint_name = tc.constraint_name
WHERE tc.constraint_type = 'FOREIGN KEY' AND ccu.table_name = 'users'
UNION
SELECT table_name FROM information_schema.columns
WHERE table_schema = 'public' AND column_name = 'user_id'
UNION
SELECT 'users'
"""


async def _tables_with_a_user(raw: psycopg.AsyncConnection) -> set[str]:
    return {name for (name,) in await (await raw.execute(TABLES_WITH_A_USER)).fetchall()}


async def _rows_of(raw: psycopg.AsyncConnection, table: str, user_id: UserId) -> int:
    column = "id" if table == "users" else "user_id"
    query = sql.SQL("SELECT count(*) FROM {} WHERE {} = %s").format(
        sql.Identifier(table), sql.Identifier(column)
    )
    row = await (await raw.execute(query, [user_id])).fetchone()
    assert row is not None
    return int(row[0])


async def give_everything(units: Units) -> UserId:
    """A user with at least one row in every table the product has."""
    user_id = (await new_user(units)).id
    entry_id = next_id()
    evening = at(DAY, 23, 0, KYIV)
    async with units() as uow:
        await uow.food_log.add(entry(id=entry_id, user_id=user_id, items=(item("50"), item("70"))))
        await uow.recovery.upsert(
            user_id,
            RecoveryRecords(
                cycles=(cycle(evening, id=f"c{user_id}"),),
                sleeps=(sleep(evening, at(DAY, 23, 59), id=f"s{user_id}"),),
                recoveries=(recovery(evening, cycle_id=f"c{user_id}"),),
                workouts=(workout(evening, id=f"w{user_id}"),),
            ),
        )
        await uow.conversation.append(
            ConversationMessage(
                id=MessageId(next_id()), user_id=user_id, role=Role.USER, text="2 eggs", at=T0
            )
        )
        await uow.connection_states.add(
            ConnectionState.issue(
                value=f"state-{user_id}-{next_id()}", user_id=user_id,
                provider=Provider.FATSECRET, now=T0, request_secret="request-PLAIN",
            )
        )  # fmt: skip
        for provider, credentials in (
            (Provider.WHOOP, ProviderCredentials(access_token="access-PLAIN",
                                                 refresh_token="refresh-PLAIN")),
            (Provider.FATSECRET, ProviderCredentials(access_token="access-PLAIN",
                                                     token_secret="secret-PLAIN")),
        ):  # fmt: skip
            await uow.connections.save(
                ProviderConnection(user_id=user_id, provider=provider,
                                   status=ConnectionStatus.CONNECTED, connected_at=T0),
                credentials,
            )  # fmt: skip
        await uow.notifications.claim(user_id, "morning", DAY)
        await uow.diary_outbox.add(
            DiaryOutboxItem(
                id=OutboxItemId(next_id()), user_id=user_id, entry_id=EntryId(entry_id),
                action=DiaryAction.CREATE, local_date=DAY, created_at=T0, next_attempt_at=T0,
            )
        )  # fmt: skip
        await uow.sync_cursors.set(user_id, Provider.WHOOP, "records", T0)
        await uow.commit()
    return user_id


@pytest.fixture
async def people(units: Units, raw: psycopg.AsyncConnection) -> tuple[UserId, UserId]:
    """(the user, a bystander), each with rows in every table that references users."""
    user, bystander = await give_everything(units), await give_everything(units)
    for table in await _tables_with_a_user(raw):
        assert await _rows_of(raw, table, user) > 0, f"the test gives the user no {table} row"
    return user, bystander


async def test_the_export_holds_every_table_that_references_a_user(
    units: Units, raw: psycopg.AsyncConnection, people: tuple[UserId, UserId]
) -> None:
    user, bystander = people
    exported = await ExportUserData(units(), SystemClock()).execute(
        ExportUserDataRequest(user_id=user)
    )
    tables = await _tables_with_a_user(raw)
    with zipfile.ZipFile(io.BytesIO(exported.archive)) as archive:
        assert archive.read(exported.filename) == exported.content
        unpacked = b"".join(archive.read(name) for name in archive.namelist())
        for table in tables:
            sheet = archive.read(f"tables/{table}.csv").decode()
            header, *rows = list(csv.reader(io.StringIO(sheet)))
            assert len(rows) == await _rows_of(raw, table, user), table
            assert not [column for column in header if column.endswith("_encrypted")]
            if "user_id" in header:
                assert {row[header.index("user_id")] for row in rows} == {str(user)}
    document = msgspec.json.decode(exported.content)
    for table in tables:
        assert table in JSON_SECTIONS, f"say where {table} appears in the JSON export"
        section = JSON_SECTIONS[table]
        assert section is None or document[section], f"{table}: {section} is empty"
    assert f"state-{user}-".encode() in unpacked  # the user's own rows are there, as text,
    assert f"state-{bystander}-".encode() not in unpacked  # nobody else's,
    for secret in TOKENS:  # and no secret
        assert secret.encode() not in unpacked
    assert b"gAAAAA" not in unpacked  # nor a Fernet ciphertext of one


async def test_delete_leaves_no_row_of_the_user_anywhere(
    units: Units, raw: psycopg.AsyncConnection, people: tuple[UserId, UserId]
) -> None:
    user, bystander = people
    whoop, fatsecret = FakeAuthorizer(Provider.WHOOP), FakeAuthorizer(Provider.FATSECRET)
    delete = DeleteUser(units(), {Provider.WHOOP: whoop, Provider.FATSECRET: fatsecret})
    deleted = await delete.execute(DeleteUserRequest(user_id=user))
    assert deleted.deleted
    assert set(deleted.revoked) == {Provider.WHOOP, Provider.FATSECRET}
    assert whoop.revoked == fatsecret.revoked == ["access-PLAIN"]
    for table in await _tables_with_a_user(raw):
        assert await _rows_of(raw, table, user) == 0, table
        assert await _rows_of(raw, table, bystander) > 0, table
