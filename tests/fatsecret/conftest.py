from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from adapters.memory.kit import MemoryKit
from tests.application.helpers import NOW
from tests.fakes.fatsecret import FatSecretFake, running_fatsecret
from tests.fatsecret.world import World


@pytest.fixture
def kit() -> MemoryKit:
    return MemoryKit(NOW)


@pytest.fixture
def fake(kit: MemoryKit) -> Iterator[FatSecretFake]:
    with running_fatsecret(clock=kit.clock.now) as fatsecret:
        yield fatsecret


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    # A short read timeout: the fake's timeout faults hang until the client gives up.
    async with httpx.AsyncClient(timeout=httpx.Timeout(5.0, read=0.5)) as client:
        yield client


@pytest.fixture
def world(kit: MemoryKit, fake: FatSecretFake, http: httpx.AsyncClient) -> World:
    return World(kit, fake, http)
