"""Fixtures shared by the unit tests that need a real database.

They run on SQLite; `HARMONIE_TEST_DATABASE=postgresql pytest tests/unit` runs them all
on a real PostgreSQL instead (the storage contract suite, tests/unit/storage, always
runs on both), but for the tests marked `sqlite`, which read SQLite's own files.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from storage import Database
from tests.support.postgres import PostgresServer

OpenDatabase = Callable[[], Awaitable[Database]]


@pytest.fixture
async def open_database(
    tmp_path: Path, request: pytest.FixtureRequest
) -> AsyncIterator[OpenDatabase]:
    """Opens fresh migrated databases for the test; all are closed at the end."""
    on_postgresql = (
        os.environ.get("HARMONIE_TEST_DATABASE") == "postgresql"
        and request.node.get_closest_marker("sqlite") is None
    )
    async with databases(tmp_path, request, on_postgresql) as open_one:
        yield open_one


@contextlib.asynccontextmanager
async def databases(
    tmp_path: Path, request: pytest.FixtureRequest, on_postgresql: bool
) -> AsyncIterator[OpenDatabase]:
    """Fresh migrated databases, SQLite files in `tmp_path` or on the session's real
    PostgreSQL server; all closed when the block ends."""
    opened: list[Database] = []

    async def open_one() -> Database:
        if on_postgresql:
            server: PostgresServer = request.getfixturevalue("postgres")
            database = await Database.open(await server.new_database())
        else:
            database = await Database.open(tmp_path / f"h{len(opened)}.db")
        opened.append(database)
        return database

    try:
        yield open_one
    finally:
        for database in opened:
            await database.close()
