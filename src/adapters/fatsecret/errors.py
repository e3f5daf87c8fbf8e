"""FatSecret's failures as typed errors the use cases understand.

FatSecret reports most errors as HTTP 200 with `{"error": {"code": N, "message": ...}}`
(CONTRACTS §2.5). The message can quote our tokens back, so it is never kept: only the code.
"""

from __future__ import annotations

from application.errors import CredentialsRejectedError, GatewayError, ServiceUnavailableError
from application.ports.diary import DiaryWriteOutcomeUnknownError

INVALID_TIMESTAMP = 6
INVALID_NONCE = 7
INVALID_SIGNATURE = 8
INVALID_ACCESS_TOKEN = 9
TOO_MANY_ACTIONS = 12
INVALID_TOKEN = 13
MISSING_SCOPE = 14
API_NOT_FOUND = 23
TIMEOUT = 24
INVALID_ID = 106

STALE_REQUEST = frozenset({INVALID_TIMESTAMP, INVALID_NONCE})


class FatSecretError(GatewayError):
    """FatSecret refused or failed a call; `code` is its error code when it gave one."""

    def __init__(self, message: str, *, code: int | None = None) -> None:
        super().__init__(message if code is None else f"{message} (FatSecret error {code})")
        self.code = code


class FatSecretCredentialsError(FatSecretError, CredentialsRejectedError):
    """The user's token is invalid or revoked (9, 13): the user must link FatSecret again."""


class FatSecretBusyError(FatSecretError, ServiceUnavailableError):
    """Unreachable, 5xx, too many actions (12), its own timeout (24) or an unknown error (1):
    worth trying again later."""


class FatSecretStaleRequestError(FatSecretBusyError):
    """Timestamp (6) or nonce (7) refused even after one fresh try: is our clock right?"""


class FatSecretSignatureError(FatSecretError):
    """Our signature (8) or our OAuth parameters or consumer key (2–5) were refused: a bug or
    a misconfiguration here, not something a retry fixes."""


class FatSecretRequestError(FatSecretError):
    """A call FatSecret cannot serve as asked: a missing or invalid parameter, an unknown id
    (106), a method this account may not use (14, 23), or an answer we cannot read."""


class FatSecretWriteUnknownError(FatSecretError, DiaryWriteOutcomeUnknownError):
    """A diary create was sent and its answer lost (timed out, connection dropped, 5xx, or
    FatSecret's own timeout 24): the line may have landed. Reconcile before resending."""


def error_for(code: int) -> FatSecretError:
    """The typed error for a FatSecret error code."""
    if code in (INVALID_ACCESS_TOKEN, INVALID_TOKEN):
        return FatSecretCredentialsError("FatSecret refused the user's token", code=code)
    if code in STALE_REQUEST:
        return FatSecretStaleRequestError("FatSecret refused the timestamp or nonce", code=code)
    if code in (1, TOO_MANY_ACTIONS, TIMEOUT):
        return FatSecretBusyError("FatSecret is busy or failed", code=code)
    if code in (2, 3, 4, 5, INVALID_SIGNATURE):
        return FatSecretSignatureError("FatSecret refused our OAuth signature", code=code)
    return FatSecretRequestError("FatSecret refused the request", code=code)
