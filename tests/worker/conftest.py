"""Fixtures the worker's tests share: the store contract suite's `uow_factory` (memory and
PostgreSQL), and the fake Telegram over HTTP, one server per module, reset for each test."""

from collections.abc import Iterator

import pytest

from tests.contracts.conftest import uow_factory
from tests.fakes.telegram import FakeTelegram, RateLimits, running_telegram

__all__ = ["telegram_server", "tg", "uow_factory"]


@pytest.fixture(scope="module")
def telegram_server() -> Iterator[FakeTelegram]:
    with running_telegram() as fake:
        yield fake


@pytest.fixture
def tg(telegram_server: FakeTelegram) -> FakeTelegram:
    """Its sending limits are off: pacing has tests of its own."""
    telegram_server.reset(rate_limits=RateLimits(enabled=False))
    return telegram_server
