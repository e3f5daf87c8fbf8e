"""Use case: send one briefing to one user, at most once per local date.

The ledger claim, the composition and the send happen in one transaction which commits only
after the send: a crash before the commit leaves the claim unmade (the next tick retries), and
a second worker blocks on / is refused the claim. A blocked bot marks the user blocked, which
stops further briefings until they write again.
"""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable
from datetime import date, timedelta

import msgspec

from application.briefings.compose_evening import evening_for
from application.briefings.compose_morning import morning_for
from application.briefings.compose_weekly import weekly_for
from application.errors import RecipientBlockedError
from application.ports.messenger import Messenger
from application.ports.system import Clock
from application.ports.unit_of_work import UnitOfWork
from domain.briefings.schedule import BriefingKind, briefing_due
from domain.ids import UserId
from domain.users import User


class DeliveryOutcome(enum.Enum):
    SENT = "sent"
    NOT_DUE = "not_due"  # opted out, blocked, or not its time
    ALREADY_SENT = "already_sent"
    NO_CHAT = "no_chat"  # a local user without a Telegram chat
    BLOCKED = "blocked"  # the user blocked the bot just now
    NO_USER = "no_user"  # deleted meanwhile


class DeliverBriefingRequest(msgspec.Struct, frozen=True, kw_only=True):
    user_id: UserId
    kind: BriefingKind
    # None: due by the clock and the user's settings. A date forces that date (e.g. a resend).
    local_date: date | None = None


class DeliverBriefingResponse(msgspec.Struct, frozen=True, kw_only=True):
    outcome: DeliveryOutcome
    local_date: date | None = None


class DeliverBriefing:
    def __init__(self, uow: UnitOfWork, clock: Clock, messenger: Messenger) -> None:
        self._uow = uow
        self._clock = clock
        self._messenger = messenger

    async def execute(self, request: DeliverBriefingRequest) -> DeliverBriefingResponse:
        async with self._uow:
            user = await self._uow.users.get(request.user_id)
            if user is None:
                return DeliverBriefingResponse(outcome=DeliveryOutcome.NO_USER)
            day = request.local_date or briefing_due(user, request.kind, self._clock.now())
            if day is None:
                return DeliverBriefingResponse(outcome=DeliveryOutcome.NOT_DUE)
            if user.telegram_user_id is None:
                return DeliverBriefingResponse(outcome=DeliveryOutcome.NO_CHAT, local_date=day)
            outcome = await send_once(
                self._uow,
                self._messenger,
                user,
                kind=request.kind,
                day=day,
                compose=lambda: self._compose(user, request.kind, day),
            )
        return DeliverBriefingResponse(outcome=outcome, local_date=day)

    async def _compose(self, user: User, kind: BriefingKind, day: date) -> str:
        if kind is BriefingKind.MORNING:
            return (await morning_for(self._uow, user, day)).text
        if kind is BriefingKind.EVENING:
            return (await evening_for(self._uow, user, day)).text
        # The weekly report goes out on a Monday about the week that ended yesterday.
        return (await weekly_for(self._uow, user, day - timedelta(days=1))).text


async def send_once(
    uow: UnitOfWork,
    messenger: Messenger,
    user: User,
    *,
    kind: BriefingKind,
    day: date,
    compose: Callable[[], Awaitable[str]],
) -> DeliveryOutcome:
    """Inside an open unit of work: claim (user, kind, day), compose, send, commit — or, if the
    user blocked the bot, release the claim and mark them blocked. Also the batch tick's send."""
    assert user.telegram_user_id is not None
    if not await uow.notifications.claim(user.id, kind.value, day):
        return DeliveryOutcome.ALREADY_SENT
    message = await compose()
    try:
        await messenger.send_text(user.telegram_user_id, message)
    except RecipientBlockedError:
        await uow.rollback()  # release the claim: nothing was sent
        await uow.users.update(msgspec.structs.replace(user, blocked_bot=True))
        await uow.commit()
        return DeliveryOutcome.BLOCKED
    await uow.commit()
    return DeliveryOutcome.SENT
