"""WHOOP webhooks (CONTRACTS §1.6): a JSON POST signed with the app's client secret.

    X-WHOOP-Signature           = base64(HMAC-SHA256(client_secret, timestamp_ms + raw_body))
    X-WHOOP-Signature-Timestamp = milliseconds since the epoch

No separator between timestamp and body; base64, not hex.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Literal

WebhookType = Literal[
    "workout.updated",
    "workout.deleted",
    "sleep.updated",
    "sleep.deleted",
    "recovery.updated",
    "recovery.deleted",
]


def whoop_signature(secret: str, timestamp_ms: str, raw_body: bytes) -> str:
    message = timestamp_ms.encode() + raw_body
    return base64.b64encode(hmac.new(secret.encode(), message, hashlib.sha256).digest()).decode()


@dataclass(frozen=True, slots=True)
class SignedWebhook:
    """A webhook ready to send: the exact bytes and the headers signed over them."""

    body: bytes
    headers: dict[str, str]

    @classmethod
    def build(
        cls,
        *,
        secret: str,
        timestamp_ms: int,
        user_id: int,
        record_id: str | int,
        event: WebhookType,
        trace_id: str,
    ) -> SignedWebhook:
        payload = {"user_id": user_id, "id": record_id, "type": event, "trace_id": trace_id}
        body = json.dumps(payload, separators=(",", ":")).encode()
        stamp = str(timestamp_ms)
        return cls(
            body=body,
            headers={
                "Content-Type": "application/json",
                "X-WHOOP-Signature": whoop_signature(secret, stamp, body),
                "X-WHOOP-Signature-Timestamp": stamp,
            },
        )

    def with_signature(self, signature: str) -> SignedWebhook:
        """The same delivery with a forged signature (for refusal tests)."""
        return SignedWebhook(self.body, {**self.headers, "X-WHOOP-Signature": signature})


@dataclass(frozen=True, slots=True)
class Delivery:
    """One attempt to deliver a webhook and how the receiver answered."""

    url: str
    webhook: SignedWebhook
    status_code: int
