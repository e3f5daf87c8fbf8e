"""Use case: a voice message — transcribed, then handled exactly like the same words typed.

The reply starts with the transcript, so the user sees what was heard.
"""

from __future__ import annotations

import msgspec

from application.chat.handle_text_message import HandleTextMessage, HandleTextMessageRequest
from application.chat.reply import ChatReply
from application.errors import ServiceUnavailableError, TranscriptionError
from application.ports.assistant import Intent
from application.ports.speech import SpeechToText
from application.ports.system import Clock, IdGenerator
from application.ports.unit_of_work import UnitOfWork
from application.rendering.messages import text
from application.users.register_user import Sender, find_or_register
from domain.users import User

# Telegram lets bots download files up to 20 MB.
MAX_AUDIO_BYTES = 20 * 1024 * 1024


class HandleVoiceMessageRequest(msgspec.Struct, frozen=True, kw_only=True):
    sender: Sender
    audio: bytes
    filename: str = "voice.ogg"
    event_key: str | None = None


class HandleVoiceMessageResponse(msgspec.Struct, frozen=True, kw_only=True):
    reply: ChatReply
    transcript: str | None  # None when nothing could be heard


class HandleVoiceMessage:
    def __init__(
        self,
        uow: UnitOfWork,
        clock: Clock,
        ids: IdGenerator,
        speech: SpeechToText,
        handle_text: HandleTextMessage,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._ids = ids
        self._speech = speech
        self._handle_text = handle_text

    async def execute(self, request: HandleVoiceMessageRequest) -> HandleVoiceMessageResponse:
        async with self._uow:
            user, created = await find_or_register(
                self._uow, request.sender, clock=self._clock, ids=self._ids
            )
            await self._uow.commit()
        if len(request.audio) > MAX_AUDIO_BYTES:
            return self._unheard(user, created, "voice.too_large")
        try:
            transcript = await self._speech.transcribe(
                request.audio, filename=request.filename, language=user.language
            )
        except TranscriptionError:
            return self._unheard(user, created, "voice.unreadable")
        except ServiceUnavailableError:
            return self._unheard(user, created, "chat.unavailable")
        if not transcript.strip():
            return self._unheard(user, created, "voice.unreadable")
        sender = Sender(user_id=user.id)  # registered above; the text path must not re-register
        handled = await self._handle_text.execute(
            HandleTextMessageRequest(sender=sender, text=transcript, event_key=request.event_key)
        )
        heard = text(user.language, "voice.transcript", text=transcript.strip())
        reply = msgspec.structs.replace(
            handled,
            text=handled.text if handled.duplicate else f"{heard}\n\n{handled.text}",
            new_user=created,
        )
        return HandleVoiceMessageResponse(reply=reply, transcript=transcript.strip())

    def _unheard(self, user: User, created: bool, key: str) -> HandleVoiceMessageResponse:
        reply = ChatReply(
            user_id=user.id,
            language=user.language,
            text=text(user.language, key),
            intent=Intent.UNKNOWN,
            new_user=created,
        )
        return HandleVoiceMessageResponse(reply=reply, transcript=None)
