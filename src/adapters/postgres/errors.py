"""psycopg's exceptions, translated: no driver exception crosses into the application.

A constraint violation becomes the domain error the port names, looked up by the constraint's
name (the migrations name every constraint), else by its kind. A server that cannot be reached,
a timeout, a deadlock or a serialization failure becomes `ServiceUnavailableError` (worth
retrying). Anything else means our SQL and the schema disagree: `StorageBugError`.

Messages name the constraint only: the driver's detail line quotes the row's values (food text,
health numbers), which must not reach logs.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from psycopg import errors as pg

from application.errors import ServiceUnavailableError
from domain.errors import (
    AlreadyExistsError,
    DomainError,
    EntryNotFoundError,
    InvalidValueError,
    NotFoundError,
    UserNotFoundError,
)


class StorageBugError(RuntimeError):
    """Our SQL and the schema disagree (or a unit was used after a failed statement)."""


_USER_OWNED = (
    "food_entries", "food_items", "cycles", "sleeps", "recoveries", "workouts",
    "conversation_messages", "connection_states", "provider_connections",
    "sent_notifications", "diary_outbox", "sync_cursors",
)  # fmt: skip

# Constraint name → the error it means. Tested against the schema, so a rename cannot drift.
VIOLATIONS: dict[str, tuple[type[DomainError], str]] = {
    "users_pkey": (AlreadyExistsError, "that user id is taken"),
    "users_telegram_user_id_key": (AlreadyExistsError, "that Telegram user is registered already"),
    "food_entries_pkey": (AlreadyExistsError, "that food entry id is taken"),
    "conversation_messages_pkey": (AlreadyExistsError, "that message id is taken"),
    "connection_states_pkey": (AlreadyExistsError, "that connection state exists already"),
    "diary_outbox_pkey": (AlreadyExistsError, "that outbox item id is taken"),
    "food_items_entry_fkey": (EntryNotFoundError, "no such food entry of this user"),
    **{f"{table}_user_fkey": (UserNotFoundError, "no such user") for table in _USER_OWNED},
}

_BY_KIND: tuple[tuple[type[psycopg.errors.IntegrityError], type[DomainError]], ...] = (
    (pg.UniqueViolation, AlreadyExistsError),
    (pg.ForeignKeyViolation, NotFoundError),
)


def domain_error(error: psycopg.errors.IntegrityError) -> DomainError:
    """The domain error for a violated constraint."""
    name = error.diag.constraint_name or "?"
    if name in VIOLATIONS:
        kind, message = VIOLATIONS[name]
        return kind(f"{message} ({name})")
    for violation, kind in _BY_KIND:
        if isinstance(error, violation):
            return kind(f"constraint {name} refused the change")
    return InvalidValueError(f"constraint {name} refused a value")


@contextmanager
def translated() -> Iterator[None]:
    """Run driver calls; re-raise their failures as the application's errors."""
    try:
        yield
    except pg.IntegrityError as error:
        raise domain_error(error) from None
    except pg.DataError as error:
        raise InvalidValueError(f"the database refused a value ({error.sqlstate})") from None
    except (psycopg.OperationalError, psycopg.InterfaceError) as error:
        # Includes the pool's timeout, lost connections, cancelled queries and deadlocks.
        raise ServiceUnavailableError(f"PostgreSQL: {type(error).__name__}") from None
    except psycopg.Error as error:
        # A bug, not data: keep the driver's exception as the cause for whoever debugs it.
        raise StorageBugError(f"PostgreSQL: {type(error).__name__} ({error.sqlstate})") from error
