"""What the fake FatSecret was asked, and the timeouts it was told to play."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class LoggedCall:
    http_method: str
    path: str
    api_method: str  # e.g. "food_entry.create"; "request_token" etc. for the OAuth steps
    http_status: int
    error_code: int | None  # the FatSecret error code answered, if any
    user_id: str | None
    params: dict[str, str]  # the non-oauth parameters


@dataclass(frozen=True, slots=True)
class Timeout:
    """Answer the next call of `method` only after `seconds` or when the client gives up."""

    method: str
    after_commit: bool
    seconds: float
