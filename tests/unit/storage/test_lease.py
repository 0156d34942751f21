"""One process per organisation on a shared PostgreSQL: the advisory-lock lease, against
a real server (tests/support/postgres.py)."""

from __future__ import annotations

import pytest

from storage.lease import TenantLease, TenantTaken
from tests.support.postgres import PostgresServer, end_sessions


async def test_a_second_process_for_the_same_organisation_is_refused_naming_it(
    postgres: PostgresServer,
) -> None:
    url = await postgres.new_database()
    first = await TenantLease.take(url, ["plouzane", "guipavas"])
    try:
        with pytest.raises(TenantTaken) as refused:
            await TenantLease.take(url, ["brest", "guipavas"])
        other = await TenantLease.take(url, ["brest"])  # the refusal took nothing with it
        await other.release()
    finally:
        await first.release()

    assert refused.value.keys == ("guipavas",)
    assert str(refused.value).endswith("another Harmonie process on this database: guipavas")


async def test_the_organisations_of_a_process_that_died_can_be_taken_again(
    postgres: PostgresServer,
) -> None:
    url = await postgres.new_database()
    dead = await TenantLease.take(url, ["plouzane"])
    await end_sessions(url)  # what the server does to the session of a process killed with -9

    again = await TenantLease.take(url, ["plouzane"])
    await again.release()

    assert again.keys == ("plouzane",)
    assert not dead.alive  # the old process learns it no longer holds them


async def test_released_organisations_are_free_at_once(postgres: PostgresServer) -> None:
    url = await postgres.new_database()
    first = await TenantLease.take(url, ["plouzane"])
    await first.release()

    second = await TenantLease.take(url, ["plouzane"])
    await second.release()

    assert second.keys == ("plouzane",)


async def test_sqlite_needs_no_lease() -> None:
    lease = await TenantLease.take(None, ["default"])

    assert lease.alive and lease.keys == ("default",)
    await lease.release()


async def test_a_lease_lost_with_its_session_is_renewed_unless_another_process_took_it(
    postgres: PostgresServer,
) -> None:
    url = await postgres.new_database()
    ours = await TenantLease.take(url, ["plouzane"])
    await end_sessions(url)
    await ours.renew()  # the server came back: ours again
    assert ours.alive

    await end_sessions(url)
    theirs = await TenantLease.take(url, ["plouzane"])  # taken meanwhile by another one
    try:
        with pytest.raises(TenantTaken):
            await ours.renew()
    finally:
        await theirs.release()
        await ours.release()
