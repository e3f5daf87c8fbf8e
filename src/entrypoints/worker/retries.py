"""Retries with backoff for a job whose outside service or storage is down for now."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from typing import Any

from arq import Retry

from application.errors import CredentialsRejectedError, GatewayError

log = logging.getLogger(__name__)

MAX_DELAY_S = 300


def backoff_s(job_try: int) -> int:
    """10 s, 20 s, 40 s … up to 5 min: a restarted database or Redis is back within these."""
    return int(min(10 * 2 ** (job_try - 1), MAX_DELAY_S))


@contextlib.contextmanager
def retried_when_down(ctx: dict[str, Any]) -> Iterator[None]:
    """Turn an unreachable PostgreSQL / Redis / provider (`GatewayError`, incl. the storage's
    `ServiceUnavailableError`) into arq's `Retry` with backoff. The job's effects are
    transactional or keyed, so running it again changes nothing that was already done. A
    rejected credential is no outage: the use cases handle it, and it is not retried."""
    try:
        yield
    except CredentialsRejectedError:
        raise
    except GatewayError as error:
        job_try = int(ctx.get("job_try", 1))
        log.warning(
            "job will be retried",
            extra={"job": ctx.get("job_id"), "try": job_try, "error": type(error).__name__},
        )
        raise Retry(defer=backoff_s(job_try)) from None
