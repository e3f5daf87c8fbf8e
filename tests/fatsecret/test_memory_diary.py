"""The in-memory diary keeps in step with the port: a write whose answer is lost is reconciled
by the outbox there too (so the application tests on the kit see the same behaviour)."""

from __future__ import annotations

from adapters.memory.kit import MemoryApplication, MemoryKit
from application.sync.drain_diary_outbox import (
    OUTCOME_UNKNOWN,
    DrainDiaryOutboxRequest,
    retry_delay,
)
from domain.connections import Provider
from tests.application.helpers import NOW, entries_of, link, register, say


async def test_a_lost_answer_is_reconciled_on_the_memory_diary() -> None:
    kit = MemoryKit(NOW)
    app = MemoryApplication(kit)
    user = await register(app)
    await link(app, user.id, Provider.FATSECRET, "fs")
    await say(app, "2 eggs and a banana")
    kit.diary.unacknowledged_writes = 1

    lost = await app.drain_diary_outbox.execute(DrainDiaryOutboxRequest())
    async with kit.uow() as uow:
        [item] = await uow.diary_outbox.pending_for(user.id)
    kit.clock.advance(retry_delay(0))
    found = await app.drain_diary_outbox.execute(DrainDiaryOutboxRequest())

    [entry] = await entries_of(kit, user.id)
    assert (lost.failed, item.last_error, found.reconciled) == (1, OUTCOME_UNKNOWN, 1)
    assert sorted(entry.diary_refs) == sorted(kit.diary.lines["access-fs"])
    assert len(kit.diary.lines["access-fs"]) == 2
    assert kit.diary.calls == ["write", "find_written"]
