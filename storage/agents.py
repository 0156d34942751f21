"""Agents by an internal key: answers never carry a Matrix ID, only this key."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from .clock import to_text
from .connection import Connection


@dataclass(frozen=True)
class Agent:
    id: int
    user_id: str
    language: str | None  # None: the organisation's language


class AgentRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    async def get(self, user_id: str) -> Agent | None:
        row = await self._conn.one(
            "SELECT id, user_id, language FROM agents WHERE user_id = ?", (user_id,)
        )
        return Agent(row[0], row[1], row[2]) if row else None

    async def get_or_create(self, user_id: str, now: datetime) -> Agent:
        await self._conn.execute(
            "INSERT INTO agents (user_id, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
            (user_id, to_text(now)),
        )
        agent = await self.get(user_id)
        assert agent is not None
        return agent

    async def ensure_many(self, user_ids: Sequence[str], now: datetime) -> dict[str, Agent]:
        """Every one of `user_ids` as an agent, made if new: a whole population at once."""
        await self._conn.execute_many(
            "INSERT INTO agents (user_id, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
            [(user_id, to_text(now)) for user_id in user_ids],
        )
        wanted = set(user_ids)
        rows = await self._conn.every("SELECT id, user_id, language FROM agents")
        return {r[1]: Agent(r[0], r[1], r[2]) for r in rows if r[1] in wanted}

    async def by_id(self, agent_id: int) -> Agent | None:
        row = await self._conn.one(
            "SELECT id, user_id, language FROM agents WHERE id = ?", (agent_id,)
        )
        return Agent(row[0], row[1], row[2]) if row else None

    async def set_language(self, agent_id: int, language: str) -> None:
        await self._conn.execute(
            "UPDATE agents SET language = ? WHERE id = ?", (language, agent_id)
        )

    async def set_reminders(self, agent_id: int, wanted: bool) -> None:
        await self._conn.execute(
            "UPDATE agents SET reminders_off = ? WHERE id = ?", (not wanted, agent_id)
        )

    async def set_absent_until(self, agent_id: int, until: date | None) -> None:
        await self._conn.execute(
            "UPDATE agents SET absent_until = ? WHERE id = ?",
            (until.isoformat() if until else None, agent_id),
        )
