"""The store contract suite's `uow_factory` (memory and PostgreSQL) for the worker's tests."""

from tests.contracts.conftest import uow_factory

__all__ = ["uow_factory"]
