"""The one read across tenants: what the anonymous benchmark of a structure (the centre
de gestion serving many communes) needs to find its inputs.

Everything else in storage reads within one tenant. This repository names tenants and
campaigns, and gives each organisation's benchmark scores as they were frozen with its
latest released campaign (`BenchmarkRepository.keep`), under the name the organisation's
bot registered: aggregates that already obey each organisation's own anonymity
threshold. What it returns goes through `scoring.benchmark` before anyone reads it: the
structure's staff see `staff_benchmark`, a commune's managers `organisation_benchmark`,
which keeps no other organisation's name or score.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .clock import from_text
from .connection import Connection

# A campaign whose results were released: closed, its reports frozen when first shown.
_RELEASED = (
    "closed_at IS NOT NULL"
    " AND EXISTS (SELECT 1 FROM report_releases r WHERE r.campaign_id = campaigns.id)"
)


@dataclass(frozen=True)
class FrozenScores:
    """One organisation's benchmark scores as frozen (`scores`: `dump_scores`'s JSON, whose
    key and name are not to be shown: `organisation` and `name` are)."""

    organisation: str  # the tenant's key
    name: str  # as registered by its bot; its key if it never was
    campaign_id: int
    scores: str
    made_at: datetime


class StructureRepository:
    """The only cross-tenant read of the storage (see the module): never give its
    results to a tenant's handler but through `scoring.benchmark`'s views."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    async def released_tenants(self) -> list[str]:
        """The tenants with at least one closed campaign whose results were released, by key."""
        rows = await self._conn.every(
            f"SELECT DISTINCT organisation FROM campaigns WHERE {_RELEASED} ORDER BY organisation"
        )
        return [str(row[0]) for row in rows]

    async def latest_released(self, organisation: str) -> int | None:
        """The id of the tenant's latest closed campaign whose results were released."""
        row = await self._conn.one(
            f"SELECT id FROM campaigns WHERE organisation = ? AND {_RELEASED}"
            " ORDER BY id DESC LIMIT 1",
            (organisation,),
        )
        return int(row[0]) if row else None

    async def frozen_scores(self) -> list[FrozenScores]:
        """Every organisation's latest frozen benchmark scores, with its registered name,
        by key."""
        rows = await self._conn.every(
            "SELECT s.organisation, COALESCE(o.name, s.organisation), s.campaign_id, s.scores,"
            " s.made_at FROM benchmark_scores s LEFT JOIN organisations o"
            " ON o.key = s.organisation ORDER BY s.organisation"
        )
        return [
            FrozenScores(str(r[0]), str(r[1]), int(r[2]), str(r[3]), from_text(str(r[4])))
            for r in rows
        ]
