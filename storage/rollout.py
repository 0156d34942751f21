"""Rollout plans, their steps, and the record of scheduled jobs already run.

The database is the source of truth for every date: scheduler jobs are rebuilt from it at
start-up, and `claim_job` makes a job's effect happen at most once, even across restarts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

import aiosqlite

from .clock import from_text, to_text


@dataclass(frozen=True)
class RolloutPlan:
    id: int
    suite: str
    start_on: date
    created_by: str
    created_at: datetime


@dataclass(frozen=True)
class RolloutStep:
    plan_id: int
    number: int
    key: str
    due_on: date
    done_at: datetime | None
    done_by: str | None


class RolloutRepository:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def create(
        self,
        suite: str,
        start_on: date,
        created_by: str,
        steps: Sequence[tuple[int, str, date]],
        now: datetime,
    ) -> RolloutPlan:
        """A new plan with its steps (number, key, due date); one plan is active at a time."""
        cursor = await self._conn.execute(
            "INSERT INTO rollout_plans (suite, start_on, created_by, created_at)"
            " VALUES (?, ?, ?, ?)",
            (suite, start_on.isoformat(), created_by, to_text(now)),
        )
        plan_id = int(cursor.lastrowid or 0)
        await self._conn.executemany(
            "INSERT INTO rollout_steps (plan_id, number, key, due_on) VALUES (?, ?, ?, ?)",
            [(plan_id, number, key, due.isoformat()) for number, key, due in steps],
        )
        return RolloutPlan(plan_id, suite, start_on, created_by, now)

    async def active(self) -> RolloutPlan | None:
        async with self._conn.execute(
            "SELECT id, suite, start_on, created_by, created_at FROM rollout_plans"
            " WHERE cancelled_at IS NULL"
        ) as cur:
            row = await cur.fetchone()
        if row is None:
            return None
        return RolloutPlan(
            int(row[0]), str(row[1]), date.fromisoformat(row[2]), str(row[3]), from_text(row[4])
        )

    async def cancel(self, plan_id: int, now: datetime) -> None:
        await self._conn.execute(
            "UPDATE rollout_plans SET cancelled_at = ? WHERE id = ? AND cancelled_at IS NULL",
            (to_text(now), plan_id),
        )

    async def steps(self, plan_id: int) -> list[RolloutStep]:
        async with self._conn.execute(
            "SELECT plan_id, number, key, due_on, done_at, done_by FROM rollout_steps"
            " WHERE plan_id = ? ORDER BY number",
            (plan_id,),
        ) as cur:
            rows = await cur.fetchall()
        return [
            RolloutStep(
                int(r[0]),
                int(r[1]),
                str(r[2]),
                date.fromisoformat(r[3]),
                from_text(r[4]) if r[4] else None,
                r[5],
            )
            for r in rows
        ]

    async def mark_done(self, plan_id: int, number: int, by: str, now: datetime) -> bool:
        """True if the step was open and is now done; False if unknown or already done."""
        cursor = await self._conn.execute(
            "UPDATE rollout_steps SET done_at = ?, done_by = ?"
            " WHERE plan_id = ? AND number = ? AND done_at IS NULL",
            (to_text(now), by, plan_id, number),
        )
        return cursor.rowcount == 1

    async def move(self, plan_id: int, number: int, due_on: date) -> bool:
        cursor = await self._conn.execute(
            "UPDATE rollout_steps SET due_on = ? WHERE plan_id = ? AND number = ?",
            (due_on.isoformat(), plan_id, number),
        )
        return cursor.rowcount == 1

    async def claim_job(self, key: str, due_at: datetime, now: datetime, outcome: str) -> bool:
        """Record that the job `key` ran (or was found missed); False if it already was —
        the caller then does nothing, so no job ever acts twice."""
        cursor = await self._conn.execute(
            "INSERT OR IGNORE INTO job_runs (key, due_at, ran_at, outcome) VALUES (?, ?, ?, ?)",
            (key, to_text(due_at), to_text(now), outcome),
        )
        return cursor.rowcount == 1

    async def job_outcome(self, key: str) -> str | None:
        async with self._conn.execute("SELECT outcome FROM job_runs WHERE key = ?", (key,)) as cur:
            row = await cur.fetchone()
        return str(row[0]) if row else None
