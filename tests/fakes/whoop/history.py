"""Realistic WHOOP history, deterministic from a seed.

The shape follows how WHOOP records a day: a physiological cycle starts when the user falls asleep
and ends when they next fall asleep (the current cycle has no end); each night's sleep belongs to
the cycle it opens and carries a stage summary; each cycle's recovery points at that sleep; workouts
(about 0.8 a day) happen while awake and add to the cycle's kilojoules. Now and then a nap.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from tests.fakes.whoop.records import (
    Cycle,
    Json,
    Recovery,
    ScoreState,
    Sleep,
    WhoopUser,
    Workout,
    parse_offset,
)

# sport name → v1 sport id (the subset of WHOOP's list the generator uses)
SPORTS: dict[str, int] = {
    "running": 0,
    "cycling": 1,
    "weightlifting": 45,
    "functional-fitness": 48,
    "yoga": 44,
    "walking": 63,
    "swimming": 33,
    "hiit": 96,
}
_DISTANCE_SPORTS = {"running": 2.8, "cycling": 6.5, "walking": 1.4, "swimming": 0.6}  # m/s
_RESTING_KJ_PER_HOUR = 330.0


@dataclass
class Ids:
    """Ids shared by every user of one fake: growing int64 cycle ids and v1 ids."""

    next_cycle_id: int = 93_845
    next_v1_id: int = 1_043

    def cycle_id(self) -> int:
        self.next_cycle_id += 1
        return self.next_cycle_id

    def v1_id(self) -> int:
        self.next_v1_id += 1
        return self.next_v1_id


@dataclass
class History:
    cycles: list[Cycle] = field(default_factory=list)
    sleeps: list[Sleep] = field(default_factory=list)
    recoveries: list[Recovery] = field(default_factory=list)
    workouts: list[Workout] = field(default_factory=list)


def _r(value: float, digits: int = 4) -> float:
    return round(value, digits)


def sleep_score(rng: random.Random, start: datetime, end: datetime, *, nap: bool) -> Json:
    in_bed = int((end - start).total_seconds() * 1000)
    awake = int(in_bed * rng.uniform(0.04, 0.12))
    no_data = 0 if rng.random() > 0.05 else int(in_bed * 0.02)
    asleep = in_bed - awake - no_data
    slow_wave = int(asleep * rng.uniform(0.15, 0.25))
    rem = int(asleep * rng.uniform(0.18, 0.27))
    light = asleep - slow_wave - rem
    score: Json = {
        "stage_summary": {
            "total_in_bed_time_milli": in_bed,
            "total_awake_time_milli": awake,
            "total_no_data_time_milli": no_data,
            "total_light_sleep_time_milli": light,
            "total_slow_wave_sleep_time_milli": slow_wave,
            "total_rem_sleep_time_milli": rem,
            "sleep_cycle_count": 0 if nap else rng.randint(3, 6),
            "disturbance_count": rng.randint(0, 3) if nap else rng.randint(4, 18),
        },
        "sleep_needed": {
            "baseline_milli": rng.randint(26_500_000, 28_500_000),
            "need_from_sleep_debt_milli": rng.randint(0, 4_000_000),
            "need_from_recent_strain_milli": rng.randint(0, 1_500_000),
            "need_from_recent_nap_milli": -rng.randint(0, 1_200_000),
        },
        "respiratory_rate": _r(rng.uniform(13.5, 17.5)),
        "sleep_efficiency_percentage": _r(100 * asleep / in_bed),
    }
    if not nap:
        score["sleep_performance_percentage"] = float(rng.randint(55, 100))
        score["sleep_consistency_percentage"] = float(rng.randint(45, 95))
    return score


def recovery_score(rng: random.Random) -> Json:
    return {
        "user_calibrating": False,
        "recovery_score": float(rng.randint(8, 99)),
        "resting_heart_rate": float(rng.randint(44, 68)),
        "hrv_rmssd_milli": _r(rng.uniform(22, 125)),
        "spo2_percentage": _r(rng.uniform(94, 99.5)),
        "skin_temp_celsius": _r(rng.uniform(32.8, 35.2)),
    }


def workout_score(rng: random.Random, sport: str, minutes: float, max_hr: int) -> Json:
    avg_hr = rng.randint(105, 160)
    total_ms = int(minutes * 60_000)
    weights = [rng.uniform(0.2, 1.0) for _ in range(6)]
    zones = [int(total_ms * w / sum(weights)) for w in weights]
    zones[0] += total_ms - sum(zones)
    score: Json = {
        "strain": _r(min(21.0, minutes / 60 * rng.uniform(6, 13))),
        "average_heart_rate": avg_hr,
        "max_heart_rate": min(max_hr, avg_hr + rng.randint(12, 40)),
        "kilojoule": _r(minutes * rng.uniform(28, 55)),
        "percent_recorded": float(rng.choice([100, 100, 100, 98, 95])),
        "zone_durations": dict(
            zip(
                [f"zone_{n}_milli" for n in ("zero", "one", "two", "three", "four", "five")],
                zones,
                strict=True,
            )
        ),
    }
    if sport in _DISTANCE_SPORTS:
        score["distance_meter"] = _r(minutes * 60 * _DISTANCE_SPORTS[sport] * rng.uniform(0.8, 1.2))
    if sport in ("running", "cycling"):
        score["altitude_gain_meter"] = _r(rng.uniform(5, 180))
        score["altitude_change_meter"] = _r(rng.uniform(-20, 20))
    return score


def cycle_score(rng: random.Random, start: datetime, end: datetime, workouts_kj: float) -> Json:
    hours = (end - start).total_seconds() / 3600
    return {
        "strain": _r(min(21.0, 4 + workouts_kj / 300 + rng.uniform(0, 4))),
        "kilojoule": _r(hours * _RESTING_KJ_PER_HOUR * rng.uniform(0.9, 1.1) + workouts_kj),
        "average_heart_rate": rng.randint(58, 78),
        "max_heart_rate": rng.randint(120, 185),
    }


@dataclass
class Generator:
    """Builds records for one user; `add_night` and `add_workout` extend the same history."""

    user: WhoopUser
    rng: random.Random
    ids: Ids
    nap_probability: float = 0.05
    workouts_per_day: float = 0.8

    def _uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def _local(self, day: date, hour: float) -> datetime:
        tz = parse_offset(self.user.timezone_offset)
        return datetime.combine(day, time(0), tzinfo=tz) + timedelta(hours=hour)

    def history(self, *, days: int, now: datetime) -> History:
        """Nights whose sleep ended by `now`, for the `days` local mornings up to today."""
        today = now.astimezone(parse_offset(self.user.timezone_offset)).date()
        history = History()
        for back in range(days - 1, -1, -1):
            morning = today - timedelta(days=back)
            onset = self._local(morning, -1.5 + self.rng.uniform(-1.0, 1.5))
            wake = onset + timedelta(hours=self.rng.uniform(6.0, 8.8))
            if wake + timedelta(minutes=30) > now:
                break
            self.add_night(history, onset=onset, wake=wake, state="SCORED")
            self._add_day(history, morning, wake, now)
        self._close_current_cycle(history, now)
        return history

    def add_night(
        self, history: History, *, onset: datetime, wake: datetime, state: ScoreState
    ) -> tuple[Cycle, Sleep, Recovery]:
        """A night's sleep opening a new cycle, with its recovery; the previous cycle ends."""
        if history.cycles:
            previous = history.cycles[-1]
            workouts_kj = sum(
                (w.score or {}).get("kilojoule", 0.0)
                for w in history.workouts
                if previous.start <= w.start < onset
            )
            history.cycles[-1] = _replace_cycle(
                previous,
                end=onset,
                score=cycle_score(self.rng, previous.start, onset, workouts_kj),
                updated_at=onset + timedelta(minutes=self.rng.randint(5, 40)),
            )
        created = wake + timedelta(minutes=self.rng.randint(3, 25))
        cycle = Cycle(
            id=self.ids.cycle_id(),
            user_id=self.user.user_id,
            created_at=onset + timedelta(minutes=self.rng.randint(1, 10)),
            updated_at=created,
            start=onset,
            timezone_offset=self.user.timezone_offset,
            score_state="SCORED",
            score=cycle_score(self.rng, onset, wake, 0.0),
        )
        sleep = Sleep(
            id=self._uuid(),
            cycle_id=cycle.id,
            v1_id=self.ids.v1_id(),
            user_id=self.user.user_id,
            created_at=created,
            updated_at=created + timedelta(minutes=self.rng.randint(0, 30)),
            start=onset,
            end=wake,
            timezone_offset=self.user.timezone_offset,
            nap=False,
            score_state=state,
            score=sleep_score(self.rng, onset, wake, nap=False),
        )
        recovery = Recovery(
            cycle_id=cycle.id,
            sleep_id=sleep.id,
            user_id=self.user.user_id,
            created_at=created + timedelta(minutes=2),
            updated_at=created + timedelta(minutes=2),
            start=onset,
            timezone_offset=self.user.timezone_offset,
            score_state=state,
            score=recovery_score(self.rng),
        )
        history.cycles.append(cycle)
        history.sleeps.append(sleep)
        history.recoveries.append(recovery)
        return cycle, sleep, recovery

    def add_workout(
        self,
        history: History,
        *,
        start: datetime,
        minutes: float,
        sport_name: str,
        state: ScoreState = "SCORED",
    ) -> Workout:
        end = start + timedelta(minutes=minutes)
        created = end + timedelta(minutes=self.rng.randint(1, 20))
        workout = Workout(
            id=self._uuid(),
            v1_id=self.ids.v1_id(),
            user_id=self.user.user_id,
            created_at=created,
            updated_at=created + timedelta(minutes=self.rng.randint(0, 10)),
            start=start,
            end=end,
            timezone_offset=self.user.timezone_offset,
            sport_name=sport_name,
            sport_id=SPORTS.get(sport_name),
            score_state=state,
            score=workout_score(self.rng, sport_name, minutes, self.user.max_heart_rate),
        )
        history.workouts.append(workout)
        return workout

    def _add_day(self, history: History, morning: date, wake: datetime, now: datetime) -> None:
        """The waking hours after `wake`: 0-2 workouts (0.8 on average), maybe a nap."""
        count = self.rng.choices([0, 1, 2], weights=self._workout_weights())[0]
        moment = wake + timedelta(hours=self.rng.uniform(1.0, 3.0))
        for _ in range(count):
            minutes = float(self.rng.randint(20, 95))
            if moment + timedelta(minutes=minutes) > now:
                return
            sport = self.rng.choice(sorted(SPORTS))
            self.add_workout(history, start=moment, minutes=minutes, sport_name=sport)
            moment += timedelta(minutes=minutes, hours=self.rng.uniform(2.0, 5.0))
        if self.rng.random() < self.nap_probability:
            nap_start = self._local(morning, self.rng.uniform(13.5, 16.0))
            nap_end = nap_start + timedelta(minutes=self.rng.randint(15, 60))
            if nap_end <= now and not any(
                w.start < nap_end and nap_start < w.end for w in history.workouts[-2:]
            ):
                self._add_nap(history, nap_start, nap_end)

    def _workout_weights(self) -> list[float]:
        # P(1) + 2·P(2) = workouts_per_day, with P(2) a quarter of the mean
        two = self.workouts_per_day / 4
        one = self.workouts_per_day - 2 * two
        return [max(0.0, 1 - one - two), one, two]

    def _add_nap(self, history: History, start: datetime, end: datetime) -> None:
        created = end + timedelta(minutes=self.rng.randint(3, 20))
        history.sleeps.append(
            Sleep(
                id=self._uuid(),
                cycle_id=history.cycles[-1].id,
                v1_id=self.ids.v1_id(),
                user_id=self.user.user_id,
                created_at=created,
                updated_at=created,
                start=start,
                end=end,
                timezone_offset=self.user.timezone_offset,
                nap=True,
                score_state="SCORED",
                score=sleep_score(self.rng, start, end, nap=True),
            )
        )

    def _close_current_cycle(self, history: History, now: datetime) -> None:
        """The current cycle has no end; its score so far counts up to `now`."""
        if not history.cycles:
            return
        current = history.cycles[-1]
        workouts_kj = sum(
            (w.score or {}).get("kilojoule", 0.0)
            for w in history.workouts
            if w.start >= current.start
        )
        history.cycles[-1] = _replace_cycle(
            current, end=None, score=cycle_score(self.rng, current.start, now, workouts_kj)
        )


def _replace_cycle(
    cycle: Cycle, *, end: datetime | None, score: Json, updated_at: datetime | None = None
) -> Cycle:
    return replace(cycle, end=end, score=score, updated_at=updated_at or cycle.updated_at)
