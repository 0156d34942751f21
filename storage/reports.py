"""What reports read: completed answers with their ratings, and participation; the audit log."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from .clock import to_text


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
    ratings: dict[str, int | None]


@dataclass(frozen=True)
class ParticipantRow:
    agent_id: int
    service: str | None
    invited: bool
    started: bool
    finished: bool


class ReportRepository:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def answers(self, campaign_id: int, criteria: Sequence[str]) -> list[AnswerRow]:
        """Complete answers only, each with its ratings for `criteria`, pivoted by SQLite
        into one row per answer (a row per rating, dict-built in Python, was 3× slower:
        bench/report.py)."""
        pivot = "".join(
            ", MAX(CASE WHEN r.criterion = ? THEN r.value END), MAX(r.criterion = ?)"
            for _ in criteria
        )
        parameters: list[object] = []
        for key in criteria:
            parameters += [key, key]
        async with self._conn.execute(
            "SELECT a.agent_id, p.service, a.category, a.tool, a.other, a.needed, a.problem,"
            f" a.skipped{pivot} FROM category_answers a"
            " JOIN participations p ON p.campaign_id = a.campaign_id AND p.agent_id = a.agent_id"
            " LEFT JOIN ratings r ON r.campaign_id = a.campaign_id AND r.agent_id = a.agent_id"
            " AND r.category = a.category"
            " WHERE a.campaign_id = ? AND a.complete = 1"
            " GROUP BY a.agent_id, a.category",
            (*parameters, campaign_id),
        ) as cur:
            rows = await cur.fetchall()
        result = []
        for row in rows:
            ratings: dict[str, int | None] = {}
            for index, key in enumerate(criteria):
                if row[9 + 2 * index]:  # the criterion was answered (possibly "nsp")
                    ratings[key] = row[8 + 2 * index]
            result.append(
                AnswerRow(
                    agent_id=row[0],
                    service=row[1],
                    category=row[2],
                    tool=row[3],
                    other=bool(row[4]),
                    needed=None if row[5] is None else bool(row[5]),
                    problem=row[6],
                    skipped=bool(row[7]),
                    ratings=ratings,
                )
            )
        return result

    async def participants(self, campaign_id: int) -> list[ParticipantRow]:
        async with self._conn.execute(
            "SELECT agent_id, service, invited_at IS NOT NULL, started_at IS NOT NULL,"
            " finished_at IS NOT NULL FROM participations WHERE campaign_id = ?",
            (campaign_id,),
        ) as cur:
            rows = await cur.fetchall()
        return [ParticipantRow(int(r[0]), r[1], bool(r[2]), bool(r[3]), bool(r[4])) for r in rows]

    async def audit(self, actor: str, action: str, details: str, now: datetime) -> None:
        await self._conn.execute(
            "INSERT INTO audit_log (at, actor, action, details) VALUES (?, ?, ?, ?)",
            (to_text(now), actor, action, details),
        )

    async def audit_entries(self) -> list[tuple[str, str, str, str]]:
        async with self._conn.execute(
            "SELECT at, actor, action, details FROM audit_log ORDER BY id"
        ) as cur:
            rows = await cur.fetchall()
        return [(str(r[0]), str(r[1]), str(r[2]), str(r[3])) for r in rows]
