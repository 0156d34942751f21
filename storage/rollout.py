"""Rollout plans, their steps, and the record of scheduled jobs already run.

The database is the source of truth for every date: scheduler jobs are rebuilt from it at
start-up, and `claim_job` makes a job's effect happen at most once, even across restarts.
One plan is active at a time in each organisation; a job's key is stored prefixed with its
tenant (`plouzane:plan:3:…`), so that callers name their jobs as if alone.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from .clock import from_text, to_text
from .connection import Connection
from .scope import owned

_OWN = " AND " + owned("rollout_plans")  # a plan of the session's tenant, by id
# A feedback wave of a plan of the session's tenant, by the wave's id.
_OWN_WAVE = (
    " AND EXISTS (SELECT 1 FROM feedback_waves ow JOIN rollout_plans o ON o.id = ow.plan_id"
    " WHERE ow.id = ? AND o.organisation = ?)"
)


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
    owners: tuple[str, ...] = ()
    dated_on: date | None = None  # when the due date was set (None: with the plan)


@dataclass(frozen=True)
class Training:
    id: int
    plan_id: int
    starts_at: datetime
    place: str | None
    created_at: datetime


@dataclass(frozen=True)
class FeedbackWave:
    id: int
    plan_id: int
    number: int
    due_on: date
    opened_at: datetime


@dataclass(frozen=True)
class FeedbackResponse:
    wave: FeedbackWave
    agent_id: int
    state: str
    finished: bool


@dataclass(frozen=True)
class FeedbackRatingRow:
    wave: int  # the wave's number in its plan
    agent_id: int
    criterion: str
    value: float | None


@dataclass(frozen=True)
class FeedbackCommentRow:
    wave: int | None  # None: sent with !retour, outside a wave
    agent_id: int
    body: str
    created_at: datetime


class RolloutRepository:
    def __init__(self, conn: Connection, organisation: str) -> None:
        self._conn = conn
        self._organisation = organisation
        self._job_prefix = f"{organisation}:"

    async def create(
        self,
        suite: str,
        start_on: date,
        created_by: str,
        steps: Sequence[tuple[int, str, date, Sequence[str]]],
        now: datetime,
    ) -> RolloutPlan:
        """A new plan with its steps (number, key, due date, owners); one plan is active
        at a time."""
        row = await self._conn.one(
            "INSERT INTO rollout_plans (organisation, suite, start_on, created_by, created_at)"
            " VALUES (?, ?, ?, ?, ?) RETURNING id",
            (self._organisation, suite, start_on.isoformat(), created_by, to_text(now)),
        )
        assert row is not None
        plan_id = int(row[0])
        await self._conn.execute_many(
            "INSERT INTO rollout_steps (plan_id, number, key, due_on, owners)"
            " VALUES (?, ?, ?, ?, ?)",
            [
                (plan_id, number, key, due.isoformat(), json.dumps(list(owners)))
                for number, key, due, owners in steps
            ],
        )
        return RolloutPlan(plan_id, suite, start_on, created_by, now)

    async def active(self) -> RolloutPlan | None:
        return await self._plan("AND cancelled_at IS NULL")

    async def latest(self) -> RolloutPlan | None:
        """The active plan, or else the last one cancelled (its feedback is still reported)."""
        return await self._plan("ORDER BY cancelled_at IS NULL DESC, id DESC LIMIT 1")

    async def _plan(self, where: str) -> RolloutPlan | None:
        row = await self._conn.one(
            "SELECT id, suite, start_on, created_by, created_at FROM rollout_plans"
            " WHERE organisation = ? " + where,
            (self._organisation,),
        )
        if row is None:
            return None
        return RolloutPlan(
            int(row[0]), str(row[1]), date.fromisoformat(row[2]), str(row[3]), from_text(row[4])
        )

    async def cancel(self, plan_id: int, now: datetime) -> None:
        await self._conn.execute(
            "UPDATE rollout_plans SET cancelled_at = ? WHERE id = ? AND organisation = ?"
            " AND cancelled_at IS NULL",
            (to_text(now), plan_id, self._organisation),
        )

    async def steps(self, plan_id: int) -> list[RolloutStep]:
        rows = await self._conn.every(
            "SELECT plan_id, number, key, due_on, done_at, done_by, owners, dated_on"
            " FROM rollout_steps"
            f" WHERE plan_id = ?{_OWN} ORDER BY number",
            (plan_id, plan_id, self._organisation),
        )
        return [
            RolloutStep(
                int(r[0]),
                int(r[1]),
                str(r[2]),
                date.fromisoformat(r[3]),
                from_text(r[4]) if r[4] else None,
                r[5],
                tuple(json.loads(r[6])),
                date.fromisoformat(r[7]) if r[7] else None,
            )
            for r in rows
        ]

    async def mark_done(self, plan_id: int, number: int, by: str, now: datetime) -> bool:
        """True if the step was open and is now done; False if unknown or already done."""
        changed = await self._conn.execute(
            "UPDATE rollout_steps SET done_at = ?, done_by = ?"
            f" WHERE plan_id = ? AND number = ? AND done_at IS NULL{_OWN}",
            (to_text(now), by, plan_id, number, plan_id, self._organisation),
        )
        return changed == 1

    async def move(self, plan_id: int, number: int, due_on: date, today: date) -> bool:
        """A new due date, decided `today`: reminders for it start from today."""
        changed = await self._conn.execute(
            "UPDATE rollout_steps SET due_on = ?, dated_on = ?"
            f" WHERE plan_id = ? AND number = ?{_OWN}",
            (due_on.isoformat(), today.isoformat(), plan_id, number, plan_id, self._organisation),
        )
        return changed == 1

    async def claim_job(self, key: str, due_at: datetime, now: datetime, outcome: str) -> bool:
        """Record that the job `key` ran (or was found missed); False if it already was —
        the caller then does nothing, so no job ever acts twice."""
        changed = await self._conn.execute(
            "INSERT INTO job_runs (key, due_at, ran_at, outcome) VALUES (?, ?, ?, ?)"
            " ON CONFLICT DO NOTHING",
            (self._job_prefix + key, to_text(due_at), to_text(now), outcome),
        )
        return changed == 1

    async def claimed(self, prefix: str) -> set[str]:
        """The keys of this tenant's jobs already run (or found missed) that start with
        `prefix`, as their callers named them."""
        full = self._job_prefix + prefix
        rows = await self._conn.every(
            "SELECT key FROM job_runs WHERE substr(key, 1, ?) = ?", (len(full), full)
        )
        return {str(row[0])[len(self._job_prefix) :] for row in rows}

    async def job_outcome(self, key: str) -> str | None:
        row = await self._conn.one(
            "SELECT outcome FROM job_runs WHERE key = ?", (self._job_prefix + key,)
        )
        return str(row[0]) if row else None

    # ------------------------------------------------------------------ training sessions

    async def add_training(
        self, plan_id: int, starts_at: datetime, place: str | None, by: str, now: datetime
    ) -> Training:
        row = await self._conn.one(
            "INSERT INTO rollout_trainings (plan_id, starts_at, place, created_by, created_at)"
            " VALUES (?, ?, ?, ?, ?) RETURNING id",
            (plan_id, to_text(starts_at), place, by, to_text(now)),
        )
        assert row is not None
        return Training(int(row[0]), plan_id, starts_at, place, now)

    async def trainings(self, plan_id: int) -> list[Training]:
        rows = await self._conn.every(
            "SELECT id, plan_id, starts_at, place, created_at FROM rollout_trainings"
            f" WHERE plan_id = ?{_OWN}"
            " ORDER BY starts_at, id",
            (plan_id, plan_id, self._organisation),
        )
        return [
            Training(int(r[0]), int(r[1]), from_text(r[2]), r[3], from_text(r[4])) for r in rows
        ]

    # ------------------------------------------------------------------ feedback waves

    async def open_wave(
        self, plan_id: int, number: int, due_on: date, now: datetime
    ) -> FeedbackWave | None:
        """The wave, opened now; None if it was already open (a job never opens it twice)."""
        row = await self._conn.one(
            "INSERT INTO feedback_waves (plan_id, number, due_on, opened_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT DO NOTHING RETURNING id",
            (plan_id, number, due_on.isoformat(), to_text(now)),
        )
        if row is None:
            return None
        return FeedbackWave(int(row[0]), plan_id, number, due_on, now)

    async def waves(self, plan_id: int) -> list[FeedbackWave]:
        rows = await self._conn.every(
            "SELECT id, plan_id, number, due_on, opened_at FROM feedback_waves"
            f" WHERE plan_id = ?{_OWN} ORDER BY number",
            (plan_id, plan_id, self._organisation),
        )
        return [_wave(r) for r in rows]

    async def invited_counts(self, plan_id: int) -> dict[int, int]:
        """How many agents each wave (by number) was sent to."""
        rows = await self._conn.every(
            "SELECT w.number, COUNT(r.agent_id) FROM feedback_waves w"
            " LEFT JOIN feedback_responses r ON r.wave_id = w.id"
            f" WHERE w.plan_id = ?{_OWN} GROUP BY w.number",
            (plan_id, plan_id, self._organisation),
        )
        return {int(r[0]): int(r[1]) for r in rows}

    async def start_responses(
        self, wave_id: int, states: Sequence[tuple[int, str]], now: datetime
    ) -> None:
        """The first state of every agent asked in a wave: (agent id, state)."""
        await self._conn.execute_many(
            "INSERT INTO feedback_responses (wave_id, agent_id, state, updated_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [(wave_id, agent_id, state, to_text(now)) for agent_id, state in states],
        )

    async def start_response(self, wave_id: int, agent_id: int, state: str, now: datetime) -> bool:
        changed = await self._conn.execute(
            "INSERT INTO feedback_responses (wave_id, agent_id, state, updated_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (wave_id, agent_id, state, to_text(now)),
        )
        return changed == 1

    async def current_response(self, agent_id: int) -> FeedbackResponse | None:
        """The agent's answer to the latest wave of the active plan, if they were asked."""
        row = await self._conn.one(
            "SELECT w.id, w.plan_id, w.number, w.due_on, w.opened_at, r.state, r.finished_at"
            " FROM feedback_responses r JOIN feedback_waves w ON w.id = r.wave_id"
            " JOIN rollout_plans p ON p.id = w.plan_id AND p.cancelled_at IS NULL"
            " AND p.organisation = ?"
            " WHERE r.agent_id = ? ORDER BY w.number DESC LIMIT 1",
            (self._organisation, agent_id),
        )
        if row is None:
            return None
        return FeedbackResponse(_wave(row[:5]), agent_id, str(row[5]), row[6] is not None)

    async def save_response(
        self, wave_id: int, agent_id: int, state: str, finished: bool, now: datetime
    ) -> None:
        await self._conn.execute(
            "UPDATE feedback_responses SET state = ?, updated_at = ?,"
            " finished_at = CASE WHEN ? THEN COALESCE(finished_at, ?) ELSE NULL END"
            f" WHERE wave_id = ? AND agent_id = ?{_OWN_WAVE}",
            (
                state,
                to_text(now),
                finished,
                to_text(now),
                wave_id,
                agent_id,
                wave_id,
                self._organisation,
            ),
        )

    async def save_ratings(
        self, wave_id: int, agent_id: int, ratings: Sequence[tuple[str, float | None]]
    ) -> None:
        await self._conn.execute_many(
            "INSERT INTO feedback_ratings (wave_id, agent_id, criterion, value)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (wave_id, agent_id, criterion)"
            " DO UPDATE SET value = excluded.value",
            [(wave_id, agent_id, criterion, value) for criterion, value in ratings],
        )

    async def add_comment(
        self,
        plan_id: int | None,
        wave_id: int | None,
        agent_id: int,
        body: str,
        now: datetime,
    ) -> None:
        """A wave's idea replaces the agent's earlier one for that wave; !retour adds one."""
        if wave_id is not None:
            await self._conn.execute(
                f"DELETE FROM feedback_comments WHERE wave_id = ? AND agent_id = ?{_OWN_WAVE}",
                (wave_id, agent_id, wave_id, self._organisation),
            )
        await self._conn.execute(
            "INSERT INTO feedback_comments (plan_id, wave_id, agent_id, body, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (plan_id, wave_id, agent_id, body, to_text(now)),
        )

    async def ratings(self, plan_id: int) -> list[FeedbackRatingRow]:
        rows = await self._conn.every(
            "SELECT w.number, f.agent_id, f.criterion, f.value FROM feedback_ratings f"
            f" JOIN feedback_waves w ON w.id = f.wave_id WHERE w.plan_id = ?{_OWN}"
            " ORDER BY w.number, f.agent_id, f.criterion",
            (plan_id, plan_id, self._organisation),
        )
        return [FeedbackRatingRow(int(r[0]), int(r[1]), str(r[2]), r[3]) for r in rows]

    async def comments(self, plan_id: int) -> list[FeedbackCommentRow]:
        rows = await self._conn.every(
            "SELECT w.number, c.agent_id, c.body, c.created_at FROM feedback_comments c"
            " LEFT JOIN feedback_waves w ON w.id = c.wave_id"
            f" WHERE c.plan_id = ?{_OWN} ORDER BY c.created_at, c.id",
            (plan_id, plan_id, self._organisation),
        )
        return [
            FeedbackCommentRow(None if r[0] is None else int(r[0]), int(r[1]), str(r[2]),
                               from_text(r[3]))
            for r in rows
        ]  # fmt: skip


def _wave(row: Sequence[object]) -> FeedbackWave:
    return FeedbackWave(
        int(str(row[0])),
        int(str(row[1])),
        int(str(row[2])),
        date.fromisoformat(str(row[3])),
        from_text(str(row[4])),
    )
