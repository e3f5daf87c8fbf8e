"""The context an answer may use — built from ONE user's data, by the server.

The user is the one the server identified (never one named by the model or by the message);
the context carries no user id at all.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from application.ports.assistant import AnswerContext, ContextMessage
from application.ports.unit_of_work import UnitOfWork
from domain.connections import Provider
from domain.conversation import RetentionPolicy, recent_within_budget
from domain.meals.intake import daily_intake
from domain.users import User

# Roughly 1,000 tokens of recent conversation: enough for follow-up questions.
CONVERSATION_BUDGET_CHARS = 4000
CONVERSATION_MESSAGES = 30
RECENT_WORKOUTS = 5
LOOK_BACK = timedelta(days=8)


async def build_answer_context(
    uow: UnitOfWork,
    user: User,
    now: datetime,
    *,
    retention: RetentionPolicy | None = None,
    budget_chars: int = CONVERSATION_BUDGET_CHARS,
) -> AnswerContext:
    """Inside an open unit of work: today's and yesterday's intake, targets, the last sleep and
    recovery, recent workouts and the recent conversation (within retention and a budget)."""
    local_now = user.local_now(now)
    today = local_now.date()
    yesterday = today - timedelta(days=1)
    entries = await uow.food_log.between(user.id, yesterday, today)
    records = await uow.recovery.between(user.id, now - LOOK_BACK, now + timedelta(minutes=1))
    connection = await uow.connections.get(user.id, Provider.WHOOP)
    policy = retention or RetentionPolicy()
    messages = [
        m
        for m in await uow.conversation.recent(user.id, CONVERSATION_MESSAGES)
        if policy.keeps(m, now)
    ]
    main_sleeps = [s for s in records.sleeps if not s.nap]
    return AnswerContext(
        language=user.language,
        local_now=local_now,
        targets=user.targets,
        today=daily_intake(entries, today),
        yesterday=daily_intake(entries, yesterday),
        wearable_linked=connection is not None,
        last_sleep=max(main_sleeps, key=lambda s: s.end, default=None),
        last_recovery=max(records.recoveries, key=lambda r: r.recorded_at, default=None),
        recent_workouts=tuple(
            sorted(records.workouts, key=lambda w: w.start, reverse=True)[:RECENT_WORKOUTS]
        ),
        conversation=tuple(
            ContextMessage(role=m.role, text=m.text, at=m.at)
            for m in recent_within_budget(messages, budget_chars)
        ),
    )
