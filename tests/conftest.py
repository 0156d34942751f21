"""Fixtures for the whole suite: one real PostgreSQL server, started on first use."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.postgres import PostgresServer, started


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A real PostgreSQL on 127.0.0.1 for the session (tests/support/postgres.py); each
    test asks it for a database of its own with `new_database()`."""
    server = started()
    try:
        yield server
    finally:
        server.stop()
