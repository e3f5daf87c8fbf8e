"""The one settings object, read from environment variables and an optional `.env` file.

Every variable is documented in docs/configuration.md; a test keeps the two in step.
A missing or malformed value raises `ConfigError` with one line naming the variable.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

import msgspec
import platformdirs

Url = Annotated[str, msgspec.Meta(pattern=r"^[a-zA-Z][a-zA-Z0-9+.-]*://\S+$")]
Port = Annotated[int, msgspec.Meta(ge=1, le=65535)]
LogLevel = Annotated[str, msgspec.Meta(pattern=r"^(DEBUG|INFO|WARNING|ERROR)$")]


class ConfigError(Exception):
    """A setting is missing or malformed; the message is one line fit for a user."""


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    # Storage. Unset URLs mean: start the embedded server under DATA_DIR.
    DATABASE_URL: Url | None = None
    REDIS_URL: Url | None = None
    DATA_DIR: str = ""
    # HTTP
    PUBLIC_BASE_URL: Url | None = None
    HTTP_HOST: str = "127.0.0.1"
    HTTP_PORT: Port = 8000
    LOG_LEVEL: LogLevel = "INFO"
    ADMIN_API_TOKEN: str | None = None
    # Secrets at rest: comma-separated Fernet keys, newest first.
    TOKEN_ENCRYPTION_KEYS: str | None = None
    # Telegram
    TELEGRAM_BOT_TOKEN: str | None = None
    TELEGRAM_API_BASE_URL: Url = "https://api.telegram.org"
    TELEGRAM_WEBHOOK_SECRET: (
        Annotated[str, msgspec.Meta(pattern=r"^[A-Za-z0-9_-]{1,256}$")] | None
    ) = None
    # OpenAI
    OPENAI_API_KEY: str | None = None
    OPENAI_BASE_URL: Url = "https://api.openai.com/v1"
    OPENAI_CHAT_MODEL: str = "gpt-4o-mini"
    OPENAI_TRANSCRIPTION_MODEL: str = "whisper-1"
    # WHOOP
    WHOOP_CLIENT_ID: str | None = None
    WHOOP_CLIENT_SECRET: str | None = None
    WHOOP_API_BASE_URL: Url = "https://api.prod.whoop.com/developer"
    WHOOP_OAUTH_BASE_URL: Url = "https://api.prod.whoop.com/oauth/oauth2"
    WHOOP_WEBHOOK_SECRET: str | None = None
    # FatSecret
    FATSECRET_CONSUMER_KEY: str | None = None
    FATSECRET_CONSUMER_SECRET: str | None = None
    FATSECRET_API_BASE_URL: Url = "https://platform.fatsecret.com/rest"
    FATSECRET_OAUTH_BASE_URL: Url = "https://authentication.fatsecret.com/oauth"
    # Worker: conversation messages older than this many days are deleted (03:00 UTC daily).
    CONVERSATION_RETENTION_DAYS: Annotated[int, msgspec.Meta(ge=1, le=365)] = 7
    # Worker: a standalone worker serves its /metrics here (unset: not served); up ignores it.
    WORKER_METRICS_PORT: Port | None = None
    WORKER_METRICS_HOST: str = "127.0.0.1"

    @property
    def data_dir(self) -> Path:
        if self.DATA_DIR:
            return Path(self.DATA_DIR).expanduser()
        return Path(platformdirs.user_data_dir("health-tracker", appauthor=False))


def _read_dotenv(path: Path) -> dict[str, str]:
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        line = line.removeprefix("export ")
        name, sep, value = line.partition("=")
        if not sep or not name.strip().isidentifier():
            raise ConfigError(f"{path}:{number}: expected NAME=value")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[name.strip()] = value
    return values


def _describe(error: msgspec.ValidationError) -> str:
    # msgspec says e.g. "Expected `int`, got `str` - at `$.HTTP_PORT`"; turn it around for a user.
    text = str(error)
    problem, _, where = text.rpartition(" - at `$.")
    name = where.rstrip("`") if where else "?"
    if not problem:
        problem = text
    return f"{name}: {problem[0].lower()}{problem[1:]}"


def load_settings(environ: dict[str, str] | None = None, dotenv: Path | None = None) -> Settings:
    """Read the settings: the process environment wins over `.env` (in the working directory)."""
    env = dict(os.environ if environ is None else environ)
    dotenv_path = Path(".env") if dotenv is None else dotenv
    merged: dict[str, Any] = _read_dotenv(dotenv_path)
    merged.update(env)
    known = {name: merged[name] for name in Settings.__struct_fields__ if name in merged}
    # An empty value means "not set", as in most twelve-factor tools.
    known = {name: value for name, value in known.items() if value != ""}
    try:
        return msgspec.convert(known, Settings, strict=False)
    except msgspec.ValidationError as error:
        raise ConfigError(f"configuration error: {_describe(error)}") from None
