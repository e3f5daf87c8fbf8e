"""Failures of the outside world, as the use cases see them.

Adapters translate their drivers' exceptions into these (after their own bounded retries); no
driver exception crosses into the application. Entrypoints turn them into replies or statuses.
"""

from __future__ import annotations


class ApplicationError(Exception):
    """Base of the errors raised by ports and use cases (domain rules raise `DomainError`)."""


class GatewayError(ApplicationError):
    """An outside service failed and its adapter gave up retrying."""


class ServiceUnavailableError(GatewayError):
    """The service did not answer, answered 5xx, or kept rate-limiting us."""


class CredentialsRejectedError(GatewayError):
    """The provider refused the user's credentials: the user must link it again."""


class RecipientBlockedError(GatewayError):
    """The user blocked the bot: stop sending to them until they write again."""


class TranscriptionError(GatewayError):
    """The audio could not be turned into text (unreadable, too long, or the service failed)."""


class LockTimeoutError(ApplicationError):
    """A lock was not acquired in time: someone else is doing the same work right now."""
