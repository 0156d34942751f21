"""A structure's hundred communes in one database: one commune's `!rapport` and the
anonymous benchmark across them, each next to a bare query in the same run.

Each organisation (default 100, of 100 agents each) gets its agents and one closed
campaign, written through the project's own schema with bench/report.py's generator, seeded
per organisation so that their answers, and so their scores, differ; each registers its
name as its bot would at start. Then, on a throwaway PostgreSQL (the default: a structure's
case; the server of tests/support/postgres.py, started here and always stopped) or a
SQLite file:

1. every organisation's results are released: `campaign_report` on its closed campaign,
   the first time it is shown, freezes its report and its benchmark scores (once, timed
   per organisation);
2. one organisation's `!rapport`, through its own scope (`campaign_report`, which now reads
   the frozen release, then `chat_message`), next to the bare `GROUP BY` of bench/report.py
   over that organisation's campaign;
3. the structure's staff's `!rapport comparaison` (`StructureDesk.handle`: the frozen
   scores read across organisations, `staff_benchmark`, the messages rendered and cut to
   Matrix's size) and a commune manager's (`organisation_comparison`), each next to a bare
   SELECT of the frozen scores, the statement `StructureRepository.frozen_scores` sends.

A measured step and its bare query run in turn, `--repeat` times after one warm-up each;
the bare query goes through the driver alone (sqlite3 or asyncpg) on a connection of its
own. Memory: tracemalloc's peak during one more run of each step (tracing slows it, so
that run is not timed), and the process's max RSS after each.

    python -m bench.tenants [--organisations 100] [--agents 100] [--repeat 5]
                            [--backend postgresql|sqlite]

Run with `-m` from the checkout: the PostgreSQL server comes from `tests/`. Prints
figures only; always exits 0 (a benchmark, not a test).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import sqlite3
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import asyncpg

from bench.report import (
    BASELINE_SQL,
    MB,
    SEED,
    SERVICES,
    Backend,
    Counts,
    Generator,
    PostgresBackend,
    SqliteBackend,
    Timing,
    line,
    max_rss_mb,
    postgres_server,
    write_agents,
)
from bot.clock import SystemClock
from bot.config import Config, build_survey, parse_config
from bot.handlers.comparison import frozen_organisations, organisation_comparison
from bot.handlers.context import Incoming
from bot.handlers.report import campaign_report, scoring_spec
from bot.handlers.structure import StructureDesk, size
from conversations.formatting import Reply
from conversations.survey import Survey
from conversations.texts import Language
from scoring import ScoringSpec
from scoring.benchmark import staff_benchmark
from scoring.render import chat_message
from storage import Campaign, Database
from storage.clock import to_text
from storage.connection import numbered

if TYPE_CHECKING:  # the server itself is imported when used: it comes with the test extras
    from tests.support.postgres import PostgresServer

BOT = "@harmonie:bench.example"
STAFF = "@conseil:bench.example"
STRUCTURE = "Centre de gestion du Banc-d'Essai"
COMPARISON = "!rapport comparaison"
LANGUAGE: Language = "fr"

# What StructureRepository.frozen_scores sends: the bare query of the benchmark's read.
FROZEN_SQL = (
    "SELECT s.organisation, COALESCE(o.name, s.organisation), s.campaign_id, s.scores,"
    " s.made_at FROM benchmark_scores s LEFT JOIN organisations o"
    " ON o.key = s.organisation ORDER BY s.organisation"
)


def key_of(index: int) -> str:
    return f"commune-{index:03d}"


def structure_config(base_dir: Path, organisations: int) -> Config:
    """A structure with `organisations` communes, each with an admin, a manager and the
    services of bench/report.py; one of staff; thresholds left at their defaults (5)."""
    services = [s for s, _ in SERVICES if s is not None]
    return parse_config(
        {
            "matrix": {"homeserver": "https://bench.example", "user_id": BOT,
                       "access_token": "bench"},
            "structure": {"name": STRUCTURE, "staff": [STAFF]},
            "organisations": {
                key_of(index): {
                    "name": f"Commune d'Essai n° {index + 1}",
                    "admins": [f"@dgs.{index}:bench.example"],
                    "managers": [f"@rh.{index}:bench.example"],
                    "services": services,
                }
                for index in range(organisations)
            },
        },
        source="bench",
        base_dir=base_dir,
        environ={},
    )  # fmt: skip


@dataclass(frozen=True)
class Tenant:
    """One organisation of the structure, as its bot process holds it."""

    key: str
    config: Config
    survey: Survey
    spec: ScoringSpec
    db: Database  # the shared database seen through this organisation's scope
    campaign_id: int


async def build_database(db: Database, config: Config, agents: int, now: datetime) -> list[Tenant]:
    """Each organisation's agents and closed campaign, one transaction per organisation in
    its own scope; agent ids run on across organisations (they are one table's)."""
    tenants = []
    for index, (key, tenant_config) in enumerate(config.tenants().items()):
        survey = build_survey(tenant_config)
        campaign_id = index + 1
        generator = Generator(survey, seed=SEED + index, campaign_id=campaign_id)
        scoped = db.scoped(key, BOT)
        async with scoped.transaction() as session:
            await session.conn.execute(
                "INSERT INTO campaigns (id, organisation, title, opened_by, opened_at,"
                " closed_at) VALUES (?, ?, ?, ?, ?, ?)",
                (campaign_id, key, "Outils collaboratifs 2025", f"@dgs.{index}:bench.example",
                 to_text(generator.start), to_text(generator.start + timedelta(days=21))),
            )  # fmt: skip
            first = index * agents + 1
            await write_agents(session.conn, generator, first, first + agents - 1, key)
            # What each organisation's bot process does at its start.
            await session.benchmark.register(tenant_config.organisation.name, now)
        tenants.append(
            Tenant(key, tenant_config, survey, scoring_spec(tenant_config, survey, LANGUAGE),
                   scoped, campaign_id)
        )  # fmt: skip
    return tenants


async def campaign_of(tenant: Tenant) -> Campaign:
    async with tenant.db.read() as session:
        campaign = await session.campaigns.get(tenant.campaign_id)
    assert campaign is not None and not campaign.is_open
    return campaign


# ------------------------------------------------------------------------- bare queries


class Bare(Protocol):
    """One statement sent by the driver alone, on a connection of its own."""

    async def run(self, sql: str, params: Sequence[Any]) -> int:
        """Rows fetched."""

    async def close(self) -> None: ...


class SqliteBare:
    def __init__(self, path: Path) -> None:
        self._conn = sqlite3.connect(path)

    async def run(self, sql: str, params: Sequence[Any]) -> int:
        return len(self._conn.execute(sql, params).fetchall())

    async def close(self) -> None:
        self._conn.close()


class PostgresBare:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    @classmethod
    async def open(cls, url: str) -> PostgresBare:
        return cls(await asyncpg.connect(url))

    async def run(self, sql: str, params: Sequence[Any]) -> int:
        return len(await self._conn.fetch(numbered(sql), *params))

    async def close(self) -> None:
        await self._conn.close()


async def bare_connection(backend: Backend) -> Bare:
    if isinstance(backend, SqliteBackend):
        return SqliteBare(backend.path)
    assert isinstance(backend, PostgresBackend)
    return await PostgresBare.open(backend.url)


# ---------------------------------------------------------------------------- measurement

# A measured step: one run, its parts' seconds (the first part may be the whole).
Step = Callable[[], Awaitable[tuple[float, ...]]]


@dataclass(frozen=True)
class Paired:
    """A step's parts and its bare query's runs, taken in turn in the same loop."""

    baseline: Timing
    parts: list[Timing]
    traced_mb: float  # tracemalloc peak during one more run of the step
    rss_mb: float  # process max RSS after it


async def paired(
    bare: Callable[[], Awaitable[object]],
    baseline_label: str,
    step: Step,
    labels: Sequence[str],
    repeat: int,
) -> Paired:
    """1 warm-up of each, then `repeat` rounds of (bare query, step); then one traced run."""
    await bare()
    await step()
    bare_runs: list[float] = []
    step_runs: list[tuple[float, ...]] = []
    for _ in range(repeat):
        started = time.perf_counter()
        await bare()
        bare_runs.append(time.perf_counter() - started)
        step_runs.append(await step())
    parts = [Timing(label, [run[i] for run in step_runs]) for i, label in enumerate(labels)]
    rss = max_rss_mb()  # before tracing, whose own bookkeeping is large
    return Paired(Timing(baseline_label, bare_runs), parts, await traced_peak_mb(step), rss)


async def traced_peak_mb(step: Callable[[], Awaitable[object]]) -> float:
    """Peak of Python allocations during one run (its own run: tracing slows it down)."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        await step()
        return tracemalloc.get_traced_memory()[1] / MB
    finally:
        tracemalloc.stop()


class _Undo(Exception):
    """Raised to roll a unit of work back."""


async def release(tenant: Tenant, now: datetime) -> float:
    """The first `!rapport` of the organisation's closed campaign: its report and its
    benchmark scores frozen, in one unit of work (bot/handlers/report.py)."""
    started = time.perf_counter()
    async with tenant.db.transaction() as session:
        campaign = await session.campaigns.get(tenant.campaign_id)
        assert campaign is not None
        await campaign_report(
            session, tenant.spec, campaign, now=now, services=tenant.survey.services
        )
    return time.perf_counter() - started


async def traced_release_mb(tenant: Tenant, now: datetime) -> float:
    """tracemalloc's peak while one organisation's release is frozen again, in a unit of
    work that is then rolled back (its frozen rows deleted first, restored by the undo)."""
    peak = 0.0
    try:
        async with tenant.db.transaction() as session:
            await session.conn.execute(
                "DELETE FROM report_releases WHERE campaign_id = ?", (tenant.campaign_id,)
            )
            await session.conn.execute(
                "DELETE FROM benchmark_scores WHERE organisation = ?", (tenant.key,)
            )
            campaign = await session.campaigns.get(tenant.campaign_id)
            assert campaign is not None

            async def freeze() -> None:
                await campaign_report(
                    session, tenant.spec, campaign, now=now, services=tenant.survey.services
                )

            peak = await traced_peak_mb(freeze)
            raise _Undo
    except _Undo:
        pass
    return peak


def report_step(tenant: Tenant, campaign: Campaign) -> Step:
    """What `!rapport` does for one organisation's closed, released campaign: the report
    read through the organisation's scope, then the chat message."""
    title = f"Rapport de la campagne {campaign.id}"

    async def run() -> tuple[float, ...]:
        started = time.perf_counter()
        async with tenant.db.read() as session:
            report = await campaign_report(
                session, tenant.spec, campaign, services=tenant.survey.services,
                live=tenant.config.organisation.live_results,
            )  # fmt: skip
        scored = time.perf_counter()
        chat_message(report, title, LANGUAGE)
        rendered = time.perf_counter()
        return rendered - started, scored - started, rendered - scored

    return run


@dataclass
class Seen:
    """What the last run of a comparison sent, to show with the figures."""

    messages: list[Reply]


def staff_step(db: Database, config: Config, seen: Seen) -> Step:
    """The structure's staff's `!rapport comparaison`, through StructureDesk.handle; then,
    apart, the read and the benchmark it is made of (the rest is rendering and cutting)."""
    desk = StructureDesk(config, build_survey(config), SystemClock())
    spec = scoring_spec(config, build_survey(config), LANGUAGE)
    threshold = config.structure.benchmark_threshold
    incoming = Incoming(STAFF, "!dm-conseil:bench.example", COMPARISON, direct=True)

    async def run() -> tuple[float, ...]:
        started = time.perf_counter()
        async with db.read() as session:
            replies = await desk.handle(session, incoming)
        whole = time.perf_counter() - started
        seen.messages = [reply for reply in replies if isinstance(reply, Reply)]
        started = time.perf_counter()
        async with db.read() as session:
            organisations = await frozen_organisations(session)
        read = time.perf_counter() - started
        started = time.perf_counter()
        staff_benchmark(spec, organisations, threshold)
        computed = time.perf_counter() - started
        return whole, read, computed, whole - read - computed

    return run


def manager_step(tenant: Tenant, seen: Seen) -> Step:
    """A commune manager's `!rapport comparaison`, as `Reports.report` delegates it (the
    audit row it writes first is left out)."""

    async def run() -> tuple[float, ...]:
        started = time.perf_counter()
        async with tenant.db.read() as session:
            spec = scoring_spec(tenant.config, tenant.survey, LANGUAGE)
            replies = await organisation_comparison(
                session, tenant.config, tenant.survey, spec, LANGUAGE, ""
            )
        seen.messages = [reply for reply in replies if isinstance(reply, Reply)]
        return (time.perf_counter() - started,)

    return run


# ------------------------------------------------------------------------------ results


@dataclass(frozen=True)
class Results:
    backend: str
    version: str
    organisations: int
    agents: int
    built: Counts
    build_s: float
    size_mb: float  # after the releases, settled
    release_runs: list[float]
    release_traced_mb: float
    rss_built_mb: float
    rss_released_mb: float
    chosen: str
    groups: int  # rows of the bare GROUP BY
    report: Paired
    staff: Paired
    staff_messages: list[Reply]
    manager: Paired
    manager_messages: list[Reply]
    frozen_rows: int
    load: tuple[float, float]


async def measure(
    organisations: int, agents: int, repeat: int, server: PostgresServer | None = None
) -> Results:
    """On SQLite in a temporary folder, or on a new database of `server` if given."""
    load_before = os.getloadavg()[0]
    now = datetime.now(UTC)
    with tempfile.TemporaryDirectory(prefix="harmonie-bench-") as tmp:
        base = Path(tmp)
        config = structure_config(base, organisations)
        backend: Backend = (
            SqliteBackend(base) if server is None else await PostgresBackend.create(server)
        )
        db = await backend.open()
        try:
            started = time.perf_counter()
            tenants = await build_database(db, config, agents, now)
            await backend.settle(db)
            build_s = time.perf_counter() - started
            built = await backend.count(db)
            rss_built = max_rss_mb()

            release_runs = [await release(tenant, now) for tenant in tenants]
            await backend.settle(db)
            size_mb = (await backend.count(db)).size_mb
            rss_released = max_rss_mb()
            chosen = tenants[len(tenants) // 2]
            release_traced = await traced_release_mb(chosen, now)

            bare = await bare_connection(backend)
            try:
                campaign = await campaign_of(chosen)
                groups = await bare.run(BASELINE_SQL, (chosen.campaign_id,))
                frozen_rows = await bare.run(FROZEN_SQL, ())
                report = await paired(
                    lambda: bare.run(BASELINE_SQL, (chosen.campaign_id,)),
                    "bare GROUP BY of its answers (baseline)",
                    report_step(chosen, campaign),
                    ["report, as !rapport", "  load + score (campaign_report)",
                     "  chat rendering (chat_message)"],
                    repeat,
                )  # fmt: skip
                staff_seen = Seen([])
                staff = await paired(
                    lambda: bare.run(FROZEN_SQL, ()),
                    "bare SELECT of the frozen scores (baseline)",
                    staff_step(db, config, staff_seen),
                    ["staff: !rapport comparaison", "  of which the read (frozen_organisations)",
                     "  of which staff_benchmark", "  the rest: rendering, cutting"],
                    repeat,
                )  # fmt: skip
                manager_seen = Seen([])
                manager = await paired(
                    lambda: bare.run(FROZEN_SQL, ()),
                    "bare SELECT of the frozen scores (baseline)",
                    manager_step(chosen, manager_seen),
                    ["manager: !rapport comparaison"],
                    repeat,
                )
            finally:
                await bare.close()
        finally:
            await db.close()
    return Results(
        backend.name, backend.version, organisations, agents, built, build_s, size_mb,
        release_runs, release_traced, rss_built, rss_released, chosen.key, groups, report,
        staff, staff_seen.messages, manager, manager_seen.messages, frozen_rows,
        (load_before, os.getloadavg()[0]),
    )  # fmt: skip


# ------------------------------------------------------------------------------- output


def print_paired(paired: Paired) -> None:
    base = paired.baseline
    print(f"{'step':<46} {'best ms':>9} {'median ms':>10} {'× base':>7} {'runs':>5}")
    for timing in [base, *paired.parts]:
        ratio = timing.best / base.best
        print(
            f"{timing.label:<46} {timing.best * 1000:>9.1f} {timing.median * 1000:>10.1f}"
            f" {ratio:>6.1f}× {len(timing.runs):>5}"
        )
    line("tracemalloc peak during one more run (Python only)", f"{paired.traced_mb:7.1f} MB")
    line("process max RSS after these runs", f"{paired.rss_mb:7.1f} MB")


def print_results(r: Results, repeat: int) -> None:
    counts = r.built
    print("Harmonie — benchmark of a structure's organisations in one database")
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs,"
        f" Python {platform.python_version()}, {r.version};"
        f" load average {r.load[0]:.2f} at the start, {r.load[1]:.2f} at the end"
    )
    print(
        f"database: {r.organisations} organisations × {r.agents} agents,"
        f" {counts.agents:,} agents, {counts.participations:,} participations,"
        f" {counts.answers:,} category answers, {counts.ratings:,} ratings"
        f" ({counts.size_mb:.1f} MB, built in {r.build_s:.1f} s;"
        f" {r.size_mb:.1f} MB once released)"
    )
    print(f"timings: best and median of {repeat} runs after 1 warm-up, each next to its baseline")

    releases = Timing("release", r.release_runs)
    print(f"\nevery organisation's results released (first !rapport, once each; {r.frozen_rows}"
          " scores frozen)")  # fmt: skip
    line("all organisations", f"{sum(r.release_runs):7.2f} s")
    line(
        "one organisation: best / median / worst",
        f"{releases.best * 1000:.1f} / {releases.median * 1000:.1f}"
        f" / {max(r.release_runs) * 1000:.1f} ms",
    )
    line(f"tracemalloc peak during one release ({r.chosen}, undone)",
         f"{r.release_traced_mb:7.1f} MB")  # fmt: skip
    line("process max RSS after building", f"{r.rss_built_mb:7.1f} MB")
    line("process max RSS after the releases", f"{r.rss_released_mb:7.1f} MB")

    print(f"\none organisation's !rapport ({r.chosen}; {r.groups} baseline groups)")
    print_paired(r.report)

    sizes = ", ".join(f"{size(m):,}" for m in r.staff_messages)
    print(f"\nthe staff's !rapport comparaison ({len(r.staff_messages)} messages: {sizes} bytes)")
    print_paired(r.staff)
    plain = r.manager_messages[0].plain if r.manager_messages else ""
    print(f"\na commune manager's !rapport comparaison ({r.chosen}; {len(plain):,} chars)")
    print_paired(r.manager)
    if r.backend == "postgresql":
        print("\n(memory: this process only; the PostgreSQL server's own is not counted)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--organisations", type=int, default=100, help="organisations")
    parser.add_argument("--agents", type=int, default=100, help="agents of each organisation")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each step")
    parser.add_argument(
        "--backend",
        choices=("postgresql", "sqlite"),
        default="postgresql",
        help="a throwaway PostgreSQL server started here (default), or a SQLite file",
    )
    args = parser.parse_args(argv)
    repeat = max(1, args.repeat)
    organisations = max(1, args.organisations)
    agents = max(1, args.agents)
    if args.backend == "postgresql":
        with postgres_server() as server:
            results = asyncio.run(measure(organisations, agents, repeat, server))
    else:
        results = asyncio.run(measure(organisations, agents, repeat))
    try:
        print_results(results, repeat)
        sys.stdout.flush()
    except BrokenPipeError:  # piped into `head`: the figures that mattered were read
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


if __name__ == "__main__":
    sys.exit(main())
