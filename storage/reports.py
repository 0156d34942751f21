"""What reports read: completed answers with their ratings, and participation; the audit log."""

from __future__ import annotations

from collections.abc import AsyncIterator
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

    async def answers(self, campaign_id: int) -> AsyncIterator[AnswerRow]:
        """Complete answers only, each with its ratings, ordered by agent and category."""
        ratings: dict[tuple[int, str], dict[str, int | None]] = {}
        async with self._conn.execute(
            "SELECT agent_id, category, criterion, value FROM ratings WHERE campaign_id = ?",
            (campaign_id,),
        ) as cur:
            async for agent_id, category, criterion, value in cur:
                ratings.setdefault((agent_id, category), {})[criterion] = value
        async with self._conn.execute(
            "SELECT a.agent_id, p.service, a.category, a.tool, a.other, a.needed, a.problem,"
            " a.skipped FROM category_answers a JOIN participations p"
            " ON p.campaign_id = a.campaign_id AND p.agent_id = a.agent_id"
            " WHERE a.campaign_id = ? AND a.complete = 1",
            (campaign_id,),
        ) as cur:
            async for row in cur:
                yield AnswerRow(
                    agent_id=row[0],
                    service=row[1],
                    category=row[2],
                    tool=row[3],
                    other=bool(row[4]),
                    needed=None if row[5] is None else bool(row[5]),
                    problem=row[6],
                    skipped=bool(row[7]),
                    ratings=ratings.get((row[0], row[2]), {}),
                )

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
