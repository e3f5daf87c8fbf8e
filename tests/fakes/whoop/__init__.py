"""A fake WHOOP API v2 (OAuth 2.0 with rotating refresh tokens, the v2 collections, rate budget,
signed webhooks), served over real HTTP. See `WhoopFake` for the control API."""

from tests.fakes.whoop.clock import ManualClock, system_clock
from tests.fakes.whoop.fake import ALL_SCOPES, WhoopFake, running_whoop
from tests.fakes.whoop.log import LoggedRequest
from tests.fakes.whoop.records import Cycle, Recovery, Sleep, WhoopUser, Workout
from tests.fakes.whoop.tokens import TokenSet
from tests.fakes.whoop.webhooks import Delivery, SignedWebhook, whoop_signature

__all__ = [
    "ALL_SCOPES",
    "Cycle",
    "Delivery",
    "LoggedRequest",
    "ManualClock",
    "Recovery",
    "SignedWebhook",
    "Sleep",
    "TokenSet",
    "WhoopFake",
    "WhoopUser",
    "Workout",
    "running_whoop",
    "system_clock",
    "whoop_signature",
]
