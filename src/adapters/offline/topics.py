"""What an everyday question is about — today's food, what is left, yesterday, last night's sleep,
recovery, workouts, the week, the targets — in Ukrainian and English."""

from __future__ import annotations

import enum
import re


class Topic(enum.Enum):
    REMAINING = "remaining"
    YESTERDAY = "yesterday"
    SLEEP = "sleep"
    RECOVERY = "recovery"
    WORKOUTS = "workouts"
    WEEK = "week"
    TARGETS = "targets"
    TODAY = "today"


# In this order: "how much is left today" is about what is left, "yesterday's calories" about
# yesterday, and "calories" alone about today.
_TOPICS: tuple[tuple[Topic, re.Pattern[str]], ...] = tuple(
    (topic, re.compile(pattern, re.UNICODE))
    for topic, pattern in (
        (
            Topic.REMAINING,
            r"\b(left|remain\w*|budget|over my|залиш\w*|лиш\w*|ще можна|can i still)",
        ),
        (Topic.YESTERDAY, r"\b(yesterday\w*|вчора|учора|вчорашн\w*)"),
        (Topic.WEEK, r"\b(week\w*|тижд\w*|тижн\w*)"),
        (
            Topic.SLEEP,
            r"\b(sleep\w*|slept|сон|сну|спав|спала|спали|поспа\w*|виспа\w*|спалос\w*)",
        ),
        (
            Topic.RECOVERY,
            r"\b(recover\w*|hrv|readiness|resting heart|відновлен\w*|пульс\w*|вср)",
        ),
        (Topic.WORKOUTS, r"\b(workout\w*|training|exercise\w*|trained|тренуван\w*|тренува\w*)"),
        (Topic.TARGETS, r"\b(target\w*|goal\w*|ціль|цілі|ціллю|норм[аиу]|мета|мети)"),
        (
            Topic.TODAY,
            r"\b(today\w*|so far|сьогодні\w*|how much|скільки|calori\w*|kcal|ккал|калор\w*"
            r"|protein|білк\w*|carb\w*|вуглевод\w*|fat|жир\w*|intake|eaten|ate|з'їв\w*|з'їл\w*)",
        ),
    )
)


def topic_of(question: str) -> Topic | None:
    """The topic of a (normalised, casefolded) question, or None when it names none."""
    for topic, pattern in _TOPICS:
        if pattern.search(question):
            return topic
    return None
