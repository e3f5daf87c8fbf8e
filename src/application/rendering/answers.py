"""Plain answers from an `AnswerContext`, for the offline assistant and the fakes: today's
intake, what is left, last night's sleep, this morning's recovery."""

from __future__ import annotations

from application.ports.assistant import AnswerContext
from application.rendering.messages import text
from application.rendering.numbers import (
    format_duration,
    format_grams,
    format_kcal,
    format_number,
    format_percent,
    shown_difference,
)


def answer_today(context: AnswerContext) -> str:
    language, today = context.language, context.today
    if today.nothing_logged:
        return text(language, "answer.today_nothing")
    total = today.total
    return text(
        language,
        "answer.today",
        kcal=format_kcal(total.kcal, language),
        target=format_kcal(context.targets.kcal, language),
        protein=format_grams(total.protein, language),
        fat=format_grams(total.fat, language),
        carbohydrate=format_grams(total.carbohydrate, language),
    )


def answer_yesterday(context: AnswerContext) -> str:
    language = context.language
    if context.yesterday.nothing_logged:
        return text(language, "answer.yesterday_nothing")
    return text(
        language, "answer.yesterday", kcal=format_kcal(context.yesterday.total.kcal, language)
    )


def answer_remaining(context: AnswerContext) -> str:
    language = context.language
    target = context.targets.kcal
    remaining = shown_difference(target, context.today.total.kcal)
    if remaining >= 0:
        return text(
            language,
            "answer.remaining",
            remaining=format_kcal(remaining, language),
            target=format_kcal(target, language),
        )
    return text(
        language,
        "answer.over",
        over=format_kcal(-remaining, language),
        target=format_kcal(target, language),
    )


def answer_sleep(context: AnswerContext) -> str:
    language, sleep = context.language, context.last_sleep
    if sleep is None or sleep.score is None:
        return text(language, "answer.sleep_missing")
    performance = sleep.score.performance_pct
    return text(
        language,
        "answer.sleep",
        asleep=format_duration(sleep.score.stages.asleep, language),
        performance=text(language, "balance.unknown")
        if performance is None
        else format_percent(performance, language),
    )


def answer_recovery(context: AnswerContext) -> str:
    language, recovery = context.language, context.last_recovery
    if recovery is None or recovery.score is None:
        return text(language, "answer.recovery_missing")
    return text(
        language,
        "answer.recovery",
        score=format_percent(recovery.score.score_pct, language),
        hrv=format_number(recovery.score.hrv_ms, language),
        rhr=format_number(recovery.score.resting_heart_rate, language),
    )


def answer_unknown(context: AnswerContext) -> str:
    return text(context.language, "answer.dont_know")
