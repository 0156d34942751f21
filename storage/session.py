"""A unit of work's repositories, bound to one connection and one scope (tenant, bot)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from .agents import AgentRepository
from .benchmark import BenchmarkRepository
from .campaigns import CampaignRepository
from .connection import DATABASE_ERRORS, Connection, is_transient
from .credentials import CredentialsRepository
from .errors import StorageError, UnitOfWorkLost
from .events import EventRepository
from .letters import LetterRepository
from .outbox import OutboxRepository
from .participations import ParticipationRepository
from .privacy import PrivacyRepository
from .reports import ReportRepository
from .rollout import RolloutRepository
from .room_devices import RoomDeviceRepository
from .rooms import DirectRoomRepository
from .scope import DEFAULT_TENANT, tenant_key
from .structure import StructureRepository
from .sync import SyncRepository
from .trials import TrialRepository


class _Unit:
    """What the sessions of one unit of work share, whatever their tenant."""

    def __init__(self) -> None:
        # Set by an erasure; once the unit of work commits, the WAL is wiped (database.py).
        self.erased = False


class Session:
    """The repositories bound to the connection, used inside one unit of work.

    Each reads and writes within the session's scope: the tenant `organisation` for the
    tenant roots (agents, campaigns, rollout plans, trials, decisions, the audit log) and
    their children, `bot` for what belongs to the bot account. A read or a change by
    another tenant's id finds nothing; only a new child row (a participation, a pilot, a
    wave) trusts the root's id it is given, which the caller read in its own scope."""

    def __init__(
        self,
        conn: Connection,
        organisation: str = DEFAULT_TENANT,
        bot: str = "",
        *,
        unit: _Unit | None = None,
    ) -> None:
        self.conn = conn
        self.organisation = tenant_key(organisation)
        self.bot = bot
        self._unit = unit or _Unit()
        self.credentials = CredentialsRepository(conn, bot)
        self.sync = SyncRepository(conn, bot)
        self.events = EventRepository(conn, bot)
        self.outbox = OutboxRepository(conn, bot)
        self.direct_rooms = DirectRoomRepository(conn, bot)
        self.room_devices = RoomDeviceRepository(conn, bot)
        self.letters = LetterRepository(conn, bot)
        self.agents = AgentRepository(conn, organisation)
        self.campaigns = CampaignRepository(conn, organisation)
        self.participations = ParticipationRepository(conn, organisation)
        self.reports = ReportRepository(conn, organisation)
        self.rollout = RolloutRepository(conn, organisation)
        self.trials = TrialRepository(conn, organisation)
        self.privacy = PrivacyRepository(conn, organisation, self._note_erasure)
        self.benchmark = BenchmarkRepository(conn, organisation)
        # The one read across tenants (storage/structure.py), for the benchmark only.
        self.structure = StructureRepository(conn)

    @property
    def erased(self) -> bool:
        """Whether this unit of work erased personal data (in any of its tenants)."""
        return self._unit.erased

    @erased.setter
    def erased(self, value: bool) -> None:
        self._unit.erased = value

    def _note_erasure(self) -> None:
        self._unit.erased = True

    def scoped(self, organisation: str) -> Session:
        """The same unit of work for another tenant of the same bot: the sync batch
        handles the events of several tenants in one transaction, a savepoint each."""
        if organisation == self.organisation:
            return self
        return Session(self.conn, organisation, self.bot, unit=self._unit)

    @asynccontextmanager
    async def savepoint(self) -> AsyncIterator[Session]:
        """A part of the unit of work that fails alone: on an exception, what it wrote is
        undone and the exception goes on, while what the unit of work wrote before (and
        writes after) stands. The sync loop handles a batch's events in one transaction,
        one savepoint each, so that a bad event does not cost the others their answers.
        A transient database error becomes a StorageError, as in `Database.transaction`;
        if even the undo fails, UnitOfWorkLost says that the whole unit of work must go."""
        try:
            await self.conn.execute("SAVEPOINT part")
        except DATABASE_ERRORS as exc:
            raise StorageError(str(exc)) from exc
        try:
            yield self
        except BaseException as exc:
            try:
                await self.conn.execute("ROLLBACK TO SAVEPOINT part")
                await self.conn.execute("RELEASE SAVEPOINT part")
            except DATABASE_ERRORS as undo:  # SQLite may have rolled back everything itself
                raise UnitOfWorkLost(f"could not undo a failed part: {undo}") from exc
            if is_transient(exc):  # disk full, locked, I/O, the server gone
                raise StorageError(str(exc)) from exc
            raise
        try:
            await self.conn.execute("RELEASE SAVEPOINT part")
        except DATABASE_ERRORS as exc:
            raise StorageError(str(exc)) from exc
