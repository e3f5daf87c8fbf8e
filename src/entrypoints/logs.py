"""Structured JSON logs: one event per line with time, level, event, the bound ids
(`entrypoints.log_context`) and whatever context the caller passed in `extra`.

Callers pass identifiers and outcomes, never message text, health numbers or secrets. As a safety
net, `RedactSecrets` blanks fields whose names say they hold a secret or user content and scrubs
token-looking fragments (bearer headers, `access_token=…` in URLs, passwords in DSNs) from the text.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime
from typing import IO

from entrypoints import log_context

_STANDARD = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {
    "message",
    "asctime",
    "color_message",  # uvicorn's ANSI copy of the message
    "taskName",
}

REDACTED = "[redacted]"

# Field names (in `extra`) whose values are secrets or user content, whatever a caller meant.
_SECRET_NAME = re.compile(
    r"token|secret|password|passwd|api_?key|authorization|cookie|signature|verifier|"
    r"^code$|^text$|transcript|description|^meal|^body$|^payload$|^update$|^dsn$",
    re.IGNORECASE,
)
# Fragments of free text that carry a credential.
_SECRET_TEXT = (
    (re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]+"), r"\1 " + REDACTED),
    (
        re.compile(
            r"(?i)\b(access_token|refresh_token|oauth_token|oauth_token_secret|oauth_verifier|"
            r"oauth_signature|client_secret|code|api_key|password)=([^&\s\"']+)"
        ),
        r"\1=" + REDACTED,
    ),
    (re.compile(r"(?i)(\w+://[^:/\s@]+:)[^@\s]+@"), r"\1" + REDACTED + "@"),
    (re.compile(r"\bsk-[A-Za-z0-9_-]{8,}"), REDACTED),
    (re.compile(r"\b\d{6,}:[A-Za-z0-9_-]{30,}\b"), REDACTED),  # a Telegram bot token
)


def scrub(text: str) -> str:
    for pattern, replacement in _SECRET_TEXT:
        text = pattern.sub(replacement, text)
    return text


class RedactSecrets(logging.Filter):
    """Blank secret-named `extra` fields and scrub credentials out of the message and its args.

    A safety net, not the policy: the policy is that callers never pass such things."""

    def filter(self, record: logging.LogRecord) -> bool:
        for key in list(record.__dict__):
            if key not in _STANDARD and not key.startswith("_") and _SECRET_NAME.search(key):
                record.__dict__[key] = REDACTED
        message = record.getMessage()
        cleaned = scrub(message)
        if cleaned != message or record.args:
            record.msg, record.args = cleaned, None
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        event: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
        }
        event.update(log_context.current())
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                event[key] = value
        if record.exc_info and record.levelno >= logging.ERROR:
            # A traceback shows code, and the exception's text may quote a payload: scrub it.
            event["exception"] = scrub(self.formatException(record.exc_info))
        return json.dumps(event, default=str, ensure_ascii=False)


def json_handler(stream: IO[str], level: int | str = logging.NOTSET) -> logging.Handler:
    """A handler writing redacted JSON lines to `stream` (the process's, or a test's buffer)."""
    handler = logging.StreamHandler(stream)
    handler.setLevel(level)
    handler.addFilter(RedactSecrets())
    handler.setFormatter(JsonFormatter())
    return handler


def configure_logging(level: str) -> None:
    root = logging.getLogger()
    root.handlers[:] = [json_handler(sys.stderr)]
    root.setLevel(level)
    # Libraries that log request lines or payloads stay quiet below WARNING.
    for noisy in ("httpx", "httpcore", "uvicorn.access", "aiogram.event", "psycopg.pool"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLevelName(level)))
