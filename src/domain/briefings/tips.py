"""One tip for the morning, chosen by plain rules in order of what matters most today."""

from __future__ import annotations

import enum
from datetime import timedelta
from decimal import Decimal

import msgspec

from domain.briefings.baselines import Comparison, Measured
from domain.meals.nutrients import Nutrients
from domain.meals.targets import Targets

RED_RECOVERY_BELOW = Decimal(34)  # the wearable's own red zone
GREEN_RECOVERY_FROM = Decimal(67)  # and its green zone
SHORT_SLEEP = timedelta(hours=6)
LOW_PROTEIN_SHARE = Decimal("0.8")
OVER_TARGET_SHARE = Decimal("1.15")


class Tip(enum.Enum):
    REST = "rest"  # red recovery
    SLEEP_MORE = "sleep_more"  # under six hours asleep
    TAKE_IT_EASY = "take_it_easy"  # HRV below both baselines
    LOG_MEALS = "log_meals"  # nothing logged yesterday
    EAT_LESS = "eat_less"  # yesterday well over the energy target
    MORE_PROTEIN = "more_protein"  # yesterday under 80 % of the protein target
    LINK_WEARABLE = "link_wearable"  # nothing to read sleep and recovery from
    TRAIN_HARD = "train_hard"  # green recovery
    KEEP_GOING = "keep_going"  # nothing stands out


class TipInputs(msgspec.Struct, frozen=True, kw_only=True):
    wearable_linked: bool
    targets: Targets
    recovery_pct: Decimal | None = None
    asleep: timedelta | None = None
    hrv: Measured | None = None
    yesterday_intake: Nutrients | None = None  # None: nothing logged


def choose_tip(facts: TipInputs) -> Tip:
    """The first rule that applies, in order of what matters most for today."""
    rules: tuple[tuple[bool, Tip], ...] = (
        (_below(facts.recovery_pct, RED_RECOVERY_BELOW), Tip.REST),
        (facts.asleep is not None and facts.asleep < SHORT_SLEEP, Tip.SLEEP_MORE),
        (_hrv_low(facts.hrv), Tip.TAKE_IT_EASY),
        (facts.yesterday_intake is None, Tip.LOG_MEALS),
        (_over(facts.yesterday_intake, facts.targets), Tip.EAT_LESS),
        (_low_protein(facts.yesterday_intake, facts.targets), Tip.MORE_PROTEIN),
        (not facts.wearable_linked, Tip.LINK_WEARABLE),
        (not _below(facts.recovery_pct, GREEN_RECOVERY_FROM, unknown=True), Tip.TRAIN_HARD),
    )
    return next((tip for applies, tip in rules if applies), Tip.KEEP_GOING)


def _below(value: Decimal | None, limit: Decimal, *, unknown: bool = False) -> bool:
    return unknown if value is None else value < limit


def _hrv_low(hrv: Measured | None) -> bool:
    return hrv is not None and hrv.versus_7d is hrv.versus_30d is Comparison.BELOW


def _over(intake: Nutrients | None, targets: Targets) -> bool:
    return intake is not None and intake.kcal > targets.kcal * OVER_TARGET_SHARE


def _low_protein(intake: Nutrients | None, targets: Targets) -> bool:
    return intake is not None and intake.protein < targets.protein * LOW_PROTEIN_SHARE
