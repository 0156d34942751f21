"""Rollout plans and job runs as stored: one active plan, steps done once, jobs run once."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from storage import Database, StorageError
from storage.connection import INTEGRITY_ERRORS

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
STEPS = [
    (1, "encadrants", date(2027, 3, 1), ("@encadrante:x",)),
    (2, "communication", date(2027, 3, 8), ("@encadrante:x", "@dircom:x")),
]


async def test_a_plan_is_stored_with_its_steps_and_is_the_active_one(db: Database) -> None:
    async with db.transaction() as session:
        plan = await session.rollout.create(
            "Suite Numérique", date(2027, 3, 15), "@dsi:x", STEPS, NOW
        )

    async with db.read() as session:
        active = await session.rollout.active()
        steps = await session.rollout.steps(plan.id)

    assert active == plan
    assert [(s.number, s.key, s.due_on, s.done_at, s.owners) for s in steps] == [
        (1, "encadrants", date(2027, 3, 1), None, ("@encadrante:x",)),
        (2, "communication", date(2027, 3, 8), None, ("@encadrante:x", "@dircom:x")),
    ]


async def test_only_one_plan_is_active_until_it_is_cancelled(db: Database) -> None:
    async with db.transaction() as session:
        first = await session.rollout.create("A", date(2027, 3, 15), "@dsi:x", STEPS, NOW)
    with pytest.raises((StorageError, *INTEGRITY_ERRORS)):
        async with db.transaction() as session:
            await session.rollout.create("B", date(2027, 4, 15), "@dsi:x", STEPS, NOW)
    async with db.transaction() as session:
        await session.rollout.cancel(first.id, NOW)
        second = await session.rollout.create("B", date(2027, 4, 15), "@dsi:x", STEPS, NOW)

    async with db.read() as session:
        assert await session.rollout.active() == second


async def test_a_step_is_marked_done_once_and_can_be_moved(db: Database) -> None:
    async with db.transaction() as session:
        plan = await session.rollout.create("A", date(2027, 3, 15), "@dsi:x", STEPS, NOW)
        assert await session.rollout.mark_done(plan.id, 1, "@encadrante:x", NOW)
        assert not await session.rollout.mark_done(plan.id, 1, "@autre:x", NOW)
        assert not await session.rollout.mark_done(plan.id, 9, "@encadrante:x", NOW)
        assert await session.rollout.move(plan.id, 2, date(2027, 3, 10), date(2027, 3, 2))

    async with db.read() as session:
        steps = await session.rollout.steps(plan.id)
    assert (steps[0].done_at, steps[0].done_by) == (NOW, "@encadrante:x")
    assert (steps[1].due_on, steps[1].dated_on) == (date(2027, 3, 10), date(2027, 3, 2))


async def test_a_job_is_claimed_once_even_across_a_reopened_database(tmp_path: Path) -> None:
    path = tmp_path / "jobs.db"
    first = await Database.open(path)
    try:
        async with first.transaction() as session:
            assert await session.rollout.claim_job("wave:1:1", NOW, NOW, "sent")
            assert not await session.rollout.claim_job("wave:1:1", NOW, NOW, "sent")
    finally:
        await first.close()

    reopened = await Database.open(path)
    try:
        async with reopened.transaction() as session:
            assert not await session.rollout.claim_job("wave:1:1", NOW, NOW, "missed")
            assert await session.rollout.job_outcome("wave:1:1") == "sent"
    finally:
        await reopened.close()
