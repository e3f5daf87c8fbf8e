"""The messenger over aiogram against the fake Telegram: escaping, splitting, files, Telegram's
refusals, and pacing within Telegram's limits — shared through Redis, timed on a virtual clock
that the fake's rate limiter reads too."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from itertools import pairwise

import pytest
import redis.asyncio
from aiogram import Bot

from adapters.memory.kit import MemoryKit
from adapters.redis.send_pacing import RedisSendPacer
from adapters.telegram.bot import create_bot
from adapters.telegram.delivery import Delivery
from adapters.telegram.messenger import TelegramMessenger
from application.briefings.deliver_briefing import (
    DeliverBriefing,
    DeliverBriefingRequest,
    DeliveryOutcome,
)
from application.errors import RecipientBlockedError, ServiceUnavailableError
from application.ports.messenger import Button
from application.users.register_user import RegisterUser, RegisterUserRequest, Sender
from domain.briefings.schedule import BriefingKind
from tests.fakes.telegram import FakeTelegram, ManualClock, RateLimits
from tests.telegram.support import NOW, VirtualTime


class Processes:
    """Messengers as separate processes would have them — each its own Redis client and Bot —
    all on one virtual clock, which the fake Telegram's rate limiter reads as well."""

    def __init__(self, tg: FakeTelegram, redis_url: str) -> None:
        self.tg = tg
        self.redis_url = redis_url
        clock = ManualClock()
        tg.reset(rate_limits=RateLimits(), clock=clock, wall_clock=clock)  # Telegram's limits
        self.time = VirtualTime(clock)
        self._clients: list[redis.asyncio.Redis] = []
        self._bots: list[Bot] = []

    def pacer(self) -> RedisSendPacer:
        client = redis.asyncio.Redis.from_url(self.redis_url)
        self._clients.append(client)
        return RedisSendPacer(client, clock=self.time.now, sleep=self.time.sleep)

    def messenger(self) -> TelegramMessenger:
        bot = create_bot(self.tg.token, self.tg.base_url)
        self._bots.append(bot)
        return TelegramMessenger(bot, Delivery(self.pacer(), sleep=self.time.sleep))

    async def close(self) -> None:
        for bot in self._bots:
            await bot.session.close()
        for client in self._clients:
            await client.aclose()


@pytest.fixture
async def processes(tg: FakeTelegram, redis_url: str) -> AsyncIterator[Processes]:
    made = Processes(tg, redis_url)
    yield made
    await made.close()


async def test_text_is_shown_as_written_never_as_markup(processes: Processes) -> None:
    olena = processes.tg.updates.user("Olena")
    said = "<b>Fish & chips</b> 2 > 1 &amp; <i>"

    await processes.messenger().send_text(olena.id, said)

    [message] = processes.tg.sent_messages(olena.id)
    assert message["text"] == said
    assert "entities" not in message


async def test_a_long_reply_is_split_at_line_ends_with_the_buttons_under_the_last(
    processes: Processes,
) -> None:
    olena = processes.tg.updates.user("Olena")
    lines = [f"{n:04d} " + "x" * 95 for n in range(60)]  # 6,000 characters
    undo = Button(label="Undo", data="e:u:1:0:sig")

    await processes.messenger().send_text(olena.id, "\n".join(lines), buttons=[[undo]])

    first, second = processes.tg.sent_messages(olena.id)
    assert first["text"].split("\n") + second["text"].split("\n") == lines
    assert "reply_markup" not in first
    assert second["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "e:u:1:0:sig"


async def test_documents_and_photos_arrive_with_their_captions(processes: Processes) -> None:
    olena = processes.tg.updates.user("Olena")
    messenger = processes.messenger()

    await messenger.send_document(
        olena.id, filename="export.json", content=b'{"a": 1}', caption="Your <data>"
    )
    await messenger.send_photo(olena.id, b"\x89PNG\r\n\x1a\n" + bytes(16), caption="x" * 1500)

    [document] = processes.tg.documents(olena.id)
    assert (document.file_name, document.content, document.caption) == (
        "export.json",
        b'{"a": 1}',
        "Your <data>",
    )
    [photo] = processes.tg.photos(olena.id)
    assert photo.caption is None  # too long for a caption: it follows as a message
    assert processes.tg.last_message(olena.id)["text"] == "x" * 1500


async def test_a_429_is_waited_out_as_telegram_asks(processes: Processes) -> None:
    olena = processes.tg.updates.user("Olena")
    processes.tg.throttle_next(1, retry_after=5, methods=["sendMessage"])

    await processes.messenger().send_text(olena.id, "hello")

    refused, sent = processes.tg.calls("sendMessage")
    assert (refused.status, sent.status) == (429, 200)
    assert sent.at - refused.at >= 5


async def test_flood_waits_are_bounded(processes: Processes) -> None:
    olena = processes.tg.updates.user("Olena")
    messenger = processes.messenger()

    processes.tg.throttle_next(1, retry_after=3600, methods=["sendMessage"])
    with pytest.raises(ServiceUnavailableError):
        await messenger.send_text(olena.id, "hello")
    processes.tg.throttle_next(10, retry_after=1, methods=["sendMessage"])
    with pytest.raises(ServiceUnavailableError):
        await messenger.send_text(olena.id, "hello")

    assert len(processes.tg.calls("sendMessage")) == 1 + 3
    assert processes.tg.sent_messages(olena.id) == []


async def test_a_blocked_bot_is_reported_once_not_retried(processes: Processes) -> None:
    olena = processes.tg.updates.user("Olena")
    processes.tg.block(olena.id)

    with pytest.raises(RecipientBlockedError):
        await processes.messenger().send_text(olena.id, "hello")

    assert [call.status for call in processes.tg.calls("sendMessage")] == [403]


async def test_a_blocked_bot_stops_the_users_briefings(processes: Processes) -> None:
    kit = MemoryKit(NOW)
    olena = processes.tg.updates.user("Olena")
    sender = Sender(telegram_user_id=olena.id, language_code="en")
    register = RegisterUser(kit.uow(), kit.clock, kit.ids)
    user = (await register.execute(RegisterUserRequest(sender=sender))).user
    processes.tg.block(olena.id)

    deliver = DeliverBriefing(kit.uow(), kit.clock, processes.messenger())
    request = DeliverBriefingRequest(user_id=user.id, kind=BriefingKind.MORNING)
    outcome = await deliver.execute(request)

    assert outcome.outcome is DeliveryOutcome.BLOCKED
    async with kit.uow() as uow:
        stored = await uow.users.get(user.id)
    assert stored is not None and stored.blocked_bot
    kit.clock.advance(timedelta(days=1))
    assert (await deliver.execute(request)).outcome is DeliveryOutcome.NOT_DUE
    assert len(processes.tg.calls("sendMessage")) == 1


async def test_a_hundred_messages_from_two_processes_stay_within_telegrams_limits(
    processes: Processes,
) -> None:
    chats = [processes.tg.updates.user(f"User {n}").id for n in range(25)]
    senders = [processes.messenger(), processes.messenger()]

    for n in range(100):  # 25 chats: both the overall and the per-chat limit bind
        await senders[n % 2].send_text(chats[n % 25], f"message {n}")

    calls = processes.tg.calls("sendMessage")
    assert [call.status for call in calls] == [200] * 100
    by_chat: dict[str, list[float]] = {}
    for call in calls:
        by_chat.setdefault(str(call.params["chat_id"]), []).append(call.at)
    assert all(b - a >= 1 - 1e-6 for times in by_chat.values() for a, b in pairwise(times))
    moments = [call.at for call in calls]
    assert all(b - a >= 1 / 30 for a, b in pairwise(moments))


async def test_concurrent_reservations_never_share_a_slot(processes: Processes) -> None:
    """Two processes reserve 100 slots at the same instant: the Lua script hands each its own,
    ≥ 1/30 s from every other and ≥ 1 s from its chat's previous one."""
    pacers = [processes.pacer(), processes.pacer()]
    chats = [n % 10 + 1 for n in range(100)]

    waits = await asyncio.gather(*(pacers[n % 2].reserve(chat) for n, chat in enumerate(chats)))

    slots = sorted(waits)
    assert all(b - a >= 0.033 for a, b in pairwise(slots))
    per_chat: dict[int, list[float]] = {}
    for chat, wait in zip(chats, waits, strict=True):
        per_chat.setdefault(chat, []).append(wait)
    assert all(
        b - a >= 1
        for waits_of_chat in per_chat.values()
        for a, b in pairwise(sorted(waits_of_chat))
    )
