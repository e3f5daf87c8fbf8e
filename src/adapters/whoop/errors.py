from __future__ import annotations

from application.errors import GatewayError


class UnexpectedAnswerError(GatewayError):
    """WHOOP answered something the contract does not allow (a body that does not decode, a
    status we never expect, our client refused). A bug or a contract change: logged as an
    error, never taken as the user's credentials being refused."""
