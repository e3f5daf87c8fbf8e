"""The fake's records, per user, and the v2 collection query (CONTRACTS §1.3).

Collections: `limit` 1-25 (default 10), `start` inclusive and `end` exclusive on the record's start
(`end` defaults to now), sorted by start descending, `nextToken` in → `next_token` out, absent on
the last page. The token is an opaque cursor (base64 of "start_ms:id"), so records added between
pages never shift a page.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from tests.fakes.whoop.history import History
from tests.fakes.whoop.records import AnyRecord, Cycle, Json, Recovery, Sleep, Workout

MAX_LIMIT = 25
DEFAULT_LIMIT = 10


class BadQueryError(Exception):
    """A 400 from a collection: the message says which parameter."""


@dataclass
class UserRecords:
    cycles: dict[int, Cycle] = field(default_factory=dict)
    sleeps: dict[str, Sleep] = field(default_factory=dict)
    recoveries: dict[int, Recovery] = field(default_factory=dict)  # keyed by cycle id
    workouts: dict[str, Workout] = field(default_factory=dict)

    def absorb(self, history: History) -> None:
        """Insert or replace every record of `history` by id."""
        self.cycles.update((c.id, c) for c in history.cycles)
        self.sleeps.update((s.id, s) for s in history.sleeps)
        self.recoveries.update((r.cycle_id, r) for r in history.recoveries)
        self.workouts.update((w.id, w) for w in history.workouts)

    def current_cycle(self) -> Cycle | None:
        return max(self.cycles.values(), key=lambda c: c.start, default=None)

    def main_sleep_of(self, cycle_id: int) -> Sleep | None:
        return next((s for s in self.sleeps.values() if s.cycle_id == cycle_id and not s.nap), None)


def _record_key(record: AnyRecord) -> tuple[int, str]:
    ident = record.cycle_id if isinstance(record, Recovery) else record.id
    return int(record.start.timestamp() * 1000), str(ident)


def _encode_cursor(key: tuple[int, str]) -> str:
    return base64.urlsafe_b64encode(f"{key[0]}:{key[1]}".encode()).decode().rstrip("=")


def _decode_cursor(token: str) -> tuple[int, str]:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        millis, _, ident = raw.partition(":")
        return int(millis), ident
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise BadQueryError("nextToken is not valid") from None


def _parse_time(name: str, value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise BadQueryError(f"{name} must be an ISO 8601 date-time") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _parse_limit(value: str | None) -> int:
    if value is None:
        return DEFAULT_LIMIT
    try:
        limit = int(value)
    except ValueError:
        raise BadQueryError("limit must be an integer") from None
    if not 1 <= limit <= MAX_LIMIT:
        raise BadQueryError(f"limit must be between 1 and {MAX_LIMIT}")
    return limit


def collection_page(records: Iterable[AnyRecord], query: Mapping[str, str], now: datetime) -> Json:
    """One page of a v2 collection, as the JSON envelope `{"records": [...], "next_token"?}`."""
    limit = _parse_limit(query.get("limit"))
    start = _parse_time("start", query.get("start"))
    end = _parse_time("end", query.get("end")) or now
    token = query.get("nextToken")
    cursor = _decode_cursor(token) if token else None
    chosen = sorted(
        (
            r
            for r in records
            if (start is None or r.start >= start)
            and r.start < end
            and (cursor is None or _record_key(r) < cursor)
        ),
        key=_record_key,
        reverse=True,
    )
    page = chosen[:limit]
    body: Json = {"records": [r.to_json() for r in page]}
    if len(chosen) > limit:
        body["next_token"] = _encode_cursor(_record_key(page[-1]))
    return body
