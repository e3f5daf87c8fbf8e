"""The OpenAI interpreter against the fake server over real HTTP: structured output decoded and
checked; refusals, invalid JSON and schema mismatches retried once, then read offline; rate
limits, server errors and timeouts retried within bounds, then `ServiceUnavailableError`."""

from __future__ import annotations

import json
from datetime import time
from decimal import Decimal
from typing import Any

import pytest

from adapters.catalog.memory import BuiltInFoodCatalog
from adapters.memory.kit import MemoryKit
from adapters.offline.interpreter import OfflineInterpreter
from adapters.openai.interpretation import SCHEMA, WireInterpretation, decode
from adapters.openai.interpreter import OpenAIInterpreter
from application.errors import ServiceUnavailableError
from application.ports.assistant import Intent, Interpretation
from domain.meals.meal_type import MealType
from domain.users import Language
from tests.assistant.helpers import NOW, add_user, entries_of, handle_text, say
from tests.assistant.openai_support import RecordingSleep, client_for, options_for, retrying
from tests.fakes.openai_api import (
    ChatReply,
    FakeOpenAI,
    insufficient_quota,
    rate_limited,
    refusal,
    server_error,
)
from tests.fakes.openai_api.schemas import check_strict, minimal_instance

BUCKWHEAT_AND_KEFIR: dict[str, Any] = {
    "intent": "log_food",
    "items": [
        {
            "name_as_said": "гречки",
            "lookup_name": "buckwheat groats, cooked",
            "quantity": 200,
            "unit": "г",
            "grams_estimate": None,
        },
        {
            "name_as_said": "кефіру",
            "lookup_name": "kefir",
            "quantity": 1,
            "unit": "склянка",
            "grams_estimate": 1e9,
        },
    ],
    "meal": "lunch",
    "time": "13:05",
    "edit_grams": None,
}


async def interpret(
    oa: FakeOpenAI, offline: OfflineInterpreter, text: str, **options: object
) -> tuple[Interpretation, RecordingSleep]:
    sleep = RecordingSleep()
    settings = options_for(oa, **options)
    async with client_for(settings) as client:
        interpreter = OpenAIInterpreter(
            client, settings, fallback=offline, retrying=retrying(settings, sleep)
        )
        meaning = await interpreter.interpret(text, language=Language.UK, local_now=NOW)
    return meaning, sleep


def test_the_hand_written_schema_is_strict_and_matches_the_wire_struct() -> None:
    check_strict(SCHEMA)  # what OpenAI checks before it answers
    item = SCHEMA["properties"]["items"]["items"]
    assert set(SCHEMA["required"]) == set(WireInterpretation.__struct_fields__)
    assert set(item["required"]) == set(item["properties"])
    # The smallest answer the schema allows decodes (an empty meal is "not understood").
    assert decode(json.dumps(minimal_instance(SCHEMA))).intent is Intent.UNKNOWN


async def test_structured_output_becomes_an_interpretation(
    oa: FakeOpenAI, offline: OfflineInterpreter
) -> None:
    oa.reply_with(BUCKWHEAT_AND_KEFIR)
    meaning, _ = await interpret(oa, offline, "200 г гречки і склянка кефіру на обід о 13:05")
    assert meaning.intent is Intent.LOG_FOOD
    buckwheat, kefir = meaning.items
    assert (buckwheat.lookup_name, buckwheat.quantity, buckwheat.unit) == (
        "buckwheat groats, cooked",
        Decimal(200),
        "g",
    )
    assert (kefir.quantity, kefir.unit) == (Decimal(250), "ml")  # a glass, in millilitres
    assert kefir.grams_estimate is None  # 1e9 g is no estimate
    assert (meaning.meal_hint, meaning.time_hint) == (MealType.LUNCH, time(13, 5))
    [sent] = oa.chat_requests()
    assert sent["response_format"]["type"] == "json_schema"
    assert sent["response_format"]["json_schema"]["strict"] is True
    assert sent["response_format"]["json_schema"]["schema"] == SCHEMA
    assert sent["messages"][-1] == {
        "role": "user",
        "content": "200 г гречки і склянка кефіру на обід о 13:05",
    }
    assert "tools" not in sent and "user" not in sent


async def test_a_time_not_on_the_clock_is_dropped_and_the_rest_kept(
    oa: FakeOpenAI, offline: OfflineInterpreter
) -> None:
    oa.reply_with({**BUCKWHEAT_AND_KEFIR, "time": "lunchtime"})
    meaning, _ = await interpret(oa, offline, "гречка в обід")
    assert (meaning.time_hint, meaning.meal_hint, len(meaning.items)) == (None, MealType.LUNCH, 2)


async def test_a_refusal_is_retried_once(oa: FakeOpenAI, offline: OfflineInterpreter) -> None:
    oa.reply_with(refusal(), BUCKWHEAT_AND_KEFIR)
    meaning, _ = await interpret(oa, offline, "гречка")
    assert meaning.items[0].lookup_name == "buckwheat groats, cooked"
    assert len(oa.chat_requests()) == 2


@pytest.mark.parametrize(
    "answer",
    [
        refusal(),
        ChatReply(content="Sure! You ate two eggs."),  # not JSON
        ChatReply(content=None),  # nothing at all
        {**BUCKWHEAT_AND_KEFIR, "intent": "eat"},  # outside the enum
        {**BUCKWHEAT_AND_KEFIR, "calories": 5000},  # a property the schema does not have
        {key: value for key, value in BUCKWHEAT_AND_KEFIR.items() if key != "items"},
        {**BUCKWHEAT_AND_KEFIR, "edit_grams": "NaN"},
        {
            **BUCKWHEAT_AND_KEFIR,
            "items": [{**BUCKWHEAT_AND_KEFIR["items"][0], "name_as_said": " "}],
        },
    ],
    ids=["refusal", "prose", "empty", "enum", "extra", "missing", "nan", "blank-name"],
)
async def test_twice_unusable_answers_are_read_offline(
    oa: FakeOpenAI, offline: OfflineInterpreter, answer: Any
) -> None:
    oa.reply_with(answer, answer)
    meaning, _ = await interpret(oa, offline, "2 eggs and a banana")
    assert meaning == offline.read("2 eggs and a banana")
    assert len(oa.chat_requests()) == 2


async def test_a_rate_limit_waits_as_long_as_retry_after_says(
    oa: FakeOpenAI, offline: OfflineInterpreter
) -> None:
    oa.fail_next(1, rate_limited(retry_after=2))
    oa.reply_with(BUCKWHEAT_AND_KEFIR)
    meaning, sleep = await interpret(oa, offline, "гречка")
    assert meaning.intent is Intent.LOG_FOOD
    assert sleep.waits == [2.0]
    assert len(oa.chat_requests()) == 2


async def test_a_retry_after_longer_than_a_person_waits_gives_up_at_once(
    oa: FakeOpenAI, offline: OfflineInterpreter
) -> None:
    oa.fail_next(1, rate_limited(retry_after=60))
    with pytest.raises(ServiceUnavailableError):
        await interpret(oa, offline, "гречка")
    assert len(oa.chat_requests()) == 1


async def test_an_exhausted_quota_is_not_retried(
    oa: FakeOpenAI, offline: OfflineInterpreter
) -> None:
    oa.fail_next(5, insufficient_quota())
    with pytest.raises(ServiceUnavailableError):
        await interpret(oa, offline, "гречка")
    assert len(oa.chat_requests()) == 1


async def test_server_errors_back_off_and_retry(
    oa: FakeOpenAI, offline: OfflineInterpreter
) -> None:
    oa.fail_next(2, server_error())
    oa.reply_with(BUCKWHEAT_AND_KEFIR)
    meaning, sleep = await interpret(oa, offline, "гречка")
    assert meaning.intent is Intent.LOG_FOOD
    assert sleep.waits == [0.25, 0.5]
    assert len(oa.chat_requests()) == 3


async def test_server_errors_past_the_bound_make_the_service_unavailable(
    oa: FakeOpenAI, offline: OfflineInterpreter
) -> None:
    oa.fail_next(10, server_error())
    with pytest.raises(ServiceUnavailableError):
        await interpret(oa, offline, "гречка")
    assert len(oa.chat_requests()) == 3  # the bound: three tries


async def test_a_timeout_is_retried(oa: FakeOpenAI, offline: OfflineInterpreter) -> None:
    oa.delay_next(1, seconds=3.0)
    oa.reply_with(BUCKWHEAT_AND_KEFIR)
    meaning, sleep = await interpret(oa, offline, "гречка", timeout_seconds=0.3)
    assert meaning.intent is Intent.LOG_FOOD
    assert sleep.waits == [0.25]
    assert len(oa.chat_requests()) == 2


async def test_with_openai_down_the_meal_is_logged_offline_and_the_reply_says_so(
    oa: FakeOpenAI, offline: OfflineInterpreter, catalog: BuiltInFoodCatalog
) -> None:
    oa.fail_next(10, server_error())
    kit = MemoryKit(NOW)
    user = await add_user(kit, 1)
    settings = options_for(oa)
    async with client_for(settings) as client:
        interpreter = OpenAIInterpreter(
            client, settings, fallback=offline, retrying=retrying(settings, RecordingSleep())
        )
        handle = handle_text(
            kit, interpreter=interpreter, catalog=catalog, fallback_interpreter=offline
        )
        reply = await say(handle, user, "2 eggs and a banana")
    assert reply.text.startswith("Smart mode is unavailable right now")
    assert "248 kcal" in reply.text
    [entry] = await entries_of(kit, user)
    assert len(entry.items) == 2
