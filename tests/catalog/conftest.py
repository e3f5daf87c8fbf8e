import pytest

from adapters.catalog.usda import UsdaTables, load_usda_tables


@pytest.fixture(scope="session")
def usda_tables() -> UsdaTables:
    """The packaged tables, read once per test session (about 0.2 s)."""
    return load_usda_tables()
