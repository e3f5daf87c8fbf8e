"""What the bot is waiting for after asking a question. Every state only REFINES: an answer
that does not fit is handled like any other message and the question is dropped."""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup


class Asking(StatesGroup):
    timezone = State()
    targets = State()
    body = State()  # age, height and weight, after sex was chosen
    briefing_times = State()
    grams = State()  # the new weight of one food of an entry
