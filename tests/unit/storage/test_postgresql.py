"""What only PostgreSQL has to get right: numbered placeholders, a server that drops the
connection, and several bot processes opening and writing one database at once (a real
server, tests/support/postgres.py)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import asyncpg
import pytest

from storage import Database, StorageError
from storage.connection import numbered
from storage.migrations import MIGRATIONS, Migration, migrate, schema_version
from tests.support.postgres import PostgresServer, end_sessions

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
LATEST = MIGRATIONS[-1].version


def test_placeholders_are_numbered_outside_quoted_text_and_comments() -> None:
    sql = "SELECT '?', \"a?\", x FROM t -- why?\nWHERE a = ? AND b IN (?, ?) AND c = 'it''s ?'"

    assert numbered(sql) == (
        "SELECT '?', \"a?\", x FROM t -- why?\nWHERE a = $1 AND b IN ($2, $3) AND c = 'it''s ?'"
    )


async def user_ids(db: Database) -> set[str]:
    async with db.read() as session:
        return {row[0] for row in await session.conn.every("SELECT user_id FROM agents")}


async def test_a_connection_lost_between_units_of_work_is_opened_again(
    postgres: PostgresServer,
) -> None:
    url = await postgres.new_database()
    db = await Database.open(url)
    try:
        async with db.transaction() as session:
            await session.agents.get_or_create("@avant:x", NOW)
        await end_sessions(url)
        async with db.transaction() as session:
            await session.agents.get_or_create("@après:x", NOW)
        stored = await user_ids(db)
    finally:
        await db.close()

    assert stored == {"@avant:x", "@après:x"}


async def test_a_connection_lost_in_a_unit_of_work_fails_it_whole_then_comes_back(
    postgres: PostgresServer,
) -> None:
    url = await postgres.new_database()
    db = await Database.open(url)
    try:
        with pytest.raises(StorageError):
            async with db.transaction() as session:
                await session.agents.get_or_create("@perdu:x", NOW)
                await end_sessions(url)
                await asyncio.sleep(0.1)  # asyncpg hears of it, or not: both are covered
                await session.agents.get_or_create("@perdu aussi:x", NOW)
        async with db.transaction() as session:
            await session.agents.get_or_create("@après:x", NOW)
        stored = await user_ids(db)
    finally:
        await db.close()

    assert stored == {"@après:x"}  # neither half of the lost unit of work


async def test_processes_starting_together_migrate_the_database_once(
    postgres: PostgresServer,
) -> None:
    url = await postgres.new_database()

    opened = await asyncio.gather(*(Database.open(url) for _ in range(4)))
    try:
        async with opened[0].read() as session:
            versions = [row[0] for row in await session.conn.every(
                "SELECT version FROM schema_version ORDER BY version"
            )]  # fmt: skip
    finally:
        for db in opened:
            await db.close()

    assert versions == [migration.version for migration in MIGRATIONS]


async def test_a_job_claimed_by_two_processes_at_once_runs_once(postgres: PostgresServer) -> None:
    url = await postgres.new_database()
    first, second = await Database.open(url), await Database.open(url)
    entered = asyncio.Event()
    release = asyncio.Event()

    async def claim_and_hold(db: Database) -> bool:
        async with db.transaction() as session:
            claimed = await session.rollout.claim_job("rappel:2027-03-01", NOW, NOW, "ran")
            entered.set()
            await release.wait()  # the other process claims while this one has not committed
            return claimed

    async def claim(db: Database) -> bool:
        await entered.wait()
        async with db.transaction() as session:
            return await session.rollout.claim_job("rappel:2027-03-01", NOW, NOW, "ran")

    try:
        holding = asyncio.create_task(claim_and_hold(first))
        late = asyncio.create_task(claim(second))
        await entered.wait()
        await asyncio.sleep(0.2)
        assert not late.done()  # it waits for the first one's outcome, it does not guess
        release.set()
        outcomes = [await holding, await late]
    finally:
        await first.close()
        await second.close()

    assert outcomes == [True, False]


async def test_a_failing_migration_leaves_a_postgresql_database_as_it_was(
    postgres: PostgresServer,
) -> None:
    url = await postgres.new_database()
    broken = [
        Migration(1, "first", "CREATE TABLE first (id INTEGER PRIMARY KEY, name TEXT)"),
        Migration(2, "second", "CREATE TABLE second (id INTEGER); INSERT INTO nowhere VALUES (1)"),
    ]
    db = await Database.open(url)  # the real schema, then two more attempted below
    await db.close()
    admin = await asyncpg.connect(url)
    try:
        await admin.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    finally:
        await admin.close()
    db = await Database.open(url)
    try:
        async with db.read() as session:
            with pytest.raises(asyncpg.UndefinedTableError):
                await migrate(session.conn, [*MIGRATIONS, *renumbered(broken)])
            reached = await schema_version(session.conn)
            tables = {row[0] for row in await session.conn.every(
                "SELECT table_name FROM information_schema.tables"
                " WHERE table_schema = current_schema()"
            )}  # fmt: skip
    finally:
        await db.close()

    assert reached == LATEST + 1  # the first new one applied, the broken one not at all
    assert "first" in tables and "second" not in tables


def renumbered(migrations: list[Migration]) -> list[Migration]:
    return [
        Migration(LATEST + index, m.description, m.sql)
        for index, m in enumerate(migrations, start=1)
    ]
