from __future__ import annotations

import pytest

from adapters.memory.kit import MemoryApplication, MemoryKit
from tests.application.helpers import NOW


@pytest.fixture
def kit() -> MemoryKit:
    return MemoryKit(NOW)


@pytest.fixture
def app(kit: MemoryKit) -> MemoryApplication:
    return MemoryApplication(kit)
