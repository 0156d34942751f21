"""Evaluation campaigns: at most one open at a time in each organisation (a unique index)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from .clock import from_text, to_text
from .connection import Connection, Row


@dataclass(frozen=True)
class Campaign:
    id: int
    title: str
    opened_by: str
    opened_at: datetime
    closes_on: date | None
    closed_at: datetime | None

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


_COLUMNS = "id, title, opened_by, opened_at, closes_on, closed_at"


def _campaign(row: Row | tuple[object, ...]) -> Campaign:
    return Campaign(
        id=int(str(row[0])),
        title=str(row[1]),
        opened_by=str(row[2]),
        opened_at=from_text(str(row[3])),
        closes_on=date.fromisoformat(str(row[4])) if row[4] else None,
        closed_at=from_text(str(row[5])) if row[5] else None,
    )


class CampaignRepository:
    def __init__(self, conn: Connection, organisation: str) -> None:
        self._conn = conn
        self._organisation = organisation

    async def open(
        self, title: str, opened_by: str, closes_on: date | None, now: datetime
    ) -> Campaign:
        row = await self._conn.one(
            "INSERT INTO campaigns (organisation, title, opened_by, opened_at, closes_on)"
            f" VALUES (?, ?, ?, ?, ?) RETURNING {_COLUMNS}",
            (
                self._organisation,
                title,
                opened_by,
                to_text(now),
                closes_on.isoformat() if closes_on else None,
            ),
        )
        assert row is not None
        return _campaign(row)

    async def get(self, campaign_id: int) -> Campaign | None:
        row = await self._conn.one(
            f"SELECT {_COLUMNS} FROM campaigns WHERE id = ? AND organisation = ?",
            (campaign_id, self._organisation),
        )
        return _campaign(row) if row else None

    async def current(self) -> Campaign | None:
        """The open campaign, if any."""
        row = await self._conn.one(
            f"SELECT {_COLUMNS} FROM campaigns WHERE organisation = ? AND closed_at IS NULL",
            (self._organisation,),
        )
        return _campaign(row) if row else None

    async def latest(self) -> Campaign | None:
        row = await self._conn.one(
            f"SELECT {_COLUMNS} FROM campaigns WHERE organisation = ? ORDER BY id DESC LIMIT 1",
            (self._organisation,),
        )
        return _campaign(row) if row else None

    async def all(self) -> list[Campaign]:
        """Every campaign, the first one first."""
        rows = await self._conn.every(
            f"SELECT {_COLUMNS} FROM campaigns WHERE organisation = ? ORDER BY id",
            (self._organisation,),
        )
        return [_campaign(row) for row in rows]

    async def close(self, campaign_id: int, now: datetime) -> None:
        await self._conn.execute(
            "UPDATE campaigns SET closed_at = ? WHERE id = ? AND organisation = ?"
            " AND closed_at IS NULL",
            (to_text(now), campaign_id, self._organisation),
        )
