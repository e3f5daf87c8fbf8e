"""The offline assistant: the everyday questions answered from the `AnswerContext` by rules.

Today's intake, what is left of the target, yesterday, last night's sleep, this morning's
recovery, recent workouts, the targets, and "this week" (the context holds today and
yesterday; the answer says so and points to the weekly report). Anything else gets a plain
"I can tell you about…" — never a made-up number.
"""

from __future__ import annotations

from collections.abc import Callable

from adapters.catalog.usda import normalize_name
from adapters.offline.topics import Topic, topic_of
from application.ports.assistant import AnswerContext
from application.rendering import answers
from application.rendering.numbers import format_duration, format_grams, format_kcal
from domain.users import Language

# Texts the shared catalogs do not have: the offline assistant speaks them as a model would.
_TEXTS: dict[Language, dict[str, str]] = {
    Language.EN: {
        "week": "I only see today and yesterday here: today {today} kcal, yesterday {yesterday} "
        "kcal. The weekly report has the whole week.",
        "workouts": "Recent workouts: {workouts}.",
        "workout": "{sport} {minutes}",
        "workout_kcal": "{sport} {minutes}, {kcal} kcal",
        "no_workouts": "I see no recent workouts.",
        "not_linked": "No wearable is linked, so I have no sleep, recovery or workouts to go on.",
        "targets": "Your daily targets: {kcal} kcal, protein {protein} g, fat {fat} g, "
        "carbs {carbohydrate} g.",
    },
    Language.UK: {
        "week": "Тут я бачу лише сьогодні й учора: сьогодні {today} ккал, учора {yesterday} "
        "ккал. Увесь тиждень — у щотижневому звіті.",
        "workouts": "Останні тренування: {workouts}.",
        "workout": "{sport} {minutes}",
        "workout_kcal": "{sport} {minutes}, {kcal} ккал",
        "no_workouts": "Останніх тренувань не бачу.",
        "not_linked": "Браслет не під'єднано, тож про сон, відновлення й тренування я не знаю.",
        "targets": "Ваші денні цілі: {kcal} ккал, білки {protein} г, жири {fat} г, "
        "вуглеводи {carbohydrate} г.",
    },
}


def _say(context: AnswerContext, key: str, **values: object) -> str:
    return _TEXTS[context.language][key].format(**values)


class OfflineAssistant:
    """`Assistant` by rules; never fails, never reaches outside the context it is given."""

    async def answer(self, question: str, context: AnswerContext) -> str:
        topic = topic_of(normalize_name(question))
        if topic is None:
            return answers.answer_unknown(context)
        return _ANSWERS[topic](context)


def _sleep(context: AnswerContext) -> str:
    if not context.wearable_linked and context.last_sleep is None:
        return _say(context, "not_linked")
    return answers.answer_sleep(context)


def _recovery(context: AnswerContext) -> str:
    if not context.wearable_linked and context.last_recovery is None:
        return _say(context, "not_linked")
    return answers.answer_recovery(context)


def _workouts(context: AnswerContext) -> str:
    if not context.wearable_linked and not context.recent_workouts:
        return _say(context, "not_linked")
    if not context.recent_workouts:
        return _say(context, "no_workouts")
    language = context.language
    said = []
    for workout in context.recent_workouts:
        minutes = format_duration(workout.end - workout.start, language)
        if workout.score is None:
            said.append(_say(context, "workout", sport=workout.sport, minutes=minutes))
        else:
            kcal = format_kcal(workout.score.energy_kcal, language)
            said.append(
                _say(context, "workout_kcal", sport=workout.sport, minutes=minutes, kcal=kcal)
            )
    return _say(context, "workouts", workouts="; ".join(said))


def _week(context: AnswerContext) -> str:
    language = context.language
    return _say(
        context,
        "week",
        today=format_kcal(context.today.total.kcal, language),
        yesterday=format_kcal(context.yesterday.total.kcal, language),
    )


def _targets(context: AnswerContext) -> str:
    targets, language = context.targets, context.language
    return _say(
        context,
        "targets",
        kcal=format_kcal(targets.kcal, language),
        protein=format_grams(targets.protein, language),
        fat=format_grams(targets.fat, language),
        carbohydrate=format_grams(targets.carbohydrate, language),
    )


_ANSWERS: dict[Topic, Callable[[AnswerContext], str]] = {
    Topic.REMAINING: answers.answer_remaining,
    Topic.YESTERDAY: answers.answer_yesterday,
    Topic.SLEEP: _sleep,
    Topic.RECOVERY: _recovery,
    Topic.WORKOUTS: _workouts,
    Topic.WEEK: _week,
    Topic.TARGETS: _targets,
    Topic.TODAY: answers.answer_today,
}
