"""Use case (worker job, every minute): send one kind of briefing to every user it is due for.

The users due are read a page at a time (`UserStore.due_for_briefing`: local times computed by
the store, the ledger's claims left out), and a page is composed from batched reads — one read
per store for a page of users sharing a local date, never one per user. Each send then goes
through `send_once`: claim, send, commit, so a briefing goes out once per user and local date
whatever number of workers run this tick at the same time. A user whose stored timezone is not
a zone is skipped with a warning; one deleted meanwhile is skipped quietly.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from itertools import groupby

import msgspec

from application.briefings.data import MARGIN
from application.briefings.deliver_briefing import DeliveryOutcome, send_once
from application.ports.messenger import Messenger
from application.ports.system import Clock
from application.ports.unit_of_work import UnitOfWork
from application.ports.users import DueUsers
from application.rendering.briefings import render_evening, render_morning, render_weekly
from domain.briefings.evening import compose_evening_summary
from domain.briefings.morning import HISTORY_DAYS, compose_morning_briefing
from domain.briefings.schedule import BriefingKind, briefing_due
from domain.briefings.weekly import WEEK, compose_weekly_report
from domain.connections import Provider
from domain.errors import UserNotFoundError
from domain.ids import UserId
from domain.meals.entry import FoodEntry
from domain.recovery.records import RecoveryRecords
from domain.users import User

log = logging.getLogger(__name__)

# Users composed per page: every page costs nine round trips whatever its size, so a page
# of 1,000 keeps the tick at ~9 round trips per 1,000 users; 1,000 briefings fit in memory easily.
PAGE = 1000
_NO_RECORDS = RecoveryRecords()


class SendDueBriefingsRequest(msgspec.Struct, frozen=True, kw_only=True):
    kind: BriefingKind
    page_size: int = PAGE


class SendDueBriefingsResponse(msgspec.Struct, frozen=True, kw_only=True):
    sent: int = 0
    already_sent: int = 0  # another worker's tick got there first
    blocked: int = 0
    gone: int = 0  # deleted between the read and the send
    invalid_timezone: int = 0


class Composed(msgspec.Struct, frozen=True, kw_only=True):
    user: User
    day: date
    text: str


class SendDueBriefings:
    def __init__(self, uow: UnitOfWork, clock: Clock, messenger: Messenger) -> None:
        self._uow = uow
        self._clock = clock
        self._messenger = messenger

    async def execute(self, request: SendDueBriefingsRequest) -> SendDueBriefingsResponse:
        now = self._clock.now()
        counts = dict.fromkeys(("sent", "already_sent", "blocked", "gone", "invalid_timezone"), 0)
        after: UserId | None = None
        while True:
            page, composed = await self.compose_page(
                request.kind, now, after=after, limit=request.page_size
            )
            for user_id in page.invalid_timezone:
                log.warning("briefing skipped: stored timezone unknown", extra={"user": user_id})
            counts["invalid_timezone"] += len(page.invalid_timezone)
            for item in composed:
                counts[await self._send(item, request.kind)] += 1
            if page.last is None:
                return SendDueBriefingsResponse(**counts)
            after = page.last

    async def compose_page(
        self, kind: BriefingKind, now: datetime, *, after: UserId | None, limit: int
    ) -> tuple[DueUsers, list[Composed]]:
        """The page of users `kind` is due for at `now` (ids after `after`) and their texts,
        read in one unit of work and sent nothing: what `execute` sends, page by page (the
        briefing fan-out benchmark composes through it)."""
        async with self._uow:
            page = await self._uow.users.due_for_briefing(kind, now, after=after, limit=limit)
            return page, await compose_due(self._uow, page.users, kind, now)

    async def _send(self, item: Composed, kind: BriefingKind) -> str:
        async def text() -> str:
            return item.text

        async with self._uow:
            try:
                outcome = await send_once(
                    self._uow, self._messenger, item.user, kind=kind, day=item.day, compose=text
                )
            except UserNotFoundError:  # the claim's user is gone: nothing to send
                return "gone"
        return {
            DeliveryOutcome.SENT: "sent",
            DeliveryOutcome.ALREADY_SENT: "already_sent",
            DeliveryOutcome.BLOCKED: "blocked",
        }[outcome]


async def compose_due(
    uow: UnitOfWork, users: Sequence[User], kind: BriefingKind, now: datetime
) -> list[Composed]:
    """Inside an open unit of work: the texts of `kind` for the `users` it is due for at `now`
    (the domain's `briefing_due` has the last word), read in one batch per local date."""
    due = [(day, user) for user in users if (day := briefing_due(user, kind, now)) is not None]
    due.sort(key=lambda pair: (pair[0], pair[1].id))
    composed: list[Composed] = []
    for day, group in groupby(due, key=lambda pair: pair[0]):
        batch = [user for _, user in group]
        composed.extend(await _compose_day(uow, batch, kind, day))
    return composed


def _windows(kind: BriefingKind, day: date) -> tuple[date, date, date]:
    """The entries' first and last local dates and the first date of records, as the
    one-user composers (compose_morning/evening/weekly) read them."""
    if kind is BriefingKind.MORNING:
        return day - timedelta(days=1), day, day - timedelta(days=HISTORY_DAYS)
    if kind is BriefingKind.EVENING:
        return day, day, day
    last_day = day - timedelta(days=1)  # the week that ended yesterday
    first = last_day - timedelta(days=WEEK - 1)
    return first, last_day, first


async def _compose_day(
    uow: UnitOfWork, users: list[User], kind: BriefingKind, day: date
) -> list[Composed]:
    first, last, records_from = _windows(kind, day)
    ids = [user.id for user in users]
    start = datetime.combine(records_from, time(), tzinfo=UTC) - MARGIN
    end = datetime.combine(last, time(), tzinfo=UTC) + MARGIN
    entries = await uow.food_log.between_for(ids, first, last)
    records = await uow.recovery.between_for(ids, start, end)
    linked = await uow.connections.linked_among(Provider.WHOOP, ids)
    return [
        Composed(
            user=user,
            day=day,
            text=_text(
                kind,
                user,
                day,
                entries=tuple(entries.get(user.id, ())),
                records=records.get(user.id, _NO_RECORDS),
                wearable_linked=user.id in linked,
            ),
        )
        for user in users
    ]


def _text(
    kind: BriefingKind,
    user: User,
    day: date,
    *,
    entries: tuple[FoodEntry, ...],
    records: RecoveryRecords,
    wearable_linked: bool,
) -> str:
    if kind is BriefingKind.MORNING:
        morning = compose_morning_briefing(
            today=day,
            wearable_linked=wearable_linked,
            records=records,
            entries=entries,
            targets=user.targets,
        )
        return render_morning(morning, user.language)
    if kind is BriefingKind.EVENING:
        evening = compose_evening_summary(
            today=day,
            wearable_linked=wearable_linked,
            records=records,
            entries=entries,
            targets=user.targets,
        )
        return render_evening(evening, user.language)
    weekly = compose_weekly_report(
        last_day=day - timedelta(days=1),
        wearable_linked=wearable_linked,
        records=records,
        entries=entries,
        targets=user.targets,
    )
    return render_weekly(weekly, user.language)
