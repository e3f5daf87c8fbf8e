"""POST /v1/chat/completions: the request checks OpenAI makes, the replies a test scripts, and the
ChatCompletion object (CreateChatCompletionResponse) built around them."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.fakes.openai_api.errors import ApiError, invalid_request, missing_parameter
from tests.fakes.openai_api.schemas import SchemaError, check_strict, minimal_instance

ROLES = ("system", "assistant", "user", "function", "tool", "developer")
KNOWN_PARAMETERS = frozenset(
    {"audio", "frequency_penalty", "function_call", "functions", "logit_bias", "logprobs"}
    | {"max_completion_tokens", "max_tokens", "messages", "metadata", "modalities", "model"}
    | {"moderation", "n", "parallel_tool_calls", "prediction", "presence_penalty"}
    | {"prompt_cache_key", "prompt_cache_options", "prompt_cache_retention", "reasoning_effort"}
    | {"response_format", "safety_identifier", "seed", "service_tier", "stop", "store", "stream"}
    | {"stream_options", "temperature", "tool_choice", "tools", "top_logprobs", "top_p", "user"}
    | {"verbosity", "web_search_options"}
)
_NAME = re.compile(r"[a-zA-Z0-9_-]+")
DEFAULT_TEXT = "This is a reply from the fake OpenAI server."


@dataclass(frozen=True)
class ToolCall:
    name: str
    arguments: str | dict[str, Any]  # a dict is sent JSON-encoded; a str exactly as given
    id: str | None = None


@dataclass(frozen=True)
class ChatReply:
    """What the model "says": content (under json_schema, the JSON text), a refusal, or tool
    calls. finish_reason defaults to "tool_calls" when there are any, else "stop"."""

    content: str | None = None
    refusal: str | None = None
    tool_calls: tuple[ToolCall, ...] = ()
    finish_reason: str | None = None


def refusal(text: str = "I'm sorry, I can't help with that.") -> ChatReply:
    return ChatReply(refusal=text)


def tool_calls(*calls: ToolCall) -> ChatReply:
    return ChatReply(tool_calls=calls)


# A scripted reply: text content, a dict/list sent as its JSON text, a ChatReply, a ToolCall, or
# an ApiError to answer with instead.
Reply = str | dict[str, Any] | list[Any] | ChatReply | ToolCall | ApiError
Responder = Callable[[dict[str, Any]], Reply]


def as_reply(value: Reply) -> ChatReply:
    if isinstance(value, ApiError):
        raise value
    if isinstance(value, ChatReply):
        return value
    if isinstance(value, ToolCall):
        return ChatReply(tool_calls=(value,))
    if isinstance(value, str):
        return ChatReply(content=value)
    return ChatReply(content=json.dumps(value, ensure_ascii=False))


def default_reply(request: dict[str, Any]) -> ChatReply:
    """Valid output for the request's response_format: the smallest instance of a json_schema,
    {} for json_object, a fixed sentence for text."""
    response_format = request.get("response_format") or {}
    if response_format.get("type") == "json_schema":
        schema = response_format["json_schema"].get("schema") or {}
        return ChatReply(content=json.dumps(minimal_instance(schema)))
    if response_format.get("type") == "json_object":
        return ChatReply(content="{}")
    return ChatReply(content=DEFAULT_TEXT)


def validate(body: Any, known_models: frozenset[str] | None) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise invalid_request(
            "We could not parse the JSON body of your request. (HINT: This likely means you "
            "aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but "
            "what was sent was not valid JSON.)"
        )
    unknown = sorted(set(body) - KNOWN_PARAMETERS)
    if unknown:
        raise invalid_request(f"Unrecognized request argument supplied: {unknown[0]}")
    model = body.get("model")
    if not isinstance(model, str) or not model:
        raise invalid_request("you must provide a model parameter")
    if known_models is not None and model not in known_models:
        raise invalid_request(
            f"The model `{model}` does not exist or you do not have access to it.",
            code="model_not_found",
            status=404,
        )
    _check_messages(body.get("messages"))
    if body.get("stream"):
        raise invalid_request("The fake OpenAI server does not stream; send stream=false.")
    n = body.get("n", 1)
    if not isinstance(n, int) or not 1 <= n <= 128:
        raise invalid_request(f"Invalid 'n': {n!r}.", param="n", code="invalid_value")
    _check_response_format(body)
    _check_tools(body.get("tools"))
    return body


def _check_messages(messages: Any) -> None:
    if messages is None:
        raise missing_parameter("messages")
    if not isinstance(messages, list):
        raise invalid_request(
            "Invalid type for 'messages': expected an array.", param="messages", code="invalid_type"
        )
    if not messages:
        raise invalid_request(
            "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an "
            "empty array instead.",
            param="messages",
            code="empty_array",
        )
    for index, message in enumerate(messages):
        where = f"messages[{index}]"
        if not isinstance(message, dict):
            raise invalid_request(
                f"Invalid type for '{where}': expected an object.", param=where, code="invalid_type"
            )
        role = message.get("role")
        if role is None:
            raise missing_parameter(f"{where}.role")
        if role not in ROLES:
            supported = ", ".join(f"'{r}'" for r in ROLES[:-1]) + f", and '{ROLES[-1]}'"
            raise invalid_request(
                f"Invalid value: '{role}'. Supported values are: {supported}.",
                param=f"{where}.role",
                code="invalid_value",
            )
        has_content = message.get("content") is not None
        if role == "assistant" and not has_content and not message.get("tool_calls"):
            raise missing_parameter(f"{where}.content")
        if role != "assistant" and not has_content:
            raise missing_parameter(f"{where}.content")
        if role == "tool" and not message.get("tool_call_id"):
            raise missing_parameter(f"{where}.tool_call_id")


def _check_response_format(body: dict[str, Any]) -> None:
    response_format = body.get("response_format")
    if response_format is None:
        return
    kind = response_format.get("type") if isinstance(response_format, dict) else None
    if kind not in {"text", "json_object", "json_schema"}:
        raise invalid_request(
            f"Invalid value: '{kind}'. Supported values are: 'text', 'json_object', and "
            "'json_schema'.",
            param="response_format.type",
            code="invalid_value",
        )
    if kind == "json_object" and "json" not in json.dumps(body["messages"]).lower():
        raise invalid_request(
            "'messages' must contain the word 'json' in some form, to use 'response_format' of "
            "type 'json_object'.",
            param="messages",
        )
    if kind != "json_schema":
        return
    json_schema = response_format.get("json_schema")
    if not isinstance(json_schema, dict):
        raise missing_parameter("response_format.json_schema")
    name = json_schema.get("name")
    if name is None:
        raise missing_parameter("response_format.json_schema.name")
    _check_name(name, "response_format.json_schema.name")
    if json_schema.get("strict"):
        try:
            check_strict(json_schema.get("schema"))
        except SchemaError as error:
            raise invalid_request(
                f"Invalid schema for response_format '{name}': {error}", param="response_format"
            ) from None


def _check_tools(tools: Any) -> None:
    for index, tool in enumerate(tools or []):
        function = tool.get("function") if isinstance(tool, dict) else None
        if not isinstance(function, dict) or tool.get("type") != "function":
            raise invalid_request(
                f"Invalid value for 'tools[{index}]'.",
                param=f"tools[{index}]",
                code="invalid_value",
            )
        name = function.get("name")
        if name is None:
            raise missing_parameter(f"tools[{index}].function.name")
        _check_name(name, f"tools[{index}].function.name")
        if function.get("strict"):
            try:
                check_strict(function.get("parameters"))
            except SchemaError as error:
                raise invalid_request(
                    f"Invalid schema for function '{name}': {error}",
                    param=f"tools[{index}].function.parameters",
                    code="invalid_function_parameters",
                ) from None


def _check_name(name: Any, param: str) -> None:
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise invalid_request(
            f"Invalid '{param}': string does not match pattern. Expected a string that matches "
            "the pattern '^[a-zA-Z0-9_-]+$'.",
            param=param,
            code="invalid_value",
        )
    if len(name) > 64:
        raise invalid_request(
            f"Invalid '{param}': string too long. Expected a string with maximum length 64, but "
            f"got a string with length {len(name)} instead.",
            param=param,
            code="string_above_max_length",
        )


def completion(
    request: dict[str, Any], replies: list[ChatReply], *, number: int, created: int
) -> dict[str, Any]:
    choices = [_choice(index, reply, number) for index, reply in enumerate(replies)]
    prompt_tokens = _tokens(json.dumps(request["messages"], ensure_ascii=False))
    completion_tokens = sum(
        _tokens(json.dumps(choice["message"], ensure_ascii=False)) for choice in choices
    )
    return {
        "id": f"chatcmpl-fake{number:08d}",
        "object": "chat.completion",
        "created": created,
        "model": request["model"],
        "choices": choices,
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
            "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
            "completion_tokens_details": {
                "reasoning_tokens": 0,
                "audio_tokens": 0,
                "accepted_prediction_tokens": 0,
                "rejected_prediction_tokens": 0,
            },
        },
        "service_tier": "default",
        "system_fingerprint": "fp_fake",
    }


def _choice(index: int, reply: ChatReply, number: int) -> dict[str, Any]:
    message: dict[str, Any] = {
        "role": "assistant",
        "content": reply.content,
        "refusal": reply.refusal,
        "annotations": [],
    }
    if reply.tool_calls:
        message["tool_calls"] = [
            {
                "id": call.id or f"call_fake{number:06d}{index}{position}",
                "type": "function",
                "function": {
                    "name": call.name,
                    "arguments": call.arguments
                    if isinstance(call.arguments, str)
                    else json.dumps(call.arguments, ensure_ascii=False),
                },
            }
            for position, call in enumerate(reply.tool_calls)
        ]
    finish_reason = reply.finish_reason or ("tool_calls" if reply.tool_calls else "stop")
    return {"index": index, "message": message, "logprobs": None, "finish_reason": finish_reason}


def _tokens(text: str) -> int:
    # About four characters a token: enough for code that budgets or logs usage.
    return max(1, len(text) // 4)
