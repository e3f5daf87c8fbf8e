"""Where the key for secrets at rest comes from.

TOKEN_ENCRYPTION_KEYS (comma-separated Fernet keys, newest first) when it is set. On the
zero-configuration default — embedded PostgreSQL, no DATABASE_URL — a key generated once into
DATA_DIR/token.key (0600), next to the data it protects, and announced when it is made. With a
DATABASE_URL of its own the product refuses to start without TOKEN_ENCRYPTION_KEYS: a database
elsewhere must not depend on a file on one machine.
"""

from __future__ import annotations

import logging
import stat

from adapters.crypto.tokens import TokenCipher, TokenKeyError, load_or_create_key_file
from entrypoints.config import ConfigError, Settings
from entrypoints.runtime import StartupError

logger = logging.getLogger(__name__)

KEY_FILE_NAME = "token.key"


def token_cipher(settings: Settings) -> TokenCipher:
    """The cipher for tokens and secrets at rest. Raises `ConfigError` (a missing or malformed
    key) or `StartupError` (the key file cannot be written) with one line for the user."""
    if settings.TOKEN_ENCRYPTION_KEYS:
        try:
            return TokenCipher.from_setting(settings.TOKEN_ENCRYPTION_KEYS)
        except TokenKeyError as error:
            raise ConfigError(f"configuration error: {error}") from None
    if settings.DATABASE_URL is not None:
        raise ConfigError(
            "configuration error: TOKEN_ENCRYPTION_KEYS: required when DATABASE_URL is set "
            "(comma-separated Fernet keys, newest first)"
        )
    return _generated_key_cipher(settings)


def _generated_key_cipher(settings: Settings) -> TokenCipher:
    path = settings.data_dir / KEY_FILE_NAME
    try:
        try:
            keys, created = load_or_create_key_file(path)
        except FileExistsError:  # another process of ours made it a moment ago
            keys, created = load_or_create_key_file(path)
        loose = stat.S_IMODE(path.stat().st_mode) & 0o077
    except OSError as error:
        raise StartupError(f"cannot create the token key {path}: {error.strerror}") from None
    if created:
        logger.warning(
            "generated a key for tokens at rest; back it up with the data, or set "
            "TOKEN_ENCRYPTION_KEYS",
            extra={"key_file": str(path)},
        )
    elif loose:
        logger.warning("the token key file is readable by others", extra={"key_file": str(path)})
    try:
        return TokenCipher.from_setting(keys)
    except TokenKeyError:
        raise ConfigError(f"configuration error: {path} does not hold a Fernet key") from None
