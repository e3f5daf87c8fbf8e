from decimal import Decimal

from adapters.memory.kit import MemoryApplication, MemoryKit
from application.meals.edit_entry_grams import EditEntryGramsRequest
from application.meals.undo_entry import UndoEntryRequest
from application.ports.diary_outbox import DiaryAction
from domain.connections import Provider
from domain.meals.entry import EntryStatus
from tests.application.helpers import entries_of, link, register, say

D = Decimal


async def test_undo_a_named_entry(app: MemoryApplication, kit: MemoryKit) -> None:
    reply = await say(app, "2 eggs")
    user = await register(app)
    assert reply.entry_id is not None
    undone = await app.undo_entry.execute(
        UndoEntryRequest(user_id=user.id, entry_id=reply.entry_id)
    )
    assert undone.entry is not None and undone.entry.status is EntryStatus.UNDONE
    assert undone.reply == "Removed: eggs (143 kcal)."
    again = await app.undo_entry.execute(UndoEntryRequest(user_id=user.id, entry_id=reply.entry_id))
    assert again.entry is None and again.reply == "There is nothing to undo."


async def test_no_one_can_undo_or_edit_someone_elses_entry(
    app: MemoryApplication, kit: MemoryKit
) -> None:
    mine = await say(app, "2 eggs", telegram_user_id=1)
    intruder = await register(app, telegram_user_id=2)
    assert mine.entry_id is not None
    undo = await app.undo_entry.execute(
        UndoEntryRequest(user_id=intruder.id, entry_id=mine.entry_id)
    )
    edit = await app.edit_entry_grams.execute(
        EditEntryGramsRequest(user_id=intruder.id, entry_id=mine.entry_id, grams=D(1))
    )
    assert undo.entry is None and edit.entry is None
    [entry] = await entries_of(kit, mine.user_id)
    assert entry.status is EntryStatus.LOGGED and entry.items[0].grams == D(100)


async def test_edit_grams_scales_and_refuses_nonsense(
    app: MemoryApplication, kit: MemoryKit
) -> None:
    reply = await say(app, "2 eggs and a banana")
    user = await register(app)
    edited = await app.edit_entry_grams.execute(
        EditEntryGramsRequest(user_id=user.id, entry_id=reply.entry_id, item_index=1, grams=D(200))
    )
    assert edited.entry is not None
    assert edited.entry.items[1].nutrients.kcal == D(178)
    assert "Updated" in edited.reply and "200 g" in edited.reply
    for grams, index in ((D(0), 0), (D(100), 7), (D(10_000), 0)):
        refused = await app.edit_entry_grams.execute(
            EditEntryGramsRequest(
                user_id=user.id, entry_id=reply.entry_id, item_index=index, grams=grams
            )
        )
        assert refused.entry is None and "new weight" in refused.reply
    await app.undo_entry.execute(UndoEntryRequest(user_id=user.id))
    gone = await app.edit_entry_grams.execute(EditEntryGramsRequest(user_id=user.id, grams=D(50)))
    assert gone.entry is None and "no entry" in gone.reply


async def test_undo_and_edit_are_mirrored_to_a_linked_diary(
    app: MemoryApplication, kit: MemoryKit
) -> None:
    user = await register(app)
    await link(app, user.id, Provider.FATSECRET, "fs")
    reply = await say(app, "2 eggs")
    await app.edit_entry_grams.execute(
        EditEntryGramsRequest(user_id=user.id, entry_id=reply.entry_id, grams=D(120))
    )
    await app.undo_entry.execute(UndoEntryRequest(user_id=user.id))
    async with kit.uow() as uow:
        actions = [i.action for i in await uow.diary_outbox.pending_for(user.id)]
    assert actions == [DiaryAction.CREATE, DiaryAction.EDIT, DiaryAction.DELETE]
