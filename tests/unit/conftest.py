"""Fixtures shared by the unit tests that need a real database.

They run on SQLite; `HARMONIE_TEST_DATABASE=postgresql pytest tests/unit` runs them all
on a real PostgreSQL instead (the storage contract suite, tests/unit/storage, always
runs on both), but for the tests marked `sqlite`, which read SQLite's own files.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from storage import Database

OpenDatabase = Callable[[], Awaitable[Database]]


@pytest.fixture
async def open_database(
    tmp_path: Path, request: pytest.FixtureRequest
) -> AsyncIterator[OpenDatabase]:
    """Opens fresh migrated databases for the test; all are closed at the end."""
    opened: list[Database] = []
    on_postgresql = (
        os.environ.get("HARMONIE_TEST_DATABASE") == "postgresql"
        and request.node.get_closest_marker("sqlite") is None
    )

    async def open_one() -> Database:
        if on_postgresql:
            database = await Database.open(await request.getfixturevalue("postgres").new_database())
        else:
            database = await Database.open(tmp_path / f"h{len(opened)}.db")
        opened.append(database)
        return database

    try:
        yield open_one
    finally:
        for database in opened:
            await database.close()
