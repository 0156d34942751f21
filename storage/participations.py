"""One agent in one campaign: invitation, dialog state, and the answers it produced.

The dialog state is kept as the JSON its owner (conversations) gives us; the answers are
also written as rows, so that reports can aggregate them with SQL.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from .agents import Agent
from .campaigns import Campaign, _campaign
from .clock import from_text, to_text
from .connection import Connection, Row
from .scope import owned

# A state (JSON of conversations.codec) neither finished nor paused, in each engine's words.
_WAITING = {
    "sqlite": " AND json_extract(state, '$.position[0]') IS NOT 'done'"
    " AND json_extract(state, '$.paused') IS NOT 1",
    "postgresql": " AND (state::jsonb #>> '{position,0}') IS DISTINCT FROM 'done'"
    " AND (state::jsonb -> 'paused') IS DISTINCT FROM 'true'::jsonb",
}


@dataclass(frozen=True)
class Participation:
    campaign_id: int
    agent_id: int
    room_id: str | None
    invite_requested_at: datetime | None
    invited_at: datetime | None
    started_at: datetime | None
    finished_at: datetime | None
    service: str | None
    state: str | None  # JSON owned by conversations.codec


@dataclass(frozen=True)
class Whereabouts:
    """An agent (None: no row yet), the open campaign (None: none) and the agent's
    participation in it (None: none), as one message of theirs finds them."""

    agent: Agent | None
    campaign: Campaign | None
    participation: Participation | None


@dataclass(frozen=True)
class AnswerRecord:
    """One row of a category's answer: one per tool the agent uses (`position` orders
    them), or a single row without a tool. Ratings map criterion key -> 0..10 (half
    points kept) or None."""

    category: str
    tool: str | None
    other: bool
    needed: bool | None
    need_why: str | None
    problem: str | None
    skipped: bool
    complete: bool
    ratings: dict[str, float | None]
    position: int = 0


@dataclass(frozen=True)
class ReminderRow:
    """An invited agent of a campaign, with what the reminder policy looks at."""

    agent_id: int
    user_id: str
    language: str | None
    room_id: str | None
    invited_at: datetime | None
    last_answer_at: datetime | None
    last_reminded_at: datetime | None
    reminders_sent: int
    finished: bool
    reminders_off: bool
    absent_until: date | None
    state: str | None


@dataclass(frozen=True)
class CampaignStatus:
    """Counts per service (None: not given); never who answered."""

    invited: Counter[str | None]
    started: Counter[str | None]
    finished: Counter[str | None]


# A campaign of the session's tenant, by id: another tenant's reads and changes nothing.
_OWN = " AND " + owned("campaigns")

_COLUMNS = (
    "campaign_id, agent_id, room_id, invite_requested_at, invited_at, started_at,"
    " finished_at, service, state"
)


def _number(value: object) -> float | None:
    """A stored rating: whole numbers come back as int, half points as float."""
    if value is None:
        return None
    number = float(str(value))
    return int(number) if number == int(number) else number


def _time(value: object) -> datetime | None:
    return from_text(str(value)) if value else None


def _participation(row: Row | tuple[object, ...]) -> Participation:
    return Participation(
        campaign_id=int(str(row[0])),
        agent_id=int(str(row[1])),
        room_id=str(row[2]) if row[2] else None,
        invite_requested_at=_time(row[3]),
        invited_at=_time(row[4]),
        started_at=_time(row[5]),
        finished_at=_time(row[6]),
        service=str(row[7]) if row[7] else None,
        state=str(row[8]) if row[8] else None,
    )


class ParticipationRepository:
    def __init__(self, conn: Connection, organisation: str) -> None:
        self._conn = conn
        self._organisation = organisation

    async def get(self, campaign_id: int, agent_id: int) -> Participation | None:
        row = await self._conn.one(
            f"SELECT {_COLUMNS} FROM participations WHERE campaign_id = ? AND agent_id = ?{_OWN}",
            (campaign_id, agent_id, campaign_id, self._organisation),
        )
        return _participation(row) if row else None

    async def whereabouts(self, user_id: str) -> Whereabouts:
        """The user's agent row, the open campaign and their participation in it, in one
        statement: what reading an answer needs, for one trip to the database, not three."""
        row = await self._conn.one(
            "SELECT a.id, a.user_id, a.language,"
            " c.id, c.title, c.opened_by, c.opened_at, c.closes_on, c.closed_at,"
            " p.campaign_id, p.agent_id, p.room_id, p.invite_requested_at, p.invited_at,"
            " p.started_at, p.finished_at, p.service, p.state"
            " FROM (SELECT 1)"
            " LEFT JOIN agents AS a ON a.user_id = ? AND a.organisation = ?"
            " LEFT JOIN campaigns AS c ON c.organisation = ? AND c.closed_at IS NULL"
            " LEFT JOIN participations AS p ON p.campaign_id = c.id AND p.agent_id = a.id",
            (user_id, self._organisation, self._organisation),
        )
        assert row is not None  # the LEFT JOINs keep the one row of (SELECT 1)
        agent = Agent(row[0], row[1], row[2]) if row[0] is not None else None
        campaign = _campaign(row[3:9]) if row[3] is not None else None
        participation = _participation(row[9:]) if row[9] is not None else None
        return Whereabouts(agent, campaign, participation)

    async def latest_for(self, agent_id: int) -> Participation | None:
        """The agent's participation in the most recent campaign they began to answer."""
        row = await self._conn.one(
            f"SELECT {_COLUMNS} FROM participations WHERE agent_id = ? AND state IS NOT NULL"
            f" AND {owned('agents')} ORDER BY campaign_id DESC LIMIT 1",
            (agent_id, agent_id, self._organisation),
        )
        return _participation(row) if row else None

    async def ensure(self, campaign_id: int, agent_id: int, now: datetime) -> Participation:
        """The participation, made if new, in one statement (the no-op update on a
        conflict is what makes RETURNING give the existing row)."""
        row = await self._conn.one(
            "INSERT INTO participations (campaign_id, agent_id, updated_at) VALUES (?, ?, ?)"
            " ON CONFLICT (campaign_id, agent_id) DO UPDATE SET agent_id = excluded.agent_id"
            f" RETURNING {_COLUMNS}",
            (campaign_id, agent_id, to_text(now)),
        )
        assert row is not None
        return _participation(row)

    async def save_state(
        self,
        campaign_id: int,
        agent_id: int,
        state: str,
        service: str | None,
        *,
        started: bool,
        finished: bool,
        now: datetime,
    ) -> None:
        """Store the dialog state; started and finished times are set once: an agent who
        validated and then corrects a category (`!modifier`) still counts as finished."""
        stamp = to_text(now)
        await self._conn.execute(
            "UPDATE participations SET state = ?, service = ?, updated_at = ?,"
            " last_answer_at = ?,"
            " started_at = CASE WHEN ? THEN COALESCE(started_at, ?) ELSE started_at END,"
            " finished_at = CASE WHEN ? THEN COALESCE(finished_at, ?) ELSE finished_at END"
            f" WHERE campaign_id = ? AND agent_id = ?{_OWN}",
            (
                state,
                service,
                stamp,
                stamp,
                started,
                stamp,
                finished,
                stamp,
                campaign_id,
                agent_id,
                campaign_id,
                self._organisation,
            ),
        )

    async def save_category(
        self,
        campaign_id: int,
        agent_id: int,
        category: str,
        rows: list[AnswerRecord],
        now: datetime,
    ) -> None:
        """Replace the agent's answer for `category` by `rows` (its ratings cascade)."""
        await self._conn.execute(
            "DELETE FROM category_answers WHERE campaign_id = ? AND agent_id = ? AND category = ?"
            + _OWN,
            (campaign_id, agent_id, category, campaign_id, self._organisation),
        )
        await self._conn.execute_many(
            "INSERT INTO category_answers (campaign_id, agent_id, category, position, tool,"
            " other, needed, need_why, problem, skipped, complete, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    campaign_id, agent_id, category, row.position, row.tool, row.other,
                    row.needed, row.need_why, row.problem, row.skipped, row.complete,
                    to_text(now),
                )
                for row in rows
            ],
        )  # fmt: skip
        await self._conn.execute_many(
            "INSERT INTO ratings (campaign_id, agent_id, category, position, criterion, value)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [
                (campaign_id, agent_id, category, row.position, criterion, value)
                for row in rows
                for criterion, value in row.ratings.items()
            ],
        )

    async def answers(self, campaign_id: int, agent_id: int) -> list[AnswerRecord]:
        """The agent's stored answer rows, category by category, tools in their order."""
        rows = await self._conn.every(
            "SELECT category, tool, other, needed, need_why, problem, skipped, complete, position"
            f" FROM category_answers WHERE campaign_id = ? AND agent_id = ?{_OWN}"
            " ORDER BY category, position",
            (campaign_id, agent_id, campaign_id, self._organisation),
        )
        rating_rows = await self._conn.every(
            "SELECT category, position, criterion, value FROM ratings"
            f" WHERE campaign_id = ? AND agent_id = ?{_OWN} ORDER BY category, position, criterion",
            (campaign_id, agent_id, campaign_id, self._organisation),
        )
        ratings: dict[tuple[str, int], dict[str, float | None]] = {}
        for category, position, criterion, value in rating_rows:
            ratings.setdefault((category, position), {})[criterion] = _number(value)
        return [
            AnswerRecord(
                category=row[0], tool=row[1], other=bool(row[2]),
                needed=None if row[3] is None else bool(row[3]), need_why=row[4],
                problem=row[5], skipped=bool(row[6]), complete=bool(row[7]),
                ratings=ratings.get((row[0], row[8]), {}), position=int(row[8]),
            )
            for row in rows
        ]  # fmt: skip

    async def in_progress(self, campaign_id: int) -> set[int]:
        """Agents of the campaign whose evaluation waits for their next answer (begun or
        invited, neither paused nor finished)."""
        rows = await self._conn.every(
            "SELECT agent_id FROM participations WHERE campaign_id = ? AND state IS NOT NULL"
            + _WAITING[self._conn.dialect]
            + _OWN,
            (campaign_id, campaign_id, self._organisation),
        )
        return {int(row[0]) for row in rows}

    async def to_invite(self, campaign_id: int, limit: int = 50) -> list[Participation]:
        rows = await self._conn.every(
            f"SELECT {_COLUMNS} FROM participations"
            f" WHERE campaign_id = ? AND invited_at IS NULL{_OWN} ORDER BY agent_id LIMIT ?",
            (campaign_id, campaign_id, self._organisation, limit),
        )
        return [_participation(row) for row in rows]

    async def mark_invite_requested(self, campaign_id: int, agent_id: int, now: datetime) -> None:
        await self._conn.execute(
            "UPDATE participations SET invite_requested_at = COALESCE(invite_requested_at, ?)"
            f" WHERE campaign_id = ? AND agent_id = ?{_OWN}",
            (to_text(now), campaign_id, agent_id, campaign_id, self._organisation),
        )

    async def mark_invited(
        self, campaign_id: int, agent_id: int, room_id: str, now: datetime
    ) -> None:
        await self._conn.execute(
            "UPDATE participations SET invited_at = ?, room_id = ?, updated_at = ?"
            f" WHERE campaign_id = ? AND agent_id = ?{_OWN}",
            (
                to_text(now),
                room_id,
                to_text(now),
                campaign_id,
                agent_id,
                campaign_id,
                self._organisation,
            ),
        )

    async def status(self, campaign_id: int) -> CampaignStatus:
        rows = await self._conn.every(
            "SELECT service, invited_at IS NOT NULL, started_at IS NOT NULL,"
            f" finished_at IS NOT NULL FROM participations WHERE campaign_id = ?{_OWN}",
            (campaign_id, campaign_id, self._organisation),
        )
        invited: Counter[str | None] = Counter()
        started: Counter[str | None] = Counter()
        finished: Counter[str | None] = Counter()
        for service, was_invited, was_started, was_finished in rows:
            if was_invited:
                invited[service] += 1
            if was_started:
                started[service] += 1
            if was_finished:
                finished[service] += 1
        return CampaignStatus(invited, started, finished)

    async def reminder_rows(self, campaign_id: int) -> list[ReminderRow]:
        rows = await self._conn.every(
            "SELECT p.agent_id, a.user_id, a.language, p.room_id, p.invited_at,"
            " p.last_answer_at, p.last_reminded_at, p.reminders_sent,"
            " p.finished_at IS NOT NULL, a.reminders_off, a.absent_until, p.state"
            " FROM participations p JOIN agents a ON a.id = p.agent_id"
            " WHERE p.campaign_id = ? AND p.invited_at IS NOT NULL AND p.finished_at IS NULL"
            + _OWN,
            (campaign_id, campaign_id, self._organisation),
        )
        return [
            ReminderRow(
                agent_id=int(row[0]), user_id=str(row[1]), language=row[2], room_id=row[3],
                invited_at=_time(row[4]), last_answer_at=_time(row[5]),
                last_reminded_at=_time(row[6]), reminders_sent=int(row[7]),
                finished=bool(row[8]), reminders_off=bool(row[9]),
                absent_until=date.fromisoformat(row[10]) if row[10] else None, state=row[11],
            )
            for row in rows
        ]  # fmt: skip

    async def mark_reminded(
        self, campaign_id: int, agent_id: int, count: int, now: datetime
    ) -> None:
        await self._conn.execute(
            "UPDATE participations SET reminders_sent = ?, last_reminded_at = ?"
            f" WHERE campaign_id = ? AND agent_id = ?{_OWN}",
            (count, to_text(now), campaign_id, agent_id, campaign_id, self._organisation),
        )
