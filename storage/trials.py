"""Phase 2's pilot trials: the candidate suites on trial, each pilot's invitation, dialog
state and answers, and the admins' decision.

At most one trial is open at a time in each organisation (a unique index). A pilot's
answers to a suite are written as rows when the suite's questions are complete, replacing
earlier ones, so that the report aggregates them with SQL; the dialog state (JSON owned by
`conversations.trial`) keeps everything in between.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from .clock import from_text, to_text
from .connection import Connection
from .scope import owned


@dataclass(frozen=True)
class Trial:
    id: int
    suites: tuple[str, ...]  # catalogue keys, in the order the pilots answer them
    plan: str  # JSON owned by conversations.trial: the questions, fixed at the opening
    opened_by: str
    opened_at: datetime
    closes_on: date | None
    closed_at: datetime | None
    purged_at: datetime | None = None  # its answers were erased (retention)

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


@dataclass(frozen=True)
class Pilot:
    trial_id: int
    agent_id: int
    room_id: str | None
    invite_requested_at: datetime | None
    invited_at: datetime | None
    asked_at: datetime | None  # the questionnaire was sent (or begun by the pilot)
    state: str | None  # JSON owned by conversations.trial
    started_at: datetime | None
    finished_at: datetime | None


@dataclass(frozen=True)
class PilotReminderRow:
    """A pilot asked and not finished, with what the reminder policy looks at."""

    agent_id: int
    user_id: str
    language: str | None
    room_id: str | None
    asked_at: datetime | None
    last_answer_at: datetime | None
    last_reminded_at: datetime | None
    reminders_sent: int
    reminders_off: bool
    absent_until: date | None
    state: str | None


@dataclass(frozen=True)
class TrialStatus:
    """Counts only, never who."""

    pilots: int
    invited: int
    started: int
    finished: int


@dataclass(frozen=True)
class TrialRatingRow:
    agent_id: int
    suite: str
    category: str
    criterion: str
    value: float | None


@dataclass(frozen=True)
class TrialCommentRow:
    agent_id: int
    suite: str
    body: str


@dataclass(frozen=True)
class Decision:
    """The suite the admins retained, recorded with who, when and why (an audit row each)."""

    id: int
    suite: str  # catalogue key
    suite_name: str  # as named when decided: the catalogue may change later
    reason: str | None
    decided_by: str
    decided_at: datetime
    trial_id: int | None
    recommendation: str | None  # the bot's recommendation line when the decision was made


_TRIAL = "id, suites, plan, opened_by, opened_at, closes_on, closed_at, purged_at"
_PILOT = (
    "trial_id, agent_id, room_id, invite_requested_at, invited_at, asked_at, state,"
    " started_at, finished_at"
)
_OWN = " AND " + owned("trials")  # a trial of the session's tenant, by id
_DECISION = "id, suite, suite_name, reason, decided_by, decided_at, trial_id, recommendation"


def _time(value: object) -> datetime | None:
    return from_text(str(value)) if value else None


def _trial(row: Sequence[object]) -> Trial:
    return Trial(
        id=int(str(row[0])),
        suites=tuple(json.loads(str(row[1]))),
        plan=str(row[2]),
        opened_by=str(row[3]),
        opened_at=from_text(str(row[4])),
        closes_on=date.fromisoformat(str(row[5])) if row[5] else None,
        closed_at=_time(row[6]),
        purged_at=_time(row[7]),
    )


def _pilot(row: Sequence[object]) -> Pilot:
    return Pilot(
        trial_id=int(str(row[0])),
        agent_id=int(str(row[1])),
        room_id=str(row[2]) if row[2] else None,
        invite_requested_at=_time(row[3]),
        invited_at=_time(row[4]),
        asked_at=_time(row[5]),
        state=str(row[6]) if row[6] else None,
        started_at=_time(row[7]),
        finished_at=_time(row[8]),
    )


def _number(value: object) -> float | None:
    """A stored rating: whole numbers come back as int, half points as float."""
    if value is None:
        return None
    number = float(str(value))
    return int(number) if number == int(number) else number


class TrialRepository:
    def __init__(self, conn: Connection, organisation: str) -> None:
        self._conn = conn
        self._organisation = organisation

    # --- the trial -----------------------------------------------------------------------

    async def open(
        self,
        suites: Sequence[str],
        opened_by: str,
        closes_on: date | None,
        now: datetime,
        *,
        plan: str,
    ) -> Trial:
        row = await self._conn.one(
            "INSERT INTO trials (organisation, suites, plan, opened_by, opened_at, closes_on)"
            f" VALUES (?, ?, ?, ?, ?, ?) RETURNING {_TRIAL}",
            (
                self._organisation,
                json.dumps(list(suites)),
                plan,
                opened_by,
                to_text(now),
                closes_on.isoformat() if closes_on else None,
            ),
        )
        assert row is not None
        return _trial(row)

    async def get(self, trial_id: int) -> Trial | None:
        row = await self._conn.one(
            f"SELECT {_TRIAL} FROM trials WHERE id = ? AND organisation = ?",
            (trial_id, self._organisation),
        )
        return _trial(row) if row else None

    async def current(self) -> Trial | None:
        """The open trial, if any."""
        row = await self._conn.one(
            f"SELECT {_TRIAL} FROM trials WHERE organisation = ? AND closed_at IS NULL",
            (self._organisation,),
        )
        return _trial(row) if row else None

    async def latest(self) -> Trial | None:
        """The open trial, else the one closed last: what `!rapport choix` shows."""
        row = await self._conn.one(
            f"SELECT {_TRIAL} FROM trials WHERE organisation = ?"
            " ORDER BY closed_at IS NULL DESC, id DESC LIMIT 1",
            (self._organisation,),
        )
        return _trial(row) if row else None

    async def close(self, trial_id: int, now: datetime) -> None:
        await self._conn.execute(
            "UPDATE trials SET closed_at = ? WHERE id = ? AND organisation = ?"
            " AND closed_at IS NULL",
            (to_text(now), trial_id, self._organisation),
        )

    # --- pilots --------------------------------------------------------------------------

    async def ensure_pilot(self, trial_id: int, agent_id: int) -> Pilot:
        row = await self._conn.one(
            "INSERT INTO trial_pilots (trial_id, agent_id) VALUES (?, ?)"
            " ON CONFLICT (trial_id, agent_id) DO UPDATE SET agent_id = excluded.agent_id"
            f" RETURNING {_PILOT}",
            (trial_id, agent_id),
        )
        assert row is not None
        return _pilot(row)

    async def pilot(self, trial_id: int, agent_id: int) -> Pilot | None:
        row = await self._conn.one(
            f"SELECT {_PILOT} FROM trial_pilots WHERE trial_id = ? AND agent_id = ?{_OWN}",
            (trial_id, agent_id, trial_id, self._organisation),
        )
        return _pilot(row) if row else None

    async def open_pilot(self, agent_id: int) -> tuple[Trial, Pilot] | None:
        """The open trial and the agent's place in it, if they are one of its pilots."""
        row = await self._conn.one(
            f"SELECT {', '.join('t.' + c for c in _TRIAL.split(', '))},"
            f" {', '.join('p.' + c for c in _PILOT.split(', '))}"
            " FROM trials t JOIN trial_pilots p ON p.trial_id = t.id"
            " WHERE t.organisation = ? AND t.closed_at IS NULL AND p.agent_id = ?",
            (self._organisation, agent_id),
        )
        if row is None:
            return None
        return _trial(row[:8]), _pilot(row[8:])

    async def to_invite(self, trial_id: int, limit: int = 50) -> list[Pilot]:
        rows = await self._conn.every(
            f"SELECT {_PILOT} FROM trial_pilots WHERE trial_id = ? AND invited_at IS NULL{_OWN}"
            " ORDER BY agent_id LIMIT ?",
            (trial_id, trial_id, self._organisation, limit),
        )
        return [_pilot(row) for row in rows]

    async def mark_invite_requested(self, trial_id: int, agent_id: int, now: datetime) -> None:
        await self._conn.execute(
            "UPDATE trial_pilots SET invite_requested_at = COALESCE(invite_requested_at, ?)"
            f" WHERE trial_id = ? AND agent_id = ?{_OWN}",
            (to_text(now), trial_id, agent_id, trial_id, self._organisation),
        )

    async def mark_invited(self, trial_id: int, agent_id: int, room_id: str, now: datetime) -> None:
        await self._conn.execute(
            "UPDATE trial_pilots SET invited_at = COALESCE(invited_at, ?), room_id = ?"
            f" WHERE trial_id = ? AND agent_id = ?{_OWN}",
            (to_text(now), room_id, trial_id, agent_id, trial_id, self._organisation),
        )

    async def to_ask(self, trial_id: int) -> list[Pilot]:
        """Invited pilots not asked the questions yet (neither sent nor begun by them)."""
        rows = await self._conn.every(
            f"SELECT {_PILOT} FROM trial_pilots WHERE trial_id = ? AND invited_at IS NOT NULL"
            f" AND asked_at IS NULL AND state IS NULL{_OWN} ORDER BY agent_id",
            (trial_id, trial_id, self._organisation),
        )
        return [_pilot(row) for row in rows]

    async def mark_asked(self, trial_id: int, agent_id: int, now: datetime) -> None:
        await self._conn.execute(
            "UPDATE trial_pilots SET asked_at = COALESCE(asked_at, ?)"
            f" WHERE trial_id = ? AND agent_id = ?{_OWN}",
            (to_text(now), trial_id, agent_id, trial_id, self._organisation),
        )

    async def save_state(
        self, trial_id: int, agent_id: int, state: str, *, finished: bool, now: datetime
    ) -> None:
        """The pilot's dialog state; begun and finished times are set once."""
        stamp = to_text(now)
        await self._conn.execute(
            "UPDATE trial_pilots SET state = ?, last_answer_at = ?,"
            " asked_at = COALESCE(asked_at, ?), started_at = COALESCE(started_at, ?),"
            " finished_at = CASE WHEN ? THEN COALESCE(finished_at, ?) ELSE finished_at END"
            f" WHERE trial_id = ? AND agent_id = ?{_OWN}",
            (
                state,
                stamp,
                stamp,
                stamp,
                finished,
                stamp,
                trial_id,
                agent_id,
                trial_id,
                self._organisation,
            ),
        )

    async def save_suite(
        self,
        trial_id: int,
        agent_id: int,
        suite: str,
        ratings: Sequence[tuple[str, str, float | None]],
        comment: str | None,
        now: datetime,
    ) -> None:
        """Replace the pilot's answers about `suite`: (category, criterion, value) rows and
        the comment (None: none)."""
        await self._conn.execute(
            f"DELETE FROM trial_ratings WHERE trial_id = ? AND agent_id = ? AND suite = ?{_OWN}",
            (trial_id, agent_id, suite, trial_id, self._organisation),
        )
        await self._conn.execute(
            f"DELETE FROM trial_comments WHERE trial_id = ? AND agent_id = ? AND suite = ?{_OWN}",
            (trial_id, agent_id, suite, trial_id, self._organisation),
        )
        await self._conn.execute_many(
            "INSERT INTO trial_ratings (trial_id, agent_id, suite, category, criterion, value)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [(trial_id, agent_id, suite, c, k, v) for c, k, v in ratings],
        )
        if comment:
            await self._conn.execute(
                "INSERT INTO trial_comments (trial_id, agent_id, suite, body, written_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (trial_id, agent_id, suite, comment, to_text(now)),
            )

    async def status(self, trial_id: int) -> TrialStatus:
        row = await self._conn.one(
            "SELECT COUNT(*), COUNT(invited_at), COUNT(started_at), COUNT(finished_at)"
            f" FROM trial_pilots WHERE trial_id = ?{_OWN}",
            (trial_id, trial_id, self._organisation),
        )
        assert row is not None
        return TrialStatus(*(int(value) for value in row))

    async def reminder_rows(self, trial_id: int) -> list[PilotReminderRow]:
        rows = await self._conn.every(
            "SELECT p.agent_id, a.user_id, a.language, p.room_id, p.asked_at,"
            " p.last_answer_at, p.last_reminded_at, p.reminders_sent, a.reminders_off,"
            " a.absent_until, p.state"
            " FROM trial_pilots p JOIN agents a ON a.id = p.agent_id"
            " WHERE p.trial_id = ? AND p.asked_at IS NOT NULL AND p.finished_at IS NULL" + _OWN,
            (trial_id, trial_id, self._organisation),
        )
        return [
            PilotReminderRow(
                agent_id=int(row[0]), user_id=str(row[1]), language=row[2], room_id=row[3],
                asked_at=_time(row[4]), last_answer_at=_time(row[5]),
                last_reminded_at=_time(row[6]), reminders_sent=int(row[7]),
                reminders_off=bool(row[8]),
                absent_until=date.fromisoformat(row[9]) if row[9] else None, state=row[10],
            )
            for row in rows
        ]  # fmt: skip

    async def mark_reminded(self, trial_id: int, agent_id: int, count: int, now: datetime) -> None:
        await self._conn.execute(
            "UPDATE trial_pilots SET reminders_sent = ?, last_reminded_at = ?"
            f" WHERE trial_id = ? AND agent_id = ?{_OWN}",
            (count, to_text(now), trial_id, agent_id, trial_id, self._organisation),
        )

    # --- what the report reads -----------------------------------------------------------

    async def ratings(self, trial_id: int) -> list[TrialRatingRow]:
        rows = await self._conn.every(
            "SELECT agent_id, suite, category, criterion, value FROM trial_ratings"
            f" WHERE trial_id = ?{_OWN} ORDER BY agent_id, suite, category, criterion",
            (trial_id, trial_id, self._organisation),
        )
        return [TrialRatingRow(int(r[0]), r[1], r[2], r[3], _number(r[4])) for r in rows]

    async def comments(self, trial_id: int) -> list[TrialCommentRow]:
        rows = await self._conn.every(
            f"SELECT agent_id, suite, body FROM trial_comments WHERE trial_id = ?{_OWN}"
            " ORDER BY suite, written_at, agent_id",
            (trial_id, trial_id, self._organisation),
        )
        return [TrialCommentRow(int(r[0]), r[1], r[2]) for r in rows]

    # --- the decision --------------------------------------------------------------------

    async def decide(
        self,
        suite: str,
        suite_name: str,
        reason: str | None,
        decided_by: str,
        now: datetime,
        *,
        trial_id: int | None,
        recommendation: str | None,
    ) -> Decision:
        """Record a decision; an earlier one stays in the history, the latest holds."""
        row = await self._conn.one(
            "INSERT INTO choice_decisions (organisation, suite, suite_name, reason, decided_by,"
            " decided_at, trial_id, recommendation) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            f" RETURNING {_DECISION}",
            (
                self._organisation,
                suite,
                suite_name,
                reason,
                decided_by,
                to_text(now),
                trial_id,
                recommendation,
            ),
        )
        assert row is not None
        return _decision(row)

    async def decision(self) -> Decision | None:
        """The decision in force: the latest."""
        row = await self._conn.one(
            f"SELECT {_DECISION} FROM choice_decisions WHERE organisation = ?"
            " ORDER BY id DESC LIMIT 1",
            (self._organisation,),
        )
        return _decision(row) if row else None

    async def decisions(self) -> list[Decision]:
        rows = await self._conn.every(
            f"SELECT {_DECISION} FROM choice_decisions WHERE organisation = ? ORDER BY id",
            (self._organisation,),
        )
        return [_decision(row) for row in rows]


def _decision(row: Sequence[object]) -> Decision:
    return Decision(
        id=int(str(row[0])),
        suite=str(row[1]),
        suite_name=str(row[2]),
        reason=str(row[3]) if row[3] else None,
        decided_by=str(row[4]),
        decided_at=from_text(str(row[5])),
        trial_id=int(str(row[6])) if row[6] is not None else None,
        recommendation=str(row[7]) if row[7] else None,
    )
