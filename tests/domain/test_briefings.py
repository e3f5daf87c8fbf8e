"""Morning, evening and weekly briefings, especially when pieces are missing."""

from datetime import date, timedelta
from decimal import Decimal

import msgspec

from domain.briefings.balance import EnergyBalance
from domain.briefings.baselines import Comparison
from domain.briefings.evening import EveningSummary, compose_evening_summary
from domain.briefings.missing import Missing, MissingPiece
from domain.briefings.morning import (
    MorningBriefing,
    RecoverySection,
    SleepSection,
    compose_morning_briefing,
)
from domain.briefings.tips import Tip
from domain.briefings.weekly import Trend, WeeklyReport, compose_weekly_report, trend
from domain.meals.intake import DailyIntake
from domain.meals.targets import Targets
from domain.recovery.records import RecoveryRecords, ScoreState
from tests.domain.builders import BANANA, at, cycle, entry, item, recovery, sleep, workout

D = Decimal
TODAY = date(2025, 3, 11)
YESTERDAY = TODAY - timedelta(days=1)


def _night(day: date, **kwargs: object) -> RecoveryRecords:
    """The night ending on the morning of `day`, with its cycle and recovery."""
    evening = day - timedelta(days=1)
    c = cycle(at(evening, 23, 0), id=f"c{day}", energy=str(kwargs.pop("energy", "2400")))
    s = sleep(at(evening, 23, 15), at(day, 7, 0), id=f"s{day}", cycle_id=c.id)
    r = recovery(at(day, 7, 5), cycle_id=c.id, sleep_id=s.id, **kwargs)  # type: ignore[arg-type]
    return RecoveryRecords(cycles=(c,), sleeps=(s,), recoveries=(r,))


def _merge(*parts: RecoveryRecords) -> RecoveryRecords:
    return RecoveryRecords(
        cycles=tuple(c for p in parts for c in p.cycles),
        sleeps=tuple(s for p in parts for s in p.sleeps),
        recoveries=tuple(r for p in parts for r in p.recoveries),
        workouts=tuple(w for p in parts for w in p.workouts),
    )


def morning(records: RecoveryRecords, entries=(), linked: bool = True) -> MorningBriefing:  # type: ignore[no-untyped-def]
    return compose_morning_briefing(
        today=TODAY, wearable_linked=linked, records=records, entries=entries, targets=Targets()
    )


def test_a_full_morning() -> None:
    history = [_night(TODAY - timedelta(days=n), hrv="60", resting="55") for n in range(1, 31)]
    records = _merge(*history, _night(TODAY, hrv="70", resting="50", score="80"))
    eaten = [entry(eaten_at=at(YESTERDAY, 9, 0), items=(item("1000"),))]
    briefing = morning(records, eaten)
    assert isinstance(briefing.sleep, SleepSection)
    assert briefing.sleep.asleep == timedelta(hours=7)
    assert isinstance(briefing.recovery, RecoverySection)
    assert briefing.recovery.score_pct == D(80)
    assert briefing.recovery.hrv_ms.baseline.mean_7d == D(60)
    assert briefing.recovery.hrv_ms.versus_7d is Comparison.ABOVE
    assert briefing.recovery.resting_heart_rate.versus_30d is Comparison.BELOW
    assert briefing.yesterday.intake_kcal == D(1430)
    assert briefing.yesterday.out_kcal == D(2400)
    assert briefing.yesterday.balance_kcal == D(-970)
    assert briefing.tip is Tip.TRAIN_HARD
    assert not briefing.is_empty


def test_a_morning_with_no_wearable_and_nothing_logged_is_empty_not_zeros() -> None:
    briefing = morning(RecoveryRecords(), linked=False)
    assert briefing.sleep == MissingPiece(reason=Missing.WEARABLE_NOT_LINKED)
    assert briefing.recovery == MissingPiece(reason=Missing.WEARABLE_NOT_LINKED)
    assert briefing.yesterday.intake_kcal == MissingPiece(reason=Missing.NOTHING_LOGGED)
    assert briefing.yesterday.balance_kcal is None
    assert briefing.tip is Tip.LOG_MEALS
    assert briefing.is_empty


def test_a_morning_before_the_wearable_scored_the_night() -> None:
    c = cycle(at(YESTERDAY, 23, 0), state=ScoreState.PENDING)
    s = sleep(at(YESTERDAY, 23, 15), at(TODAY, 7, 0), state=ScoreState.PENDING)
    r = recovery(at(TODAY, 7, 5), state=ScoreState.PENDING)
    briefing = morning(RecoveryRecords(cycles=(c,), sleeps=(s,), recoveries=(r,)))
    assert briefing.sleep == MissingPiece(reason=Missing.NOT_SCORED_YET)
    assert briefing.recovery == MissingPiece(reason=Missing.NOT_SCORED_YET)
    # Yesterday had no cycle recorded at all: linked, but no record.
    assert briefing.yesterday.out_kcal == MissingPiece(reason=Missing.NO_RECORD)


def test_an_unscorable_night_and_a_linked_wearable_with_no_data() -> None:
    s = sleep(at(YESTERDAY, 23, 15), at(TODAY, 7, 0), state=ScoreState.UNSCORABLE)
    briefing = morning(RecoveryRecords(sleeps=(s,)))
    assert briefing.sleep == MissingPiece(reason=Missing.UNSCORABLE)
    assert briefing.recovery == MissingPiece(reason=Missing.NO_RECORD)
    assert briefing.tip is Tip.LOG_MEALS


def test_tips_follow_the_worst_news_first() -> None:
    assert morning(_night(TODAY, score="20")).tip is Tip.REST
    short = _night(TODAY)
    short = msgspec.structs.replace(
        short,
        sleeps=(sleep(at(YESTERDAY, 23, 0), at(TODAY, 5, 0), asleep_hours=5),),
    )
    assert morning(short).tip is Tip.SLEEP_MORE
    big = [entry(eaten_at=at(YESTERDAY, 9, 0), items=(item("2000"),))]  # 2,860 kcal
    assert morning(_night(TODAY, score="50"), big).tip is Tip.EAT_LESS
    sweet = [entry(eaten_at=at(YESTERDAY, 9, 0), items=(item("1000", density=BANANA),))]
    assert morning(_night(TODAY, score="50"), sweet).tip is Tip.MORE_PROTEIN
    enough = [entry(eaten_at=at(YESTERDAY, 9, 0), items=(item("1300"),))]  # 163 g protein
    assert morning(RecoveryRecords(), enough, linked=False).tip is Tip.LINK_WEARABLE
    assert morning(_night(TODAY, score="50"), enough).tip is Tip.KEEP_GOING


def test_hrv_below_both_baselines_means_take_it_easy() -> None:
    history = [_night(TODAY - timedelta(days=n), hrv="80") for n in range(1, 31)]
    eaten = [entry(eaten_at=at(YESTERDAY, 9, 0), items=(item("1300"),))]
    briefing = morning(_merge(*history, _night(TODAY, hrv="50", score="50")), eaten)
    assert briefing.tip is Tip.TAKE_IT_EASY


def test_too_little_history_is_no_baseline() -> None:
    briefing = morning(_merge(_night(TODAY - timedelta(days=1)), _night(TODAY)))
    assert isinstance(briefing.recovery, RecoverySection)
    assert briefing.recovery.hrv_ms.versus_7d is Comparison.NO_BASELINE
    assert briefing.recovery.hrv_ms.baseline.mean_30d is None


def evening(records: RecoveryRecords, entries=(), linked: bool = True) -> EveningSummary:  # type: ignore[no-untyped-def]
    return compose_evening_summary(
        today=TODAY, wearable_linked=linked, records=records, entries=entries, targets=Targets()
    )


def test_an_evening_of_a_partial_day() -> None:
    records = _merge(
        _night(TODAY),
        RecoveryRecords(workouts=(workout(at(TODAY, 18, 0), state=ScoreState.PENDING),)),
    )
    eaten = [entry(eaten_at=at(TODAY, 8, 0))]
    summary = evening(records, eaten)
    assert isinstance(summary.intake, DailyIntake)
    assert summary.remaining_kcal == D(1857)
    assert isinstance(summary.workouts, tuple)
    assert summary.workouts[0].strain is None  # not scored yet: said, not zero
    assert summary.balance == EnergyBalance(local_date=TODAY, intake_kcal=D(143), out_kcal=D(2400))


def test_an_evening_with_nothing() -> None:
    summary = evening(RecoveryRecords(), linked=False)
    assert summary.intake == MissingPiece(reason=Missing.NOTHING_LOGGED)
    assert summary.workouts == MissingPiece(reason=Missing.WEARABLE_NOT_LINKED)
    assert summary.remaining_kcal is None
    assert summary.is_empty
    linked = evening(RecoveryRecords())
    assert linked.workouts == ()
    assert not linked.is_empty


def weekly(records: RecoveryRecords, entries=(), linked: bool = True) -> WeeklyReport:  # type: ignore[no-untyped-def]
    return compose_weekly_report(
        last_day=TODAY, wearable_linked=linked, records=records, entries=entries, targets=Targets()
    )


def test_a_full_week_with_trends() -> None:
    days = [TODAY - timedelta(days=n) for n in range(6, -1, -1)]
    records = _merge(*(_night(d, score=str(40 + 8 * i)) for i, d in enumerate(days)))
    eaten = [entry(id=i, eaten_at=at(d, 9, 0), items=(item("1000"),)) for i, d in enumerate(days)]
    report = weekly(records, eaten)
    assert (report.first_day, report.last_day) == (days[0], TODAY)
    assert report.logged_days == 7
    assert report.average_intake_kcal == D(1430)
    assert report.average_out_kcal == D(2400)
    assert (report.total_balance_kcal, report.balance_days) == (D(-6790), 7)
    assert report.average_asleep == timedelta(hours=7)
    assert report.recovery_trend is Trend.RISING
    assert report.intake_trend is Trend.STEADY
    assert not report.is_empty


def test_a_week_with_gaps_counts_only_known_days() -> None:
    days = [TODAY - timedelta(days=n) for n in (5, 3)]
    eaten = [entry(id=i, eaten_at=at(d, 9, 0)) for i, d in enumerate(days)]
    report = weekly(_night(TODAY - timedelta(days=3)), eaten)
    assert report.logged_days == 2
    assert (report.total_balance_kcal, report.balance_days) == (D(143 - 2400), 1)
    assert report.intake_trend is Trend.UNKNOWN


def test_an_empty_week() -> None:
    report = weekly(RecoveryRecords(), linked=False)
    assert report.is_empty
    assert report.average_intake_kcal == MissingPiece(reason=Missing.NOTHING_LOGGED)
    assert report.average_asleep == MissingPiece(reason=Missing.WEARABLE_NOT_LINKED)
    assert report.total_balance_kcal is None
    linked = weekly(RecoveryRecords())
    assert linked.average_recovery_pct == MissingPiece(reason=Missing.NO_RECORD)


def test_trend_rules() -> None:
    assert trend([D(100), D(100), None, None, None, D(80), D(80)]) is Trend.FALLING
    assert trend([D(0), D(0), None, None, None, D(80), D(80)]) is Trend.UNKNOWN
    assert trend([D(100), None, None, None, None, D(80), D(80)]) is Trend.UNKNOWN


def test_briefings_serialize_with_their_missing_pieces() -> None:
    briefing = morning(RecoveryRecords(), linked=False)
    decoded = msgspec.json.decode(msgspec.json.encode(briefing), type=MorningBriefing)
    assert decoded == briefing
