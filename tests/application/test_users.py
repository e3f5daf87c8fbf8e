from datetime import time, timedelta
from decimal import Decimal

import msgspec
import pytest

from adapters.memory.kit import MemoryApplication, MemoryKit
from application.briefings.deliver_briefing import DeliverBriefingRequest
from application.conversations.clean_up_conversations import CleanUpConversationsRequest
from application.users.delete_user import DeleteUserRequest
from application.users.export_user_data import ExportUserDataRequest, UserExport
from application.users.register_user import RegisterUserRequest, Sender
from application.users.update_settings import UpdateSettingsRequest
from domain.briefings.schedule import BriefingKind
from domain.connections import Provider
from domain.conversation import RetentionPolicy
from domain.errors import InvalidTimezoneError, InvalidValueError, UserNotFoundError
from domain.ids import UserId
from domain.meals.targets import BodyProfile, Sex
from domain.users import Language
from tests.application.helpers import entries_of, link, register, say

D = Decimal


async def test_registration_is_idempotent(app: MemoryApplication) -> None:
    first = await app.register_user.execute(
        RegisterUserRequest(sender=Sender(telegram_user_id=5, language_code="de"))
    )
    again = await app.register_user.execute(RegisterUserRequest(sender=Sender(telegram_user_id=5)))
    assert first.created and not again.created
    assert first.user == again.user and first.user.language is Language.EN
    with pytest.raises(UserNotFoundError):
        await app.register_user.execute(RegisterUserRequest(sender=Sender(user_id=UserId(404))))
    with pytest.raises(InvalidValueError):
        Sender()


async def test_settings_change_only_what_is_given(app: MemoryApplication) -> None:
    user = await register(app)
    updated = await app.update_settings.execute(
        UpdateSettingsRequest(
            user_id=user.id,
            language=Language.UK,
            timezone="America/New_York",
            evening_at=time(22, 30),
            weekly=False,
            body=BodyProfile(sex=Sex.MALE, age_years=30, height_cm=D(180), weight_kg=D(80)),
        )
    )
    changed = updated.user
    assert (changed.language, changed.timezone) == (Language.UK, "America/New_York")
    assert (changed.briefings.morning_at, changed.briefings.evening_at) == (time(8), time(22, 30))
    assert not changed.briefings.weekly and changed.briefings.morning
    assert changed.targets.kcal == D(2448)  # computed from the body
    assert updated.reply == "Налаштування збережено."


async def test_invalid_settings_save_nothing(app: MemoryApplication, kit: MemoryKit) -> None:
    user = await register(app)
    with pytest.raises(InvalidTimezoneError):
        await app.update_settings.execute(UpdateSettingsRequest(user_id=user.id, timezone="Kyiv"))
    async with kit.uow() as uow:
        assert await uow.users.get(user.id) == user
    with pytest.raises(UserNotFoundError):
        await app.update_settings.execute(UpdateSettingsRequest(user_id=UserId(404)))


async def _busy_user(app: MemoryApplication, kit: MemoryKit) -> UserId:
    await say(app, "2 eggs")
    user = await register(app)
    await link(app, user.id, Provider.FATSECRET, "fs")
    await link(app, user.id, Provider.WHOOP, "w")
    await say(app, "rice")
    await say(app, "how much today?")
    await app.deliver_briefing.execute(
        DeliverBriefingRequest(user_id=user.id, kind=BriefingKind.MORNING)
    )
    return user.id


async def test_export_holds_everything_but_secrets(app: MemoryApplication, kit: MemoryKit) -> None:
    user_id = await _busy_user(app, kit)
    exported = await app.export_user_data.execute(ExportUserDataRequest(user_id=user_id))
    export = msgspec.json.decode(exported.content, type=UserExport)
    assert export == exported.export
    assert len(export.food_entries) == 2
    assert len(export.conversation) == 6
    assert {c.provider for c in export.connections} == {Provider.WHOOP, Provider.FATSECRET}
    assert [n.kind for n in export.notifications_sent] == ["morning"]
    assert len(export.diary_outbox) == 1
    assert b"access-" not in exported.content  # tokens never leave
    assert exported.filename == "health-tracker-2025-03-10.json"
    with pytest.raises(UserNotFoundError):
        await app.export_user_data.execute(ExportUserDataRequest(user_id=UserId(404)))


async def test_delete_revokes_and_removes_every_row(app: MemoryApplication, kit: MemoryKit) -> None:
    user_id = await _busy_user(app, kit)
    await say(app, "2 eggs", telegram_user_id=2)  # someone else, who must be untouched
    deleted = await app.delete_user.execute(DeleteUserRequest(user_id=user_id))
    assert deleted.deleted
    assert set(deleted.revoked) == {Provider.WHOOP, Provider.FATSECRET}
    assert kit.whoop.revoked == ["access-w"]
    db = kit.db
    owned = [
        *(e for e in db.entries.values() if e.user_id == user_id),
        *(m for m in db.messages.values() if m.user_id == user_id),
        *(c for c in db.connections if c[0] == user_id),
        *(n for n in db.ledger.values() if n.user_id == user_id),
        *(i for i in db.outbox.values() if i.user_id == user_id),
    ]
    assert owned == [] and user_id not in db.users
    other = next(u for u in db.users.values() if u.telegram_user_id == 2)
    assert len(await entries_of(kit, other.id)) == 1
    assert not (await app.delete_user.execute(DeleteUserRequest(user_id=user_id))).deleted


async def test_delete_goes_on_when_a_provider_cannot_be_reached(
    app: MemoryApplication, kit: MemoryKit
) -> None:
    user_id = await _busy_user(app, kit)
    kit.whoop.down = True
    deleted = await app.delete_user.execute(DeleteUserRequest(user_id=user_id))
    assert deleted.deleted and deleted.not_revoked == (Provider.WHOOP,)


async def test_conversations_past_retention_are_cleaned_up(
    app: MemoryApplication, kit: MemoryKit
) -> None:
    await say(app, "2 eggs")
    kit.clock.advance(timedelta(days=3))
    await say(app, "rice")
    kit.clock.advance(timedelta(days=5))
    cleaned = await app.clean_up_conversations.execute(CleanUpConversationsRequest())
    assert cleaned.deleted == 2
    shorter = CleanUpConversationsRequest(retention=RetentionPolicy(days=1))
    assert (await app.clean_up_conversations.execute(shorter)).deleted == 2
    assert kit.db.messages == {}
