"""Use case: log what the user ate.

Each item is looked up in the catalog, weighed by the domain's resolution order (explicit
weight or volume; a serving or household portion; the user's own recent portion; the
assistant's estimate; a stated default — never a silent 100 g), and stored as one entry on the
user's local date. When a diary is linked, the diary write is queued in the same transaction.
Items that cannot be found or weighed are reported, not guessed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, time, timedelta
from decimal import Decimal

import msgspec

from application.meals.diary_writes import queue_diary_write
from application.meals.food_lookup import (
    FoodCandidates,
    FoodMatch,
    choose,
    said_amount,
    search_items,
)
from application.ports.assistant import InterpretedItem
from application.ports.catalog import FoodCatalog
from application.ports.diary_outbox import DiaryAction
from application.ports.system import Clock, IdGenerator
from application.ports.unit_of_work import UnitOfWork
from application.rendering.meals import render_logged_meal, render_skipped
from application.rendering.messages import text
from domain.errors import InvalidValueError, UserNotFoundError
from domain.ids import EntryId, UserId
from domain.meals.entry import FoodEntry
from domain.meals.food import FoodItem, food_key
from domain.meals.intake import DailyIntake, daily_intake
from domain.meals.meal_type import MealType, infer_meal_type
from domain.meals.portions import resolve_grams
from domain.users import Language, User


class LogFoodRequest(msgspec.Struct, frozen=True, kw_only=True):
    user_id: UserId
    items: tuple[InterpretedItem, ...]
    source_text: str
    meal_hint: MealType | None = None
    time_hint: time | None = None  # local wall-clock time they ate; None: now


class LogFoodResponse(msgspec.Struct, frozen=True, kw_only=True):
    entry: FoodEntry | None  # None when no item could be logged
    not_found: tuple[str, ...]
    bad_amount: tuple[str, ...]
    day: DailyIntake
    diary_write_queued: bool
    reply: str


class LogFood:
    def __init__(
        self, uow: UnitOfWork, catalog: FoodCatalog, clock: Clock, ids: IdGenerator
    ) -> None:
        self._uow = uow
        self._catalog = catalog
        self._clock = clock
        self._ids = ids

    async def execute(self, request: LogFoodRequest) -> LogFoodResponse:
        async with self._uow:
            user = await self._uow.users.get(request.user_id)
        if user is None:
            raise UserNotFoundError(f"no user {request.user_id}")
        found = await self.prepare(request.items, user.language)
        async with self._uow:
            response = await self.record(self._uow, user, found, request)
            await self._uow.commit()
        return response

    async def prepare(
        self, items: Sequence[InterpretedItem], language: Language
    ) -> tuple[FoodCandidates, ...]:
        """The catalog lookups, done outside any transaction (`record` picks among the hits)."""
        return await search_items(self._catalog, items, language)

    async def record(
        self,
        uow: UnitOfWork,
        user: User,
        found: Sequence[FoodCandidates],
        request: LogFoodRequest,
    ) -> LogFoodResponse:
        """Inside the caller's open unit of work (which the caller commits). Of the hits, the
        food the user kept for the same words last time wins; then the ranking."""
        now = self._clock.now()
        matches = await _chosen(uow, user.id, found)
        foods = [food_key(match.food.source) for match in matches if match.food is not None]
        recent = await uow.food_log.recent_grams_of(user.id, foods) if foods else {}
        items: list[FoodItem] = []
        not_found: list[str] = []
        bad_amount: list[str] = []
        for match in matches:
            if match.food is None:
                not_found.append(match.item.name_as_said)
                continue
            try:
                items.append(_weigh(match, recent))
            except InvalidValueError:
                bad_amount.append(match.item.name_as_said)
        entry = None
        queued = False
        if items:
            eaten_at = eaten_at_for(user, now, request.time_hint)
            entry = FoodEntry(
                id=EntryId(self._ids.next_id()),
                user_id=user.id,
                items=tuple(items),
                eaten_at=eaten_at,
                local_date=user.local_date(eaten_at),
                meal=request.meal_hint or infer_meal_type(user.local_now(eaten_at).time()),
                source_text=request.source_text,
                logged_at=now,
            )
            await uow.food_log.add(entry)
            outbox = await queue_diary_write(
                uow, entry, DiaryAction.CREATE, clock=self._clock, ids=self._ids
            )
            queued = outbox is not None
        day_date = entry.local_date if entry else user.local_date(now)
        day = daily_intake(await uow.food_log.between(user.id, day_date, day_date), day_date)
        return LogFoodResponse(
            entry=entry,
            not_found=tuple(not_found),
            bad_amount=tuple(bad_amount),
            day=day,
            diary_write_queued=queued,
            reply=_reply(user, entry, day, not_found, bad_amount),
        )


async def _chosen(
    uow: UnitOfWork, user_id: UserId, found: Sequence[FoodCandidates]
) -> list[FoodMatch]:
    """One food (or none) per item; the earlier choices are read only when there is a choice."""
    asked = [c.item.name_as_said for c in found if c.needs_previous_choice]
    previous = await uow.food_log.previous_choices(user_id, asked) if asked else {}
    return [choose(candidates, previous) for candidates in found]


def _weigh(match: FoodMatch, recent: Mapping[str, Decimal]) -> FoodItem:
    """`recent` maps a `food_key` to the grams the user last ate of it."""
    food, item = match.food, match.item
    assert food is not None
    estimate = item.grams_estimate if item.grams_estimate and item.grams_estimate > 0 else None
    resolved = resolve_grams(
        said_amount(item),
        portions=food.portions,
        recent_grams=recent.get(food_key(food.source)),
        estimate_grams=estimate,
    )
    return FoodItem.weighed(
        name_as_said=item.name_as_said,
        canonical_name=food.name,
        source=food.source,
        per_100g=food.per_100g,
        resolved=resolved,
    )


def eaten_at_for(user: User, now: datetime, time_hint: time | None) -> datetime:
    """When they ate: now, or the latest past moment at the local time they said (a time
    later than now means yesterday: "dinner at 20:00", said at 07:00)."""
    if time_hint is None:
        return now
    local_now = user.local_now(now)
    moment = datetime.combine(local_now.date(), time_hint.replace(tzinfo=None), tzinfo=user.zone)
    if moment > local_now:
        yesterday = local_now.date() - timedelta(days=1)
        moment = datetime.combine(yesterday, time_hint.replace(tzinfo=None), tzinfo=user.zone)
    return moment


def _reply(
    user: User,
    entry: FoodEntry | None,
    day: DailyIntake,
    not_found: Sequence[str],
    bad_amount: Sequence[str],
) -> str:
    language = user.language
    if entry is None:
        lines = [text(language, "logged.nothing"), *render_skipped(not_found, bad_amount, language)]
        return "\n".join(lines)
    return render_logged_meal(
        entry,
        day=day,
        targets=user.targets,
        language=language,
        not_found=not_found,
        bad_amount=bad_amount,
    )
