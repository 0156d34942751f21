"""Fixtures shared by the unit tests that need a real SQLite database."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from storage import Database

OpenDatabase = Callable[[], Awaitable[Database]]


@pytest.fixture
async def open_database(tmp_path: Path) -> AsyncIterator[OpenDatabase]:
    """Opens fresh migrated databases in the test's folder; all are closed at the end."""
    opened: list[Database] = []

    async def open_one() -> Database:
        database = await Database.open(tmp_path / f"h{len(opened)}.db")
        opened.append(database)
        return database

    try:
        yield open_one
    finally:
        for database in opened:
            await database.close()
