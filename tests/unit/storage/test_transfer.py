"""A commune's SQLite database moved into a real PostgreSQL as one tenant (storage/transfer.py):
its rows under new ids with their relationships, its bot's rows with their bot, the
identity sequences going on after them; found there and left alone when moved before;
refused, with nothing written, when it would mix two communes' data. (The whole history
through the bot's handlers, the command line and a killed run: tests/unit/bot/test_migrate.py.)"""

from __future__ import annotations

import hashlib
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import pytest

from storage import Credentials, Database, OutgoingMessage
from storage.connection import SqliteConnection
from storage.database import connect
from storage.lease import TenantLease
from storage.migrations import migrate
from storage.transfer import (
    BOT_TABLES,
    TENANT_TABLES,
    Moved,
    MoveError,
    MoveRefused,
    NotHarmonieDatabase,
    SourceNotOneCommune,
    move_commune,
    renumbered,
)
from tests.support.postgres import PostgresServer
from tests.unit.storage.test_tenant_migration import AGENT, BOT, DM, ROWS_V12

NOW = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)


async def version_12(path: Path, without: str | None = None) -> Path:
    """A single commune's database as Harmonie's schema version 12 left it, with a row in
    each table (tests/unit/storage/test_tenant_migration.py), but those of `without`."""
    conn = SqliteConnection(await connect(path))
    try:
        await migrate(conn, target=12)
        for sql, parameters in ROWS_V12:
            if without is None or f"INTO {without} " not in sql:
                await conn.execute(sql, parameters)
    finally:
        await conn.close()
    return path


async def latest(path: Path, organisation: str = "default", agents: int = 2) -> Path:
    """A database of today's schema: a closed campaign and an open one, `agents` agents
    who took part in both, a rollout plan whose first reminder ran, a letter, an outbox."""
    db = await Database.open(path)
    try:
        async with db.scoped(organisation, BOT).transaction() as session:
            first = await session.campaigns.open("2026", "@dgs:x", None, NOW)
            await session.campaigns.close(first.id, NOW)
            second = await session.campaigns.open("2027", "@dgs:x", None, NOW)
            for n in range(agents):
                agent = await session.agents.get_or_create(f"@a{n}:mairie.fr", NOW)
                for campaign in (first, second):
                    await session.participations.ensure(campaign.id, agent.id, NOW)
            plan = await session.rollout.create("alpha", NOW.date(), "@dgs:x", [], NOW)
            await session.rollout.claim_job(f"plan:{plan.id}:wave:1", NOW, NOW, "sent to 2")
            await session.letters.add(f"plan:{plan.id}:wave:1:{AGENT}", AGENT, [{}], NOW)
            await session.outbox.add("$event", [OutgoingMessage(DM, {"body": "bonjour"})], NOW)
            await session.credentials.save(Credentials(BOT, "DEVICE", "token"), NOW)
    finally:
        await db.close()
    return path


OpenDatabase = Callable[[str], Awaitable[Database]]


@pytest.fixture
async def open_database() -> AsyncIterator[OpenDatabase]:
    """Opens the PostgreSQL database at a URL, as a bot would; closed at the end, failed or not."""
    opened: list[Database] = []

    async def open_one(url: str) -> Database:
        opened.append(await Database.open(url))
        return opened[-1]

    try:
        yield open_one
    finally:
        for database in opened:
            await database.close()


def fingerprint(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


async def rows(url: str, sql: str) -> list[tuple[object, ...]]:
    conn = await asyncpg.connect(url)
    try:
        return [tuple(row) for row in await conn.fetch(sql)]
    finally:
        await conn.close()


def counted(moved: Moved) -> dict[str, tuple[int, int, int, int]]:
    return {c.table: (c.source, c.moved, c.already, c.left_out) for c in moved.tables if c.source}


# --- what is moved ------------------------------------------------------------------------


async def test_every_table_of_the_schema_is_moved_as_a_tenants_or_a_bots(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "h.db")
    try:
        async with db.read() as session:
            found = await session.conn.every("SELECT name FROM sqlite_master WHERE type = 'table'")
    finally:
        await db.close()

    moved = {table.name for table in TENANT_TABLES} | set(BOT_TABLES)
    assert {str(row[0]) for row in found} - moved == {
        "schema_version",
        "sqlite_sequence",
        "organisations",  # registered again by the bot that serves it
    }


async def test_an_old_database_moves_with_its_bot_and_its_jobs_renumbered(
    tmp_path: Path, postgres: PostgresServer, open_database: OpenDatabase
) -> None:
    source = await version_12(tmp_path / "commune.db")
    url = await postgres.new_database()
    shared = await open_database(url)
    async with shared.scoped("autre", "@cdg:x").transaction() as session:  # ids 1 are taken
        await session.rollout.create("beta", NOW.date(), "@x:x", [], NOW)
        await session.campaigns.open("autre", "@x:x", None, NOW)

    moved = await move_commune(source, url, "kerbihan")

    assert (moved.source_version, moved.already_there, moved.bots) == (12, False, (BOT,))
    assert moved.campaigns == {1: 2} and moved.trials == {1: 1}
    assert counted(moved)["outbox"] == (3, 3, 0, 0)
    assert counted(moved)["agents"] == (1, 1, 0, 0)
    tenant = shared.scoped("kerbihan", BOT)
    async with tenant.read() as session:
        campaign = await session.campaigns.current()
        assert campaign is not None and (campaign.id, campaign.title) == (2, "2026")
        agent = await session.agents.get(AGENT)
        assert agent is not None
        participation = await session.participations.get(campaign.id, agent.id)
        assert participation is not None and participation.service == "RH"
        plan = await session.rollout.latest()
        assert plan is not None and plan.id == 2
        assert await session.rollout.claimed("plan:2:") == {"plan:2:remind:1:2027-02-10"}
        assert await session.rollout.claimed("plan:1:") == set()
        # the rows of no bot are the bot's of the source's login
        assert await session.credentials.get() == Credentials(BOT, "DEVICE", "token")
        assert await session.sync.next_batch() == "s42"
        assert await session.events.is_processed("$seen")
        assert await session.direct_rooms.room_for(AGENT) == DM
        assert [letter.cause for letter in await session.letters.undelivered()] == ["rappel"]
        assert [e.txn_id for e in await session.outbox.unsent()] == [
            "harmonie-1", "harmonie-2", "harmonie-3",
        ]  # fmt: skip
    async with shared.scoped("autre", "@cdg:x").read() as session:
        assert await session.agents.get(AGENT) is None
        assert await session.credentials.get() is None
    assert await rows(url, "SELECT COUNT(*) FROM outbox WHERE bot = ''") == [(0,)]


async def test_the_identity_sequences_go_on_after_the_moved_rows(
    tmp_path: Path, postgres: PostgresServer, open_database: OpenDatabase
) -> None:
    source = await latest(tmp_path / "commune.db")
    url = await postgres.new_database()
    await move_commune(source, url, "kerbihan")

    db = await open_database(url)
    async with db.scoped("kerbihan", BOT).transaction() as session:
        agent = await session.agents.get_or_create("@nouvelle:mairie.fr", NOW)
        plan = await session.rollout.active()
        assert plan is not None
        await session.rollout.cancel(plan.id, NOW)
        again = await session.rollout.create("beta", NOW.date(), "@dgs:x", [], NOW)
        await session.outbox.add("$next", [OutgoingMessage(DM, {"body": "et puis"})], NOW)
        await session.letters.add("suite", AGENT, [{}], NOW)
    async with db.scoped("hohwiller", "@autre:x").transaction() as session:
        other = await session.campaigns.open("Hohwiller", "@maire:x", None, NOW)

    assert agent.id == 3 and again.id == 2 and other.id == 3
    assert await rows(url, "SELECT id FROM outbox ORDER BY id") == [(1,), (2,)]
    assert await rows(url, "SELECT id FROM notices ORDER BY id") == [(1,), (2,)]


async def test_a_source_that_never_logged_in_leaves_its_rows_of_no_bot_behind_and_says_so(
    tmp_path: Path, postgres: PostgresServer
) -> None:
    source = await version_12(tmp_path / "commune.db", without="credentials")
    url = await postgres.new_database()

    moved = await move_commune(source, url, "kerbihan")

    assert moved.bots == ()
    assert counted(moved)["outbox"] == (3, 0, 0, 3)
    assert counted(moved)["campaigns"] == (1, 1, 0, 0)
    assert len(moved.notes) == 1
    assert moved.notes[0].startswith("10 rows of no bot left out: the source never logged in")
    for table in BOT_TABLES:
        assert await rows(url, f"SELECT COUNT(*) FROM {table}") == [(0,)]


async def test_the_source_at_the_latest_schema_is_only_read(
    tmp_path: Path, postgres: PostgresServer
) -> None:
    source = await latest(tmp_path / "commune.db")
    before = fingerprint(source)

    await move_commune(source, await postgres.new_database(), "kerbihan")

    assert fingerprint(source) == before


def test_job_keys_and_letters_name_the_plan_and_training_by_their_new_ids() -> None:
    ids = {"rollout_plans": {1: 7, 2: 8}, "rollout_trainings": {3: 12}}

    assert renumbered("plan:1:remind:2:2027-03-03", ids) == "plan:7:remind:2:2027-03-03"
    assert renumbered("plan:2:training:3", ids) == "plan:8:training:12"
    assert renumbered("plan:2:training:3:@a:x", ids) == "plan:8:training:12:@a:x"
    assert renumbered("plan:1:wave:1:@agent:mairie.fr", ids) == "plan:7:wave:1:@agent:mairie.fr"
    assert renumbered("missed:0123abcd:@dgs:x", ids) == "missed:0123abcd:@dgs:x"
    assert renumbered("plan:10:wave:1", ids) == "plan:10:wave:1"  # not this commune's


# --- run again ----------------------------------------------------------------------------


async def test_moved_before_it_is_found_there_and_nothing_is_written(
    tmp_path: Path, postgres: PostgresServer
) -> None:
    source = await latest(tmp_path / "commune.db")
    url = await postgres.new_database()
    first = await move_commune(source, url, "kerbihan")
    everything = "SELECT (SELECT COUNT(*) FROM agents), (SELECT COUNT(*) FROM outbox),"
    everything += " (SELECT last_value FROM agents_id_seq), (SELECT COUNT(*) FROM job_runs)"
    before = await rows(url, everything)

    again = await move_commune(source, url, "kerbihan")

    assert first.moved > 0 and not first.already_there
    assert again.already_there and again.moved == 0
    assert counted(again)["participations"] == (4, 0, 4, 0)
    assert again.campaigns == first.campaigns == {1: 1, 2: 2}
    assert await rows(url, everything) == before


# --- refusals: nothing written ------------------------------------------------------------


async def test_other_data_of_that_organisation_there_is_never_merged(
    tmp_path: Path, postgres: PostgresServer
) -> None:
    source = await latest(tmp_path / "commune.db")
    other = await latest(tmp_path / "other.db", agents=3)
    url = await postgres.new_database()
    await move_commune(other, url, "kerbihan")
    before = await rows(url, "SELECT organisation, COUNT(*) FROM agents GROUP BY organisation")

    with pytest.raises(MoveRefused) as refused:
        await move_commune(source, url, "kerbihan")

    assert str(refused.value) == (
        "the destination already holds other data for the organisation kerbihan, in agents "
        "(3 there, 2 in the source), participations (6 there, 4 in the source): two "
        "communes' histories are never merged. If this database was moved before and the "
        "bot has run on it since, there is nothing to do; otherwise choose another "
        "--organisation"
    )
    assert await rows(url, "SELECT organisation, COUNT(*) FROM agents GROUP BY organisation") == (
        before
    )


async def test_a_changed_row_is_other_data_too(
    tmp_path: Path, postgres: PostgresServer, open_database: OpenDatabase
) -> None:
    source = await latest(tmp_path / "commune.db")
    url = await postgres.new_database()
    await move_commune(source, url, "kerbihan")
    db = await open_database(url)
    async with db.scoped("kerbihan", BOT).transaction() as session:  # the bot ran there since
        current = await session.campaigns.current()
        assert current is not None
        await session.campaigns.close(current.id, NOW)

    with pytest.raises(MoveRefused, match=r"in campaigns \(2 there, 2 in the source\):"):
        await move_commune(source, url, "kerbihan")


async def test_an_agent_of_another_organisation_there_is_never_taken_over(
    tmp_path: Path, postgres: PostgresServer, open_database: OpenDatabase
) -> None:
    source = await latest(tmp_path / "commune.db")
    url = await postgres.new_database()
    db = await open_database(url)
    async with db.scoped("hohwiller", "@autre:x").transaction() as session:
        await session.agents.get_or_create("@a1:mairie.fr", NOW)

    with pytest.raises(MoveRefused) as refused:
        await move_commune(source, url, "kerbihan")

    assert str(refused.value) == (
        "1 of the source's agents are agents of another organisation in the destination: "
        "@a1:mairie.fr (hohwiller); a person belongs to one organisation"
    )
    async with db.scoped("kerbihan", BOT).read() as session:
        assert await session.campaigns.latest() is None
        assert await session.credentials.get() is None


async def test_an_organisation_a_running_bot_serves_is_left_alone(
    tmp_path: Path, postgres: PostgresServer
) -> None:
    source = await latest(tmp_path / "commune.db")
    url = await postgres.new_database()
    await (await Database.open(url)).close()  # the schema is there, as a running bot made it
    lease = await TenantLease.take(url, ["kerbihan"])
    try:
        with pytest.raises(MoveRefused, match="a running Harmonie serves the organisation"):
            await move_commune(source, url, "kerbihan")
    finally:
        await lease.release()
    assert await rows(url, "SELECT COUNT(*) FROM campaigns") == [(0,)]


async def test_a_file_that_is_not_a_harmonie_database_is_refused_and_left_as_it_was(
    tmp_path: Path, postgres: PostgresServer
) -> None:
    other = tmp_path / "other.db"
    conn = SqliteConnection(await connect(other))
    await conn.execute("CREATE TABLE photos (name TEXT)")
    await conn.close()
    text = tmp_path / "notes.txt"
    text.write_text("not a database\n" * 100)
    empty = tmp_path / "empty.db"
    empty.touch()
    url = await postgres.new_database()

    for path, message in [
        (other, "is not a Harmonie database (no Harmonie tables)"),
        (text, "is not a Harmonie database: file is not a database"),
        (empty, "is not a Harmonie database (no Harmonie tables)"),
    ]:
        before = fingerprint(path)
        with pytest.raises(NotHarmonieDatabase, match=re.escape(f"{path} {message}")):
            await move_commune(path, url, "kerbihan")
        assert fingerprint(path) == before
    assert await rows(url, "SELECT COUNT(*) FROM pg_tables WHERE tablename = 'agents'") == [(0,)]


async def test_a_database_of_several_organisations_is_not_a_communes(
    tmp_path: Path, postgres: PostgresServer
) -> None:
    source = await latest(tmp_path / "structure.db", organisation="kerbihan")
    db = await Database.open(source)
    try:
        async with db.scoped("hohwiller", "@b:x").transaction() as session:
            await session.campaigns.open("B", "@b:x", None, NOW)
    finally:
        await db.close()

    with pytest.raises(SourceNotOneCommune, match=r"several organisations \(hohwiller, kerbihan\)"):
        await move_commune(source, await postgres.new_database(), "kerbihan")


async def test_a_database_of_a_newer_harmonie_is_not_moved(
    tmp_path: Path, postgres: PostgresServer
) -> None:
    source = await latest(tmp_path / "commune.db")
    conn = SqliteConnection(await connect(source))
    await conn.execute("INSERT INTO schema_version (version) VALUES (999)")
    await conn.close()

    with pytest.raises(MoveError, match="written by a newer Harmonie .schema version 999"):
        await move_commune(source, await postgres.new_database(), "kerbihan")
