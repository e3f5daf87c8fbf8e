from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes.fatsecret import FatSecretFake, running_fatsecret
from tests.fakes.openai_api import FakeOpenAI, running_openai
from tests.fakes.whoop import WhoopFake, running_whoop
from tests.ops.site import PUBLIC


@pytest.fixture(scope="module")
def whoop() -> Iterator[WhoopFake]:
    with running_whoop(redirect_uris=[f"{PUBLIC}/whoop/callback"]) as fake:
        yield fake


@pytest.fixture(scope="module")
def fatsecret() -> Iterator[FatSecretFake]:
    with running_fatsecret() as fake:
        yield fake


@pytest.fixture(scope="module")
def openai() -> Iterator[FakeOpenAI]:
    with running_openai() as fake:
        yield fake
