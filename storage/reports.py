"""What reports read: completed answers with their ratings, and participation; the audit log."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from .clock import to_text
from .connection import Connection
from .scope import owned

T = TypeVar("T")
_OWN = " AND " + owned("campaigns")  # a campaign of the session's tenant, by id


@dataclass(frozen=True)
class AnswerRow:
    agent_id: int
    service: str | None
    category: str
    tool: str | None
    other: bool
    needed: bool | None
    problem: str | None
    skipped: bool
    ratings: dict[str, float | None]


@dataclass(frozen=True)
class ParticipantRow:
    agent_id: int
    service: str | None
    invited: bool
    started: bool
    finished: bool


class ReportRepository:
    def __init__(self, conn: Connection, organisation: str) -> None:
        self._conn = conn
        self._organisation = organisation

    async def answers(
        self,
        campaign_id: int,
        criteria: Sequence[str],
        record: Callable[..., T] = AnswerRow,  # type: ignore[assignment]
    ) -> list[T]:
        """Complete answers, one per tool an agent uses (or one without a tool), each with
        its ratings for `criteria` (the ratings turned into one column per criterion by one
        grouped subquery, joined once: one row per answer, no Python-side regrouping; a
        subquery per criterion and row was a quarter of the report's time at 10,000 agents
        on PostgreSQL), built with `record` so that the caller gets its own objects without
        a second copy (measured: bench/report.py).

        `record` receives agent_id, service, category, tool, other, needed, problem,
        skipped and the ratings as a dict (None where no rating was given)."""
        pivot = ", ".join(
            f"MAX(CASE WHEN criterion = ? THEN value END) AS c{index}"
            for index in range(len(criteria))
        )
        columns = "".join(f", r.c{index}" for index in range(len(criteria)))
        joined = (
            f" LEFT JOIN (SELECT agent_id, category, position, {pivot} FROM ratings"
            " WHERE campaign_id = ? GROUP BY agent_id, category, position) r"
            " ON r.agent_id = a.agent_id AND r.category = a.category AND r.position = a.position"
            if criteria
            else ""
        )
        parameters: list[object] = [*criteria, campaign_id] if criteria else []
        rows = await self._conn.every(
            "SELECT a.agent_id, p.service, a.category, a.tool, a.other, a.needed, a.problem,"
            f" a.skipped{columns} FROM category_answers a"
            " JOIN participations p ON p.campaign_id = a.campaign_id AND p.agent_id = a.agent_id"
            f"{joined} WHERE a.campaign_id = ? AND a.complete = 1" + _OWN,
            (*parameters, campaign_id, campaign_id, self._organisation),
        )
        result = []
        for row in rows:
            # None: "nsp" or not asked; scoring leaves both out of every mean
            ratings = dict(zip(criteria, row[8:], strict=True))
            result.append(
                record(
                    row[0],
                    row[1],
                    row[2],
                    row[3],
                    bool(row[4]),
                    None if row[5] is None else bool(row[5]),
                    row[6],
                    bool(row[7]),
                    ratings,
                )
            )
        return result

    async def participants(self, campaign_id: int) -> list[ParticipantRow]:
        rows = await self._conn.every(
            "SELECT agent_id, service, invited_at IS NOT NULL, started_at IS NOT NULL,"
            " finished_at IS NOT NULL FROM participations WHERE campaign_id = ?" + _OWN,
            (campaign_id, campaign_id, self._organisation),
        )
        return [ParticipantRow(int(r[0]), r[1], bool(r[2]), bool(r[3]), bool(r[4])) for r in rows]

    async def release(self, campaign_id: int) -> tuple[int, str] | None:
        """The frozen reports of a closed campaign: (anonymity threshold, body)."""
        row = await self._conn.one(
            "SELECT threshold, body FROM report_releases WHERE campaign_id = ?" + _OWN,
            (campaign_id, campaign_id, self._organisation),
        )
        return (int(row[0]), str(row[1])) if row else None

    async def keep_release(
        self, campaign_id: int, threshold: int, body: str, now: datetime
    ) -> None:
        await self._conn.execute(
            "INSERT INTO report_releases (campaign_id, threshold, body, made_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (campaign_id) DO UPDATE SET"
            " threshold = excluded.threshold, body = excluded.body, made_at = excluded.made_at",
            (campaign_id, threshold, body, to_text(now)),
        )

    async def audit(self, actor: str, action: str, details: str, now: datetime) -> None:
        await self._conn.execute(
            "INSERT INTO audit_log (organisation, at, actor, action, details)"
            " VALUES (?, ?, ?, ?, ?)",
            (self._organisation, to_text(now), actor, action, details),
        )

    async def audit_entries(self) -> list[tuple[str, str, str, str]]:
        rows = await self._conn.every(
            "SELECT at, actor, action, details FROM audit_log WHERE organisation = ? ORDER BY id",
            (self._organisation,),
        )
        return [(str(r[0]), str(r[1]), str(r[2]), str(r[3])) for r in rows]
