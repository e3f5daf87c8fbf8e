"""Updates fed to the dispatcher one by one (as the worker job does, with no startup event) still
get dishka's injection and a REQUEST scope each — the known pitfall of `feed_update`."""

from __future__ import annotations

import asyncio

from aiogram import Bot, Dispatcher
from dishka import AsyncContainer

from adapters.memory.kit import MemoryKit
from tests.fakes.telegram import FakeTelegram
from tests.telegram.support import MemoryPorts, entries_of, user_by_telegram_id


async def test_each_fed_update_gets_its_own_scope_and_unit_of_work(
    container: AsyncContainer, tg: FakeTelegram, ports: MemoryPorts, kit: MemoryKit
) -> None:
    bot, dispatcher = await container.get(Bot), await container.get(Dispatcher)
    olena, taras = tg.updates.user("Olena"), tg.updates.user("Taras")
    updates = [tg.updates.text("2 eggs", user=olena), tg.updates.text("rice", user=taras)]

    # Together: had they shared a scope, they would share one unit of work, entered twice.
    await asyncio.gather(*(dispatcher.feed_raw_update(bot, update) for update in updates))

    assert len(ports.units) == 2 and ports.units[0] is not ports.units[1]
    for person in (olena, taras):
        user = await user_by_telegram_id(kit, person.id)
        assert user is not None
        assert len(await entries_of(kit, user.id)) == 1
        assert "kcal" in tg.last_message(person.id)["text"]
