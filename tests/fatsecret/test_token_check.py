"""The token check: a revoked FatSecret token marks the link broken, stops the syncing, and
tells the user once — however often the check (or the outbox, or the import) meets it."""

from __future__ import annotations

from datetime import timedelta

from application.connections.check_diary_connection import DiaryLinkHealth
from application.connections.mark_connection_broken import broken_link_text
from application.sync.sync_diary import DiarySyncStatus
from domain.connections import ConnectionStatus, Provider
from domain.users import Language
from tests.application.helpers import register, say
from tests.fakes.fatsecret import FatSecretFake
from tests.fatsecret.world import World


def _reconnect_messages(world: World, chat_id: int = 1001) -> list[str]:
    return [t for t in world.kit.messenger.texts_to(chat_id) if "/connect_fatsecret" in t]


async def test_a_revoked_token_leads_to_one_reconnect_message(
    world: World, fake: FatSecretFake
) -> None:
    user = await register(world.app)
    account = await world.link(user.id)
    assert (await world.check_link(user.id)).health is DiaryLinkHealth.WORKING

    fake.revoke(account)
    checks = []
    for _ in range(3):
        checks.append(await world.check_link(user.id))
        world.kit.clock.advance(timedelta(minutes=30))

    assert [c.health for c in checks] == [DiaryLinkHealth.BROKEN] * 3
    assert [c.notified for c in checks] == [True, False, False]
    assert _reconnect_messages(world) == [broken_link_text(Language.EN, Provider.FATSECRET)]
    assert await world.status(user.id) is ConnectionStatus.BROKEN
    assert fake.count(error_code=9) == 1  # a broken link is not asked again


async def test_syncing_stops_until_the_user_links_again(world: World, fake: FatSecretFake) -> None:
    user = await register(world.app)
    account = await world.link(user.id)
    fake.revoke(account)
    await world.check_link(user.id)
    await say(world.app, "150 g chicken breast")

    waiting = await world.drain_outbox()
    not_synced = await world.import_diary(user.id)
    assert (waiting.failed, not_synced.status) == (1, DiarySyncStatus.NOT_CONNECTED)
    assert fake.count("food_entry.create") == 0

    await world.link(user.id, account)  # a fresh token for the same account
    world.kit.clock.advance(timedelta(hours=1))
    written = await world.drain_outbox()

    assert written.written == 1 and len(fake.diary(account)) == 1
    assert (await world.check_link(user.id)).health is DiaryLinkHealth.WORKING
    assert len(_reconnect_messages(world)) == 1


async def test_the_outbox_meeting_the_revoked_token_tells_the_user_once_too(
    world: World, fake: FatSecretFake
) -> None:
    user = await register(world.app)
    account = await world.link(user.id)
    fake.revoke(account)
    await say(world.app, "150 g chicken breast")

    refused = await world.drain_outbox()
    checked = await world.check_link(user.id)
    synced = await world.import_diary(user.id)

    assert refused.failed == 1
    assert (checked.health, checked.notified) == (DiaryLinkHealth.BROKEN, False)
    assert synced.status is DiarySyncStatus.NOT_CONNECTED
    assert len(_reconnect_messages(world)) == 1


async def test_a_link_broken_again_after_relinking_gets_its_own_message(
    world: World, fake: FatSecretFake
) -> None:
    user = await register(world.app)
    account = await world.link(user.id)
    fake.revoke(account)
    await world.check_link(user.id)
    world.kit.clock.advance(timedelta(minutes=5))
    await world.link(user.id, account)

    fake.revoke(account)
    await world.check_link(user.id)

    assert len(_reconnect_messages(world)) == 2


async def test_an_unreachable_fatsecret_is_not_a_verdict_on_the_token(
    world: World, fake: FatSecretFake
) -> None:
    user = await register(world.app)
    await world.link(user.id)
    fake.fail_requests(10, status=503)

    checked = await world.check_link(user.id)

    assert checked.health is DiaryLinkHealth.UNREACHABLE
    assert await world.status(user.id) is ConnectionStatus.CONNECTED
    assert _reconnect_messages(world) == []
