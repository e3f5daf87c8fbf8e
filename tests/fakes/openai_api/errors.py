"""OpenAI's error shape (ErrorResponse: {"error": {"message", "type", "param", "code"}}) and the
errors a test can script: rate limits, quota, server errors, unreadable audio."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class ApiError(Exception):
    """An error answer; raise it from a handler, or script it as a reply."""

    status: int
    message: str
    type: str = "invalid_request_error"
    param: str | None = None
    code: str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    def body(self) -> dict[str, Any]:
        return {
            "error": {
                "message": self.message,
                "type": self.type,
                "param": self.param,
                "code": self.code,
            }
        }


def invalid_request(
    message: str, *, param: str | None = None, code: str | None = None, status: int = 400
) -> ApiError:
    return ApiError(status, message, "invalid_request_error", param, code)


def missing_parameter(name: str) -> ApiError:
    return invalid_request(
        f"Missing required parameter: '{name}'.", param=name, code="missing_required_parameter"
    )


def rate_limited(retry_after: int = 1) -> ApiError:
    """429 "Rate limit reached for requests" with Retry-After: wait and try again."""
    return ApiError(
        429,
        "Rate limit reached for requests",
        type="requests",
        code="rate_limit_exceeded",
        headers={"retry-after": str(retry_after)},
    )


def insufficient_quota() -> ApiError:
    """429 that no retry fixes, so it carries no Retry-After (spec: "may be omitted for 429
    responses that require user action")."""
    return ApiError(
        429,
        "You exceeded your current quota, please check your plan and billing details.",
        type="insufficient_quota",
        code="insufficient_quota",
    )


def server_error() -> ApiError:
    return ApiError(
        500,
        "The server had an error while processing your request. Sorry about that!",
        type="server_error",
    )


def unreadable_audio() -> ApiError:
    return invalid_request(
        "Audio file might be corrupted or unsupported", param="file", code="invalid_value"
    )


def missing_api_key() -> ApiError:
    return ApiError(
        401,
        "You didn't provide an API key. You need to provide your API key in an Authorization "
        "header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
    )


def incorrect_api_key(key: str) -> ApiError:
    shown = f"{key[:3]}{'*' * max(len(key) - 7, 0)}{key[-4:]}" if len(key) > 8 else "***"
    return ApiError(
        401,
        f"Incorrect API key provided: {shown}. "
        "You can find your API key at https://platform.openai.com/account/api-keys.",
        code="invalid_api_key",
    )
