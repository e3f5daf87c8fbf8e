"""The morning briefing, the evening summary and the weekly report as text."""

from __future__ import annotations

from decimal import Decimal

from application.rendering.meals import meal_name
from application.rendering.messages import text
from application.rendering.numbers import (
    format_clock,
    format_date,
    format_duration,
    format_grams,
    format_kcal,
    format_number,
    format_percent,
    format_signed_kcal,
    shown_difference,
)
from domain.briefings.balance import EnergyBalance
from domain.briefings.baselines import Measured
from domain.briefings.evening import EveningSummary, WorkoutLine
from domain.briefings.missing import MissingPiece
from domain.briefings.morning import MorningBriefing, RecoverySection, SleepSection
from domain.briefings.weekly import DaySummary, WeeklyReport
from domain.meals.intake import DailyIntake
from domain.users import Language


def missing_reason(piece: MissingPiece, language: Language) -> str:
    return text(language, f"missing.{piece.reason.value}")


def render_morning(briefing: MorningBriefing, language: Language) -> str:
    lines = [text(language, "morning.title", date=format_date(briefing.local_date, language))]
    if briefing.is_empty:
        return "\n".join([*lines, text(language, "briefing.empty")])
    lines.extend(_sleep(briefing.sleep, language))
    lines.extend(_recovery(briefing.recovery, language))
    lines.append(render_balance(briefing.yesterday, "balance.yesterday", language))
    lines.append(text(language, "tip.title", tip=text(language, f"tip.{briefing.tip.value}")))
    return "\n".join(lines)


def render_evening(summary: EveningSummary, language: Language) -> str:
    lines = [text(language, "evening.title", date=format_date(summary.local_date, language))]
    if summary.is_empty:
        return "\n".join([*lines, text(language, "briefing.empty")])
    if isinstance(summary.intake, MissingPiece):
        lines.append(text(language, "evening.nothing_logged"))
    else:
        lines.extend(_intake(summary, summary.intake, language))
    if isinstance(summary.workouts, MissingPiece):
        reason = missing_reason(summary.workouts, language)
        lines.append(text(language, "evening.workouts_missing", reason=reason))
    elif not summary.workouts:
        lines.append(text(language, "evening.no_workouts"))
    else:
        lines.append(text(language, "evening.workouts"))
        lines.extend(_workout(w, language) for w in summary.workouts)
    lines.append(render_balance(summary.balance, "balance.today", language))
    return "\n".join(lines)


def render_weekly(report: WeeklyReport, language: Language) -> str:
    first, last = format_date(report.first_day, language), format_date(report.last_day, language)
    lines = [text(language, "weekly.title", first=first, last=last)]
    if report.is_empty:
        return "\n".join([*lines, text(language, "briefing.empty")])
    lines.extend(_day(day, language) for day in report.days)
    lines.append("")
    if isinstance(report.average_intake_kcal, MissingPiece):
        lines.append(_missing_line("weekly.label_intake", report.average_intake_kcal, language))
    else:
        value = format_kcal(report.average_intake_kcal, language)
        lines.append(text(language, "weekly.avg_intake", value=value, days=report.logged_days))
    lines.append(_average("weekly.avg_out", "weekly.label_out", report.average_out_kcal, language))
    if report.total_balance_kcal is not None:
        balance = format_signed_kcal(report.total_balance_kcal, language)
        lines.append(text(language, "weekly.balance", days=report.balance_days, balance=balance))
    if isinstance(report.average_asleep, MissingPiece):
        lines.append(_missing_line("weekly.label_sleep", report.average_asleep, language))
    else:
        value = format_duration(report.average_asleep, language)
        lines.append(text(language, "weekly.avg_sleep", value=value))
    if isinstance(report.average_recovery_pct, MissingPiece):
        lines.append(_missing_line("weekly.label_recovery", report.average_recovery_pct, language))
    else:
        value = format_percent(report.average_recovery_pct, language)
        lines.append(text(language, "weekly.avg_recovery", value=value))
    lines.append(
        text(
            language,
            "weekly.trends",
            intake=text(language, f"trend.{report.intake_trend.value}"),
            sleep=text(language, f"trend.{report.sleep_trend.value}"),
            recovery=text(language, f"trend.{report.recovery_trend.value}"),
        )
    )
    return "\n".join(lines)


def render_balance(balance: EnergyBalance, label_key: str, language: Language) -> str:
    def side(value: Decimal | MissingPiece) -> str:
        if isinstance(value, MissingPiece):
            return missing_reason(value, language)
        return text(language, "balance.kcal", kcal=format_kcal(value, language))

    net = None
    if balance.balance_kcal is not None:
        net = shown_difference(balance.intake_kcal, balance.out_kcal)  # type: ignore[arg-type]
    return text(
        language,
        "balance.line",
        label=text(language, label_key),
        intake=side(balance.intake_kcal),
        out=side(balance.out_kcal),
        balance=text(language, "balance.unknown")
        if net is None
        else text(language, "balance.kcal", kcal=format_signed_kcal(net, language)),
    )


def _sleep(sleep: SleepSection | MissingPiece, language: Language) -> list[str]:
    if isinstance(sleep, MissingPiece):
        return [text(language, "morning.sleep_missing", reason=missing_reason(sleep, language))]
    lines = [
        text(
            language,
            "morning.sleep",
            asleep=format_duration(sleep.asleep, language),
            start=format_clock(sleep.start, sleep.utc_offset_minutes),
            end=format_clock(sleep.end, sleep.utc_offset_minutes),
        )
    ]
    if sleep.performance_pct is not None:
        performance = format_percent(sleep.performance_pct, language)
        lines.append(text(language, "morning.sleep_performance", performance=performance))
    stages = sleep.stages
    lines.append(
        text(
            language,
            "morning.sleep_stages",
            deep=format_duration(stages.deep, language),
            rem=format_duration(stages.rem, language),
            light=format_duration(stages.light, language),
            awake=format_duration(stages.awake, language),
        )
    )
    return lines


def _recovery(recovery: RecoverySection | MissingPiece, language: Language) -> list[str]:
    if isinstance(recovery, MissingPiece):
        reason = missing_reason(recovery, language)
        return [text(language, "morning.recovery_missing", reason=reason)]
    lines = [text(language, "morning.recovery", score=format_percent(recovery.score_pct, language))]
    if recovery.calibrating:
        lines.append(text(language, "morning.recovery_calibrating"))
    lines.append(_measured("morning.hrv", recovery.hrv_ms, language))
    lines.append(_measured("morning.resting_hr", recovery.resting_heart_rate, language))
    return lines


def _measured(key: str, measured: Measured, language: Language) -> str:
    return text(
        language,
        key,
        value=format_number(measured.value, language),
        vs7=text(language, f"compare.{measured.versus_7d.value}"),
        vs30=text(language, f"compare.{measured.versus_30d.value}"),
    )


def _intake(summary: EveningSummary, intake: DailyIntake, language: Language) -> list[str]:
    total, targets = intake.total, summary.targets
    lines = [
        text(
            language,
            "evening.intake",
            kcal=format_kcal(total.kcal, language),
            target=format_kcal(targets.kcal, language),
        )
    ]
    remaining = shown_difference(targets.kcal, total.kcal)
    if remaining >= 0:
        lines.append(
            text(language, "evening.remaining", remaining=format_kcal(remaining, language))
        )
    else:
        lines.append(text(language, "evening.over", over=format_kcal(-remaining, language)))
    lines.append(
        text(
            language,
            "evening.macros",
            protein=format_grams(total.protein, language),
            protein_target=format_grams(targets.protein, language),
            fat=format_grams(total.fat, language),
            fat_target=format_grams(targets.fat, language),
            carbohydrate=format_grams(total.carbohydrate, language),
            carbohydrate_target=format_grams(targets.carbohydrate, language),
        )
    )
    for meal in intake.meals:
        lines.append(
            text(
                language,
                "evening.meal",
                meal=meal_name(meal.meal, language),
                kcal=format_kcal(meal.nutrients.kcal, language),
                foods=", ".join(meal.foods),
            )
        )
    return lines


def _workout(workout: WorkoutLine, language: Language) -> str:
    start = format_clock(workout.start, workout.utc_offset_minutes)
    end = format_clock(workout.end, workout.utc_offset_minutes)
    if workout.strain is None or workout.energy_kcal is None:
        return text(language, "evening.workout_unscored", sport=workout.sport, start=start, end=end)
    return text(
        language,
        "evening.workout",
        sport=workout.sport,
        start=start,
        end=end,
        strain=format_number(workout.strain, language, 1),
        kcal=format_kcal(workout.energy_kcal, language),
    )


def _day(day: DaySummary, language: Language) -> str:
    dash = text(language, "balance.unknown")
    return text(
        language,
        "weekly.day",
        date=format_date(day.local_date, language),
        intake=dash if day.intake_kcal is None else format_kcal(day.intake_kcal, language),
        out=dash if day.out_kcal is None else format_kcal(day.out_kcal, language),
        asleep=dash if day.asleep is None else format_duration(day.asleep, language),
        recovery=dash if day.recovery_pct is None else format_percent(day.recovery_pct, language),
    )


def _average(key: str, label_key: str, value: Decimal | MissingPiece, language: Language) -> str:
    if isinstance(value, MissingPiece):
        return _missing_line(label_key, value, language)
    return text(language, key, value=format_kcal(value, language))


def _missing_line(label_key: str, piece: MissingPiece, language: Language) -> str:
    return text(
        language,
        "weekly.missing",
        label=text(language, label_key),
        reason=missing_reason(piece, language),
    )
