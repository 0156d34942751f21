"""What the structure's benchmark keeps (migration 14), on both engines: the name each
organisation's bot registers, and one organisation's scores frozen with its latest released
campaign, never replaced by an older campaign's."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
import pytest

from storage import Database, FrozenScores, KeptScores, Session
from storage.clock import to_text
from storage.connection import Connection, PostgresConnection, SqliteConnection
from storage.database import connect
from storage.migrations import migrate, schema_version
from tests.support.postgres import PostgresServer

NOW = datetime(2027, 2, 1, 9, 0, tzinfo=UTC)
LATER = NOW + timedelta(days=30)


async def closed_campaign(session: Session, title: str) -> int:
    campaign = await session.campaigns.open(title, "@dgs:x", None, NOW)
    await session.campaigns.close(campaign.id, NOW)
    return campaign.id


async def test_an_organisation_registers_its_name_and_a_later_start_renames_it(
    db: Database,
) -> None:
    plouzane = db.scoped("plouzane", "@bot1:x")
    async with plouzane.transaction() as session:
        await session.benchmark.register("Commune de Plouzane", NOW)
        campaign = await closed_campaign(session, "2027")
        await session.benchmark.keep(campaign, '{"figures": []}', NOW)
    async with plouzane.transaction() as session:
        await session.benchmark.register("Commune de Plouzané", LATER)  # the typo fixed
        rows = await session.conn.every("SELECT key, name, updated_at FROM organisations")
        frozen = await session.structure.frozen_scores()

    assert [tuple(row) for row in rows] == [("plouzane", "Commune de Plouzané", to_text(LATER))]
    assert [(f.organisation, f.name) for f in frozen] == [("plouzane", "Commune de Plouzané")]


async def test_the_scores_of_a_newer_campaign_replace_an_older_ones_and_never_the_reverse(
    db: Database,
) -> None:
    async with db.transaction() as session:
        older = await closed_campaign(session, "2026")
        newer = await closed_campaign(session, "2027")

        assert await session.benchmark.kept() is None
        assert await session.benchmark.keep(older, '{"v": 2026}', NOW)
        assert await session.benchmark.keep(newer, '{"v": 2027}', LATER)
        # The 2026 report shown for the first time now: its scores do not go back.
        assert not await session.benchmark.keep(older, '{"v": "late"}', LATER)
        kept = await session.benchmark.kept()

    assert kept == KeptScores(newer, '{"v": 2027}', LATER)


async def test_the_same_campaigns_scores_are_kept_again_when_its_release_is_made_again(
    db: Database,
) -> None:
    async with db.transaction() as session:
        campaign = await closed_campaign(session, "2027")
        await session.benchmark.keep(campaign, '{"threshold": 5}', NOW)
        # the anonymity threshold changed: the release is made again, its scores with it
        assert await session.benchmark.keep(campaign, '{"threshold": 3}', LATER)
        kept = await session.benchmark.kept()

    assert kept == KeptScores(campaign, '{"threshold": 3}', LATER)


async def test_scores_are_kept_only_for_a_campaign_of_the_sessions_organisation(
    db: Database,
) -> None:
    async with db.scoped("saverne", "").transaction() as session:
        theirs = await closed_campaign(session, "Saverne 2027")

    async with db.scoped("plouzane", "").transaction() as session:
        assert not await session.benchmark.keep(theirs, '{"stolen": true}', NOW)
        assert not await session.benchmark.keep(theirs + 100, '{"no such": true}', NOW)
        assert await session.benchmark.kept() is None
        assert await session.structure.frozen_scores() == []


async def test_the_structure_reads_one_row_per_organisation_with_its_latest_scores(
    db: Database,
) -> None:
    for key, name in (("plouzane", "Plouzané"), ("brest", "Brest"), ("saverne", None)):
        async with db.scoped(key, "").transaction() as session:
            if name is not None:
                await session.benchmark.register(name, NOW)
            first = await closed_campaign(session, "2026")
            second = await closed_campaign(session, "2027")
            await session.benchmark.keep(first, f'{{"{key}": 2026}}', NOW)
            await session.benchmark.keep(second, f'{{"{key}": 2027}}', LATER)
    async with db.scoped("quimper", "").transaction() as session:
        await session.benchmark.register("Quimper", NOW)  # nothing released yet

    async with db.read() as session:
        frozen = await session.structure.frozen_scores()

    assert [(f.organisation, f.name, f.scores, f.made_at) for f in frozen] == [
        ("brest", "Brest", '{"brest": 2027}', LATER),
        ("plouzane", "Plouzané", '{"plouzane": 2027}', LATER),
        ("saverne", "saverne", '{"saverne": 2027}', LATER),  # never registered: its key
    ]
    assert all(isinstance(f, FrozenScores) for f in frozen)


@pytest.fixture
async def version_13(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> AsyncIterator[str | Path]:
    """A database at version 13 with a campaign closed and released."""
    conn: Connection
    target: str | Path
    if backend == "postgresql":
        server: PostgresServer = request.getfixturevalue("postgres")
        target = await server.new_database()
        conn = PostgresConnection(await asyncpg.connect(target))
    else:
        target = tmp_path / "v13.db"
        conn = SqliteConnection(await connect(target))
    try:
        assert await migrate(conn, target=13) == 13
        await conn.execute(
            "INSERT INTO campaigns (organisation, title, opened_by, opened_at, closed_at)"
            " VALUES ('brest', '2026', '@dgs:x', ?, ?)",
            (to_text(NOW), to_text(NOW)),
        )
        await conn.execute(
            "INSERT INTO report_releases (campaign_id, threshold, body, made_at)"
            " SELECT id, 5, '{}', ? FROM campaigns",
            (to_text(NOW),),
        )
    finally:
        await conn.close()
    yield target


async def test_migration_14_adds_the_benchmark_tables_empty_to_an_existing_database(
    version_13: str | Path,
) -> None:
    db = await Database.open(version_13)
    try:
        async with db.scoped("brest", "").transaction() as session:
            assert await schema_version(session.conn) >= 14
            assert await session.structure.frozen_scores() == []
            campaign = await session.campaigns.latest()
            assert campaign is not None
            # the campaigns of before the migration are campaigns like any other
            assert await session.benchmark.keep(campaign.id, "{}", LATER)
            assert await session.structure.released_tenants() == ["brest"]
    finally:
        await db.close()
