"""How many users one WHOOP app budget (100 requests a minute, 10,000 a day) sustains:
webhooks + an hourly reconcile, against polling alone.

    .venv/bin/python bench/whoop_budget_simulation.py [--per-minute 100] [--per-day 10000]

A minute-by-minute simulation of one day of the app's request budget as `RedisRateBudget`
spends it: webhook fetches are URGENT (any slot), reconciles and polls are BACKGROUND (they may
not take the last 20 slots of a minute nor the last 1,000 of the day). A mode "sustains" N users
when, all day long, every reconcile (or poll) round finishes before the next one starts, no
webhook fetch waits more than a minute, and the day's budget is never used up.

Assumptions (change them with the flags):
- A reconcile or a poll reads the four collections (cycles, sleeps, recoveries, workouts) over
  a few days: one page of 25 each, so 4 requests.
- WHOOP sends "updated" when a record appears (pending) and again when it is scored. A day of a
  user: one night's sleep (2 events × 1 request), its recovery (2 events × 2 requests: the
  sleep, then its cycle's recovery), 0.8 workouts (2 events × 1 request) → 7.6 requests.
- Mornings crowd: everyone wakes between 06:00 and 09:00 (one timezone, the worst case), and a
  scored event follows its pending one by 10-60 minutes; workouts happen from 07:00 to 21:00.
- The reconcile is queued for every user at the top of each hour (the worker's schedule).
- Token refreshes go to the OAuth token endpoint, which we assume is not counted against the
  API budget (WHOOP documents limits for the API only); linking reads the profile once.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import deque
from dataclasses import dataclass

MINUTES_PER_DAY = 24 * 60


@dataclass(frozen=True)
class Budget:
    per_minute: int = 100
    per_day: int = 10_000
    urgent_reserve_per_minute: int = 20
    urgent_reserve_per_day: int = 1_000


@dataclass(frozen=True)
class Load:
    requests_per_round: int = 4  # one page of each of the four collections
    round_every_min: int = 60  # reconcile or poll interval
    webhooks: bool = True
    workouts_per_day: float = 0.8


@dataclass(frozen=True)
class Outcome:
    users: int
    sustained: bool
    requests: int
    worst_round_minutes: float  # the slowest round, from queued to done
    worst_webhook_wait: int  # minutes
    requests_per_user_day: float


def webhook_arrivals(users: int, load: Load, rng: random.Random) -> list[int]:
    """Per minute of the day: how many URGENT requests webhooks cause."""
    per_minute = [0] * MINUTES_PER_DAY
    if not load.webhooks:
        return per_minute

    def at(minute: float, requests: int) -> None:
        per_minute[min(MINUTES_PER_DAY - 1, int(minute))] += requests

    for _ in range(users):
        wake = rng.uniform(6 * 60, 9 * 60)
        for cost in (1, 2):  # sleep.updated (1 request), recovery.updated (sleep + recovery)
            at(wake + rng.uniform(0, 5), cost)  # appears, pending
            at(wake + rng.uniform(10, 60), cost)  # scored
        workouts = int(load.workouts_per_day) + (rng.random() < load.workouts_per_day % 1)
        for _ in range(workouts):
            end = rng.uniform(7 * 60, 21 * 60)
            at(end + rng.uniform(0, 5), 1)
            at(end + rng.uniform(10, 60), 1)
    return per_minute


def simulate(users: int, budget: Budget, load: Load, seed: int = 1) -> Outcome:
    rng = random.Random(seed)  # noqa: S311 - a reproducible simulation, not a secret
    urgent_arrivals = webhook_arrivals(users, load, rng)
    urgent: deque[int] = deque()  # arrival minute of each waiting urgent request
    background: deque[int] = deque()  # round start minute of each waiting background request
    used_today = 0
    worst_wait = 0
    round_done: dict[int, int] = {}
    sustained = True
    for minute in range(MINUTES_PER_DAY):
        if minute % load.round_every_min == 0:
            if background:  # the previous round did not finish in time
                sustained = False
            background.extend([minute] * (users * load.requests_per_round))
        urgent.extend([minute] * urgent_arrivals[minute])
        used = 0
        while urgent and used < budget.per_minute and used_today < budget.per_day:
            worst_wait = max(worst_wait, minute - urgent.popleft())
            used += 1
            used_today += 1
        background_minute = budget.per_minute - budget.urgent_reserve_per_minute
        background_day = budget.per_day - budget.urgent_reserve_per_day
        while background and used < background_minute and used_today < background_day:
            round_done[background.popleft()] = minute + 1
            used += 1
            used_today += 1
    if urgent or background or worst_wait > 1:
        sustained = False
    rounds = [done - start for start, done in round_done.items()]
    return Outcome(
        users=users,
        sustained=sustained,
        requests=used_today,
        worst_round_minutes=max(rounds, default=0),
        worst_webhook_wait=worst_wait,
        requests_per_user_day=used_today / users if users else 0.0,
    )


def most_users(budget: Budget, load: Load) -> Outcome:
    low, high = 0, 20_000
    best = simulate(1, budget, load)
    while low < high:
        middle = (low + high + 1) // 2
        outcome = simulate(middle, budget, load)
        if outcome.sustained:
            low, best = middle, outcome
        else:
            high = middle - 1
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-minute", type=int, default=100)
    parser.add_argument("--per-day", type=int, default=10_000)
    parser.add_argument("--requests-per-round", type=int, default=4)
    arguments = parser.parse_args()
    budget = Budget(per_minute=arguments.per_minute, per_day=arguments.per_day)
    modes = [
        ("webhooks + hourly reconcile", Load(round_every_min=60, webhooks=True)),
        ("webhooks + reconcile every 3 h", Load(round_every_min=180, webhooks=True)),
        ("polling alone, hourly", Load(round_every_min=60, webhooks=False)),
        ("polling alone, every 15 min", Load(round_every_min=15, webhooks=False)),
        ("polling alone, every 5 min", Load(round_every_min=5, webhooks=False)),
    ]
    out = sys.stdout
    out.write(
        f"budget: {budget.per_minute}/min, {budget.per_day:,}/day (reserved for webhook "
        f"fetches: {budget.urgent_reserve_per_minute}/min, "
        f"{budget.urgent_reserve_per_day:,}/day)\n"
    )
    out.write(
        f"{'mode':32} {'users':>6} {'req/user/day':>13} {'slowest round':>14} "
        f"{'webhook wait':>13}\n"
    )
    for name, mode in modes:
        load = Load(
            requests_per_round=arguments.requests_per_round,
            round_every_min=mode.round_every_min,
            webhooks=mode.webhooks,
        )
        best = most_users(budget, load)
        out.write(
            f"{name:32} {best.users:>6} {best.requests_per_user_day:>13.1f} "
            f"{best.worst_round_minutes:>10.0f} min {best.worst_webhook_wait:>9} min\n"
        )


if __name__ == "__main__":
    main()
