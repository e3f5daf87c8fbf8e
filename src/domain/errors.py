"""Every rule the domain enforces fails with a subclass of `DomainError`.

Errors about a value that cannot exist (a negative weight, an unknown unit) also subclass
`ValueError`, so that `msgspec.convert` reports them as a `ValidationError` when an adapter turns
a stored row or a model's answer into a domain object.
"""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error the domain raises."""


class InvalidValueError(DomainError, ValueError):
    """A value object was given a value that cannot be right."""


class InvalidQuantityError(InvalidValueError):
    """A quantity or weight that is zero, negative or absurdly large."""


class UnknownUnitError(InvalidValueError):
    """A unit of measure the product does not know."""


class ImplausibleNutrientsError(InvalidValueError):
    """Nutrient numbers no real food has (e.g. more energy than pure fat)."""


class NaiveDatetimeError(InvalidValueError):
    """A datetime without a timezone: the domain only accepts aware datetimes."""


class InvalidTimezoneError(InvalidValueError):
    """A name that is not an IANA timezone (e.g. "Kyiv" instead of "Europe/Kyiv")."""


class InvalidTargetsError(InvalidValueError):
    """Daily targets or body measurements out of any sensible range."""


class InvalidScoreError(InvalidValueError):
    """A wearable record whose score does not match its score state."""


class NotFoundError(DomainError):
    """Something the caller named does not exist (or is not theirs)."""


class UserNotFoundError(NotFoundError):
    """No such user."""


class EntryNotFoundError(NotFoundError):
    """No such food entry for this user."""


class InvalidEditError(DomainError):
    """An edit that the entry cannot take (e.g. it was undone, or has no weight)."""


class ConnectionStateError(DomainError):
    """A provider connection state that is unknown, used, expired or for another provider."""


class NotConnectedError(DomainError):
    """The user has not linked the provider this action needs."""


class AlreadyExistsError(DomainError):
    """A record with the same identity exists already (e.g. a second user for one Telegram id)."""
