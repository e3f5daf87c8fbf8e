from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime

import pytest

from tests.fakes.whoop import ManualClock, WhoopFake, running_whoop
from tests.whoop.world import REDIRECT_URI, VirtualTime, World, world

START = datetime(2025, 6, 10, 9, 30, tzinfo=UTC)


@pytest.fixture
def manual() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def fake(manual: ManualClock) -> Iterator[WhoopFake]:
    with running_whoop(clock=manual, redirect_uris=[REDIRECT_URI]) as running:
        yield running


@pytest.fixture
async def w(fake: WhoopFake, redis_url: str, manual: ManualClock) -> AsyncIterator[World]:
    # A wait for the request budget moves the clock instead of sleeping.
    async with world(fake, redis_url, manual, time=VirtualTime(manual)) as built:
        yield built
