"""The fake OpenAI API answers like OpenAI, over raw HTTP and through the `openai` SDK."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import msgspec
import openai
import pytest

from tests.fakes.openai_api import (
    FakeOpenAI,
    ToolCall,
    TranscriptionRequest,
    insufficient_quota,
    rate_limited,
    refusal,
    running_openai,
    server_error,
    unreadable_audio,
)

VOICE = b"OggS\x00\x02 pretend opus"
MEAL_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["intent", "items"],
    "properties": {
        "intent": {"type": "string", "enum": ["log_food", "question", "undo"]},
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["name", "grams"],
                "properties": {"name": {"type": "string"}, "grams": {"type": ["number", "null"]}},
            },
        },
    },
}


def structured(schema: dict[str, Any], *, strict: bool = True) -> dict[str, Any]:
    return {
        "type": "json_schema",
        "json_schema": {"name": "meal_interpretation", "schema": schema, "strict": strict},
    }


def user_says(text: str) -> list[dict[str, Any]]:
    return [{"role": "system", "content": "You log food."}, {"role": "user", "content": text}]


@pytest.fixture(scope="module")
def served() -> Iterator[FakeOpenAI]:
    with running_openai() as fake:
        yield fake


@pytest.fixture
def oa(served: FakeOpenAI) -> FakeOpenAI:
    served.reset()
    return served


@pytest.fixture
async def client(oa: FakeOpenAI) -> AsyncIterator[openai.AsyncOpenAI]:
    async with openai.AsyncOpenAI(base_url=oa.base_url, api_key="test", max_retries=0) as sdk:
        yield sdk


@pytest.fixture(scope="module")
def http() -> Iterator[httpx.Client]:
    with httpx.Client(headers={"Authorization": "Bearer test"}) as raw:
        yield raw


def post_chat(oa: FakeOpenAI, http: httpx.Client, body: dict[str, Any]) -> httpx.Response:
    return http.post(f"{oa.base_url}/chat/completions", json=body)


# -- chat completions -----------------------------------------------------------------------


async def test_structured_output_defaults_to_the_smallest_valid_instance(
    client: openai.AsyncOpenAI,
) -> None:
    completion = await client.chat.completions.create(
        model="gpt-4o-mini",
        messages=user_says("2 eggs"),
        response_format=structured(MEAL_SCHEMA),
    )

    choice = completion.choices[0]
    assert json.loads(choice.message.content or "") == {"intent": "log_food", "items": []}
    assert (choice.message.refusal, choice.finish_reason) == (None, "stop")
    assert completion.object == "chat.completion"
    assert completion.model == "gpt-4o-mini"
    assert completion.usage is not None
    assert completion.usage.total_tokens == (
        completion.usage.prompt_tokens + completion.usage.completion_tokens
    )


async def test_scripted_replies_come_first_then_the_responder(
    oa: FakeOpenAI, client: openai.AsyncOpenAI
) -> None:
    oa.reply_with({"intent": "undo", "items": []}, refusal("I can't help with that."))
    oa.respond_with(lambda request: f"echo: {request['messages'][-1]['content']}")

    replies = [
        (
            await client.chat.completions.create(
                model="gpt-4o-mini",
                messages=user_says(text),
            )
        )
        .choices[0]
        .message
        for text in ("undo", "hack", "how much today?")
    ]

    assert json.loads(replies[0].content or "") == {"intent": "undo", "items": []}
    assert (replies[1].content, replies[1].refusal) == (None, "I can't help with that.")
    assert replies[2].content == "echo: how much today?"


async def test_a_tool_call_reply(oa: FakeOpenAI, client: openai.AsyncOpenAI) -> None:
    oa.reply_with(ToolCall("todays_intake", {"include_targets": True}))
    tool = {
        "type": "function",
        "function": {"name": "todays_intake", "parameters": {"type": "object", "properties": {}}},
    }

    completion = await client.chat.completions.create(
        model="gpt-4o-mini",
        messages=user_says("how much today?"),
        tools=[tool],
    )

    choice = completion.choices[0]
    assert choice.finish_reason == "tool_calls"
    assert choice.message.tool_calls is not None
    (called,) = choice.message.tool_calls
    assert called.type == "function"
    assert called.function.name == "todays_intake"
    assert json.loads(called.function.arguments) == {"include_targets": True}


async def test_requests_are_recorded_without_the_api_key(
    oa: FakeOpenAI, client: openai.AsyncOpenAI
) -> None:
    await client.chat.completions.create(
        model="gpt-4o-mini",
        messages=user_says("200 г гречки"),
        response_format=structured(MEAL_SCHEMA),
    )

    (recorded,) = oa.requests()
    assert recorded.json == oa.last_chat_request()
    assert oa.last_chat_request()["messages"][-1]["content"] == "200 г гречки"
    assert oa.last_chat_request()["response_format"]["json_schema"]["strict"] is True
    assert "authorization" not in recorded.headers
    assert recorded.headers["user-agent"].startswith("AsyncOpenAI/Python")
    assert recorded.status == 200


class _Item(msgspec.Struct):
    name: str
    grams: float | None = None


class _Interpretation(msgspec.Struct):
    intent: str
    items: list[_Item]


@pytest.mark.parametrize(
    ("schema", "detail"),
    [
        (
            {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]},
            "In context=(), 'additionalProperties' is required to be supplied and to be false.",
        ),
        (
            {
                "type": "object",
                "additionalProperties": False,
                "properties": {"a": {"type": "string"}, "b": {"type": "integer"}},
                "required": ["a"],
            },
            "In context=(), 'required' is required to be supplied and to be an array including "
            "every key in properties. Missing 'b'.",
        ),
        (
            msgspec.json.schema(_Interpretation),  # a $ref at the root, optional fields
            "schema must be a JSON Schema of 'type: \"object\"', got 'type: \"None\"'.",
        ),
        (
            {**MEAL_SCHEMA, "allOf": [{"type": "object"}]},
            "In context=(), 'allOf' is not permitted.",
        ),
    ],
)
def test_strict_schemas_follow_openais_rules(
    oa: FakeOpenAI, http: httpx.Client, schema: dict[str, Any], detail: str
) -> None:
    strict = post_chat(
        oa,
        http,
        {"model": "gpt-4o-mini", "messages": user_says("x"), "response_format": structured(schema)},
    )
    lenient = post_chat(
        oa,
        http,
        {
            "model": "gpt-4o-mini",
            "messages": user_says("x"),
            "response_format": structured(schema, strict=False),
        },
    )

    assert strict.status_code == 400
    assert strict.json()["error"] == {
        "message": f"Invalid schema for response_format 'meal_interpretation': {detail}",
        "type": "invalid_request_error",
        "param": "response_format",
        "code": None,
    }
    assert lenient.status_code == 200


@pytest.mark.parametrize(
    ("body", "param", "code"),
    [
        ({"model": "gpt-4o-mini"}, "messages", "missing_required_parameter"),
        ({"model": "gpt-4o-mini", "messages": []}, "messages", "empty_array"),
        (
            {"model": "gpt-4o-mini", "messages": [{"role": "boss", "content": "x"}]},
            "messages[0].role",
            "invalid_value",
        ),
        (
            {"model": "gpt-4o-mini", "messages": [{"role": "user"}]},
            "messages[0].content",
            "missing_required_parameter",
        ),
        ({"messages": user_says("x")}, None, None),
        ({"model": "gpt-4o-mini", "messages": user_says("x"), "temprature": 0}, None, None),
        (
            {
                "model": "gpt-4o-mini",
                "messages": user_says("x"),
                "response_format": {"type": "json_object"},
            },
            "messages",
            None,
        ),
    ],
)
def test_malformed_chat_requests_are_refused(
    oa: FakeOpenAI, http: httpx.Client, body: dict[str, Any], param: str | None, code: str | None
) -> None:
    response = post_chat(oa, http, body)

    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["type"], error["param"], error["code"]) == ("invalid_request_error", param, code)
    assert error["message"]


def test_an_api_key_is_required(oa: FakeOpenAI) -> None:
    oa.api_key = "sk-the-right-key-1234"
    body = {"model": "gpt-4o-mini", "messages": user_says("x")}

    missing = httpx.post(f"{oa.base_url}/chat/completions", json=body)
    wrong = httpx.post(
        f"{oa.base_url}/chat/completions",
        json=body,
        headers={"Authorization": "Bearer sk-wrong-key-0000"},
    )
    right = httpx.post(
        f"{oa.base_url}/chat/completions",
        json=body,
        headers={"Authorization": f"Bearer {oa.api_key}"},
    )

    assert missing.status_code == wrong.status_code == 401
    assert missing.json()["error"]["message"].startswith("You didn't provide an API key.")
    assert wrong.json()["error"]["code"] == "invalid_api_key"
    assert "sk-wrong-key-0000" not in wrong.json()["error"]["message"]
    assert right.status_code == 200


def test_an_unknown_path_is_an_invalid_url(oa: FakeOpenAI, http: httpx.Client) -> None:
    response = http.post(f"{oa.base_url}/completions/chat")

    assert response.status_code == 404
    assert response.json()["error"]["message"] == "Invalid URL (POST /v1/completions/chat)"


# -- failures ---------------------------------------------------------------------------------


async def test_a_rate_limit_says_when_to_retry(oa: FakeOpenAI, client: openai.AsyncOpenAI) -> None:
    oa.fail_next(1, rate_limited(retry_after=2))

    with pytest.raises(openai.RateLimitError) as limited:
        await client.chat.completions.create(model="gpt-4o-mini", messages=user_says("x"))
    after = await client.chat.completions.create(model="gpt-4o-mini", messages=user_says("x"))

    assert limited.value.response.headers["retry-after"] == "2"
    assert limited.value.body == {
        "message": "Rate limit reached for requests",
        "type": "requests",
        "param": None,
        "code": "rate_limit_exceeded",
    }
    assert after.choices[0].message.content
    assert [r.status for r in oa.requests()] == [429, 200]


async def test_quota_and_server_errors(oa: FakeOpenAI, client: openai.AsyncOpenAI) -> None:
    oa.fail_next(1, insufficient_quota())
    oa.reply_with(server_error())

    with pytest.raises(openai.RateLimitError) as quota:
        await client.chat.completions.create(model="gpt-4o-mini", messages=user_says("x"))
    with pytest.raises(openai.InternalServerError):
        await client.chat.completions.create(model="gpt-4o-mini", messages=user_says("x"))

    assert "retry-after" not in quota.value.response.headers
    assert quota.value.code == "insufficient_quota"


async def test_failures_can_target_one_endpoint(oa: FakeOpenAI, client: openai.AsyncOpenAI) -> None:
    oa.fail_next(1, server_error(), endpoint="audio/transcriptions")

    chat = await client.chat.completions.create(model="gpt-4o-mini", messages=user_says("x"))
    with pytest.raises(openai.InternalServerError):
        await client.audio.transcriptions.create(
            model="whisper-1", file=("voice.ogg", VOICE, "audio/ogg")
        )

    assert chat.choices[0].message.content


async def test_a_slow_answer_times_the_client_out(
    oa: FakeOpenAI, client: openai.AsyncOpenAI
) -> None:
    oa.delay_next(1, seconds=30)

    with pytest.raises(openai.APITimeoutError):
        await client.with_options(timeout=0.2).chat.completions.create(
            model="gpt-4o-mini",
            messages=user_says("x"),
        )
    answered = await client.chat.completions.create(model="gpt-4o-mini", messages=user_says("x"))

    assert answered.choices[0].message.content


# -- transcriptions ------------------------------------------------------------------------------


async def test_a_voice_note_is_transcribed_from_voice_ogg(
    oa: FakeOpenAI, client: openai.AsyncOpenAI
) -> None:
    oa.add_transcript(VOICE, "два яйця і банан", language="uk", duration=2.4)

    transcript = await client.audio.transcriptions.create(
        model="gpt-4o-mini-transcribe",
        file=("voice.ogg", VOICE, "audio/ogg"),
        prompt="гречка, яйця, банан",
        language="uk",
    )

    assert transcript.text == "два яйця і банан"
    (recorded,) = oa.transcription_requests()
    assert recorded.file is not None
    assert (recorded.file.filename, recorded.file.content_type, recorded.file.content) == (
        "voice.ogg",
        "audio/ogg",
        VOICE,
    )
    assert recorded.fields == {
        "model": "gpt-4o-mini-transcribe",
        "prompt": "гречка, яйця, банан",
        "language": "uk",
    }


async def test_gpt_4o_models_refuse_the_oga_name_and_whisper_takes_it(
    oa: FakeOpenAI, client: openai.AsyncOpenAI
) -> None:
    oa.add_transcript(VOICE, "two eggs")

    with pytest.raises(openai.BadRequestError) as refused:
        await client.audio.transcriptions.create(
            model="gpt-4o-mini-transcribe", file=("voice.oga", VOICE, "audio/ogg")
        )
    accepted = await client.audio.transcriptions.create(
        model="whisper-1", file=("voice.oga", VOICE, "audio/ogg")
    )

    assert refused.value.body == {
        "message": "Unsupported file format oga",
        "type": "invalid_request_error",
        "param": "file",
        "code": "unsupported_value",
    }
    assert accepted.text == "two eggs"
    assert accepted.usage is not None
    assert accepted.usage.type == "duration"


async def test_whisper_answers_text_and_verbose_json(
    oa: FakeOpenAI, client: openai.AsyncOpenAI
) -> None:
    oa.add_transcript(VOICE, "з'їв яблуко", language="uk", duration=1.5)

    text = await client.audio.transcriptions.create(
        model="whisper-1", file=("voice.ogg", VOICE, "audio/ogg"), response_format="text"
    )
    verbose = await client.audio.transcriptions.create(
        model="whisper-1", file=("voice.ogg", VOICE, "audio/ogg"), response_format="verbose_json"
    )
    with pytest.raises(openai.BadRequestError, match="not compatible"):
        await client.audio.transcriptions.create(
            model="gpt-4o-transcribe",
            file=("voice.ogg", VOICE, "audio/ogg"),
            response_format="verbose_json",
        )

    assert text.strip() == "з'їв яблуко"
    assert (verbose.text, verbose.language, verbose.duration) == ("з'їв яблуко", "ukrainian", 1.5)
    assert verbose.segments is not None
    assert verbose.segments[0].end == 1.5


async def test_a_transcriber_decides_unknown_audio(
    oa: FakeOpenAI, client: openai.AsyncOpenAI
) -> None:
    seen: list[TranscriptionRequest] = []

    def transcriber(request: TranscriptionRequest) -> Any:
        seen.append(request)
        return unreadable_audio() if request.audio.content == b"noise" else "a banana"

    oa.transcribe_with(transcriber)

    banana = await client.audio.transcriptions.create(
        model="whisper-1", file=("v.ogg", VOICE, "audio/ogg")
    )
    with pytest.raises(openai.BadRequestError, match="corrupted or unsupported"):
        await client.audio.transcriptions.create(
            model="whisper-1", file=("v.ogg", b"noise", "audio/ogg")
        )

    assert banana.text == "a banana"
    assert [r.model for r in seen] == ["whisper-1", "whisper-1"]


def test_audio_over_25_mib_is_too_large(oa: FakeOpenAI, http: httpx.Client) -> None:
    too_big = b"\0" * (25 * 1024 * 1024 + 1)

    response = http.post(
        f"{oa.base_url}/audio/transcriptions",
        data={"model": "whisper-1"},
        files={"file": ("voice.ogg", too_big, "audio/ogg")},
    )

    assert response.status_code == 413
    assert response.json()["error"]["type"] == "invalid_request_error"


async def test_a_broken_responder_is_a_500_that_says_why(
    oa: FakeOpenAI, client: openai.AsyncOpenAI
) -> None:
    oa.respond_with(lambda request: request["no such key"])

    with pytest.raises(openai.InternalServerError, match="KeyError"):
        await client.chat.completions.create(model="gpt-4o-mini", messages=user_says("x"))
