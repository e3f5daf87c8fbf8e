"""A fake OpenAI API (../shared/specs/openai/openapi.yaml) for chat completions with structured
outputs and audio transcriptions, served over real HTTP: `with running_openai() as oa:` then
`AsyncOpenAI(base_url=oa.base_url, api_key="test")`.

Named openai_api so that it never shadows the `openai` SDK.
"""

from tests.fakes.openai_api.audio import Transcript, TranscriptionRequest
from tests.fakes.openai_api.chat import ChatReply, ToolCall, refusal, tool_calls
from tests.fakes.openai_api.errors import (
    ApiError,
    insufficient_quota,
    rate_limited,
    server_error,
    unreadable_audio,
)
from tests.fakes.openai_api.fake import FakeOpenAI, running_openai
from tests.fakes.openai_api.records import RecordedRequest, RecordedUpload

__all__ = [
    "ApiError",
    "ChatReply",
    "FakeOpenAI",
    "RecordedRequest",
    "RecordedUpload",
    "ToolCall",
    "Transcript",
    "TranscriptionRequest",
    "insufficient_quota",
    "rate_limited",
    "refusal",
    "running_openai",
    "server_error",
    "tool_calls",
    "unreadable_audio",
]
