"""Which process serves which organisation, when several share one PostgreSQL database.

Each `harmonie run` holds a PostgreSQL advisory lock per organisation it serves, on a
connection of its own, for as long as it runs. A second process configured for the same
organisation cannot take it and refuses to start, so no organisation's jobs, invitations
or replies are ever handled by two processes at once. When a process dies (kill -9, a lost
machine), the server ends its session and frees its locks: the process started again, or
another one, takes them over. SQLite has one process by construction: nothing to lease.
"""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg

from .connection import numbered

LEASE_NAMESPACE = 0x4841  # the first key of the two-key advisory locks: "HA", Harmonie's


class TenantTaken(RuntimeError):
    """Another running process serves these organisations."""

    def __init__(self, keys: Sequence[str]) -> None:
        self.keys = tuple(keys)
        super().__init__(
            "already served by another Harmonie process on this database: " + ", ".join(keys)
        )


class TenantLease:
    """The locks of the organisations this process serves; `release` (or the end of the
    process) frees them."""

    def __init__(
        self, conn: asyncpg.Connection | None, keys: Sequence[str], url: str | None = None
    ) -> None:
        self._conn = conn
        self.keys = tuple(keys)
        self._url = url

    @classmethod
    async def take(cls, url: str | None, keys: Sequence[str]) -> TenantLease:
        """All the organisations, or none (TenantTaken names those held elsewhere).
        `url` None: a SQLite database, served by this process alone."""
        if url is None:
            return cls(None, keys)
        conn = await asyncpg.connect(url)
        try:
            taken = []
            for key in keys:
                got = await conn.fetchval(
                    numbered("SELECT pg_try_advisory_lock(?, hashtext(?))"), LEASE_NAMESPACE, key
                )
                if not got:
                    taken.append(key)
            if taken:
                raise TenantTaken(taken)
        except BaseException:
            await conn.close()  # frees the locks taken so far with the session
            raise
        return cls(conn, keys, url)

    async def renew(self) -> None:
        """After the server ended the lease's session (a restart, a network cut), take the
        organisations again; TenantTaken if another process took them meanwhile: this one
        must then stop serving them."""
        if self.alive or self._url is None:
            return
        self._conn = (await TenantLease.take(self._url, self.keys))._conn

    async def release(self) -> None:
        if self._conn is not None and not self._conn.is_closed():
            await self._conn.close()
        self._conn = None

    @property
    def alive(self) -> bool:
        """False once the server has ended the lease's session: another process may
        then take the organisations, and this one must stop serving them."""
        return self._conn is None or not self._conn.is_closed()
