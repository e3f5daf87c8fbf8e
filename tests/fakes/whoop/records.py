"""WHOOP v2 records as the fake keeps them, and their JSON as the OpenAPI spec describes it.

A record keeps its score even while it is pending or unscorable, so a test can "score" it later;
the JSON shows `score` only when `score_state == "SCORED"` (CONTRACTS §1.4).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, Literal

ScoreState = Literal["SCORED", "PENDING_SCORE", "UNSCORABLE"]
Json = dict[str, Any]

SCOPES = frozenset(
    {
        "offline",
        "read:recovery",
        "read:cycles",
        "read:workout",
        "read:sleep",
        "read:profile",
        "read:body_measurement",
    }
)


def iso(moment: datetime) -> str:
    """WHOOP's timestamps: UTC with milliseconds and a `Z`, e.g. `2022-04-24T11:25:44.774Z`."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_offset(offset: str) -> timezone:
    """`+hh:mm`, `-hh:mm` or `Z` (W3C time zone designator) as a tzinfo."""
    if offset == "Z":
        return UTC
    sign = -1 if offset[0] == "-" else 1
    hours, minutes = offset[1:].split(":")
    return timezone(sign * timedelta(hours=int(hours), minutes=int(minutes)))


@dataclass(frozen=True, slots=True)
class WhoopUser:
    user_id: int
    email: str
    first_name: str
    last_name: str
    timezone_offset: str = "+03:00"
    height_meter: float = 1.78
    weight_kilogram: float = 76.5
    max_heart_rate: int = 192

    def profile_json(self) -> Json:
        return {
            "user_id": self.user_id,
            "email": self.email,
            "first_name": self.first_name,
            "last_name": self.last_name,
        }

    def body_json(self) -> Json:
        return {
            "height_meter": self.height_meter,
            "weight_kilogram": self.weight_kilogram,
            "max_heart_rate": self.max_heart_rate,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class _Record:
    user_id: int
    created_at: datetime
    updated_at: datetime
    start: datetime
    timezone_offset: str
    score_state: ScoreState
    score: Json | None = field(default=None, compare=False)

    def _common_json(self) -> Json:
        return {
            "user_id": self.user_id,
            "created_at": iso(self.created_at),
            "updated_at": iso(self.updated_at),
            "start": iso(self.start),
            "timezone_offset": self.timezone_offset,
            "score_state": self.score_state,
        }

    def _with_score(self, body: Json) -> Json:
        if self.score_state == "SCORED" and self.score is not None:
            body["score"] = self.score
        return body


@dataclass(frozen=True, slots=True, kw_only=True)
class Cycle(_Record):
    id: int
    end: datetime | None = None  # absent while the cycle is the current one

    def to_json(self) -> Json:
        body = {"id": self.id, **self._common_json()}
        if self.end is not None:
            body["end"] = iso(self.end)
        return self._with_score(body)


@dataclass(frozen=True, slots=True, kw_only=True)
class Sleep(_Record):
    id: str
    cycle_id: int
    v1_id: int | None = None
    end: datetime
    nap: bool = False

    def to_json(self) -> Json:
        body: Json = {"id": self.id, "cycle_id": self.cycle_id}
        if self.v1_id is not None:
            body["v1_id"] = self.v1_id
        body.update(self._common_json())
        body.update({"end": iso(self.end), "nap": self.nap})
        return self._with_score(body)


@dataclass(frozen=True, slots=True, kw_only=True)
class Recovery(_Record):
    """Recovery has no id of its own: it is keyed by its cycle. `start` is its sleep's start,
    the order the recovery collection is sorted by."""

    cycle_id: int
    sleep_id: str

    def to_json(self) -> Json:
        body: Json = {
            "cycle_id": self.cycle_id,
            "sleep_id": self.sleep_id,
            "user_id": self.user_id,
            "created_at": iso(self.created_at),
            "updated_at": iso(self.updated_at),
            "score_state": self.score_state,
        }
        return self._with_score(body)


@dataclass(frozen=True, slots=True, kw_only=True)
class Workout(_Record):
    id: str
    v1_id: int | None = None
    end: datetime
    sport_name: str
    sport_id: int | None = None

    def to_json(self) -> Json:
        body: Json = {"id": self.id}
        if self.v1_id is not None:
            body["v1_id"] = self.v1_id
        body.update(self._common_json())
        body.update({"end": iso(self.end), "sport_name": self.sport_name})
        if self.sport_id is not None:
            body["sport_id"] = self.sport_id
        return self._with_score(body)


AnyRecord = Cycle | Sleep | Recovery | Workout
