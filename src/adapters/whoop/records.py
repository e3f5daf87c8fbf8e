"""WHOOP's records → the domain's records. Vendor words stop here.

Score rules: a score is kept only when the state is SCORED. A record that says SCORED but
carries no score is taken as still pending (it is fetched again until the score arrives)
rather than refused — one odd record must not stop a sync.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from adapters.whoop import wire
from adapters.whoop.errors import UnexpectedAnswerError
from domain.errors import DomainError
from domain.recovery import records as domain
from domain.recovery.records import ScoreState, kilojoules_to_kcal

_OFFSET = re.compile(r"^(?P<sign>[+-])(?P<hours>\d{2}):?(?P<minutes>\d{2})$")
_STATES = {
    "SCORED": ScoreState.SCORED,
    "PENDING_SCORE": ScoreState.PENDING,
    "UNSCORABLE": ScoreState.UNSCORABLE,
}


class RecordMappingError(UnexpectedAnswerError):
    """WHOOP sent a record the domain cannot hold (a bad offset, an end before its start)."""


def offset_minutes(timezone_offset: str) -> int:
    """W3C time zone designator (`+hh:mm`, `-hh:mm` or `Z`) → minutes east of UTC."""
    if timezone_offset == "Z":
        return 0
    match = _OFFSET.match(timezone_offset)
    if match is None:
        raise RecordMappingError(f"not a UTC offset: {timezone_offset!r}")
    minutes = int(match["hours"]) * 60 + int(match["minutes"])
    return -minutes if match["sign"] == "-" else minutes


@contextmanager
def _domain_rules() -> Iterator[None]:
    try:
        yield
    except DomainError as error:
        raise RecordMappingError(str(error)) from error


def _state(word: wire.ScoreStateWord, score: object) -> ScoreState:
    state = _STATES[word]
    return ScoreState.PENDING if state is ScoreState.SCORED and score is None else state


def _milli(value: int) -> timedelta:
    return timedelta(milliseconds=value)


def cycle(record: wire.Cycle) -> domain.Cycle:
    state = _state(record.score_state, record.score)
    score = record.score if state is ScoreState.SCORED else None
    with _domain_rules():
        return domain.Cycle(
            id=str(record.id),
            start=record.start,
            end=record.end,
            utc_offset_minutes=offset_minutes(record.timezone_offset),
            score_state=state,
            score=domain.CycleScore(
                strain=score.strain,
                energy_kcal=kilojoules_to_kcal(score.kilojoule),
                average_heart_rate=score.average_heart_rate,
                max_heart_rate=score.max_heart_rate,
            )
            if score
            else None,
        )


def _sleep_score(score: wire.SleepScore) -> domain.SleepScore:
    stages, needed = score.stage_summary, score.sleep_needed
    return domain.SleepScore(
        stages=domain.SleepStages(
            in_bed=_milli(stages.total_in_bed_time_milli),
            awake=_milli(stages.total_awake_time_milli),
            light=_milli(stages.total_light_sleep_time_milli),
            deep=_milli(stages.total_slow_wave_sleep_time_milli),
            rem=_milli(stages.total_rem_sleep_time_milli),
        ),
        performance_pct=score.sleep_performance_percentage,
        efficiency_pct=score.sleep_efficiency_percentage,
        consistency_pct=score.sleep_consistency_percentage,
        respiratory_rate=score.respiratory_rate,
        need=_milli(
            needed.baseline_milli
            + needed.need_from_sleep_debt_milli
            + needed.need_from_recent_strain_milli
            + needed.need_from_recent_nap_milli  # ≤ 0: a nap lowers the need
        ),
    )


def sleep(record: wire.Sleep) -> domain.Sleep:
    state = _state(record.score_state, record.score)
    with _domain_rules():
        return domain.Sleep(
            id=record.id,
            cycle_id=str(record.cycle_id),
            start=record.start,
            end=record.end,
            utc_offset_minutes=offset_minutes(record.timezone_offset),
            nap=record.nap,
            score_state=state,
            score=_sleep_score(record.score)
            if record.score and state is ScoreState.SCORED
            else None,
        )


def recovery(record: wire.Recovery, utc_offset_minutes: int) -> domain.Recovery:
    """A recovery carries no offset of its own: the caller passes its sleep's (or cycle's)."""
    state = _state(record.score_state, record.score)
    score = record.score if state is ScoreState.SCORED else None
    with _domain_rules():
        return domain.Recovery(
            cycle_id=str(record.cycle_id),
            sleep_id=record.sleep_id,
            recorded_at=record.created_at,
            utc_offset_minutes=utc_offset_minutes,
            score_state=state,
            score=domain.RecoveryScore(
                score_pct=score.recovery_score,
                resting_heart_rate=score.resting_heart_rate,
                hrv_ms=score.hrv_rmssd_milli,
                calibrating=score.user_calibrating,
                spo2_pct=score.spo2_percentage,
                skin_temp_celsius=score.skin_temp_celsius,
            )
            if score
            else None,
        )


def workout(record: wire.Workout) -> domain.Workout:
    state = _state(record.score_state, record.score)
    score = record.score if state is ScoreState.SCORED else None
    with _domain_rules():
        return domain.Workout(
            id=record.id,
            start=record.start,
            end=record.end,
            utc_offset_minutes=offset_minutes(record.timezone_offset),
            sport=record.sport_name,
            score_state=state,
            score=domain.WorkoutScore(
                strain=score.strain,
                energy_kcal=kilojoules_to_kcal(score.kilojoule),
                average_heart_rate=score.average_heart_rate,
                max_heart_rate=score.max_heart_rate,
                distance_m=score.distance_meter,
            )
            if score
            else None,
        )


def recoveries(
    records: tuple[wire.Recovery, ...],
    sleeps: tuple[domain.Sleep, ...],
    cycles: tuple[domain.Cycle, ...],
) -> tuple[domain.Recovery, ...]:
    """Recoveries with the offset of their sleep (else their cycle, else UTC)."""
    offsets = {c.id: c.utc_offset_minutes for c in cycles}
    by_sleep = {s.id: s.utc_offset_minutes for s in sleeps}
    return tuple(
        recovery(r, by_sleep.get(r.sleep_id, offsets.get(str(r.cycle_id), 0))) for r in records
    )
