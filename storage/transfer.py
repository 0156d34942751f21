"""One commune's SQLite database moved into a structure's PostgreSQL, as one tenant
(`harmonie migrate`).

The source is brought to the latest schema (it may be an older Harmonie's), then read
read-only, in one snapshot. Everything is written in one PostgreSQL transaction: a run
stopped half-way (killed, the network cut) leaves nothing, and the next run does it all.
The tenant's rows keep their relationships under new ids, taken from each table's
identity sequence so that later inserts go on after them; job keys and letters' causes
that name a rollout plan or a training session are renumbered with them, so that a job
already run is not run again. What belongs to the bot account (its login, sync token,
DMs, outbox, letters…) keeps its bot; rows of no bot (bot '', an upgraded database the
bot has not opened since) take the bot of the source's one login, or stay behind if the
source never logged in.

Run again, a move finds the tenant already holding exactly what the source holds and
writes nothing. It refuses, writing nothing, when the tenant there holds anything else
(two communes' histories are never merged), when one of the source's agents is an agent of
another tenant there, or when a running bot serves that tenant. It ends by reading the
tenant back, table by table, inside the transaction: what is committed is what was read.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .connection import DATABASE_ERRORS, Connection, SqliteConnection
from .database import Database, connect
from .lease import TenantLease, TenantTaken
from .migrations import MIGRATIONS, migrate
from .scope import DEFAULT_TENANT, tenant_key

LATEST = MIGRATIONS[-1].version


class MoveError(RuntimeError):
    """Why nothing was moved, for the person at the terminal."""


class NotHarmonieDatabase(MoveError):
    """The source is not a database Harmonie wrote (or not a database at all)."""


class SourceNotOneCommune(MoveError):
    """The source holds rows of several organisations, or of none it can name."""


class MoveRefused(MoveError):
    """The destination holds what the move would mix with or take over: nothing written."""


class VerificationFailed(MoveError):
    """What was written does not read back as the source: rolled back, nothing written."""


@dataclass(frozen=True)
class _Table:
    """A table of a tenant's data: `scope` selects one tenant's rows with one `?`;
    `refs` are the columns holding ids of other tables, mapped when moved."""

    name: str
    scope: str
    refs: Mapping[str, str] = field(default_factory=dict)
    own_id: bool = False

    def parameter(self, organisation: str) -> str:
        return f"{organisation}:%" if self.name == "job_runs" else organisation


_ROOT = "organisation = ?"
_VIA_CAMPAIGN = "campaign_id IN (SELECT id FROM campaigns WHERE organisation = ?)"
_VIA_PLAN = "plan_id IN (SELECT id FROM rollout_plans WHERE organisation = ?)"
_VIA_WAVE = (
    "wave_id IN (SELECT w.id FROM feedback_waves w"
    " JOIN rollout_plans p ON p.id = w.plan_id WHERE p.organisation = ?)"
)
_VIA_TRIAL = "trial_id IN (SELECT id FROM trials WHERE organisation = ?)"
_VIA_AGENT = "agent_id IN (SELECT id FROM agents WHERE organisation = ?)"
_ANSWER = {"campaign_id": "campaigns", "agent_id": "agents"}
_PILOT = {"trial_id": "trials", "agent_id": "agents"}
_FEEDBACK = {"wave_id": "feedback_waves", "agent_id": "agents"}

# A tenant's tables, parents before children: the order they are written in.
TENANT_TABLES: tuple[_Table, ...] = (
    _Table("agents", _ROOT, own_id=True),
    _Table("campaigns", _ROOT, own_id=True),
    _Table("participations", _VIA_CAMPAIGN, _ANSWER),
    _Table("category_answers", _VIA_CAMPAIGN, _ANSWER),
    _Table("ratings", _VIA_CAMPAIGN, _ANSWER),
    _Table("report_releases", _VIA_CAMPAIGN, {"campaign_id": "campaigns"}),
    _Table("campaign_snapshots", _VIA_CAMPAIGN, {"campaign_id": "campaigns"}),
    _Table("benchmark_scores", _ROOT, {"campaign_id": "campaigns"}),
    _Table("audit_log", _ROOT, own_id=True),
    _Table("rollout_plans", _ROOT, own_id=True),
    _Table("rollout_steps", _VIA_PLAN, {"plan_id": "rollout_plans"}),
    _Table("rollout_trainings", _VIA_PLAN, {"plan_id": "rollout_plans"}, own_id=True),
    _Table("feedback_waves", _VIA_PLAN, {"plan_id": "rollout_plans"}, own_id=True),
    _Table("feedback_responses", _VIA_WAVE, _FEEDBACK),
    _Table("feedback_ratings", _VIA_WAVE, _FEEDBACK),
    _Table(
        "feedback_comments",
        _VIA_AGENT,
        {"plan_id": "rollout_plans", **_FEEDBACK},
        own_id=True,
    ),
    _Table("trials", _ROOT, own_id=True),
    _Table("trial_pilots", _VIA_TRIAL, _PILOT),
    _Table("trial_ratings", _VIA_TRIAL, _PILOT),
    _Table("trial_comments", _VIA_TRIAL, _PILOT),
    _Table("choice_decisions", _ROOT, {"trial_id": "trials"}, own_id=True),
    _Table("job_runs", "key LIKE ?"),  # `<tenant>:plan:<id>:…`
)
_ROOTS = tuple(table.name for table in TENANT_TABLES if table.scope == _ROOT)

# What belongs to a bot account, with the columns that identify a row there (notices:
# their cause, unique across bots), in the order they are written.
BOT_TABLES: dict[str, tuple[str, ...]] = {
    "credentials": ("bot",),
    "sync_state": ("bot",),
    "processed_events": ("bot", "event_id"),
    "pending_encrypted": ("bot", "event_id"),
    "direct_rooms": ("bot", "user_id"),
    "room_writers": ("bot", "room_id", "device_key"),
    "room_key_holders": ("bot", "room_id"),
    "outbox": ("bot", "txn_id"),
    "notices": ("cause",),
}
_OWN_ID_BOT_TABLES = ("outbox", "notices")
# Tables that are no one's data: the schema's own bookkeeping.
# Not moved: the schema's own, and the names of the organisations, which each bot
# registers again when it starts (the destination's is the structure's configuration).
_BOOKKEEPING = frozenset({"schema_version", "sqlite_sequence", "organisations"})


@dataclass(frozen=True)
class TableCount:
    """One table of the move: rows in the source, written now, found already there, and
    left behind (rows of no bot, when the source never logged in)."""

    table: str
    source: int
    moved: int
    already: int
    left_out: int = 0
    bot: bool = False  # a table of the bot account's, not of the organisation's


@dataclass(frozen=True)
class Moved:
    """What a move did (or found already done: `already_there`, nothing written)."""

    organisation: str
    source_version: int  # the source's schema version before it was brought up to date
    bots: tuple[str, ...]
    already_there: bool
    tables: tuple[TableCount, ...]
    campaigns: dict[int, int]  # the source's campaign numbers, and theirs in the destination
    trials: dict[int, int]
    notes: tuple[str, ...]

    @property
    def moved(self) -> int:
        return sum(count.moved for count in self.tables)

    @property
    def tenant_rows(self) -> int:
        """The organisation's rows in the source (its tables, not the bot's)."""
        return sum(count.source for count in self.tables if not count.bot)

    @property
    def upgraded(self) -> bool:
        """Whether the source was brought to the latest schema first."""
        return self.source_version < LATEST


@dataclass
class _Source:
    """The source read in one snapshot."""

    version: int
    tenant: str
    rows: dict[str, list[dict[str, Any]]]  # a tenant table's rows
    bot_rows: dict[str, list[dict[str, Any]]]  # a bot table's rows, bot '' resolved
    left_out: dict[str, int]
    bots: tuple[str, ...]
    notes: list[str]


async def move_commune(source: Path, url: str, organisation: str = DEFAULT_TENANT) -> Moved:
    """Move the SQLite database at `source` into the PostgreSQL database at `url`, as the
    tenant `organisation`; both are brought to the latest schema first. Raises MoveError
    (nothing written), or, about the destination, SchemaTooNewError or what the server
    and the network raise (it cannot be reached, it refuses the login…)."""
    organisation = tenant_key(organisation)
    version = await source_version(source)
    if version < LATEST:
        try:
            raw = await connect(source)
            try:
                await migrate(SqliteConnection(raw))
            finally:
                await raw.close()
        except DATABASE_ERRORS as error:
            raise MoveError(
                f"cannot bring {source} from schema version {version} to {LATEST}: {error}"
            ) from None
    try:
        reader = SqliteConnection(await connect(source, read_only=True))
    except DATABASE_ERRORS as error:
        raise MoveError(f"cannot read {source}: {error}") from None
    try:
        try:
            await reader.execute("BEGIN")  # one snapshot, whoever else reads the file
            found = await _read_source(reader, version)
        except DATABASE_ERRORS as error:
            raise MoveError(f"cannot read {source}: {error}") from None
        destination = await Database.open(url)
        try:
            try:
                lease = await TenantLease.take(url, [organisation])
            except TenantTaken:
                raise MoveRefused(
                    f"a running Harmonie serves the organisation {organisation} on this "
                    "database: stop it before moving its data"
                ) from None
            try:
                async with destination.transaction() as session:
                    return await _move(session.conn, found, organisation)
            finally:
                await lease.release()
        finally:
            await destination.close()
    finally:
        await reader.close()


async def source_version(path: Path) -> int:
    """The schema version of a Harmonie SQLite database, read without writing to it;
    NotHarmonieDatabase if it is not one, MoveError if a newer Harmonie wrote it."""
    try:
        raw = await connect(path, read_only=True)
    except DATABASE_ERRORS as error:
        raise NotHarmonieDatabase(f"{path} cannot be read as a database: {error}") from None
    conn = SqliteConnection(raw)
    try:
        rows = await conn.every("SELECT name FROM sqlite_master WHERE type = 'table'")
        tables = {str(row[0]) for row in rows}
        if not {"schema_version", "credentials", "outbox"} <= tables:  # those of version 1
            raise NotHarmonieDatabase(f"{path} is not a Harmonie database (no Harmonie tables)")
        row = await conn.one("SELECT MAX(version) FROM schema_version")
    except DATABASE_ERRORS as error:
        raise NotHarmonieDatabase(f"{path} is not a Harmonie database: {error}") from None
    finally:
        await conn.close()
    version = int(row[0]) if row and row[0] is not None else 0
    if version < 1:
        raise NotHarmonieDatabase(f"{path} is not a Harmonie database (no schema version)")
    if version > LATEST:
        raise MoveError(
            f"{path} was written by a newer Harmonie (schema version {version}, this one "
            f"knows {LATEST}): move it with that one"
        )
    return version


async def _read_source(conn: Connection, version: int) -> _Source:
    rows = await conn.every("SELECT name FROM sqlite_master WHERE type = 'table'")
    known = {table.name for table in TENANT_TABLES} | set(BOT_TABLES) | _BOOKKEEPING
    unknown = sorted({str(row[0]) for row in rows} - known)
    if unknown:  # a table added by a migration and forgotten here: never leave it behind
        raise MoveError(f"the source has tables this Harmonie cannot move: {', '.join(unknown)}")
    tenants: set[str] = set()
    for root in _ROOTS:
        tenants |= {str(row[0]) for row in await conn.every(f"SELECT organisation FROM {root}")}
    if len(tenants) > 1:
        raise SourceNotOneCommune(
            "the source holds the data of several organisations "
            f"({', '.join(sorted(tenants))}): this command moves one commune's database"
        )
    tenant = tenants.pop() if tenants else DEFAULT_TENANT
    tenant_rows = {table.name: await _tenant_rows(conn, table, tenant) for table in TENANT_TABLES}
    for table in TENANT_TABLES:
        total = await conn.one(f"SELECT COUNT(*) FROM {table.name}")
        if total is not None and int(total[0]) != len(tenant_rows[table.name]):
            raise SourceNotOneCommune(
                f"the source's table {table.name} holds rows of no organisation, or of "
                f"another one than {tenant}: {int(total[0]) - len(tenant_rows[table.name])}"
            )
    bot_rows, left_out, bots, notes = await _bot_rows(conn)
    return _Source(version, tenant, tenant_rows, bot_rows, left_out, bots, notes)


async def _tenant_rows(conn: Connection, table: _Table, organisation: str) -> list[dict[str, Any]]:
    order = " ORDER BY id" if table.own_id else ""
    return await conn.records(
        f"SELECT * FROM {table.name} WHERE {table.scope}{order}",
        (table.parameter(organisation),),
    )


async def _bot_rows(
    conn: Connection,
) -> tuple[dict[str, list[dict[str, Any]]], dict[str, int], tuple[str, ...], list[str]]:
    """Each bot table's rows with their bot: '' becomes the bot of the one login (but
    where that bot has its own row of the same key, as `Database.adopt` does)."""
    logins = sorted(str(row[0]) for row in await conn.every("SELECT bot FROM credentials"))
    heir = logins[0] if len(logins) == 1 else None
    rows: dict[str, list[dict[str, Any]]] = {}
    left_out: dict[str, int] = {}
    owners: set[str] = set(logins)
    for table, key in BOT_TABLES.items():
        order = " ORDER BY id" if table in _OWN_ID_BOT_TABLES else ""
        found = await conn.records(f"SELECT * FROM {table}{order}")
        kept = [row for row in found if row["bot"]]
        keys = {tuple(row[column] for column in key) for row in kept}
        orphans = 0
        for row in found:
            if row["bot"]:
                continue
            adopted = {**row, "bot": heir}
            if heir is None or tuple(adopted[column] for column in key) in keys:
                orphans += 1
                continue
            kept.append(adopted)
        owners |= {str(row["bot"]) for row in kept}
        if table in _OWN_ID_BOT_TABLES:
            kept.sort(key=lambda row: int(row["id"]))
        rows[table], left_out[table] = kept, orphans
    notes = []
    orphans = sum(left_out.values())
    if orphans and heir is None:
        why = (
            "the source never logged in (no credentials)"
            if not logins
            else f"the source holds the logins of {len(logins)} bots ({', '.join(logins)}), "
            "and these rows name none"
        )
        notes.append(
            f"{orphans} rows of no bot left out: {why}; the bot that serves the "
            "organisation makes its own (DMs, sync token) when it starts"
        )
    elif orphans:
        notes.append(
            f"{orphans} rows of no bot left out: the bot {heir} has its own row of the same key"
        )
    return rows, left_out, tuple(sorted(owners)), notes


async def _move(conn: Connection, source: _Source, organisation: str) -> Moved:
    there = {table.name: await _tenant_rows(conn, table, organisation) for table in TENANT_TABLES}
    if any(there.values()):
        differ = _differing(there, organisation, source.rows, source.tenant)
        if differ:
            raise MoveRefused(_different(organisation, differ, source.rows, there))
        tables = tuple(
            TableCount(table.name, len(source.rows[table.name]), 0, len(there[table.name]))
            for table in TENANT_TABLES
        )
        return Moved(
            organisation,
            source.version,
            source.bots,
            True,
            tables,
            _numbers(source.rows["campaigns"], there["campaigns"]),
            _numbers(source.rows["trials"], there["trials"]),
            (),
        )
    await _refuse_agents_of_another_tenant(conn, source.rows["agents"], organisation)
    ids: dict[str, dict[int, int]] = {}
    counts = []
    for table in TENANT_TABLES:
        rows = [_mapped(table, row, ids, organisation, source.tenant) for row in
                await _with_new_ids(conn, table, source.rows[table.name], ids)]  # fmt: skip
        await _insert(conn, table.name, rows)
        counts.append(TableCount(table.name, len(rows), len(rows), 0))
    notes = list(source.notes)
    for name in BOT_TABLES:
        counts.append(await _move_bot_table(conn, name, source, ids, notes))
    moved = Moved(
        organisation,
        source.version,
        source.bots,
        False,
        tuple(counts),
        dict(ids.get("campaigns", {})),
        dict(ids.get("trials", {})),
        tuple(notes),
    )
    await _verify(conn, source, organisation)
    return moved


async def _refuse_agents_of_another_tenant(
    conn: Connection, agents: Sequence[Mapping[str, Any]], organisation: str
) -> None:
    """A person is an agent of one organisation: never take one over from another."""
    if not agents:
        return
    rows = await conn.every(
        "SELECT user_id, organisation FROM agents WHERE organisation <> ? AND user_id = ANY(?)"
        " ORDER BY organisation, user_id",
        (organisation, [str(agent["user_id"]) for agent in agents]),
    )
    if rows:
        named = ", ".join(f"{row[0]} ({row[1]})" for row in rows[:5])
        more = f" and {len(rows) - 5} more" if len(rows) > 5 else ""
        raise MoveRefused(
            f"{len(rows)} of the source's agents are agents of another organisation in "
            f"the destination: {named}{more}; a person belongs to one organisation"
        )


async def _with_new_ids(
    conn: Connection, table: _Table, rows: list[dict[str, Any]], ids: dict[str, dict[int, int]]
) -> list[dict[str, Any]]:
    """Ids from the table's own identity sequence, in the source's order, so that later
    inserts go on after them and « the latest » is still the latest."""
    if not table.own_id:
        return rows
    fresh: list[int] = []
    if rows:
        taken = await conn.every(
            "SELECT nextval(pg_get_serial_sequence(?, 'id')) FROM generate_series(1, ?)",
            (table.name, len(rows)),
        )
        fresh = sorted(int(row[0]) for row in taken)
    ids[table.name] = {int(row["id"]): new for row, new in zip(rows, fresh, strict=True)}
    return [{**row, "id": new} for row, new in zip(rows, fresh, strict=True)]


def _mapped(
    table: _Table,
    row: dict[str, Any],
    ids: Mapping[str, Mapping[int, int]],
    organisation: str,
    tenant: str,
) -> dict[str, Any]:
    """The row as the destination holds it: its references and its organisation."""
    row = dict(row)
    for column, target in table.refs.items():
        if row[column] is None:
            continue
        new = ids[target].get(int(row[column]))
        if new is None:  # a foreign key the source did not enforce
            raise MoveError(
                f"a row of {table.name} names {target} {row[column]}, which the source "
                f"does not hold for the organisation {tenant}"
            )
        row[column] = new
    if "organisation" in row:
        row["organisation"] = organisation
    if table.name == "job_runs":
        job = str(row["key"])[len(tenant) + 1 :]
        row["key"] = f"{organisation}:{renumbered(job, ids)}"
    return row


_PLAN = re.compile(r"plan:(\d+)(?::training:(\d+))?(?=:|$)")


def renumbered(cause: str, ids: Mapping[str, Mapping[int, Any]]) -> str:
    """A job key or a letter's cause (`plan:3:training:7:…`) with the plan and training
    named by their ids in `ids`; unchanged if it names neither."""
    match = _PLAN.match(cause)
    if match is None:
        return cause
    plan = ids.get("rollout_plans", {}).get(int(match[1]), match[1])
    new = f"plan:{plan}"
    if match[2] is not None:
        new += f":training:{ids.get('rollout_trainings', {}).get(int(match[2]), match[2])}"
    return new + cause[match.end() :]


async def _insert(conn: Connection, table: str, rows: Sequence[Mapping[str, Any]]) -> None:
    if not rows:
        return
    columns = list(rows[0])
    await conn.execute_many(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})",
        [[row[column] for column in columns] for row in rows],
    )


async def _move_bot_table(
    conn: Connection,
    table: str,
    source: _Source,
    ids: Mapping[str, Mapping[int, int]],
    notes: list[str],
) -> TableCount:
    """The bot's rows of the source that the destination lacks; those it has stay as
    they are there (its login, its sync token: the bot may have run on it since)."""
    key = BOT_TABLES[table]
    rows = source.bot_rows[table]
    if table == "notices":
        rows = [{**row, "cause": renumbered(str(row["cause"]), ids)} for row in rows]
    present = await _present(conn, table, rows)
    new = [row for row in rows if tuple(row[column] for column in key) not in present]
    if table in _OWN_ID_BOT_TABLES and new:
        taken = await conn.every(
            "SELECT nextval(pg_get_serial_sequence(?, 'id')) FROM generate_series(1, ?)",
            (table, len(new)),
        )
        fresh = sorted(int(row[0]) for row in taken)
        new = [{**row, "id": number} for row, number in zip(new, fresh, strict=True)]
    await _insert(conn, table, new)
    if table == "credentials":
        notes += [
            f"the destination already holds a login for {row['bot']}: kept, the source's "
            f"(device {row['device_id']}) was not moved; give that bot the store of the "
            "device it names there"
            for row in rows
            if (row["bot"],) in present
        ]
    left_out = source.left_out[table]
    return TableCount(table, len(rows) + left_out, len(new), len(rows) - len(new), left_out, True)


async def _present(
    conn: Connection, table: str, rows: Sequence[Mapping[str, Any]]
) -> set[tuple[Any, ...]]:
    """The keys of the destination's rows of the bots of `rows` (notices: of any bot, a
    cause being unique across bots)."""
    key = BOT_TABLES[table]
    if not rows:
        return set()
    if table == "notices":
        found = await conn.every(
            "SELECT cause FROM notices WHERE cause = ANY(?)", ([str(r["cause"]) for r in rows],)
        )
        return {tuple(row) for row in found}
    present: set[tuple[Any, ...]] = set()
    for bot in sorted({str(row["bot"]) for row in rows}):
        found = await conn.every(f"SELECT {', '.join(key)} FROM {table} WHERE bot = ?", (bot,))
        present |= {tuple(row) for row in found}
    return present


async def _verify(conn: Connection, source: _Source, organisation: str) -> None:
    """Read the tenant back, inside the transaction: the same rows, table by table, as
    the source (ids aside); else roll everything back."""
    back = {table.name: await _tenant_rows(conn, table, organisation) for table in TENANT_TABLES}
    wrong = [
        f"{table.name}: {len(back[table.name])} written, {len(source.rows[table.name])} in the "
        "source"
        for table in TENANT_TABLES
        if len(back[table.name]) != len(source.rows[table.name])
    ]
    if wrong:
        raise VerificationFailed("the counts differ after writing: " + "; ".join(wrong))
    differ = _differing(back, organisation, source.rows, source.tenant)
    if differ:
        raise VerificationFailed(
            f"the rows written do not read back as the source's, in {', '.join(differ)}"
        )


def _canonical(
    rows: Mapping[str, Sequence[Mapping[str, Any]]], tenant: str
) -> dict[str, list[tuple[Any, ...]]]:
    """A tenant's data without what a move changes (its ids, its key): each id as its
    row's rank in its table (an agent's as its Matrix ID), each row as sorted pairs of
    (column, value), each table as the sorted list of its rows."""
    ranks: dict[str, dict[int, Any]] = {}
    for table in TENANT_TABLES:
        if table.own_id:
            ranks[table.name] = {
                int(row["id"]): (row["user_id"] if table.name == "agents" else rank)
                for rank, row in enumerate(rows[table.name], start=1)
            }
    canonical = {}
    for table in TENANT_TABLES:
        lines = []
        for row in rows[table.name]:
            values = []
            for column, value in row.items():
                if column == "organisation":
                    continue
                if column == "id":
                    value = ranks[table.name][int(value)]
                elif column in table.refs and value is not None:
                    value = ranks[table.refs[column]].get(int(value), ("unknown", value))
                elif table.name == "job_runs" and column == "key":
                    value = renumbered(str(value)[len(tenant) + 1 :], ranks)
                values.append((column, _comparable(value)))
            lines.append(tuple(sorted(values)))
        canonical[table.name] = sorted(lines)
    return canonical


def _comparable(value: Any) -> tuple[int, Any]:
    """A value both engines give alike, and that sorts beside any other (None first)."""
    if value is None:
        return (0, 0)
    if isinstance(value, bool | int | float):
        return (1, value)
    if isinstance(value, str):
        return (2, value)
    return (3, repr(value))


def _differing(
    there: Mapping[str, Sequence[Mapping[str, Any]]],
    organisation: str,
    source: Mapping[str, Sequence[Mapping[str, Any]]],
    tenant: str,
) -> list[str]:
    """The tables whose rows differ between the destination's tenant and the source's."""
    theirs, ours = _canonical(there, organisation), _canonical(source, tenant)
    return [table.name for table in TENANT_TABLES if theirs[table.name] != ours[table.name]]


def _different(
    organisation: str,
    differ: Sequence[str],
    source: Mapping[str, Sequence[object]],
    there: Mapping[str, Sequence[object]],
) -> str:
    shown = [f"{name} ({len(there[name])} there, {len(source[name])} in the source)"
             for name in differ[:4]]  # fmt: skip
    if len(differ) > 4:
        shown.append(f"{len(differ) - 4} more tables")
    return (
        f"the destination already holds other data for the organisation {organisation}, "
        f"in {', '.join(shown)}: two communes' histories are never merged. If this database "
        "was moved before and the bot has run on it since, there is nothing to do; "
        "otherwise choose another --organisation"
    )


def _numbers(
    source: Sequence[Mapping[str, Any]], there: Sequence[Mapping[str, Any]]
) -> dict[int, int]:
    """The source's ids and the destination's, rank by rank (same data, same order)."""
    return {int(a["id"]): int(b["id"]) for a, b in zip(source, there, strict=True)}
