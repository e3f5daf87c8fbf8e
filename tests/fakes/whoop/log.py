"""What the fake WHOOP was asked, for tests to count."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class LoggedRequest:
    method: str
    path: str  # as received, e.g. /developer/v2/activity/sleep
    query: str
    operation: str  # the OpenAPI operationId, or "authorize" / "token"
    status: int
    user_id: int | None
