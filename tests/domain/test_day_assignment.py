"""The local-day rule: every cycle on exactly one date, sleeps on the morning they end, and
energy never counted twice — across DST in Kyiv and across a flight to New York."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import InvalidScoreError, InvalidValueError, NaiveDatetimeError
from domain.recovery.days import (
    assign_days,
    cycle_day,
    records_of_day,
    recovery_day,
    sleep_day,
    workout_day,
)
from domain.recovery.energy import energy_out
from domain.recovery.records import (
    Cycle,
    RecoveryRecords,
    ScoreState,
    kilojoules_to_kcal,
)
from tests.domain.builders import KYIV, at, cycle, recovery, sleep, workout

D = Decimal
NEW_YORK = ZoneInfo("America/New_York")


def test_an_evening_cycle_belongs_to_the_next_day() -> None:
    assert cycle_day(cycle(at(date(2025, 3, 10), 23, 30))) == date(2025, 3, 11)


def test_an_after_midnight_cycle_belongs_to_its_own_day() -> None:
    assert cycle_day(cycle(at(date(2025, 3, 11), 1, 15))) == date(2025, 3, 11)


def test_two_cycles_starting_on_one_date_fall_on_two_dates() -> None:
    early = cycle(at(date(2025, 3, 11), 1, 0), id="a", hours=22)
    late = cycle(at(date(2025, 3, 11), 23, 0), id="b")
    days = assign_days(RecoveryRecords(cycles=(early, late)))
    assert [c.id for c in days[date(2025, 3, 11)].cycles] == ["a"]
    assert [c.id for c in days[date(2025, 3, 12)].cycles] == ["b"]


def test_an_overnight_sleep_belongs_to_the_morning_it_ends() -> None:
    night = sleep(at(date(2025, 3, 10), 23, 10), at(date(2025, 3, 11), 7, 0))
    assert sleep_day(night) == date(2025, 3, 11)
    day = records_of_day(RecoveryRecords(sleeps=(night,)), date(2025, 3, 11))
    assert day.sleep == night


def test_the_longer_main_sleep_is_the_night_and_naps_stay_naps() -> None:
    morning = date(2025, 3, 11)
    short = sleep(at(morning, 1, 0), at(morning, 3, 0), id="short")
    night = sleep(at(morning, 3, 30), at(morning, 9, 0), id="night")
    nap = sleep(at(morning, 14, 0), at(morning, 14, 40), id="nap", nap=True)
    day = records_of_day(RecoveryRecords(sleeps=(short, night, nap)), morning)
    assert day.sleep == night
    assert day.naps == (nap,)


def test_a_recovery_follows_its_sleep_else_its_own_clock() -> None:
    night = sleep(at(date(2025, 3, 10), 23, 0), at(date(2025, 3, 11), 7, 0), id="s1")
    # Recorded (by the wearable's clock) long after, on the next date: still that morning's.
    late = recovery(at(date(2025, 3, 12), 2, 0), sleep_id="s1")
    assert recovery_day(late, {"s1": night}) == date(2025, 3, 11)
    orphan = recovery(at(date(2025, 3, 12), 7, 30), sleep_id="unknown")
    assert recovery_day(orphan, {}) == date(2025, 3, 12)


def test_the_recovery_of_the_main_sleep_wins() -> None:
    morning = date(2025, 3, 11)
    night = sleep(at(morning, 0, 0), at(morning, 7, 0), id="s1")
    mine = recovery(at(morning, 7, 5), cycle_id="c1", sleep_id="s1", score="40")
    other = recovery(at(morning, 8, 0), cycle_id="c2", sleep_id=None, score="90")
    day = records_of_day(RecoveryRecords(sleeps=(night,), recoveries=(mine, other)), morning)
    assert day.recovery == mine
    alone = records_of_day(RecoveryRecords(recoveries=(mine, other)), morning)
    assert alone.recovery == other  # without its sleep: the latest recorded


def test_a_workout_belongs_to_the_day_it_started() -> None:
    assert workout_day(workout(at(date(2025, 3, 10), 23, 50))) == date(2025, 3, 10)


def test_energy_out_comes_from_cycles_only() -> None:
    morning = date(2025, 3, 11)
    records = RecoveryRecords(
        cycles=(cycle(at(morning, 0, 30), energy="2500"),),
        workouts=(workout(at(morning, 18, 0), energy="600"),),
    )
    assert energy_out(records_of_day(records, morning)).kcal == D(2500)


def test_energy_out_says_why_it_is_missing() -> None:
    morning = date(2025, 3, 11)
    nothing = energy_out(records_of_day(RecoveryRecords(), morning))
    assert (nothing.kcal, nothing.state) == (None, None)
    pending = RecoveryRecords(cycles=(cycle(at(morning, 0, 30), state=ScoreState.PENDING),))
    assert energy_out(records_of_day(pending, morning)).state is ScoreState.PENDING
    unscorable = RecoveryRecords(cycles=(cycle(at(morning, 0, 30), state=ScoreState.UNSCORABLE),))
    assert energy_out(records_of_day(unscorable, morning)).state is ScoreState.UNSCORABLE


def test_kilojoules_become_kilocalories() -> None:
    assert kilojoules_to_kcal(D("4184")) == D(1000)


# The nights Kyiv moves its clocks (last Sundays of March and October).
DST_CHANGES = [date(2024, 3, 31), date(2024, 10, 27), date(2025, 3, 30), date(2025, 10, 26)]


@given(
    change=st.sampled_from(DST_CHANGES),
    nights_before=st.integers(min_value=1, max_value=15),
    nights_after=st.integers(min_value=1, max_value=15),
    bedtimes=st.lists(st.integers(min_value=-180, max_value=180), min_size=31, max_size=31),
)
def test_nightly_cycles_across_dst_in_kyiv_give_each_date_exactly_one_cycle(
    change: date, nights_before: int, nights_after: int, bedtimes: list[int]
) -> None:
    """Falling asleep any time 21:00–03:00 Kyiv time, through a DST change."""
    first_night = change - timedelta(days=nights_before)
    nights = nights_before + nights_after
    cycles = tuple(
        cycle(
            datetime.combine(first_night + timedelta(days=n), datetime.min.time(), tzinfo=KYIV)
            + timedelta(minutes=bedtimes[n]),
            id=str(n),
            hours=None,
            energy=str(2000 + n),
        )
        for n in range(nights)
    )
    days = assign_days(RecoveryRecords(cycles=cycles))
    assert len(days) == nights
    assert all(len(day.cycles) == 1 for day in days.values())
    total = sum((energy_out(day).kcal or D(0) for day in days.values()), D(0))
    assert total == sum((c.energy_kcal or D(0) for c in cycles), D(0))


@given(
    energies=st.lists(st.integers(min_value=0, max_value=6000), min_size=1, max_size=20),
    gaps=st.lists(st.integers(min_value=60, max_value=3000), min_size=20, max_size=20),
    offsets=st.lists(st.integers(min_value=-12 * 60, max_value=14 * 60), min_size=20, max_size=20),
)
def test_energy_is_never_counted_twice_nor_lost(
    energies: list[int], gaps: list[int], offsets: list[int]
) -> None:
    """Any sequence of cycles at any offsets (travel): the days' energy sums to the cycles'."""
    start = datetime(2025, 3, 1, tzinfo=UTC)
    cycles = []
    for n, energy in enumerate(energies):
        scored = cycle(start, hours=None, energy=str(energy))
        cycles.append(
            Cycle(
                id=str(n),
                start=start,
                end=None,
                utc_offset_minutes=offsets[n],
                score_state=ScoreState.SCORED,
                score=scored.score,
            )
        )
        start += timedelta(minutes=gaps[n])
    days = assign_days(RecoveryRecords(cycles=tuple(cycles)))
    assert sum(len(day.cycles) for day in days.values()) == len(cycles)
    total = sum((energy_out(day).kcal or D(0) for day in days.values()), D(0))
    assert total == sum(energies)


def test_a_flight_from_kyiv_to_new_york_mid_cycle() -> None:
    """Asleep in Kyiv at 23:00 on Monday; the cycle runs through the flight; asleep again in
    New York at 23:00 on Tuesday (06:00 Wednesday in Kyiv). Each day keeps one cycle, the
    New York night's sleep belongs to Wednesday morning in New York."""
    kyiv_bedtime = datetime(2025, 6, 2, 23, 0, tzinfo=KYIV)
    ny_bedtime = datetime(2025, 6, 3, 23, 0, tzinfo=NEW_YORK)
    in_kyiv = cycle(kyiv_bedtime, id="kyiv", hours=None, energy="3100")
    in_kyiv = Cycle(
        id="kyiv",
        start=kyiv_bedtime,
        end=ny_bedtime,  # a 31-hour day
        utc_offset_minutes=180,
        score_state=ScoreState.SCORED,
        score=in_kyiv.score,
    )
    in_new_york = cycle(ny_bedtime, id="ny", hours=None, energy="2300")
    assert in_new_york.utc_offset_minutes == -240
    ny_night = sleep(ny_bedtime, datetime(2025, 6, 4, 7, 0, tzinfo=NEW_YORK), id="ny-night")
    days = assign_days(RecoveryRecords(cycles=(in_kyiv, in_new_york), sleeps=(ny_night,)))
    assert [c.id for c in days[date(2025, 6, 3)].cycles] == ["kyiv"]
    assert [c.id for c in days[date(2025, 6, 4)].cycles] == ["ny"]
    assert days[date(2025, 6, 4)].sleep == ny_night
    assert energy_out(days[date(2025, 6, 3)]).kcal == D(3100)
    assert energy_out(days[date(2025, 6, 4)]).kcal == D(2300)


def test_records_validate_themselves() -> None:
    start = datetime(2025, 3, 10, 23, 0, tzinfo=KYIV)
    with pytest.raises(InvalidScoreError):
        cycle(start, state=ScoreState.PENDING).__class__(
            id="x", start=start, end=None, utc_offset_minutes=120,
            score_state=ScoreState.SCORED, score=None,
        )  # fmt: skip
    scored = cycle(start)
    with pytest.raises(InvalidScoreError):
        Cycle(id="x", start=start, end=None, utc_offset_minutes=120,
              score_state=ScoreState.PENDING, score=scored.score)  # fmt: skip
    with pytest.raises(InvalidValueError):
        Cycle(id="x", start=start, end=start - timedelta(hours=1), utc_offset_minutes=120,
              score_state=ScoreState.PENDING)  # fmt: skip
    with pytest.raises(InvalidValueError):
        Cycle(id="x", start=start, end=None, utc_offset_minutes=15 * 60,
              score_state=ScoreState.PENDING)  # fmt: skip
    with pytest.raises(NaiveDatetimeError):
        Cycle(id="x", start=datetime(2025, 3, 10), end=None, utc_offset_minutes=0,
              score_state=ScoreState.PENDING)  # fmt: skip
    assert RecoveryRecords().is_empty
    assert RecoveryRecords(cycles=(scored,)).count == 1
