"""Agents by an internal key: answers never carry a Matrix ID, only this key.

An agent belongs to one organisation (tenant): a Matrix ID is an agent once, of one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from .clock import to_text
from .connection import Connection
from .errors import OtherOrganisationError


@dataclass(frozen=True)
class Agent:
    id: int
    user_id: str
    language: str | None  # None: the organisation's language


_INSERT = (
    "INSERT INTO agents (organisation, user_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING"
)


class AgentRepository:
    def __init__(self, conn: Connection, organisation: str) -> None:
        self._conn = conn
        self._organisation = organisation

    async def get(self, user_id: str) -> Agent | None:
        row = await self._conn.one(
            "SELECT id, user_id, language FROM agents WHERE user_id = ? AND organisation = ?",
            (user_id, self._organisation),
        )
        return Agent(row[0], row[1], row[2]) if row else None

    async def get_or_create(self, user_id: str, now: datetime) -> Agent:
        """The agent, made if new; OtherOrganisationError if another tenant has them."""
        await self._conn.execute(_INSERT, (self._organisation, user_id, to_text(now)))
        agent = await self.get(user_id)
        if agent is None:
            raise OtherOrganisationError("this Matrix ID is an agent of another organisation")
        return agent

    async def ensure_many(self, user_ids: Sequence[str], now: datetime) -> dict[str, Agent]:
        """Every one of `user_ids` as an agent, made if new: a whole population at once;
        OtherOrganisationError if another tenant has some of them."""
        await self._conn.execute_many(
            _INSERT, [(self._organisation, user_id, to_text(now)) for user_id in user_ids]
        )
        wanted = set(user_ids)
        rows = await self._conn.every(
            "SELECT id, user_id, language FROM agents WHERE organisation = ?",
            (self._organisation,),
        )
        agents = {r[1]: Agent(r[0], r[1], r[2]) for r in rows if r[1] in wanted}
        if len(agents) < len(wanted):
            raise OtherOrganisationError(
                f"{len(wanted) - len(agents)} of these Matrix IDs are agents of another"
                " organisation"
            )
        return agents

    async def by_id(self, agent_id: int) -> Agent | None:
        row = await self._conn.one(
            "SELECT id, user_id, language FROM agents WHERE id = ? AND organisation = ?",
            (agent_id, self._organisation),
        )
        return Agent(row[0], row[1], row[2]) if row else None

    async def set_language(self, agent_id: int, language: str) -> None:
        await self._conn.execute(
            "UPDATE agents SET language = ? WHERE id = ? AND organisation = ?",
            (language, agent_id, self._organisation),
        )

    async def set_reminders(self, agent_id: int, wanted: bool) -> None:
        await self._conn.execute(
            "UPDATE agents SET reminders_off = ? WHERE id = ? AND organisation = ?",
            (not wanted, agent_id, self._organisation),
        )

    async def set_absent_until(self, agent_id: int, until: date | None) -> None:
        await self._conn.execute(
            "UPDATE agents SET absent_until = ? WHERE id = ? AND organisation = ?",
            (until.isoformat() if until else None, agent_id, self._organisation),
        )
