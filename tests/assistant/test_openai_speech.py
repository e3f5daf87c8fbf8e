"""Transcription against the fake server: Telegram's Ogg/Opus goes up as voice.ogg / audio/ogg
(gpt-4o models refuse the .oga name), with a food-word prompt; audio that is too big or
unreadable is a `TranscriptionError`; an outage is `ServiceUnavailableError`."""

from __future__ import annotations

import pytest

from adapters.catalog.memory import BuiltInFoodCatalog
from adapters.memory.kit import MemoryKit
from adapters.offline.interpreter import OfflineInterpreter
from adapters.openai.speech import FOOD_WORDS, MAX_AUDIO_BYTES, OpenAISpeechToText
from application.chat.handle_voice_message import HandleVoiceMessage, HandleVoiceMessageRequest
from application.errors import ServiceUnavailableError, TranscriptionError
from application.users.register_user import Sender
from domain.users import Language
from tests.assistant.helpers import NOW, add_user, entries_of, handle_text
from tests.assistant.openai_support import RecordingSleep, client_for, options_for, retrying
from tests.fakes.openai_api import FakeOpenAI, server_error, unreadable_audio

VOICE = b"OggS\x00\x02fake opus voice note"


async def transcribe(
    oa: FakeOpenAI, audio: bytes, filename: str, language: Language, **options: object
) -> str:
    settings = options_for(oa, **options)
    async with client_for(settings) as client:
        speech = OpenAISpeechToText(client, settings, retrying=retrying(settings, RecordingSleep()))
        return await speech.transcribe(audio, filename=filename, language=language)


@pytest.mark.parametrize("model", ["whisper-1", "gpt-4o-mini-transcribe"])
async def test_a_telegram_voice_note_goes_up_as_voice_ogg(oa: FakeOpenAI, model: str) -> None:
    oa.add_transcript(VOICE, " Двісті грамів гречки ")
    heard = await transcribe(oa, VOICE, "voice/file_12.oga", Language.UK, transcription_model=model)
    assert heard == "Двісті грамів гречки"
    [upload] = oa.transcription_requests()
    assert upload.file is not None
    assert (upload.file.filename, upload.file.content_type) == ("voice.ogg", "audio/ogg")
    assert upload.file.content == VOICE
    assert upload.fields["model"] == model
    assert upload.fields["language"] == "uk"
    assert upload.fields["prompt"] == FOOD_WORDS[Language.UK]


async def test_other_formats_keep_their_kind(oa: FakeOpenAI) -> None:
    await transcribe(oa, b"ID3 mp3 bytes", "note.mp3", Language.EN)
    [upload] = oa.transcription_requests()
    assert upload.file is not None
    assert (upload.file.filename, upload.file.content_type) == ("voice.mp3", "audio/mpeg")
    assert "eggs" in upload.fields["prompt"]


async def test_audio_over_25_mb_is_refused_before_any_upload(oa: FakeOpenAI) -> None:
    with pytest.raises(TranscriptionError):
        await transcribe(oa, b"\0" * (MAX_AUDIO_BYTES + 1), "voice.ogg", Language.EN)
    with pytest.raises(TranscriptionError):
        await transcribe(oa, b"", "voice.ogg", Language.EN)
    assert oa.transcription_requests() == []


async def test_unreadable_audio_is_a_transcription_error(oa: FakeOpenAI) -> None:
    oa.transcribe_with(lambda request: unreadable_audio())
    with pytest.raises(TranscriptionError):
        await transcribe(oa, b"not audio at all", "voice.ogg", Language.EN)
    assert len(oa.transcription_requests()) == 1  # not retried


async def test_an_outage_is_retried_then_unavailable(oa: FakeOpenAI) -> None:
    oa.fail_next(10, server_error())
    with pytest.raises(ServiceUnavailableError):
        await transcribe(oa, VOICE, "voice.ogg", Language.EN)
    assert len(oa.transcription_requests()) == 3


async def test_a_voice_note_is_logged_like_the_same_words_typed(
    oa: FakeOpenAI, offline: OfflineInterpreter, catalog: BuiltInFoodCatalog
) -> None:
    oa.add_transcript(VOICE, "200 г гречки")
    kit = MemoryKit(NOW)
    user = await add_user(kit, 1, language=Language.UK)
    settings = options_for(oa)
    async with client_for(settings) as client:
        voice = HandleVoiceMessage(
            kit.uow(),
            kit.clock,
            kit.ids,
            OpenAISpeechToText(client, settings),
            handle_text(kit, interpreter=offline, catalog=catalog),
        )
        handled = await voice.execute(
            HandleVoiceMessageRequest(
                sender=Sender(user_id=user.id), audio=VOICE, filename="file_3.oga"
            )
        )
    assert handled.transcript == "200 г гречки"
    assert "184 ккал" in handled.reply.text
    [entry] = await entries_of(kit, user)
    assert entry.items[0].grams == 200
