"""The ids every log line of a unit of work carries (request, update, job, user), in a contextvar.

Entrypoints bind them where the work starts (the HTTP middleware, the bot's update handler, a
worker job) and the JSON formatter adds them to each event, so a caller logs `log.info("meal
logged")` and the line still says whose request it was. Ids only: never text or numbers a user sent.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar

# The names the product uses; `bind` accepts only these so a typo cannot hide an id.
FIELDS = frozenset({"request_id", "update_id", "job_id", "job", "user_id"})

_bound: ContextVar[Mapping[str, str]] = ContextVar("log_context", default={})  # noqa: B039


@contextmanager
def bind(**ids: object) -> Iterator[None]:
    """Add ids to every log event inside the block (nested binds add to the outer ones)."""
    unknown = set(ids) - FIELDS
    if unknown:
        raise ValueError(f"not a log context field: {', '.join(sorted(unknown))}")
    merged = {**_bound.get(), **{k: str(v) for k, v in ids.items() if v is not None}}
    token = _bound.set(merged)
    try:
        yield
    finally:
        _bound.reset(token)


def current() -> Mapping[str, str]:
    """The ids bound in this task (copied into each log record by the formatter)."""
    return _bound.get()
