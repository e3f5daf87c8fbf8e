from adapters.memory.kit import MemoryApplication, MemoryKit
from application.chat.handle_voice_message import (
    MAX_AUDIO_BYTES,
    HandleVoiceMessageRequest,
)
from application.users.register_user import Sender
from domain.users import Language
from tests.application.helpers import entries_of, user_of


def voice(audio: bytes, event_key: str | None = None) -> HandleVoiceMessageRequest:
    sender = Sender(telegram_user_id=1001, language_code="uk")
    return HandleVoiceMessageRequest(sender=sender, audio=audio, event_key=event_key)


async def test_a_voice_message_is_transcribed_and_logged(
    app: MemoryApplication, kit: MemoryKit
) -> None:
    kit.speech.transcripts[b"ogg-1"] = "200 г гречки"
    handled = await app.handle_voice_message.execute(voice(b"ogg-1", event_key="tg:1"))
    assert handled.transcript == "200 г гречки"
    assert handled.reply.text.startswith("🎙 «200 г гречки»\n\nЗаписано")
    assert handled.reply.new_user
    assert kit.speech.heard == [("voice.ogg", Language.UK)]
    user = await user_of(kit)
    assert user is not None and len(await entries_of(kit, user.id)) == 1
    replay = await app.handle_voice_message.execute(voice(b"ogg-1", event_key="tg:1"))
    assert replay.reply.duplicate and replay.reply.text == ""
    assert len(await entries_of(kit, user.id)) == 1


async def test_unreadable_silent_and_huge_audio_get_clear_answers(
    app: MemoryApplication, kit: MemoryKit
) -> None:
    kit.speech.transcripts[b"silence"] = "  "
    unreadable = await app.handle_voice_message.execute(voice(b"noise"))
    assert unreadable.transcript is None and "не розібрав" in unreadable.reply.text
    silent = await app.handle_voice_message.execute(voice(b"silence"))
    assert "не розібрав" in silent.reply.text
    huge = await app.handle_voice_message.execute(voice(b"x" * (MAX_AUDIO_BYTES + 1)))
    assert "задовге" in huge.reply.text
    assert len(kit.speech.heard) == 2  # the huge one was never sent for transcription
