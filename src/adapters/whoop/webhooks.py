"""WHOOP webhooks: check the signature over the RAW body before anything is parsed.

    X-WHOOP-Signature = base64(HMAC-SHA256(secret, X-WHOOP-Signature-Timestamp + raw body))

No separator, base64 not hex, the key is the app's client secret (CONTRACTS §1.6). The timestamp
is in milliseconds; one more than five minutes away from our clock is refused, so a captured
delivery cannot be replayed later (a replay within the window is caught by its trace id).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import timedelta

import msgspec

from adapters.whoop import wire
from application.ports.system import Clock
from application.sync.fetch_wearable_record import RecordChange
from application.sync.handle_wearable_webhook import HandleWearableWebhookRequest

SIGNATURE_HEADER = "X-WHOOP-Signature"
TIMESTAMP_HEADER = "X-WHOOP-Signature-Timestamp"
MAX_AGE = timedelta(minutes=5)

_CHANGES = {
    "sleep.updated": RecordChange.SLEEP_UPDATED,
    "sleep.deleted": RecordChange.SLEEP_DELETED,
    "workout.updated": RecordChange.WORKOUT_UPDATED,
    "workout.deleted": RecordChange.WORKOUT_DELETED,
    "recovery.updated": RecordChange.RECOVERY_UPDATED,
    "recovery.deleted": RecordChange.RECOVERY_DELETED,
}


class WebhookRejectedError(Exception):
    """Not a delivery from WHOOP: no, a wrong or a stale signature. Answer 401."""


class MalformedWebhookError(Exception):
    """Signed by WHOOP but not a body we understand. Answer 400 (WHOOP will retry in vain)."""


def signature(secret: str, timestamp: str, raw_body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + raw_body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


class WhoopWebhookVerifier:
    def __init__(self, secret: str, clock: Clock, *, max_age: timedelta = MAX_AGE) -> None:
        self._secret = secret
        self._clock = clock
        self._max_age = max_age

    def verify(
        self, raw_body: bytes, signature_header: str | None, timestamp_header: str | None
    ) -> HandleWearableWebhookRequest | None:
        """The event of a genuine, fresh delivery, or None for an event type we do not handle
        (acknowledge it). Raises `WebhookRejectedError` or `MalformedWebhookError`."""
        if not signature_header or not timestamp_header or not timestamp_header.isdigit():
            raise WebhookRejectedError("missing signature headers")
        expected = signature(self._secret, timestamp_header, raw_body)
        if not hmac.compare_digest(expected.encode(), signature_header.strip().encode()):
            raise WebhookRejectedError("signature does not match")
        sent_ms = int(timestamp_header)
        now_ms = self._clock.now().timestamp() * 1000
        if abs(now_ms - sent_ms) > self._max_age.total_seconds() * 1000:
            raise WebhookRejectedError("stale timestamp")
        try:
            body = msgspec.json.decode(raw_body, type=wire.WebhookBody)
        except msgspec.DecodeError as error:
            raise MalformedWebhookError(str(error)) from error
        change = _CHANGES.get(body.type)
        if change is None:
            return None
        return HandleWearableWebhookRequest(
            external_user_id=str(body.user_id),
            change=change,
            record_id=str(body.id),
            trace_id=body.trace_id,
        )
