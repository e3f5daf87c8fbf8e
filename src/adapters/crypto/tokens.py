"""OAuth tokens and secrets encrypted at rest with MultiFernet.

Keys come from TOKEN_ENCRYPTION_KEYS (comma-separated, newest first): the newest encrypts,
every key decrypts, so keys can be rotated without downtime (`health-tracker rotate-keys`
re-encrypts what is stored with the newest one, after which old keys can be dropped).
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


class TokenKeyError(Exception):
    """The keys are missing or malformed; the message is one line for a user."""


class TokenCipher:
    def __init__(self, keys: list[bytes]) -> None:
        if not keys:
            raise TokenKeyError("TOKEN_ENCRYPTION_KEYS: at least one key is needed")
        try:
            self._fernets = [Fernet(key) for key in keys]
        except (ValueError, TypeError):
            raise TokenKeyError(
                "TOKEN_ENCRYPTION_KEYS: each key must be 32 url-safe base64-encoded bytes "
                '(make one with: python3 -c "from cryptography.fernet import Fernet; '
                'print(Fernet.generate_key().decode())")'
            ) from None
        self._multi = MultiFernet(self._fernets)

    @classmethod
    def from_setting(cls, value: str) -> TokenCipher:
        return cls([part.strip().encode() for part in value.split(",") if part.strip()])

    def encrypt(self, plaintext: str) -> bytes:
        return self._multi.encrypt(plaintext.encode())

    def decrypt(self, ciphertext: bytes) -> str:
        try:
            return self._multi.decrypt(ciphertext).decode()
        except InvalidToken:
            raise TokenKeyError(
                "TOKEN_ENCRYPTION_KEYS: a stored token cannot be decrypted with any configured key"
            ) from None

    def rotate(self, ciphertext: bytes) -> bytes:
        """Re-encrypt with the newest key (a no-op in meaning, a change in bytes)."""
        try:
            return self._multi.rotate(ciphertext)
        except InvalidToken:
            raise TokenKeyError(
                "TOKEN_ENCRYPTION_KEYS: a stored token cannot be decrypted with any configured key"
            ) from None

    def is_current(self, ciphertext: bytes) -> bool:
        """Whether the newest key encrypted this value (so rotation can skip it)."""
        try:
            self._fernets[0].decrypt(ciphertext)
        except InvalidToken:
            return False
        return True


def load_or_create_key_file(path: Path) -> tuple[str, bool]:
    """The generated key for a zero-configuration install: (keys setting, created now?)."""
    if path.exists():
        return path.read_text(encoding="ascii").strip(), False
    path.parent.mkdir(parents=True, exist_ok=True)
    key = Fernet.generate_key().decode()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
    return key, True
