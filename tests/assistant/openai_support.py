"""The OpenAI adapters pointed at the fake server, with a sleep that records instead of waiting."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace

import openai

from adapters.openai.client import OpenAIOptions, Retrying, make_client
from tests.fakes.openai_api import FakeOpenAI


@dataclass
class RecordingSleep:
    """`Retrying`'s sleep: remembers each wait asked for and returns at once."""

    waits: list[float] = field(default_factory=list)

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def options_for(oa: FakeOpenAI, **changes: object) -> OpenAIOptions:
    base = OpenAIOptions(
        api_key="sk-test",
        base_url=oa.base_url,
        timeout_seconds=5.0,
        first_backoff_seconds=0.25,
        max_wait_seconds=10.0,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


@asynccontextmanager
async def client_for(options: OpenAIOptions) -> AsyncIterator[openai.AsyncOpenAI]:
    client = make_client(options)
    try:
        yield client
    finally:
        await client.close()


def retrying(options: OpenAIOptions, sleep: RecordingSleep) -> Retrying:
    return Retrying(options, sleep=sleep)
