"""An organisation's own part in its structure's benchmark: the name it is registered under,
and its scores frozen with its latest released campaign (what `StructureRepository` reads
across the structure's organisations)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .clock import from_text, to_text
from .connection import Connection


@dataclass(frozen=True)
class KeptScores:
    """An organisation's benchmark scores as frozen: `scores` is `dump_scores`'s JSON."""

    campaign_id: int
    scores: str
    made_at: datetime


class BenchmarkRepository:
    """The session's tenant's registration and frozen scores; it reads and writes no other
    tenant's."""

    def __init__(self, conn: Connection, organisation: str) -> None:
        self._conn = conn
        self._organisation = organisation

    async def register(self, name: str, now: datetime) -> None:
        """Record the tenant's display name, as its bot process serves it (at each start):
        the structure's staff read the names from here, never from the frozen scores."""
        await self._conn.execute(
            "INSERT INTO organisations (key, name, updated_at) VALUES (?, ?, ?)"
            " ON CONFLICT (key) DO UPDATE SET name = excluded.name,"
            " updated_at = excluded.updated_at",
            (self._organisation, name, to_text(now)),
        )

    async def keep(self, campaign_id: int, scores: str, now: datetime) -> bool:
        """Freeze the scores of campaign `campaign_id` (one of this tenant's), in place of an
        older campaign's (a lower id) or the same one's; never over a newer one's, which
        stays. Whether they were kept."""
        changed = await self._conn.execute(
            "INSERT INTO benchmark_scores (organisation, campaign_id, scores, made_at)"
            " SELECT organisation, id, ?, ? FROM campaigns WHERE id = ? AND organisation = ?"
            " ON CONFLICT (organisation) DO UPDATE SET campaign_id = excluded.campaign_id,"
            " scores = excluded.scores, made_at = excluded.made_at"
            " WHERE benchmark_scores.campaign_id <= excluded.campaign_id",
            (scores, to_text(now), campaign_id, self._organisation),
        )
        return changed > 0

    async def kept(self) -> KeptScores | None:
        """The tenant's frozen scores, if any campaign's were kept."""
        row = await self._conn.one(
            "SELECT campaign_id, scores, made_at FROM benchmark_scores WHERE organisation = ?",
            (self._organisation,),
        )
        return KeptScores(int(row[0]), str(row[1]), from_text(str(row[2]))) if row else None
