"""Identities. Integers, given out by the application's id generator (never by the database's
whim), so that a use case knows an object's id before it is stored."""

from __future__ import annotations

from typing import NewType

UserId = NewType("UserId", int)
EntryId = NewType("EntryId", int)
MessageId = NewType("MessageId", int)
OutboxItemId = NewType("OutboxItemId", int)
