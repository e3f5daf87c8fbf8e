"""A rule-based assistant: answers the everyday questions from the context it is given, and
records every context it saw so tests can check what it was shown."""

from __future__ import annotations

from application.errors import ServiceUnavailableError
from application.ports.assistant import AnswerContext
from application.rendering import answers

_TOPICS = (
    (("left", "remaining", "лишилось", "лишилося", "залишилось"), answers.answer_remaining),
    (("yesterday", "вчора", "учора"), answers.answer_yesterday),
    (("sleep", "slept", "сон", "спав", "спала"), answers.answer_sleep),
    (("recovery", "hrv", "відновлення"), answers.answer_recovery),
    (("today", "сьогодні", "how much", "скільки"), answers.answer_today),
)


class RuleBasedAssistant:
    def __init__(self) -> None:
        self.contexts: list[AnswerContext] = []
        self.down = False  # for tests: behave like a model that cannot be reached

    async def answer(self, question: str, context: AnswerContext) -> str:
        if self.down:
            raise ServiceUnavailableError("the assistant is down")
        self.contexts.append(context)
        asked = question.lower()
        for words, answer in _TOPICS:
            if any(word in asked for word in words):
                return answer(context)
        return answers.answer_unknown(context)
