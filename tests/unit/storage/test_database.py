"""The SQLite store: migrations, pragmas, the transaction boundary and every repository."""

from __future__ import annotations

import asyncio
import logging
import re
import sqlite3
import stat
import threading
from collections.abc import AsyncIterator
from contextlib import closing
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import aiosqlite
import pytest

from storage import (
    Credentials,
    Database,
    OutgoingMessage,
    PendingEncryptedEvent,
    SchemaTooNewError,
    Session,
    StorageError,
    transaction_id,
)
from storage.clock import to_text
from storage.connection import SqliteConnection
from storage.database import connect
from storage.migrations import MIGRATIONS, Migration, migrate, schema_version

LATEST = MIGRATIONS[-1].version
NOW = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)
TABLES = {
    "credentials",
    "sync_state",
    "processed_events",
    "outbox",
    "pending_encrypted",
    "direct_rooms",
}


@pytest.fixture
async def sqlite_db(tmp_path: Path) -> AsyncIterator[Database]:
    """For what only SQLite has (its pragmas); `db` runs on both engines (conftest.py)."""
    database = await Database.open(tmp_path / "harmonie.db")
    try:
        yield database
    finally:
        await database.close()


@pytest.fixture
async def conn(tmp_path: Path) -> AsyncIterator[aiosqlite.Connection]:
    connection = await connect(tmp_path / "raw.db")
    try:
        yield connection
    finally:
        await connection.close()


async def schema_of(conn: aiosqlite.Connection) -> list[tuple[str, str, str, str | None]]:
    async with conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
    ) as cursor:
        return [tuple(row) for row in await cursor.fetchall()]  # type: ignore[misc]


async def versions_of(conn: aiosqlite.Connection) -> list[int]:
    async with conn.execute("SELECT version FROM schema_version ORDER BY version") as cursor:
        return [row[0] for row in await cursor.fetchall()]


async def table_names(conn: aiosqlite.Connection) -> set[str]:
    async with conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'") as cursor:
        return {row[0] for row in await cursor.fetchall()}


def raw(session: Session) -> aiosqlite.Connection:
    """The session's aiosqlite connection, for SQLite's own settings."""
    assert isinstance(session.conn, SqliteConnection)
    return session.conn.raw


async def pragma(conn: aiosqlite.Connection, name: str) -> object:
    async with conn.execute(f"PRAGMA {name}") as cursor:
        row = await cursor.fetchone()
    assert row is not None
    return row[0]


def pending_event(event_id: str, received_at: datetime, **changes: object) -> PendingEncryptedEvent:
    values: dict[str, object] = {
        "event_id": event_id,
        "room_id": "!dm:example.org",
        "sender": "@alice:example.org",
        "session_id": "megolm-session-1",
        "source": {"type": "m.room.encrypted", "content": {"ciphertext": "AwgA…", "n": 1}},
        "received_at": received_at,
        "key_requested_at": None,
    }
    values.update(changes)
    return PendingEncryptedEvent(**values)  # type: ignore[arg-type]


# --- migrations ------------------------------------------------------------------------------


async def test_an_empty_database_is_migrated_to_the_latest_version(
    conn: aiosqlite.Connection,
) -> None:
    assert await schema_version(SqliteConnection(conn)) == 0

    reached = await migrate(SqliteConnection(conn))

    assert reached == LATEST
    assert await schema_version(SqliteConnection(conn)) == LATEST
    assert await table_names(conn) >= TABLES


async def test_migrating_twice_changes_nothing(conn: aiosqlite.Connection) -> None:
    await migrate(SqliteConnection(conn))
    schema = await schema_of(conn)

    assert await migrate(SqliteConnection(conn)) == LATEST

    assert await schema_of(conn) == schema
    assert await versions_of(conn) == [m.version for m in MIGRATIONS]


@pytest.mark.parametrize("start", range(0, LATEST))
async def test_every_earlier_version_upgrades_to_the_same_schema_as_a_fresh_database(
    tmp_path: Path, start: int
) -> None:
    fresh = await connect(tmp_path / "fresh.db")
    old = await connect(tmp_path / f"from-{start}.db")
    try:
        await migrate(SqliteConnection(fresh))
        assert await migrate(SqliteConnection(old), target=start) == start
        assert await schema_version(SqliteConnection(old)) == start

        assert await migrate(SqliteConnection(old)) == LATEST

        assert await schema_of(old) == await schema_of(fresh)
        assert await versions_of(old) == await versions_of(fresh)
    finally:
        await fresh.close()
        await old.close()


async def test_a_database_newer_than_the_code_is_refused_and_left_untouched(
    conn: aiosqlite.Connection,
) -> None:
    await migrate(SqliteConnection(conn))
    await conn.execute("INSERT INTO schema_version (version) VALUES (?)", (LATEST + 1,))
    schema_before = await schema_of(conn)
    versions_before = await versions_of(conn)

    with pytest.raises(SchemaTooNewError, match=str(LATEST + 1)):
        await migrate(SqliteConnection(conn))

    assert await schema_of(conn) == schema_before
    assert await versions_of(conn) == versions_before


async def test_a_file_that_is_not_a_database_is_refused_without_leaving_a_connection_open(
    tmp_path: Path,
) -> None:
    # An unclosed aiosqlite connection holds a thread that keeps the process alive at
    # exit: `harmonie report` on such a file hung after its error.
    path = tmp_path / "harmonie.db"
    path.write_text("not SQLite\n" * 200, encoding="utf-8")

    def connection_threads() -> set[threading.Thread]:
        # asyncio's executor threads ("asyncio_0"…) come and go on their own.
        return {t for t in threading.enumerate() if not t.name.startswith("asyncio_")}

    before = connection_threads()

    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        opened = await Database.open(path)
        await opened.close()

    for _ in range(100):  # a closed connection's thread ends just after close() returns
        if connection_threads() <= before:
            break
        await asyncio.sleep(0.01)
    assert connection_threads() <= before


async def test_opening_a_database_newer_than_the_code_fails_without_changing_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "harmonie.db"
    db = await Database.open(path)
    async with db.transaction() as session:
        await session.conn.execute("INSERT INTO schema_version (version) VALUES (?)", (99,))
        await session.credentials.save(Credentials("@bot:example.org", "DEV", "tok"), NOW)
    await db.close()

    with pytest.raises(SchemaTooNewError):
        opened = await Database.open(path)
        await opened.close()

    with closing(sqlite3.connect(path)) as check:
        assert check.execute("SELECT MAX(version) FROM schema_version").fetchone() == (99,)
        assert check.execute("SELECT device_id FROM credentials").fetchall() == [("DEV",)]


async def test_a_failing_migration_is_rolled_back_entirely(conn: aiosqlite.Connection) -> None:
    migrations = (
        Migration(1, "good", "CREATE TABLE first (x INTEGER)"),
        Migration(
            2,
            "half good, then broken",
            "CREATE TABLE second (x INTEGER); INSERT INTO first VALUES (1); THIS IS NOT SQL",
        ),
        Migration(3, "never reached", "CREATE TABLE third (x INTEGER)"),
    )

    with pytest.raises(sqlite3.OperationalError):
        await migrate(SqliteConnection(conn), migrations)

    assert await schema_version(SqliteConnection(conn)) == 1
    tables = await table_names(conn)
    assert "first" in tables
    assert "second" not in tables
    assert "third" not in tables
    async with conn.execute("SELECT COUNT(*) FROM first") as cursor:
        assert await cursor.fetchone() == (0,)
    assert not conn.in_transaction


async def test_a_fixed_migration_applies_after_an_earlier_failure(
    conn: aiosqlite.Connection,
) -> None:
    broken = (Migration(1, "broken", "CREATE TABLE t (x INTEGER); NOPE"),)
    fixed = (Migration(1, "fixed", "CREATE TABLE t (x INTEGER)"),)
    with pytest.raises(sqlite3.OperationalError):
        await migrate(SqliteConnection(conn), broken)

    assert await migrate(SqliteConnection(conn), fixed) == 1

    assert "t" in await table_names(conn)


# --- connection ------------------------------------------------------------------------------


async def test_the_database_is_in_wal_mode_with_foreign_keys_and_a_busy_timeout(
    sqlite_db: Database,
) -> None:
    db = sqlite_db
    async with db.read() as session:
        assert await pragma(raw(session), "journal_mode") == "wal"
        assert await pragma(raw(session), "foreign_keys") == 1
        assert await pragma(raw(session), "busy_timeout") == 5000


async def test_both_connections_zero_what_they_delete(sqlite_db: Database) -> None:
    db = sqlite_db
    async with db.read() as session:
        assert await pragma(raw(session), "secure_delete") == 1
    async with db.committed() as session:
        assert await pragma(raw(session), "secure_delete") == 1


async def erase_a_comment(db: Database, body: str) -> None:
    """An agent who wrote `body`, then asked for erasure."""
    async with db.transaction() as session:
        agent = await session.agents.get_or_create("@a:example.org", NOW)
        await session.rollout.add_comment(None, None, agent.id, body, NOW)
    async with db.transaction() as session:
        await session.privacy.erase(agent.id, "@a:example.org", "!dm:example.org")


def wal_of(path: Path) -> bytes:
    """What the database's WAL file holds on disk."""
    return Path(f"{path}-wal").read_bytes()


async def test_an_erasure_leaves_the_wal_empty_once_committed(tmp_path: Path) -> None:
    path = tmp_path / "harmonie.db"
    db = await Database.open(path)
    try:
        await erase_a_comment(db, "zorglub7f3a")

        assert wal_of(path) == b""
        assert b"zorglub7f3a" not in path.read_bytes()
    finally:
        await db.close()


async def test_a_wal_wipe_held_up_by_another_reader_is_retried_after_the_next_write(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="storage.database")
    path = tmp_path / "harmonie.db"
    db = await Database.open(path)
    other = sqlite3.connect(path, isolation_level=None)
    try:
        async with db.read() as session:
            await session.conn.execute("PRAGMA busy_timeout = 0")  # fail now, not in 5 s
        other.execute("BEGIN")
        other.execute("SELECT COUNT(*) FROM agents").fetchall()  # a snapshot, held

        await erase_a_comment(db, "zorglub7f3a")

        assert b"zorglub7f3a" in wal_of(path)
        assert "erased data may remain in the WAL until the next write: busy" in caplog.text
        other.execute("COMMIT")
        async with db.transaction() as session:
            await session.events.mark_processed("$later", "!r:example.org", NOW)
        assert wal_of(path) == b""
        assert "erased data wiped from the WAL at last" in caplog.text
    finally:
        other.close()
        await db.close()


async def test_the_database_file_is_created_readable_by_its_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "state" / "harmonie.db"

    db = await Database.open(path)
    try:
        async with db.transaction() as session:
            await session.credentials.save(Credentials("@bot:example.org", "DEV", "tok"), NOW)

        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        for companion in (Path(f"{path}-wal"), Path(f"{path}-shm")):
            assert companion.exists()
            assert stat.S_IMODE(companion.stat().st_mode) == 0o600
    finally:
        await db.close()


async def test_a_transaction_that_raises_writes_nothing(db: Database) -> None:
    with pytest.raises(ZeroDivisionError):
        async with db.transaction() as session:
            await session.credentials.save(Credentials("@bot:example.org", "DEV", "tok"), NOW)
            await session.outbox.add("$cause", [OutgoingMessage("!r:example.org", {})], NOW)
            _ = 1 / 0

    async with db.read() as session:
        assert await session.credentials.get() is None
        assert await session.outbox.count_unsent() == 0


async def test_a_committed_transaction_survives_closing_and_reopening(tmp_path: Path) -> None:
    path = tmp_path / "harmonie.db"
    db = await Database.open(path)
    async with db.transaction() as session:
        await session.credentials.save(Credentials("@bot:example.org", "DEV", "tok"), NOW)
        await session.events.mark_processed("$seen", "!r:example.org", NOW)
    await db.close()

    reopened = await Database.open(path)
    try:
        async with reopened.read() as session:
            assert await session.credentials.get() == Credentials("@bot:example.org", "DEV", "tok")
            assert await session.events.is_processed("$seen")
    finally:
        await reopened.close()


async def test_the_database_still_works_after_a_rolled_back_transaction(db: Database) -> None:
    with pytest.raises(RuntimeError):
        async with db.transaction():
            raise RuntimeError("boom")

    async with db.transaction() as session:
        assert await session.events.mark_processed("$after", "!r:example.org", NOW)

    async with db.read() as session:
        assert await session.events.is_processed("$after")


async def test_a_reader_waits_for_the_unit_of_work_in_progress(db: Database) -> None:
    written, release = asyncio.Event(), asyncio.Event()

    async def write() -> None:
        async with db.transaction() as session:
            await session.events.mark_processed("$e", "!r:example.org", NOW)
            written.set()
            await release.wait()

    async def read() -> bool:
        async with db.read() as session:
            return await session.events.is_processed("$e")

    writer = asyncio.create_task(write())
    await written.wait()
    reader = asyncio.create_task(read())
    try:
        for _ in range(10):
            await asyncio.sleep(0)  # let the reader run as far as it can
        assert not reader.done()
    finally:
        release.set()
        await writer
    assert await reader is True


async def test_a_locked_database_is_reported_as_a_storage_error(tmp_path: Path) -> None:
    path = tmp_path / "harmonie.db"
    db = await Database.open(path)
    other = sqlite3.connect(path, isolation_level=None)
    try:
        async with db.read() as session:
            await session.conn.execute("PRAGMA busy_timeout = 0")  # fail now, not in 5 s
        other.execute("BEGIN IMMEDIATE")

        with pytest.raises(StorageError):
            async with db.transaction():
                pytest.fail("the body must not run without the write lock")

        other.execute("ROLLBACK")
        async with db.transaction() as session:
            assert await session.events.mark_processed("$later", "!r:example.org", NOW)
    finally:
        other.close()
        await db.close()


def test_naive_timestamps_are_refused_rather_than_stored_ambiguously() -> None:
    with pytest.raises(ValueError, match="naive"):
        to_text(datetime(2025, 1, 1, 12, 0))  # noqa: DTZ001


def test_stored_timestamps_are_utc_so_text_order_is_time_order() -> None:
    paris = timezone(timedelta(hours=1))
    earlier = datetime(2025, 1, 1, 12, 0, tzinfo=paris)  # 11:00 UTC
    later = datetime(2025, 1, 1, 11, 30, tzinfo=UTC)

    assert to_text(earlier) < to_text(later)
    assert to_text(earlier).startswith("2025-01-01T11:00:00")


# --- outbox ----------------------------------------------------------------------------------


def test_transaction_id_is_stable_for_the_same_cause_and_position() -> None:
    assert transaction_id("$event:example.org", 0) == transaction_id("$event:example.org", 0)


def test_transaction_id_differs_by_cause_and_by_position() -> None:
    ids = {
        transaction_id("$a:example.org", 0),
        transaction_id("$a:example.org", 1),
        transaction_id("$b:example.org", 0),
        transaction_id("$b:example.org", 1),
    }
    assert len(ids) == 4


@pytest.mark.parametrize(
    "cause",
    ["$event:example.org", "", "é/ü?#&%\x00 \n", "x" * 10_000, "$abc", "campaign:42:remind"],
)
def test_transaction_id_is_safe_to_put_in_a_matrix_url(cause: str) -> None:
    txn = transaction_id(cause, 3)

    assert len(txn) <= 255
    assert re.fullmatch(r"[A-Za-z0-9._~-]+", txn)


async def test_queueing_the_same_cause_twice_queues_it_once(db: Database) -> None:
    messages = [
        OutgoingMessage("!dm:example.org", {"msgtype": "m.notice", "body": "un"}),
        OutgoingMessage("!dm:example.org", {"msgtype": "m.notice", "body": "deux"}),
    ]
    async with db.transaction() as session:
        first = await session.outbox.add("$cause", messages, NOW)
    async with db.transaction() as session:
        second = await session.outbox.add("$cause", messages, NOW + timedelta(minutes=1))

    assert first == second
    assert len(set(first)) == 2
    async with db.read() as session:
        assert await session.outbox.count_unsent() == 2
        assert [entry.txn_id for entry in await session.outbox.unsent()] == first


async def test_queued_messages_come_back_in_order_with_their_content(db: Database) -> None:
    async with db.transaction() as session:
        await session.outbox.add(
            "$b", [OutgoingMessage("!r1:example.org", {"body": "Répondez, s'il vous plaît"})], NOW
        )
        await session.outbox.add(
            "$a",
            [OutgoingMessage("!r2:example.org", {"body": "deuxième"}, event_type="m.custom")],
            NOW,
        )

    async with db.read() as session:
        entries = await session.outbox.unsent()

    assert [entry.id for entry in entries] == sorted(entry.id for entry in entries)
    assert [(e.room_id, e.event_type, e.content, e.attempts) for e in entries] == [
        ("!r1:example.org", "m.room.message", {"body": "Répondez, s'il vous plaît"}, 0),
        ("!r2:example.org", "m.custom", {"body": "deuxième"}, 0),
    ]
    assert entries[0].txn_id == transaction_id("$b", 0)


async def test_a_failed_send_stays_queued_and_counts_the_attempt(db: Database) -> None:
    async with db.transaction() as session:
        await session.outbox.add("$cause", [OutgoingMessage("!r:example.org", {"body": "x"})], NOW)
        (entry,) = await session.outbox.unsent()
        await session.outbox.mark_failed(entry.id, "M_LIMIT_EXCEEDED " + "!" * 2000)
        await session.outbox.mark_failed(entry.id, "timeout")

    async with db.read() as session:
        (again,) = await session.outbox.unsent()
        row = await session.conn.one("SELECT last_error FROM outbox WHERE id = ?", (entry.id,))

    assert again.id == entry.id
    assert again.attempts == 2
    assert row == ("timeout",)


async def test_a_long_send_error_is_stored_truncated(db: Database) -> None:
    async with db.transaction() as session:
        await session.outbox.add("$cause", [OutgoingMessage("!r:example.org", {})], NOW)
        (entry,) = await session.outbox.unsent()
        await session.outbox.mark_failed(entry.id, "E" * 2000)
        row = await session.conn.one("SELECT last_error FROM outbox")

    assert row is not None
    assert row[0] == "E" * 500


async def test_a_sent_message_leaves_the_queue(db: Database) -> None:
    async with db.transaction() as session:
        await session.outbox.add(
            "$cause",
            [OutgoingMessage("!r:example.org", {"n": 1}), OutgoingMessage("!r:example.org", {})],
            NOW,
        )
        first, second = await session.outbox.unsent()
        await session.outbox.mark_failed(first.id, "timeout")
        await session.outbox.mark_sent(first.id, "$sent:example.org", NOW)

    async with db.read() as session:
        assert [entry.id for entry in await session.outbox.unsent()] == [second.id]
        assert await session.outbox.count_unsent() == 1
        row = await session.conn.one(
            "SELECT attempts, event_id, sent_at IS NOT NULL FROM outbox WHERE id = ?", (first.id,)
        )
        assert tuple(row) == (2, "$sent:example.org", True)


async def test_unsent_honours_its_limit_oldest_first(db: Database) -> None:
    async with db.transaction() as session:
        for n in range(5):
            await session.outbox.add(f"$cause{n}", [OutgoingMessage("!r:x.org", {"n": n})], NOW)

    async with db.read() as session:
        entries = await session.outbox.unsent(limit=2)

    assert [entry.content["n"] for entry in entries] == [0, 1]


# --- events ----------------------------------------------------------------------------------


async def test_an_event_is_processed_once_and_its_replay_is_recognised(db: Database) -> None:
    async with db.transaction() as session:
        assert not await session.events.is_processed("$e")
        assert await session.events.mark_processed("$e", "!r:example.org", NOW) is True
        assert await session.events.mark_processed("$e", "!r:example.org", NOW) is False
        assert await session.events.mark_processed("$other", "!r:example.org", NOW) is True
        assert await session.events.is_processed("$e")


async def test_a_pending_encrypted_event_round_trips_exactly(db: Database) -> None:
    event = pending_event("$enc", NOW)

    async with db.transaction() as session:
        await session.events.keep_pending(event)
    async with db.read() as session:
        assert await session.events.pending() == [event]


async def test_pending_encrypted_events_come_back_oldest_first(db: Database) -> None:
    paris = timezone(timedelta(hours=1))
    late = pending_event("$late", NOW + timedelta(minutes=5))
    early_in_paris = pending_event("$early", datetime(2025, 3, 14, 10, 0, tzinfo=paris))  # 9:00Z

    async with db.transaction() as session:
        await session.events.keep_pending(late)
        await session.events.keep_pending(early_in_paris)
    async with db.read() as session:
        assert [p.event_id for p in await session.events.pending()] == ["$early", "$late"]


async def test_keeping_a_pending_event_twice_keeps_the_first_copy(db: Database) -> None:
    async with db.transaction() as session:
        await session.events.keep_pending(pending_event("$enc", NOW))
        await session.events.keep_pending(pending_event("$enc", NOW, sender="@mallory:x.org"))
    async with db.read() as session:
        assert [p.sender for p in await session.events.pending()] == ["@alice:example.org"]


async def test_a_key_request_is_remembered_and_a_dropped_event_is_gone(db: Database) -> None:
    asked = NOW + timedelta(seconds=5)
    async with db.transaction() as session:
        await session.events.keep_pending(pending_event("$one", NOW))
        await session.events.keep_pending(pending_event("$two", NOW + timedelta(seconds=1)))
        await session.events.mark_key_requested("$one", asked)

    async with db.read() as session:
        one, two = await session.events.pending()
    assert one.key_requested_at == asked
    assert two.key_requested_at is None

    async with db.transaction() as session:
        await session.events.drop_pending("$one")
        await session.events.drop_pending("$never-kept")
    async with db.read() as session:
        assert [p.event_id for p in await session.events.pending()] == ["$two"]


# --- sync ------------------------------------------------------------------------------------


async def test_a_new_database_has_no_sync_token_and_no_first_start(db: Database) -> None:
    async with db.read() as session:
        assert await session.sync.next_batch() is None
        assert await session.sync.first_started_at() is None


async def test_the_first_start_is_kept_on_later_starts(db: Database) -> None:
    async with db.transaction() as session:
        assert await session.sync.record_first_start(NOW) == NOW
    async with db.transaction() as session:
        assert await session.sync.record_first_start(NOW + timedelta(days=3)) == NOW
    async with db.read() as session:
        assert await session.sync.first_started_at() == NOW


async def test_the_sync_token_is_saved_and_replaced(db: Database) -> None:
    async with db.transaction() as session:
        await session.sync.record_first_start(NOW)
        await session.sync.save_next_batch("s1_token")
    async with db.transaction() as session:
        await session.sync.save_next_batch("s2_token")
    async with db.read() as session:
        assert await session.sync.next_batch() == "s2_token"
        assert await session.sync.first_started_at() == NOW


# --- credentials -----------------------------------------------------------------------------


async def test_credentials_are_saved_overwritten_and_cleared(db: Database) -> None:
    first = Credentials("@bot:example.org", "DEVICE1", "token-one")
    second = Credentials("@bot:example.org", "DEVICE2", "token-two")

    async with db.transaction() as session:
        assert await session.credentials.get() is None
        await session.credentials.save(first, NOW)
        assert await session.credentials.get() == first
        await session.credentials.save(second, NOW + timedelta(hours=1))
        assert await session.credentials.get() == second
        assert tuple(await session.conn.one("SELECT COUNT(*) FROM credentials")) == (1,)
        await session.credentials.clear()
        assert await session.credentials.get() is None


def test_credentials_never_show_their_access_token() -> None:
    credentials = Credentials("@bot:example.org", "DEVICE1", "syt_very_secret_token")

    for shown in (repr(credentials), str(credentials), f"{credentials}", f"{[credentials]}"):
        assert "syt_very_secret_token" not in shown
        assert "DEVICE1" in shown


# --- direct rooms ----------------------------------------------------------------------------


async def test_a_direct_room_is_found_from_the_user_and_the_user_from_the_room(
    db: Database,
) -> None:
    async with db.transaction() as session:
        await session.direct_rooms.remember("@alice:example.org", "!dm-alice:example.org", NOW)
        await session.direct_rooms.remember("@bob:example.org", "!dm-bob:example.org", NOW)

    async with db.read() as session:
        assert await session.direct_rooms.room_for("@alice:example.org") == "!dm-alice:example.org"
        assert await session.direct_rooms.user_for("!dm-bob:example.org") == "@bob:example.org"
        assert await session.direct_rooms.room_for("@carol:example.org") is None
        assert await session.direct_rooms.user_for("!group:example.org") is None


async def test_the_latest_room_a_user_talks_in_becomes_their_direct_room(db: Database) -> None:
    async with db.transaction() as session:
        await session.direct_rooms.remember("@alice:example.org", "!old:example.org", NOW)
        await session.direct_rooms.remember(
            "@alice:example.org", "!new:example.org", NOW + timedelta(days=1)
        )

    async with db.read() as session:
        assert await session.direct_rooms.room_for("@alice:example.org") == "!new:example.org"
        assert await session.direct_rooms.user_for("!new:example.org") == "@alice:example.org"
        assert await session.direct_rooms.user_for("!old:example.org") is None


async def test_a_device_writing_in_a_room_is_new_only_the_first_time(db: Database) -> None:
    async with db.transaction() as session:
        first = await session.room_devices.record_writer("!dm:x", "@a:x", "curve-phone", NOW)
        again = await session.room_devices.record_writer("!dm:x", "@a:x", "curve-phone", NOW)
        elsewhere = await session.room_devices.record_writer("!other:x", "@a:x", "curve-phone", NOW)
        laptop = await session.room_devices.record_writer("!dm:x", "@a:x", "curve-laptop", NOW)

    assert (first, again, elsewhere, laptop) == (True, False, True, True)


async def test_only_the_key_holders_of_the_latest_message_are_remembered(db: Database) -> None:
    async with db.read() as session:
        assert await session.room_devices.held_latest_key("!dm:x", "curve-phone") is None
    async with db.transaction() as session:
        await session.room_devices.record_key_holders("!dm:x", "s1", ["curve-phone"], NOW)
        await session.room_devices.record_key_holders(
            "!dm:x", "s2", ["curve-laptop", "curve-laptop"], NOW + timedelta(seconds=1)
        )
        await session.room_devices.record_key_holders("!other:x", "s3", [], NOW)

    async with db.read() as session:
        assert await session.room_devices.held_latest_key("!dm:x", "curve-laptop") is True
        assert await session.room_devices.held_latest_key("!dm:x", "curve-phone") is False
        assert await session.room_devices.held_latest_key("!other:x", "curve-laptop") is False


def test_migration_scripts_keep_triggers_and_quoted_semicolons_whole() -> None:
    from storage.migrations import _statements

    script = """
        CREATE TABLE t (x TEXT DEFAULT 'a;b');
        CREATE TRIGGER t_ai AFTER INSERT ON t BEGIN
            UPDATE t SET x = 'c;d' WHERE rowid = new.rowid;
        END;
    """
    statements = _statements(script)

    assert len(statements) == 2
    assert "'a;b'" in statements[0]
    assert statements[1].startswith("CREATE TRIGGER") and statements[1].endswith("END;")


async def test_whose_dm_a_room_is_is_read_through_an_index(conn: aiosqlite.Connection) -> None:
    """Asked for every message the bot reads: a full scan of the DMs at 10,000 agents
    would be paid on each one."""
    await migrate(SqliteConnection(conn))
    async with conn.execute(
        "EXPLAIN QUERY PLAN SELECT user_id FROM direct_rooms WHERE room_id = ?", ("!r",)
    ) as cursor:
        plan = " ".join(str(row[-1]) for row in await cursor.fetchall())

    assert "USING INDEX direct_rooms_by_room" in plan
