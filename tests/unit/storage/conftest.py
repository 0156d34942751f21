"""The storage contract suite runs on both engines: every test that takes `db` (or
`open_database`) runs once on SQLite and once on a real PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from storage import Database
from tests.unit.conftest import OpenDatabase, databases


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def open_database(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> AsyncIterator[OpenDatabase]:
    """Opens fresh migrated databases on the test's engine; all are closed at the end."""
    async with databases(tmp_path, request, backend == "postgresql") as open_one:
        yield open_one


@pytest.fixture
async def db(open_database: OpenDatabase) -> Database:
    return await open_database()
