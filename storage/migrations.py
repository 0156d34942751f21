"""Numbered schema migrations, each applied in one transaction with its version bump.

A database newer than the code is refused rather than guessed at: an older release
must never write into a schema it does not know.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from .connection import Connection, Dialect


class SchemaTooNewError(RuntimeError):
    """The database was written by a newer Harmonie; upgrade the code, do not downgrade data."""


@dataclass(frozen=True)
class Migration:
    """`sql` is written for SQLite and serves PostgreSQL through `for_dialect`;
    `postgresql` replaces it there only where the engines really differ."""

    version: int
    description: str
    sql: str
    postgresql: str | None = None

    def script(self, dialect: Dialect) -> str:
        if dialect == "postgresql":
            return for_dialect(self.postgresql or self.sql, dialect)
        return self.sql


# Migration 13. The tenant roots get their organisation (existing rows: the single commune
# of today, `default`), and "one open at a time" becomes one per organisation; job keys are
# prefixed with their tenant. Both engines run this part as written.
_TENANTS = """
    ALTER TABLE agents ADD COLUMN organisation TEXT NOT NULL DEFAULT 'default';
    CREATE INDEX agents_by_organisation ON agents (organisation);
    ALTER TABLE campaigns ADD COLUMN organisation TEXT NOT NULL DEFAULT 'default';
    DROP INDEX campaigns_one_open;
    CREATE UNIQUE INDEX campaigns_one_open ON campaigns (organisation) WHERE closed_at IS NULL;
    ALTER TABLE rollout_plans ADD COLUMN organisation TEXT NOT NULL DEFAULT 'default';
    DROP INDEX rollout_plans_one_active;
    CREATE UNIQUE INDEX rollout_plans_one_active ON rollout_plans (organisation)
        WHERE cancelled_at IS NULL;
    ALTER TABLE trials ADD COLUMN organisation TEXT NOT NULL DEFAULT 'default';
    DROP INDEX trials_one_open;
    CREATE UNIQUE INDEX trials_one_open ON trials (organisation) WHERE closed_at IS NULL;
    ALTER TABLE choice_decisions ADD COLUMN organisation TEXT NOT NULL DEFAULT 'default';
    ALTER TABLE audit_log ADD COLUMN organisation TEXT NOT NULL DEFAULT 'default';
    UPDATE job_runs SET key = 'default:' || key;
    ALTER TABLE notices ADD COLUMN bot TEXT NOT NULL DEFAULT '';
    DROP INDEX notices_undelivered;
    CREATE INDEX notices_undelivered ON notices (bot, id) WHERE delivered_at IS NULL;
"""

# The bot's own tables get the bot in their key: its login and sync token one row per bot
# (the login's bot is its user id; the sync token, as every other row, goes to bot '' until
# a bot adopts it), an event new for each bot that sees it. SQLite cannot change a key in
# place: each table is built anew and its rows copied (as migration 8 did).
_BOT_KEYS_SQLITE = """
    ALTER TABLE credentials RENAME TO credentials_v12;
    CREATE TABLE credentials (
        bot TEXT NOT NULL PRIMARY KEY,
        user_id TEXT NOT NULL,
        device_id TEXT NOT NULL,
        access_token TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    INSERT INTO credentials (bot, user_id, device_id, access_token, created_at)
        SELECT user_id, user_id, device_id, access_token, created_at FROM credentials_v12;
    DROP TABLE credentials_v12;

    ALTER TABLE sync_state RENAME TO sync_state_v12;
    CREATE TABLE sync_state (
        bot TEXT NOT NULL PRIMARY KEY,
        next_batch TEXT,
        first_started_at TEXT NOT NULL
    );
    INSERT INTO sync_state (bot, next_batch, first_started_at)
        SELECT '', next_batch, first_started_at FROM sync_state_v12;
    DROP TABLE sync_state_v12;

    ALTER TABLE processed_events RENAME TO processed_events_v12;
    CREATE TABLE processed_events (
        bot TEXT NOT NULL DEFAULT '',
        event_id TEXT NOT NULL,
        room_id TEXT NOT NULL,
        processed_at TEXT NOT NULL,
        PRIMARY KEY (bot, event_id)
    );
    INSERT INTO processed_events (event_id, room_id, processed_at)
        SELECT event_id, room_id, processed_at FROM processed_events_v12;
    DROP TABLE processed_events_v12;

    ALTER TABLE pending_encrypted RENAME TO pending_encrypted_v12;
    CREATE TABLE pending_encrypted (
        bot TEXT NOT NULL DEFAULT '',
        event_id TEXT NOT NULL,
        room_id TEXT NOT NULL,
        sender TEXT NOT NULL,
        session_id TEXT NOT NULL,
        source TEXT NOT NULL,
        received_at TEXT NOT NULL,
        key_requested_at TEXT,
        PRIMARY KEY (bot, event_id)
    );
    INSERT INTO pending_encrypted (event_id, room_id, sender, session_id, source, received_at,
            key_requested_at)
        SELECT event_id, room_id, sender, session_id, source, received_at, key_requested_at
        FROM pending_encrypted_v12;
    DROP TABLE pending_encrypted_v12;
    CREATE INDEX pending_encrypted_session ON pending_encrypted (session_id);

    ALTER TABLE direct_rooms RENAME TO direct_rooms_v12;
    CREATE TABLE direct_rooms (
        bot TEXT NOT NULL DEFAULT '',
        user_id TEXT NOT NULL,
        room_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (bot, user_id)
    );
    INSERT INTO direct_rooms (user_id, room_id, created_at)
        SELECT user_id, room_id, created_at FROM direct_rooms_v12;
    DROP TABLE direct_rooms_v12;
    CREATE INDEX direct_rooms_by_room ON direct_rooms (room_id);

    ALTER TABLE room_writers RENAME TO room_writers_v12;
    CREATE TABLE room_writers (
        bot TEXT NOT NULL DEFAULT '',
        room_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        device_key TEXT NOT NULL,
        first_seen_at TEXT NOT NULL,
        PRIMARY KEY (bot, room_id, device_key)
    );
    INSERT INTO room_writers (room_id, user_id, device_key, first_seen_at)
        SELECT room_id, user_id, device_key, first_seen_at FROM room_writers_v12;
    DROP TABLE room_writers_v12;

    ALTER TABLE room_key_holders RENAME TO room_key_holders_v12;
    CREATE TABLE room_key_holders (
        bot TEXT NOT NULL DEFAULT '',
        room_id TEXT NOT NULL,
        session_id TEXT NOT NULL,
        device_keys TEXT NOT NULL,
        sent_at TEXT NOT NULL,
        PRIMARY KEY (bot, room_id)
    );
    INSERT INTO room_key_holders (room_id, session_id, device_keys, sent_at)
        SELECT room_id, session_id, device_keys, sent_at FROM room_key_holders_v12;
    DROP TABLE room_key_holders_v12;

    ALTER TABLE outbox RENAME TO outbox_v12;
    CREATE TABLE outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        bot TEXT NOT NULL DEFAULT '',
        txn_id TEXT NOT NULL,
        room_id TEXT NOT NULL,
        event_type TEXT NOT NULL,
        content TEXT NOT NULL,
        created_at TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        sent_at TEXT,
        event_id TEXT,
        UNIQUE (bot, txn_id)
    );
    INSERT INTO outbox (id, txn_id, room_id, event_type, content, created_at, attempts,
            last_error, sent_at, event_id)
        SELECT id, txn_id, room_id, event_type, content, created_at, attempts, last_error,
            sent_at, event_id FROM outbox_v12;
    DELETE FROM sqlite_sequence WHERE name = 'outbox';
    UPDATE sqlite_sequence SET name = 'outbox' WHERE name = 'outbox_v12';
    DROP TABLE outbox_v12;
    CREATE INDEX outbox_unsent ON outbox (bot, id) WHERE sent_at IS NULL;
"""

# PostgreSQL changes a key in place (and a copy would leave the outbox's identity behind
# its ids). Constraint names are PostgreSQL's own, given by migrations 1 and 9.
_BOT_KEYS_POSTGRESQL = """
    ALTER TABLE credentials ADD COLUMN bot TEXT;
    UPDATE credentials SET bot = user_id;
    ALTER TABLE credentials DROP COLUMN id;
    ALTER TABLE credentials ADD PRIMARY KEY (bot);
    ALTER TABLE sync_state ADD COLUMN bot TEXT NOT NULL DEFAULT '';
    ALTER TABLE sync_state ALTER COLUMN bot DROP DEFAULT;
    ALTER TABLE sync_state DROP COLUMN id;
    ALTER TABLE sync_state ADD PRIMARY KEY (bot);
    ALTER TABLE processed_events ADD COLUMN bot TEXT NOT NULL DEFAULT '';
    ALTER TABLE processed_events DROP CONSTRAINT processed_events_pkey;
    ALTER TABLE processed_events ADD PRIMARY KEY (bot, event_id);
    ALTER TABLE pending_encrypted ADD COLUMN bot TEXT NOT NULL DEFAULT '';
    ALTER TABLE pending_encrypted DROP CONSTRAINT pending_encrypted_pkey;
    ALTER TABLE pending_encrypted ADD PRIMARY KEY (bot, event_id);
    ALTER TABLE direct_rooms ADD COLUMN bot TEXT NOT NULL DEFAULT '';
    ALTER TABLE direct_rooms DROP CONSTRAINT direct_rooms_pkey;
    ALTER TABLE direct_rooms ADD PRIMARY KEY (bot, user_id);
    ALTER TABLE room_writers ADD COLUMN bot TEXT NOT NULL DEFAULT '';
    ALTER TABLE room_writers DROP CONSTRAINT room_writers_pkey;
    ALTER TABLE room_writers ADD PRIMARY KEY (bot, room_id, device_key);
    ALTER TABLE room_key_holders ADD COLUMN bot TEXT NOT NULL DEFAULT '';
    ALTER TABLE room_key_holders DROP CONSTRAINT room_key_holders_pkey;
    ALTER TABLE room_key_holders ADD PRIMARY KEY (bot, room_id);
    ALTER TABLE outbox ADD COLUMN bot TEXT NOT NULL DEFAULT '';
    ALTER TABLE outbox DROP CONSTRAINT outbox_txn_id_key;
    ALTER TABLE outbox ADD UNIQUE (bot, txn_id);
    DROP INDEX outbox_unsent;
    CREATE INDEX outbox_unsent ON outbox (bot, id) WHERE sent_at IS NULL;
"""


MIGRATIONS: Sequence[Migration] = (
    Migration(
        1,
        "bot session, sync token, processed events, outbox, pending encrypted events",
        """
        CREATE TABLE credentials (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            user_id TEXT NOT NULL,
            device_id TEXT NOT NULL,
            access_token TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE sync_state (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            next_batch TEXT,
            first_started_at TEXT NOT NULL
        );
        CREATE TABLE processed_events (
            event_id TEXT PRIMARY KEY,
            room_id TEXT NOT NULL,
            processed_at TEXT NOT NULL
        );
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            txn_id TEXT NOT NULL UNIQUE,
            room_id TEXT NOT NULL,
            event_type TEXT NOT NULL,
            content TEXT NOT NULL,
            created_at TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            sent_at TEXT,
            event_id TEXT
        );
        CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL;
        CREATE TABLE pending_encrypted (
            event_id TEXT PRIMARY KEY,
            room_id TEXT NOT NULL,
            sender TEXT NOT NULL,
            session_id TEXT NOT NULL,
            source TEXT NOT NULL,
            received_at TEXT NOT NULL,
            key_requested_at TEXT
        );
        CREATE INDEX pending_encrypted_session ON pending_encrypted (session_id);
        CREATE TABLE direct_rooms (
            user_id TEXT PRIMARY KEY,
            room_id TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        """,
    ),
    Migration(
        2,
        "agents (pseudonymous key), campaigns, participations, answers and ratings",
        """
        CREATE TABLE agents (
            id INTEGER PRIMARY KEY,
            user_id TEXT NOT NULL UNIQUE,
            language TEXT,
            created_at TEXT NOT NULL
        );
        CREATE TABLE campaigns (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            opened_by TEXT NOT NULL,
            opened_at TEXT NOT NULL,
            closes_on TEXT,
            closed_at TEXT
        );
        CREATE UNIQUE INDEX campaigns_one_open ON campaigns ((closed_at IS NULL))
            WHERE closed_at IS NULL;
        CREATE TABLE participations (
            campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
            agent_id INTEGER NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
            room_id TEXT,
            invite_requested_at TEXT,
            invited_at TEXT,
            started_at TEXT,
            finished_at TEXT,
            service TEXT,
            state TEXT,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (campaign_id, agent_id)
        );
        CREATE INDEX participations_to_invite ON participations (campaign_id)
            WHERE invited_at IS NULL;
        CREATE TABLE category_answers (
            campaign_id INTEGER NOT NULL,
            agent_id INTEGER NOT NULL,
            category TEXT NOT NULL,
            tool TEXT,
            other INTEGER NOT NULL DEFAULT 0,
            needed INTEGER,
            need_why TEXT,
            problem TEXT,
            skipped INTEGER NOT NULL DEFAULT 0,
            complete INTEGER NOT NULL DEFAULT 0,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (campaign_id, agent_id, category),
            FOREIGN KEY (campaign_id, agent_id)
                REFERENCES participations (campaign_id, agent_id) ON DELETE CASCADE
        );
        CREATE TABLE ratings (
            campaign_id INTEGER NOT NULL,
            agent_id INTEGER NOT NULL,
            category TEXT NOT NULL,
            criterion TEXT NOT NULL,
            value INTEGER CHECK (value IS NULL OR value BETWEEN 0 AND 10),
            PRIMARY KEY (campaign_id, agent_id, category, criterion),
            FOREIGN KEY (campaign_id, agent_id, category)
                REFERENCES category_answers (campaign_id, agent_id, category) ON DELETE CASCADE
        );
        """,
    ),
    Migration(
        3,
        "reminders: how many were sent, opting out, absences",
        """
        ALTER TABLE participations ADD COLUMN reminders_sent INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE participations ADD COLUMN last_reminded_at TEXT;
        ALTER TABLE participations ADD COLUMN last_answer_at TEXT;
        ALTER TABLE agents ADD COLUMN reminders_off INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE agents ADD COLUMN absent_until TEXT;
        """,
    ),
    Migration(
        4,
        "audit log of report requests (who, when, what)",
        """
        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            details TEXT NOT NULL DEFAULT ''
        );
        """,
    ),
    Migration(
        5,
        "rollout plans and their steps; scheduled jobs run at most once",
        """
        CREATE TABLE rollout_plans (
            id INTEGER PRIMARY KEY,
            suite TEXT NOT NULL,
            start_on TEXT NOT NULL,
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL,
            cancelled_at TEXT
        );
        CREATE UNIQUE INDEX rollout_plans_one_active ON rollout_plans ((cancelled_at IS NULL))
            WHERE cancelled_at IS NULL;
        CREATE TABLE rollout_steps (
            plan_id INTEGER NOT NULL REFERENCES rollout_plans (id),
            number INTEGER NOT NULL,
            key TEXT NOT NULL,
            due_on TEXT NOT NULL,
            done_at TEXT,
            done_by TEXT,
            PRIMARY KEY (plan_id, number)
        );
        CREATE TABLE job_runs (
            key TEXT PRIMARY KEY,
            due_at TEXT NOT NULL,
            ran_at TEXT NOT NULL,
            outcome TEXT NOT NULL
        );
        """,
    ),
    Migration(
        6,
        "step owners, training sessions, feedback waves and answers, messages to a person",
        """
        ALTER TABLE rollout_steps ADD COLUMN owners TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE rollout_steps ADD COLUMN dated_on TEXT;
        CREATE TABLE rollout_trainings (
            id INTEGER PRIMARY KEY,
            plan_id INTEGER NOT NULL REFERENCES rollout_plans (id),
            starts_at TEXT NOT NULL,
            place TEXT,
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE feedback_waves (
            id INTEGER PRIMARY KEY,
            plan_id INTEGER NOT NULL REFERENCES rollout_plans (id),
            number INTEGER NOT NULL,
            due_on TEXT NOT NULL,
            opened_at TEXT NOT NULL,
            UNIQUE (plan_id, number)
        );
        CREATE TABLE feedback_responses (
            wave_id INTEGER NOT NULL REFERENCES feedback_waves (id),
            agent_id INTEGER NOT NULL REFERENCES agents (id),
            state TEXT NOT NULL,
            finished_at TEXT,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (wave_id, agent_id)
        );
        CREATE TABLE feedback_ratings (
            wave_id INTEGER NOT NULL REFERENCES feedback_waves (id),
            agent_id INTEGER NOT NULL REFERENCES agents (id),
            criterion TEXT NOT NULL,
            value INTEGER CHECK (value BETWEEN 0 AND 10),
            PRIMARY KEY (wave_id, agent_id, criterion)
        );
        CREATE TABLE feedback_comments (
            id INTEGER PRIMARY KEY,
            plan_id INTEGER REFERENCES rollout_plans (id),
            wave_id INTEGER REFERENCES feedback_waves (id),
            agent_id INTEGER NOT NULL REFERENCES agents (id),
            body TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE UNIQUE INDEX feedback_comments_one_per_wave
            ON feedback_comments (wave_id, agent_id) WHERE wave_id IS NOT NULL;
        CREATE TABLE notices (
            id INTEGER PRIMARY KEY,
            cause TEXT NOT NULL UNIQUE,
            user_id TEXT NOT NULL,
            content TEXT NOT NULL,
            created_at TEXT NOT NULL,
            room_requested_at TEXT,
            delivered_at TEXT
        );
        CREATE INDEX notices_undelivered ON notices (id) WHERE delivered_at IS NULL;
        """,
    ),
    Migration(
        7,
        "retention: a campaign's raw answers purged, its report kept",
        """
        ALTER TABLE campaigns ADD COLUMN purged_at TEXT;
        CREATE TABLE campaign_snapshots (
            campaign_id INTEGER PRIMARY KEY REFERENCES campaigns (id),
            language TEXT NOT NULL,
            plain TEXT NOT NULL,
            html TEXT NOT NULL,
            made_at TEXT NOT NULL
        );
        """,
    ),
    Migration(
        8,
        "several tools per category (one answer row per tool); half-point ratings",
        """
        ALTER TABLE ratings RENAME TO ratings_v7;
        ALTER TABLE category_answers RENAME TO category_answers_v7;
        CREATE TABLE category_answers (
            campaign_id INTEGER NOT NULL,
            agent_id INTEGER NOT NULL,
            category TEXT NOT NULL,
            position INTEGER NOT NULL DEFAULT 0,
            tool TEXT,
            other INTEGER NOT NULL DEFAULT 0,
            needed INTEGER,
            need_why TEXT,
            problem TEXT,
            skipped INTEGER NOT NULL DEFAULT 0,
            complete INTEGER NOT NULL DEFAULT 0,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (campaign_id, agent_id, category, position),
            FOREIGN KEY (campaign_id, agent_id)
                REFERENCES participations (campaign_id, agent_id) ON DELETE CASCADE
        );
        INSERT INTO category_answers (campaign_id, agent_id, category, position, tool, other,
            needed, need_why, problem, skipped, complete, updated_at)
            SELECT campaign_id, agent_id, category, 0, tool, other, needed, need_why, problem,
                skipped, complete, updated_at FROM category_answers_v7;
        CREATE TABLE ratings (
            campaign_id INTEGER NOT NULL,
            agent_id INTEGER NOT NULL,
            category TEXT NOT NULL,
            position INTEGER NOT NULL DEFAULT 0,
            criterion TEXT NOT NULL,
            value REAL CHECK (value IS NULL OR (value BETWEEN 0 AND 10
                AND value * 2 = CAST(value * 2 AS INTEGER))),
            PRIMARY KEY (campaign_id, agent_id, category, position, criterion),
            FOREIGN KEY (campaign_id, agent_id, category, position)
                REFERENCES category_answers (campaign_id, agent_id, category, position)
                ON DELETE CASCADE
        );
        INSERT INTO ratings (campaign_id, agent_id, category, position, criterion, value)
            SELECT campaign_id, agent_id, category, 0, criterion, value FROM ratings_v7;
        DROP TABLE ratings_v7;
        DROP TABLE category_answers_v7;
        """,
    ),
    Migration(
        9,
        "devices that wrote in a room, and those that held the key of the bot's latest message",
        """
        CREATE TABLE room_writers (
            room_id TEXT NOT NULL,
            user_id TEXT NOT NULL,
            device_key TEXT NOT NULL,
            first_seen_at TEXT NOT NULL,
            PRIMARY KEY (room_id, device_key)
        );
        CREATE TABLE room_key_holders (
            room_id TEXT PRIMARY KEY,
            session_id TEXT NOT NULL,
            device_keys TEXT NOT NULL,
            sent_at TEXT NOT NULL
        );
        """,
    ),
    Migration(
        10,
        "a closed campaign's reports, frozen when first shown (aggregates only, no comment)",
        """
        CREATE TABLE report_releases (
            campaign_id INTEGER PRIMARY KEY REFERENCES campaigns (id) ON DELETE CASCADE,
            threshold INTEGER NOT NULL,
            body TEXT NOT NULL,
            made_at TEXT NOT NULL
        );
        """,
    ),
    Migration(
        11,
        "direct rooms found by room too: every message the bot reads asks whose DM its room is",
        """
        CREATE INDEX direct_rooms_by_room ON direct_rooms (room_id);
        """,
    ),
    Migration(
        12,
        "phase 2: pilot trials of candidate suites, their pilots and answers, the decision",
        """
        CREATE TABLE trials (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            suites TEXT NOT NULL,
            plan TEXT NOT NULL,
            opened_by TEXT NOT NULL,
            opened_at TEXT NOT NULL,
            closes_on TEXT,
            closed_at TEXT,
            purged_at TEXT
        );
        CREATE UNIQUE INDEX trials_one_open ON trials ((closed_at IS NULL))
            WHERE closed_at IS NULL;
        CREATE TABLE trial_pilots (
            trial_id INTEGER NOT NULL REFERENCES trials (id) ON DELETE CASCADE,
            agent_id INTEGER NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
            room_id TEXT,
            invite_requested_at TEXT,
            invited_at TEXT,
            asked_at TEXT,
            state TEXT,
            started_at TEXT,
            finished_at TEXT,
            last_answer_at TEXT,
            last_reminded_at TEXT,
            reminders_sent INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (trial_id, agent_id)
        );
        CREATE INDEX trial_pilots_by_agent ON trial_pilots (agent_id);
        CREATE TABLE trial_ratings (
            trial_id INTEGER NOT NULL,
            agent_id INTEGER NOT NULL,
            suite TEXT NOT NULL,
            category TEXT NOT NULL,
            criterion TEXT NOT NULL,
            value REAL CHECK (value IS NULL OR (value BETWEEN 0 AND 10
                AND value * 2 = CAST(value * 2 AS INTEGER))),
            PRIMARY KEY (trial_id, agent_id, suite, category, criterion),
            FOREIGN KEY (trial_id, agent_id) REFERENCES trial_pilots (trial_id, agent_id)
                ON DELETE CASCADE
        );
        CREATE TABLE trial_comments (
            trial_id INTEGER NOT NULL,
            agent_id INTEGER NOT NULL,
            suite TEXT NOT NULL,
            body TEXT NOT NULL,
            written_at TEXT NOT NULL,
            PRIMARY KEY (trial_id, agent_id, suite),
            FOREIGN KEY (trial_id, agent_id) REFERENCES trial_pilots (trial_id, agent_id)
                ON DELETE CASCADE
        );
        CREATE TABLE choice_decisions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            suite TEXT NOT NULL,
            suite_name TEXT NOT NULL,
            reason TEXT,
            decided_by TEXT NOT NULL,
            decided_at TEXT NOT NULL,
            trial_id INTEGER REFERENCES trials (id) ON DELETE SET NULL,
            recommendation TEXT
        );
        """,
    ),
    Migration(
        13,
        "organisations as tenants; what belongs to a bot account keyed by the bot",
        _TENANTS + _BOT_KEYS_SQLITE,
        postgresql=_TENANTS + _BOT_KEYS_POSTGRESQL,
    ),
    Migration(
        14,
        "the structure's benchmark: each organisation's name, and its scores frozen with its"
        " latest released campaign",
        """
        CREATE TABLE organisations (
            key TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE benchmark_scores (
            organisation TEXT PRIMARY KEY,
            campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
            scores TEXT NOT NULL,
            made_at TEXT NOT NULL
        );
        """,
    ),
)


# A lock every Harmonie process takes while it migrates a PostgreSQL database: two processes
# started together must not both apply a migration.
MIGRATION_LOCK = 0x4841524D  # "HARM"


def for_dialect(sql: str, dialect: Dialect) -> str:
    """The schema written for SQLite, in PostgreSQL's words: row ids become identity
    columns, integers 64-bit (times in milliseconds), REAL double precision."""
    if dialect == "sqlite":
        return sql
    sql = re.sub(
        r"\bid INTEGER PRIMARY KEY( AUTOINCREMENT)?\b",
        "id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
        sql,
    )
    sql = re.sub(r"\bINTEGER\b", "BIGINT", sql)
    return re.sub(r"\bREAL\b", "DOUBLE PRECISION", sql)


async def schema_version(conn: Connection) -> int:
    """The version recorded in the database; 0 for an empty one."""
    await conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    row = await conn.one("SELECT MAX(version) FROM schema_version")
    return int(row[0]) if row and row[0] is not None else 0


async def migrate(
    conn: Connection,
    migrations: Sequence[Migration] = MIGRATIONS,
    target: int | None = None,
) -> int:
    """Bring the schema to `target` (default: latest); return the version reached."""
    if conn.dialect == "postgresql":
        await conn.execute("SELECT pg_advisory_lock(?)", (MIGRATION_LOCK,))
        try:
            return await _migrate(conn, migrations, target)
        finally:
            await conn.execute("SELECT pg_advisory_unlock(?)", (MIGRATION_LOCK,))
    return await _migrate(conn, migrations, target)


async def _migrate(conn: Connection, migrations: Sequence[Migration], target: int | None) -> int:
    latest = migrations[-1].version if migrations else 0
    target = latest if target is None else target
    current = await schema_version(conn)
    if current > latest:
        raise SchemaTooNewError(
            f"database schema version {current} is newer than this Harmonie ({latest})"
        )
    begin = "BEGIN IMMEDIATE" if conn.dialect == "sqlite" else "BEGIN"
    for migration in migrations:
        if current < migration.version <= target:
            await conn.execute(begin)
            try:
                for statement in _statements(migration.script(conn.dialect)):
                    await conn.execute(statement)
                await conn.execute(
                    "INSERT INTO schema_version (version) VALUES (?)", (migration.version,)
                )
            except BaseException:
                await conn.execute("ROLLBACK")
                raise
            await conn.execute("COMMIT")
            current = migration.version
    return current


def _statements(sql: str) -> list[str]:
    """Split a migration script into complete statements (triggers and quoted `;` kept
    whole); executescript() would commit behind our back."""
    statements: list[str] = []
    current = ""
    for piece in sql.split(";"):
        current += piece + ";"
        if sqlite3.complete_statement(current):
            if current.strip(" \n\t;"):
                statements.append(current.strip())
            current = ""
    if current.strip(" \n\t;"):
        statements.append(current.strip().removesuffix(";"))
    return statements
