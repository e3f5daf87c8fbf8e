"""Use case: answer the user's question about their own data.

The context is assembled for the user the server identified; the assistant is asked outside
any transaction; the question and the answer join the conversation afterwards. When the
assistant is unavailable and a fallback (the offline one) is given, the fallback answers from
the same context, after a short note that smart mode is unavailable.
"""

from __future__ import annotations

from datetime import datetime

import msgspec

from application.chat.context import build_answer_context
from application.errors import ServiceUnavailableError
from application.ports.assistant import AnswerContext, Assistant
from application.ports.system import Clock, IdGenerator
from application.ports.unit_of_work import UnitOfWork
from application.rendering.messages import text
from domain.conversation import ConversationMessage, Role
from domain.errors import UserNotFoundError
from domain.ids import MessageId, UserId
from domain.users import User


class AnswerQuestionRequest(msgspec.Struct, frozen=True, kw_only=True):
    user_id: UserId
    question: str


class AnswerQuestionResponse(msgspec.Struct, frozen=True, kw_only=True):
    answer: str
    assistant_available: bool = True


class AnswerQuestion:
    def __init__(
        self,
        uow: UnitOfWork,
        assistant: Assistant,
        clock: Clock,
        ids: IdGenerator,
        fallback: Assistant | None = None,
    ) -> None:
        self._uow = uow
        self._assistant = assistant
        self._clock = clock
        self._ids = ids
        self._fallback = fallback

    async def execute(self, request: AnswerQuestionRequest) -> AnswerQuestionResponse:
        async with self._uow:
            user = await self._uow.users.get(request.user_id)
            if user is None:
                raise UserNotFoundError(f"no user {request.user_id}")
        response = await self.ask(user, request.question)
        async with self._uow:
            await self.remember(self._uow, user, request.question, response.answer)
            await self._uow.commit()
        return response

    async def ask(self, user: User, question: str) -> AnswerQuestionResponse:
        """Build the context (its own short read) and ask the assistant (no transaction)."""
        now = self._clock.now()
        async with self._uow:
            context = await build_answer_context(self._uow, user, now)
        try:
            answer = await self._assistant.answer(question, context)
        except ServiceUnavailableError:
            return await self._answer_offline(user, question, context)
        return AnswerQuestionResponse(answer=answer)

    async def _answer_offline(
        self, user: User, question: str, context: AnswerContext
    ) -> AnswerQuestionResponse:
        unavailable = text(user.language, "chat.unavailable")
        if self._fallback is None:
            return AnswerQuestionResponse(answer=unavailable, assistant_available=False)
        try:
            answer = await self._fallback.answer(question, context)
        except ServiceUnavailableError:
            return AnswerQuestionResponse(answer=unavailable, assistant_available=False)
        note = text(user.language, "chat.offline_mode")
        return AnswerQuestionResponse(answer=f"{note}\n\n{answer}", assistant_available=False)

    async def remember(self, uow: UnitOfWork, user: User, said: str, replied: str) -> None:
        """Append both sides of the exchange to the conversation (caller commits)."""
        now = self._clock.now()
        await uow.conversation.append(self._message(user, Role.USER, said, now))
        await uow.conversation.append(self._message(user, Role.ASSISTANT, replied, now))

    def _message(self, user: User, role: Role, said: str, at: datetime) -> ConversationMessage:
        return ConversationMessage(
            id=MessageId(self._ids.next_id()), user_id=user.id, role=role, text=said, at=at
        )
