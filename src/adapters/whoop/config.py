"""Where WHOOP is and who we are to it."""

from __future__ import annotations

import msgspec

SCOPES = (
    "offline",  # without it WHOOP gives no refresh token
    "read:recovery",
    "read:cycles",
    "read:sleep",
    "read:workout",
    "read:profile",
    "read:body_measurement",
)
# WHOOP's edge refuses some default client user agents (CONTRACTS §1.7); say who we are.
USER_AGENT = "health-tracker/0.1 (+https://github.com/health-tracker)"


class WhoopConfig(msgspec.Struct, frozen=True, kw_only=True):
    client_id: str
    client_secret: str
    redirect_uri: str  # our GET /whoop/callback, as registered in WHOOP's dashboard
    api_base_url: str = "https://api.prod.whoop.com/developer"  # `/v2/...` below it
    oauth_base_url: str = "https://api.prod.whoop.com/oauth/oauth2"  # `/auth`, `/token`

    def __repr__(self) -> str:
        return f"WhoopConfig(client_id={self.client_id!r}, <secret hidden>)"

    @property
    def authorize_url(self) -> str:
        return f"{self.oauth_base_url.rstrip('/')}/auth"

    @property
    def token_url(self) -> str:
        return f"{self.oauth_base_url.rstrip('/')}/token"

    def api_url(self, path: str) -> str:
        return f"{self.api_base_url.rstrip('/')}{path}"
