"""The process's one HTTP client for WHOOP: explicit timeouts, a User-Agent, pooled connections."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import NewType

import httpx

from adapters.whoop.config import USER_AGENT

WhoopHttpClient = NewType("WhoopHttpClient", httpx.AsyncClient)

TIMEOUT = httpx.Timeout(10.0, connect=5.0)
LIMITS = httpx.Limits(max_connections=20, max_keepalive_connections=10)


def new_http_client(*, timeout: httpx.Timeout = TIMEOUT) -> WhoopHttpClient:
    return WhoopHttpClient(
        httpx.AsyncClient(timeout=timeout, limits=LIMITS, headers={"User-Agent": USER_AGENT})
    )


async def open_http_client() -> AsyncIterator[WhoopHttpClient]:
    client = new_http_client()
    try:
        yield client
    finally:
        await client.aclose()
