"""WHOOP's JSON, as the OpenAPI v2 spec describes it, decoded strictly at the edge.

Types are checked (a string where a number belongs is an error) and timestamps must carry a
zone; fields WHOOP adds later are ignored. `score` may be missing or null when not scored, and
`next_token` missing or null on the last page (CONTRACTS §1.3, §1.4).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Generic, Literal, TypeVar

import msgspec

Instant = Annotated[datetime, msgspec.Meta(tz=True)]
ScoreStateWord = Literal["SCORED", "PENDING_SCORE", "UNSCORABLE"]
R = TypeVar("R")


class TokenAnswer(msgspec.Struct, frozen=True, kw_only=True):
    access_token: str
    expires_in: int
    refresh_token: str | None = None
    scope: str = ""
    token_type: str = "bearer"  # noqa: S105 - a token type, not a secret


class OAuthErrorAnswer(msgspec.Struct, frozen=True, kw_only=True):
    error: str
    error_description: str | None = None


class Profile(msgspec.Struct, frozen=True, kw_only=True):
    user_id: int
    email: str
    first_name: str
    last_name: str


class CycleScore(msgspec.Struct, frozen=True, kw_only=True):
    strain: Decimal
    kilojoule: Decimal
    average_heart_rate: int
    max_heart_rate: int


class Cycle(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    user_id: int
    created_at: Instant
    updated_at: Instant
    start: Instant
    end: Instant | None = None  # absent while the cycle is current
    timezone_offset: str
    score_state: ScoreStateWord
    score: CycleScore | None = None


class SleepStageSummary(msgspec.Struct, frozen=True, kw_only=True):
    total_in_bed_time_milli: int
    total_awake_time_milli: int
    total_no_data_time_milli: int
    total_light_sleep_time_milli: int
    total_slow_wave_sleep_time_milli: int
    total_rem_sleep_time_milli: int
    sleep_cycle_count: int
    disturbance_count: int


class SleepNeeded(msgspec.Struct, frozen=True, kw_only=True):
    baseline_milli: int
    need_from_sleep_debt_milli: int
    need_from_recent_strain_milli: int
    need_from_recent_nap_milli: int


class SleepScore(msgspec.Struct, frozen=True, kw_only=True):
    stage_summary: SleepStageSummary
    sleep_needed: SleepNeeded
    respiratory_rate: Decimal | None = None
    sleep_performance_percentage: Decimal | None = None
    sleep_consistency_percentage: Decimal | None = None
    sleep_efficiency_percentage: Decimal | None = None


class Sleep(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    cycle_id: int
    user_id: int
    created_at: Instant
    updated_at: Instant
    start: Instant
    end: Instant
    timezone_offset: str
    nap: bool
    score_state: ScoreStateWord
    score: SleepScore | None = None


class RecoveryScore(msgspec.Struct, frozen=True, kw_only=True):
    user_calibrating: bool
    recovery_score: Decimal
    resting_heart_rate: Decimal
    hrv_rmssd_milli: Decimal
    spo2_percentage: Decimal | None = None
    skin_temp_celsius: Decimal | None = None


class Recovery(msgspec.Struct, frozen=True, kw_only=True):
    cycle_id: int
    sleep_id: str
    user_id: int
    created_at: Instant
    updated_at: Instant
    score_state: ScoreStateWord
    score: RecoveryScore | None = None


class WorkoutScore(msgspec.Struct, frozen=True, kw_only=True):
    strain: Decimal
    average_heart_rate: int
    max_heart_rate: int
    kilojoule: Decimal
    distance_meter: Decimal | None = None


class Workout(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    user_id: int
    created_at: Instant
    updated_at: Instant
    start: Instant
    end: Instant
    timezone_offset: str
    sport_name: str
    score_state: ScoreStateWord
    score: WorkoutScore | None = None


class Page(msgspec.Struct, Generic[R], frozen=True, kw_only=True):
    """One page of a collection (`Page[Cycle]`, `Page[Sleep]`, …)."""

    records: tuple[R, ...] = ()
    next_token: str | None = None


class WebhookBody(msgspec.Struct, frozen=True, kw_only=True):
    user_id: int
    id: str | int  # a UUID string in v2 (an int in the retired v1)
    type: str
    trace_id: str
