"""Use case: import what the user logged in their food diary directly (FatSecret) for recent
local dates.

Never counts anything twice: a diary line whose reference we already hold — imported before,
or written there by our own outbox — is skipped; and a date with our own writes still pending
in the outbox is left for the next run, since the diary may already show a line whose
reference we have not stored yet.
"""

from __future__ import annotations

import enum
from datetime import date, datetime, time, timedelta

import msgspec

from application.errors import CredentialsRejectedError
from application.ports.diary import DiaryGateway, DiaryRecord
from application.ports.system import Clock, IdGenerator
from application.ports.unit_of_work import UnitOfWork
from domain.connections import ConnectionStatus, Provider
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
    deferred_dates: tuple[date, ...] = ()


class SyncDiary:
    def __init__(
        self, uow: UnitOfWork, clock: Clock, ids: IdGenerator, diary: DiaryGateway
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._ids = ids
        self._diary = diary

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
            async with self._uow:
                await self._uow.connections.set_status(
                    user.id, Provider.FATSECRET, ConnectionStatus.BROKEN
                )
                await self._uow.commit()
            return SyncDiaryResponse(status=DiarySyncStatus.CREDENTIALS_REJECTED)
        async with self._uow:
            response = await self._import(user, fetched, now)
            await self._uow.commit()
        return response

    async def _import(
        self, user: User, fetched: dict[date, list[DiaryRecord]], now: datetime
    ) -> SyncDiaryResponse:
        pending = {item.local_date for item in await self._uow.diary_outbox.pending_for(user.id)}
        imported = known = invalid = 0
        for day, records in fetched.items():
            if day in pending:
                continue
            for record in records:
                if await self._uow.food_log.by_diary_ref(user.id, record.diary_ref):
                    known += 1
                    continue
                try:
                    entry = self._entry(user, record, now)
                except InvalidValueError:
                    invalid += 1
                    continue
                await self._uow.food_log.add(entry)
                imported += 1
        return SyncDiaryResponse(
            status=DiarySyncStatus.SYNCED,
            imported=imported,
            already_known=known,
            invalid=invalid,
            deferred_dates=tuple(sorted(d for d in fetched if d in pending)),
        )

    def _entry(self, user: User, record: DiaryRecord, now: datetime) -> FoodEntry:
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
            id=EntryId(self._ids.next_id()),
            user_id=user.id,
            items=(item,),
            eaten_at=datetime.combine(record.local_date, MEAL_TIMES[record.meal], tzinfo=user.zone),
            local_date=record.local_date,
            meal=record.meal,
            source_text=record.name,
            logged_at=now,
            origin=EntryOrigin.DIARY,
        )
