"""Use case: import what the user logged in their food diary directly (FatSecret) for recent
local dates, and keep what was imported in step with the diary.

Never counts anything twice: a diary line whose reference we already hold — imported before,
or written there by our own outbox — is not imported again; and a date with our own writes
still pending in the outbox is left for the next run, since the diary may already show a line
whose reference we have not stored yet.

Late changes are corrected over the look-back window (today and 3 days before): an imported
line edited in the diary is updated here, one deleted there is undone here. Our own entries
stay as the user told them to us (their edits go the other way, through the outbox), and an
imported entry the user undid here stays undone.
"""

from __future__ import annotations

import enum
from datetime import date, datetime, time, timedelta

import msgspec

from application.connections.diary_link import mark_diary_link_broken
from application.errors import CredentialsRejectedError
from application.ports.diary import DiaryGateway, DiaryRecord
from application.ports.messenger import Messenger
from application.ports.system import Clock, IdGenerator
from application.ports.unit_of_work import UnitOfWork
from domain.connections import Provider
from domain.errors import InvalidValueError, UserNotFoundError
from domain.ids import EntryId, UserId
from domain.meals.entry import EntryOrigin, FoodEntry
from domain.meals.food import FoodItem
from domain.meals.meal_type import MealType
from domain.meals.portions import GramsBasis
from domain.users import User

DEFAULT_DAYS_BACK = 3
# A diary line has a date and a meal but no time; place it at a typical time of that meal.
MEAL_TIMES = {
    MealType.BREAKFAST: time(8, 0),
    MealType.LUNCH: time(13, 0),
    MealType.DINNER: time(19, 0),
    MealType.SNACK: time(16, 0),
}


class DiarySyncStatus(enum.Enum):
    SYNCED = "synced"
    NOT_CONNECTED = "not_connected"
    CREDENTIALS_REJECTED = "credentials_rejected"


class SyncDiaryRequest(msgspec.Struct, frozen=True, kw_only=True):
    user_id: UserId
    days_back: int = DEFAULT_DAYS_BACK  # today and this many days before


class SyncDiaryResponse(msgspec.Struct, frozen=True, kw_only=True):
    status: DiarySyncStatus
    imported: int = 0
    already_known: int = 0
    invalid: int = 0  # lines with numbers no food has: skipped
    updated: int = 0  # imported before, changed in the diary since
    removed: int = 0  # imported before, gone from the diary since: undone here
    deferred_dates: tuple[date, ...] = ()


class SyncDiary:
    def __init__(
        self,
        uow: UnitOfWork,
        clock: Clock,
        ids: IdGenerator,
        diary: DiaryGateway,
        *,
        messenger: Messenger | None = None,  # given: a refused link is reported to the user
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._ids = ids
        self._diary = diary
        self._messenger = messenger

    async def execute(self, request: SyncDiaryRequest) -> SyncDiaryResponse:
        now = self._clock.now()
        async with self._uow:
            user = await self._uow.users.get(request.user_id)
            if user is None:
                raise UserNotFoundError(f"no user {request.user_id}")
            connection = await self._uow.connections.get(user.id, Provider.FATSECRET)
            credentials = await self._uow.connections.credentials(user.id, Provider.FATSECRET)
        if connection is None or credentials is None or not connection.is_usable:
            return SyncDiaryResponse(status=DiarySyncStatus.NOT_CONNECTED)
        today = user.local_date(now)
        dates = [today - timedelta(days=n) for n in range(request.days_back, -1, -1)]
        fetched: dict[date, list[DiaryRecord]] = {}
        try:
            for day in dates:
                fetched[day] = list(await self._diary.entries_on(credentials, day))
        except CredentialsRejectedError:
            await mark_diary_link_broken(self._uow, user.id, self._messenger)
            return SyncDiaryResponse(status=DiarySyncStatus.CREDENTIALS_REJECTED)
        async with self._uow:
            response = await self._import(user, fetched, now)
            await self._uow.commit()
        return response

    async def _import(
        self, user: User, fetched: dict[date, list[DiaryRecord]], now: datetime
    ) -> SyncDiaryResponse:
        pending = {item.local_date for item in await self._uow.diary_outbox.pending_for(user.id)}
        days = [day for day in fetched if day not in pending]
        # Every line the window shows, pending days included: a line moved to another day is
        # not gone.
        shown = {record.diary_ref for records in fetched.values() for record in records}
        counts = {"imported": 0, "already_known": 0, "invalid": 0, "updated": 0, "removed": 0}
        for day in days:
            for record in fetched[day]:
                counts[await self._take_in(user, record, now)] += 1
        for day in days:
            for entry in await self._uow.food_log.between(user.id, day, day):
                imported = entry.origin is EntryOrigin.DIARY and entry.is_logged
                if imported and not shown.intersection(entry.diary_refs):
                    await self._uow.food_log.update(entry.undone())
                    counts["removed"] += 1
        return SyncDiaryResponse(
            status=DiarySyncStatus.SYNCED,
            deferred_dates=tuple(sorted(d for d in fetched if d in pending)),
            **counts,
        )

    async def _take_in(self, user: User, record: DiaryRecord, now: datetime) -> str:
        """Import one line, or bring its imported entry in step; says which count it adds to."""
        known = await self._uow.food_log.by_diary_ref(user.id, record.diary_ref)
        if known is not None and (known.origin is not EntryOrigin.DIARY or not known.is_logged):
            return "already_known"  # ours, or undone here by the user
        try:
            if known is None:
                entry = self._entry(user, record, EntryId(self._ids.next_id()), now)
            else:
                entry = self._entry(user, record, known.id, known.logged_at)
        except InvalidValueError:
            return "invalid"
        if known is None:
            await self._uow.food_log.add(entry)
            return "imported"
        if entry == known:
            return "already_known"
        await self._uow.food_log.update(entry)
        return "updated"

    def _entry(
        self, user: User, record: DiaryRecord, entry_id: EntryId, logged_at: datetime
    ) -> FoodEntry:
        item = FoodItem(
            name_as_said=record.name,
            canonical_name=record.name,
            source=record.source,
            grams=record.grams,
            nutrients=record.nutrients,
            basis=GramsBasis.STATED,
            diary_ref=record.diary_ref,
        )
        return FoodEntry(
            id=entry_id,
            user_id=user.id,
            items=(item,),
            eaten_at=datetime.combine(record.local_date, MEAL_TIMES[record.meal], tzinfo=user.zone),
            local_date=record.local_date,
            meal=record.meal,
            source_text=record.name,
            logged_at=logged_at,
            origin=EntryOrigin.DIARY,
        )
