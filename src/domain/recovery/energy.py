"""Energy out for a day: the sum of its cycles' energy — never cycles plus workouts, because a
cycle's energy already includes every workout inside it."""

from __future__ import annotations

from decimal import Decimal

import msgspec

from domain.recovery.days import DayRecords
from domain.recovery.records import ScoreState


class EnergyOut(msgspec.Struct, frozen=True, kw_only=True):
    """`kcal` is None when no cycle of the day has a score; `state` then says why."""

    kcal: Decimal | None
    state: ScoreState | None  # None: no cycle recorded at all


def energy_out(day: DayRecords) -> EnergyOut:
    scored = [c.energy_kcal for c in day.cycles if c.energy_kcal is not None]
    if scored:
        return EnergyOut(kcal=sum(scored, Decimal(0)), state=ScoreState.SCORED)
    if not day.cycles:
        return EnergyOut(kcal=None, state=None)
    pending = any(c.score_state is ScoreState.PENDING for c in day.cycles)
    return EnergyOut(kcal=None, state=ScoreState.PENDING if pending else ScoreState.UNSCORABLE)
