"""The one read across tenants: what the anonymous benchmark of a structure (the centre
de gestion serving many communes) needs to find its inputs.

Everything else in storage reads within one tenant. This repository names tenants and
campaigns only; the benchmark then reads each campaign's answers through that tenant's
own scope (`session.scoped(key)`), where its anonymity threshold applies as usual.
"""

from __future__ import annotations

from .connection import Connection

# A campaign whose results were released: closed, its reports frozen when first shown.
_RELEASED = (
    "closed_at IS NOT NULL"
    " AND EXISTS (SELECT 1 FROM report_releases r WHERE r.campaign_id = campaigns.id)"
)


class StructureRepository:
    """The only cross-tenant read of the storage (see the module): never give its
    results to a tenant's handler."""

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
