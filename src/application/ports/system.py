"""Time, identity and randomness: ports, so that tests and notebooks are deterministic."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware (UTC). Never fails."""
        ...


class IdGenerator(Protocol):
    def next_id(self) -> int:
        """A positive integer never handed out before by this generator (across processes
        for a production generator). Never fails."""
        ...


class SecretGenerator(Protocol):
    def token(self) -> str:
        """An unguessable URL-safe string of at least 16 characters (≥ 128 bits of entropy in
        production). Never fails."""
        ...
