"""Use case: a text message from the user — understood, acted on, answered.

The sender is found or registered (first-message rule); the interpreter and the catalog are
asked outside any transaction; the effect (log, undo, edit), the event key and the
conversation are then written in ONE transaction, so a replayed update changes nothing twice.
When the interpreter is unavailable and a fallback (the offline one) is given, the fallback
understands the message and the reply starts with a short note that smart mode is unavailable.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import msgspec

from application.chat.answer_question import AnswerQuestion
from application.chat.reply import ButtonAction, ChatReply, ReplyButton
from application.errors import ServiceUnavailableError
from application.meals.edit_entry_grams import EditEntryGrams, EditEntryGramsRequest
from application.meals.log_food import LogFood, LogFoodRequest
from application.meals.undo_entry import UndoEntry
from application.ports.assistant import Intent, Interpretation, Interpreter
from application.ports.system import Clock, IdGenerator
from application.ports.unit_of_work import UnitOfWork
from application.rendering.messages import text
from application.users.register_user import Sender, find_or_register
from domain.ids import EntryId
from domain.users import User

# Longer than any meal description or question; a pasted essay gets a short answer.
MAX_MESSAGE_CHARS = 2000

Effect = Callable[[UnitOfWork], Awaitable[tuple[str, EntryId | None]]]


class HandleTextMessageRequest(msgspec.Struct, frozen=True, kw_only=True):
    sender: Sender
    text: str
    event_key: str | None = None  # e.g. "telegram:update:123": the effect happens once per key


class HandleTextMessage:
    def __init__(
        self,
        uow: UnitOfWork,
        *,
        clock: Clock,
        ids: IdGenerator,
        interpreter: Interpreter,
        log_food: LogFood,
        answer_question: AnswerQuestion,
        undo_entry: UndoEntry,
        edit_entry_grams: EditEntryGrams,
        fallback_interpreter: Interpreter | None = None,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._ids = ids
        self._interpreter = interpreter
        self._log_food = log_food
        self._answer_question = answer_question
        self._undo_entry = undo_entry
        self._edit_entry_grams = edit_entry_grams
        self._fallback_interpreter = fallback_interpreter

    async def execute(self, request: HandleTextMessageRequest) -> ChatReply:
        async with self._uow:
            user, created = await find_or_register(
                self._uow, request.sender, clock=self._clock, ids=self._ids
            )
            await self._uow.commit()
        said = request.text.strip()
        if not said:
            return await self._fixed(request, user, created, Intent.UNKNOWN, "chat.unknown")
        if len(said) > MAX_MESSAGE_CHARS:
            return await self._fixed(request, user, created, Intent.UNKNOWN, "chat.too_long")
        try:
            meaning, offline = await self._understand(said, user)
            effect = await self._effect_of(meaning, user, said)
        except ServiceUnavailableError:
            return await self._fixed(request, user, created, Intent.UNKNOWN, "chat.unavailable")
        if offline:
            effect = _with_note(effect, text(user.language, "chat.offline_mode"))
        return await self._apply(request, user, created, meaning.intent, effect)

    async def _understand(self, said: str, user: User) -> tuple[Interpretation, bool]:
        """The meaning, and whether the fallback interpreter gave it."""
        local_now = user.local_now(self._clock.now())
        try:
            meaning = await self._interpreter.interpret(
                said, language=user.language, local_now=local_now
            )
        except ServiceUnavailableError:
            if self._fallback_interpreter is None:
                raise
            meaning = await self._fallback_interpreter.interpret(
                said, language=user.language, local_now=local_now
            )
            return meaning, True
        return meaning, False

    async def _effect_of(self, meaning: Interpretation, user: User, said: str) -> Effect:
        """What to do in the transaction; the slow outside calls are made here, before it."""
        intent = meaning.intent
        if intent is Intent.LOG_FOOD and meaning.items:
            found = await self._log_food.prepare(meaning.items, user.language)
            log = LogFoodRequest(
                user_id=user.id,
                items=meaning.items,
                source_text=said,
                meal_hint=meaning.meal_hint,
                time_hint=meaning.time_hint,
            )

            async def log_food(uow: UnitOfWork) -> tuple[str, EntryId | None]:
                logged = await self._log_food.record(uow, user, found, log)
                return logged.reply, logged.entry.id if logged.entry else None

            return log_food
        if intent is Intent.QUESTION:
            answer = (await self._answer_question.ask(user, said)).answer
            return _constant(answer)
        if intent is Intent.UNDO:

            async def undo(uow: UnitOfWork) -> tuple[str, EntryId | None]:
                return (await self._undo_entry.undo(uow, user, None)).reply, None

            return undo
        if intent is Intent.EDIT:
            return self._edit_effect(user, meaning)
        key = {Intent.SETTINGS: "chat.settings", Intent.SMALL_TALK: "chat.small_talk"}
        return _constant(text(user.language, key.get(intent, "chat.unknown")))

    def _edit_effect(self, user: User, meaning: Interpretation) -> Effect:
        grams = meaning.edit_grams
        if grams is None:
            return _constant(text(user.language, "edit.no_weight"))

        async def edit(uow: UnitOfWork) -> tuple[str, EntryId | None]:
            last = await uow.food_log.last_logged(user.id)
            if last is not None and len(last.items) > 1:
                return text(user.language, "edit.which"), None
            request = EditEntryGramsRequest(user_id=user.id, grams=grams)
            edited = await self._edit_entry_grams.edit(uow, user, request)
            return edited.reply, edited.entry.id if edited.entry else None

        return edit

    async def _fixed(
        self, request: HandleTextMessageRequest, user: User, created: bool, intent: Intent, key: str
    ) -> ChatReply:
        return await self._apply(
            request, user, created, intent, _constant(text(user.language, key))
        )

    async def _apply(
        self,
        request: HandleTextMessageRequest,
        user: User,
        created: bool,
        intent: Intent,
        effect: Effect,
    ) -> ChatReply:
        now = self._clock.now()
        async with self._uow:
            if request.event_key is not None and not await self._uow.inbound_events.remember(
                request.event_key, now
            ):
                return ChatReply(
                    user_id=user.id, language=user.language, text="", intent=intent, duplicate=True
                )
            reply, entry_id = await effect(self._uow)
            said = request.text.strip()[:MAX_MESSAGE_CHARS]
            if said:
                await self._answer_question.remember(self._uow, user, said, reply)
            await self._uow.commit()
        return ChatReply(
            user_id=user.id,
            language=user.language,
            text=reply,
            intent=intent,
            buttons=_entry_buttons(user, entry_id),
            entry_id=entry_id,
            new_user=created,
        )


def _constant(reply: str) -> Effect:
    async def nothing_to_do(_: UnitOfWork) -> tuple[str, EntryId | None]:
        return reply, None

    return nothing_to_do


def _with_note(effect: Effect, note: str) -> Effect:
    """The effect, its reply led by `note` (once: an answer may carry the note already)."""

    async def noted(uow: UnitOfWork) -> tuple[str, EntryId | None]:
        reply, entry_id = await effect(uow)
        return (reply if reply.startswith(note) else f"{note}\n\n{reply}"), entry_id

    return noted


def _entry_buttons(user: User, entry_id: EntryId | None) -> tuple[ReplyButton, ...]:
    if entry_id is None:
        return ()
    return (
        ReplyButton(
            label=text(user.language, "button.undo"), action=ButtonAction.UNDO, entry_id=entry_id
        ),
        ReplyButton(
            label=text(user.language, "button.edit_grams"),
            action=ButtonAction.EDIT_GRAMS,
            entry_id=entry_id,
        ),
    )
