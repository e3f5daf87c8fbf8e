"""Use case: is every dependency the product needs answering right now?"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Protocol

import msgspec


class DependencyProbe(Protocol):
    """Something the product cannot work without (a database, a cache).

    `ping` returns when the dependency answers and raises any exception when it does not.
    """

    @property
    def name(self) -> str: ...

    async def ping(self) -> None: ...


class DependencyStatus(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    ok: bool


class Readiness(msgspec.Struct, frozen=True, kw_only=True):
    ready: bool
    dependencies: tuple[DependencyStatus, ...]


class CheckReadiness:
    def __init__(self, probes: Sequence[DependencyProbe], timeout_s: float = 2.0) -> None:
        self._probes = tuple(probes)
        self._timeout_s = timeout_s

    async def execute(self) -> Readiness:
        results = await asyncio.gather(*(self._check(probe) for probe in self._probes))
        return Readiness(ready=all(r.ok for r in results), dependencies=tuple(results))

    async def _check(self, probe: DependencyProbe) -> DependencyStatus:
        try:
            await asyncio.wait_for(probe.ping(), self._timeout_s)
        except Exception:  # noqa: BLE001 - any failure means "not ready"; the cause is not exposed
            return DependencyStatus(name=probe.name, ok=False)
        return DependencyStatus(name=probe.name, ok=True)
