"""Migration 13 on a single commune's database (version 12, on each engine): every row
stays, as tenant `default` and as no bot's until its bot adopts it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import pytest

from storage import Credentials, Database, OutgoingMessage
from storage.clock import to_text
from storage.connection import Connection, PostgresConnection, SqliteConnection
from storage.database import connect
from storage.migrations import migrate, schema_version
from tests.support.postgres import PostgresServer

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
T = to_text(NOW)
BOT = "@harmonie:mairie.fr"
AGENT = "@agent:mairie.fr"
DM = "!dm:mairie.fr"

# What a version 12 database holds, written as that version wrote it.
ROWS_V12 = [
    ("INSERT INTO agents (user_id, created_at) VALUES (?, ?)", (AGENT, T)),
    ("INSERT INTO campaigns (title, opened_by, opened_at) VALUES ('2026', '@dgs:x', ?)", (T,)),
    (
        "INSERT INTO participations (campaign_id, agent_id, service, updated_at)"
        " SELECT c.id, a.id, 'RH', ? FROM campaigns c, agents a",
        (T,),
    ),
    (
        "INSERT INTO rollout_plans (suite, start_on, created_by, created_at)"
        " VALUES ('alpha', '2027-03-01', '@dgs:x', ?)",
        (T,),
    ),
    (
        "INSERT INTO job_runs (key, due_at, ran_at, outcome)"
        " VALUES ('plan:1:remind:1:2027-02-10', ?, ?, 'sent to 2')",
        (T, T),
    ),
    (
        "INSERT INTO trials (suites, plan, opened_by, opened_at)"
        " VALUES ('[\"alpha\"]', '{}', '@dsi:x', ?)",
        (T,),
    ),
    (
        "INSERT INTO choice_decisions (suite, suite_name, decided_by, decided_at)"
        " VALUES ('alpha', 'Alpha', '@dgs:x', ?)",
        (T,),
    ),
    ("INSERT INTO audit_log (at, actor, action) VALUES (?, '@dgs:x', 'rapport')", (T,)),
    (
        "INSERT INTO credentials (id, user_id, device_id, access_token, created_at)"
        " VALUES (1, ?, 'DEVICE', 'token', ?)",
        (BOT, T),
    ),
    ("INSERT INTO sync_state (id, next_batch, first_started_at) VALUES (1, 's42', ?)", (T,)),
    (
        "INSERT INTO processed_events (event_id, room_id, processed_at) VALUES ('$seen', ?, ?)",
        (DM, T),
    ),
    (
        "INSERT INTO pending_encrypted (event_id, room_id, sender, session_id, source,"
        " received_at) VALUES ('$locked', ?, ?, 'megolm', '{}', ?)",
        (DM, AGENT, T),
    ),
    ("INSERT INTO direct_rooms (user_id, room_id, created_at) VALUES (?, ?, ?)", (AGENT, DM, T)),
    (
        "INSERT INTO room_writers (room_id, user_id, device_key, first_seen_at)"
        " VALUES (?, ?, 'curve', ?)",
        (DM, AGENT, T),
    ),
    (
        "INSERT INTO room_key_holders (room_id, session_id, device_keys, sent_at)"
        " VALUES (?, 'megolm', '[\"curve\"]', ?)",
        (DM, T),
    ),
    (
        "INSERT INTO notices (cause, user_id, content, created_at) VALUES ('rappel', ?, '[]', ?)",
        (AGENT, T),
    ),
] + [
    (
        "INSERT INTO outbox (txn_id, room_id, event_type, content, created_at)"
        " VALUES (?, ?, 'm.room.message', '{\"body\": \"bonjour\"}', ?)",
        (f"harmonie-{n}", DM, T),
    )
    for n in (1, 2, 3)
]


@pytest.fixture
async def version_12(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> AsyncIterator[str | Path]:
    """A database at version 12, with a row in each table that migration 13 changes; where
    to open it."""
    conn: Connection
    target: str | Path
    if backend == "postgresql":
        server: PostgresServer = request.getfixturevalue("postgres")
        target = await server.new_database()
        conn = PostgresConnection(await asyncpg.connect(target))
    else:
        target = tmp_path / "v12.db"
        conn = SqliteConnection(await connect(target))
    try:
        assert await migrate(conn, target=12) == 12
        for sql, parameters in ROWS_V12:
            await conn.execute(sql, parameters)
        # The last message was erased (!oublier): its id must not come back.
        await conn.execute("DELETE FROM outbox WHERE txn_id = 'harmonie-3'")
    finally:
        await conn.close()
    yield target


@pytest.fixture
async def upgraded(version_12: str | Path) -> AsyncIterator[Database]:
    db = await Database.open(version_12)  # migrates to the latest version
    try:
        yield db
    finally:
        await db.close()


async def test_the_tenants_rows_stay_as_those_of_the_default_tenant(upgraded: Database) -> None:
    async with upgraded.read() as session:
        assert await schema_version(session.conn) >= 13
        agent = await session.agents.get(AGENT)
        campaign = await session.campaigns.current()
        plan = await session.rollout.active()
        trial = await session.trials.current()
        decision = await session.trials.decision()
        audit = await session.reports.audit_entries()
        outcome = await session.rollout.job_outcome("plan:1:remind:1:2027-02-10")
        claimed = await session.rollout.claimed("plan:1:")
        status = await session.participations.status(campaign.id if campaign else 0)
    async with upgraded.scoped("autre", "").read() as session:
        elsewhere = [
            await session.agents.get(AGENT),
            await session.campaigns.latest(),
            await session.rollout.latest(),
            await session.trials.latest(),
            await session.trials.decision(),
            await session.rollout.job_outcome("plan:1:remind:1:2027-02-10"),
        ]

    assert agent is not None and campaign is not None and campaign.title == "2026"
    assert plan is not None and plan.suite == "alpha"
    assert trial is not None and trial.suites == ("alpha",)
    assert decision is not None and decision.suite == "alpha"
    assert [entry[2] for entry in audit] == ["rapport"]
    assert outcome == "sent to 2" and claimed == {"plan:1:remind:1:2027-02-10"}
    assert sum(status.invited.values()) == 0 and status.started == status.finished
    assert elsewhere == [None] * 6


async def test_another_tenant_opens_its_own_beside_the_default_ones(upgraded: Database) -> None:
    async with upgraded.scoped("autre", "").transaction() as session:
        campaign = await session.campaigns.open("autre", "@maire:x", None, NOW)
        await session.trials.open(["beta"], "@maire:x", None, NOW, plan="{}")

    async with upgraded.read() as session:
        current = await session.campaigns.current()
    assert current is not None and current.id != campaign.id


async def test_the_bots_rows_wait_for_their_bot_then_are_its_own(upgraded: Database) -> None:
    async with upgraded.read() as session:  # before adoption: bot ''
        token = await session.sync.next_batch()
        processed = await session.events.is_processed("$seen")
    async with upgraded.scoped("default", BOT).read() as session:
        login = await session.credentials.get()  # keyed by its account from the start
        token_of_bot = await session.sync.next_batch()

    moved = await upgraded.adopt(BOT)

    bot = upgraded.scoped("default", BOT)
    async with bot.transaction() as session:
        await session.outbox.add("$new", [OutgoingMessage(DM, {"body": "encore"})], NOW)
    async with bot.read() as session:
        assert await session.sync.next_batch() == "s42"
        assert await session.sync.first_started_at() == NOW
        assert await session.events.is_processed("$seen")
        assert len(await session.events.pending()) == 1
        assert await session.direct_rooms.room_for(AGENT) == DM
        assert (await session.room_devices.view(DM, "curve")).wrote_before
        assert await session.room_devices.held_latest_key(DM, "curve")
        assert [letter.cause for letter in await session.letters.undelivered()] == ["rappel"]
        unsent = await session.outbox.unsent()
    async with upgraded.read() as session:
        assert await session.sync.next_batch() is None
        assert await session.outbox.count_unsent() == 0

    assert (token, processed) == ("s42", True)
    assert login == Credentials(BOT, "DEVICE", "token")
    assert token_of_bot is None
    assert moved == 9
    assert [entry.txn_id for entry in unsent][:2] == ["harmonie-1", "harmonie-2"]
    assert unsent[2].id > 3  # ids go on after the highest ever given, erased or not


async def test_the_same_event_id_is_new_for_a_second_bot_after_the_migration(
    upgraded: Database,
) -> None:
    await upgraded.adopt(BOT)

    async with upgraded.scoped("default", "@autre-bot:cdg.fr").transaction() as session:
        assert await session.events.mark_processed("$seen", DM, NOW)
