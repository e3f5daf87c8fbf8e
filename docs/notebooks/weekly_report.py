# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # A week of meals and recovery — with no server at all
#
# The domain and the use cases run here on the in-memory adapters: a fixed clock, a small
# food catalog, a rule-based interpreter and a fake wearable. We log a week of meals the way a
# user would write them, sync a week of wearable records, and read the weekly report and the
# energy balance. The week chosen ends on the night Kyiv moves its clocks forward
# (30 March 2025), so the day-assignment rule is on show too.
#
# The test suite executes this file (`tests/application/test_notebook.py`), so it cannot rot.

# %%
from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import Coroutine
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from adapters.memory.kit import MemoryApplication, MemoryKit
from application.briefings.compose_weekly import ComposeWeeklyRequest
from application.chat.handle_text_message import HandleTextMessageRequest
from application.connections.begin_connection import BeginConnectionRequest
from application.connections.complete_connection import CompleteConnectionRequest
from application.sync.sync_wearable import SyncWearableRequest
from application.users.register_user import RegisterUserRequest, Sender
from application.users.update_settings import UpdateSettingsRequest
from domain.connections import Provider
from domain.local_time import offset_minutes_of
from domain.recovery.records import (
    Cycle,
    CycleScore,
    Recovery,
    RecoveryRecords,
    RecoveryScore,
    ScoreState,
    Sleep,
    SleepScore,
    SleepStages,
    Workout,
    WorkoutScore,
)
from domain.users import Language

T = TypeVar("T")


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine from a plain script or from inside Jupyter's own event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


KYIV = ZoneInfo("Europe/Kyiv")
FIRST_DAY = date(2025, 3, 24)  # a Monday
WEEK = [FIRST_DAY + timedelta(days=n) for n in range(7)]


def kyiv(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=KYIV)


# %% [markdown]
# ## A user, their targets, and a linked wearable

# %%
kit = MemoryKit(now=kyiv(FIRST_DAY, 7, 0))
app = MemoryApplication(kit)

registered = run(
    app.register_user.execute(
        RegisterUserRequest(sender=Sender(telegram_user_id=1001, language_code="en"))
    )
)
user = registered.user
run(
    app.update_settings.execute(
        UpdateSettingsRequest(user_id=user.id, language=Language.EN, morning_at=time(8, 0))
    )
)
link = run(
    app.begin_connection.execute(BeginConnectionRequest(user_id=user.id, provider=Provider.WHOOP))
)
state = link.url.split("state=")[1]
run(
    app.complete_connection.execute(
        CompleteConnectionRequest(provider=Provider.WHOOP, state=state, code="notebook")
    )
)
print(f"user {user.id}: {user.language.value}, {user.timezone}, target {user.targets.kcal} kcal")

# %% [markdown]
# ## A week of meals, written the way people write them

# %%
MEALS = [
    (7, 30, "2 eggs and a slice of bread"),
    (13, 0, "200 g buckwheat and chicken breast"),
    (16, 30, "an apple"),
    (19, 30, "150 g salmon and 150 g rice"),
]
for day in WEEK:
    for hour, minute, said in MEALS:
        kit.clock.set(kyiv(day, hour, minute))
        run(
            app.handle_text_message.execute(
                HandleTextMessageRequest(sender=Sender(telegram_user_id=1001), text=said)
            )
        )
print(f"logged {len(WEEK) * len(MEALS)} meals")

# %% [markdown]
# ## A week on the wearable
#
# Each night the user falls asleep around 23:00 Kyiv time: a new cycle starts. A cycle belongs
# to the day its waking hours are in (its start + 12 h), and a sleep to the morning it ends —
# so each local date gets exactly one cycle's energy, even across the DST change.

# %%
cycles, sleeps, recoveries, workouts = [], [], [], []
for n, day in enumerate([FIRST_DAY - timedelta(days=1), *WEEK]):
    start = kyiv(day, 23, 0)
    end = kyiv(day + timedelta(days=1), 23, 0)
    offset = offset_minutes_of(start)
    cycle_id = f"c{n}"
    energy = Decimal(2350 + 40 * (n % 4))
    cycles.append(
        Cycle(
            id=cycle_id,
            start=start,
            end=end,
            utc_offset_minutes=offset,
            score_state=ScoreState.SCORED,
            score=CycleScore(
                strain=Decimal("11.5"),
                energy_kcal=energy,
                average_heart_rate=68,
                max_heart_rate=158,
            ),
        )
    )
    woke = kyiv(day + timedelta(days=1), 7, 0)
    light, deep, rem = (
        timedelta(hours=3, minutes=40),
        timedelta(hours=1, minutes=30),
        timedelta(hours=2),
    )
    sleeps.append(
        Sleep(
            id=f"s{n}",
            cycle_id=cycle_id,
            start=start + timedelta(minutes=20),
            end=woke,
            utc_offset_minutes=offset_minutes_of(woke),
            nap=False,
            score_state=ScoreState.SCORED,
            score=SleepScore(
                stages=SleepStages(
                    in_bed=woke - start,
                    awake=timedelta(minutes=30),
                    light=light,
                    deep=deep,
                    rem=rem,
                ),
                performance_pct=Decimal(80 + n),
            ),
        )
    )
    recoveries.append(
        Recovery(
            cycle_id=cycle_id,
            sleep_id=f"s{n}",
            recorded_at=woke + timedelta(minutes=10),
            utc_offset_minutes=offset_minutes_of(woke),
            score_state=ScoreState.SCORED,
            score=RecoveryScore(
                score_pct=Decimal(55 + 3 * n),
                resting_heart_rate=Decimal(54 - n % 3),
                hrv_ms=Decimal(62 + n),
            ),
        )
    )
    if n % 2 == 1:
        workout_start = kyiv(day, 18, 0)
        workouts.append(
            Workout(
                id=f"w{n}",
                start=workout_start,
                end=workout_start + timedelta(minutes=50),
                utc_offset_minutes=offset_minutes_of(workout_start),
                sport="running",
                score_state=ScoreState.SCORED,
                score=WorkoutScore(
                    strain=Decimal("12.1"),
                    energy_kcal=Decimal(520),
                    average_heart_rate=148,
                    max_heart_rate=176,
                ),
            )
        )

kit.wearable.record(
    "access-notebook",
    RecoveryRecords(
        cycles=tuple(cycles),
        sleeps=tuple(sleeps),
        recoveries=tuple(recoveries),
        workouts=tuple(workouts),
    ),
)
kit.clock.set(kyiv(WEEK[-1] + timedelta(days=1), 8, 0))
synced = run(
    app.sync_wearable.execute(
        SyncWearableRequest(user_id=user.id, start=kyiv(FIRST_DAY - timedelta(days=2), 0, 0))
    )
)
print(f"wearable sync: {synced.status.value}, {synced.written} records")

# %% [markdown]
# ## The weekly report

# %%
weekly = run(app.compose_weekly.execute(ComposeWeeklyRequest(user_id=user.id, last_day=WEEK[-1])))
report = weekly.report
print(weekly.text)

# %% [markdown]
# ## The energy balance, day by day
#
# Energy in is what was logged on each local date; energy out comes from that date's cycle
# only (workouts are inside the cycle already, so adding them would count them twice).

# %%
print(f"{'date':<12}{'in':>8}{'out':>8}{'balance':>10}")
for summary in report.days:
    balance = summary.balance_kcal
    print(
        f"{summary.local_date.isoformat():<12}"
        f"{summary.intake_kcal or 0:>8.0f}{summary.out_kcal or 0:>8.0f}"
        f"{balance if balance is not None else 0:>+10.0f}"
    )
print(f"week: {report.total_balance_kcal:+.0f} kcal over {report.balance_days} days")
