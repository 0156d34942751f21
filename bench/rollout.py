"""How long a feedback wave to a whole collectivité takes to decide, next to bare inserts.

Opening a wave is one transaction: one response row and one letter (two messages, in
the agent's language) per agent, and the job's claim. It is measured exactly as the bot
runs it (`RolloutJobs.check` on a real SQLite file), then compared with a bare
`executemany` of the same number of rows into a table of the same shape, in the same run.
Then the feedback trend (`!rapport retours`) over the answers of that wave is timed.

    python bench/rollout.py [--agents 10000] [--repeat 3]

Prints figures; always exits 0 (a benchmark, not a test).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.config import parse_config
from bot.handlers.context import Incoming
from bot.handlers.report import rollout_feedback, scoring_spec
from bot.jobs.rollout import RolloutJobs
from bot.jobs.workdays import working_calendar
from bot.wiring import conversations as build_conversations
from scoring.feedback import trend_chat
from storage import Database

PARIS = ZoneInfo("Europe/Paris")
CREATED = datetime(2027, 2, 22, 10, 0, tzinfo=PARIS)
WAVE_DAY = datetime(2027, 3, 8, 9, 30, tzinfo=PARIS)  # D+7 for a launch on 1 March
ADMIN = "@dsi:bench.example"


class Clock:
    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def now(self) -> datetime:
        return self.moment


async def one_wave(folder: Path, agents: int) -> tuple[float, float, int]:
    """(seconds to open the wave, seconds for the trend, letters queued)."""
    people = [f"@agent{n}:bench.example" for n in range(agents)]
    data = {
        "matrix": {"homeserver": "http://127.0.0.1:1", "user_id": "@b:bench.example",
                   "password": "x"},
        "organisation": {"name": "Bench", "admins": [ADMIN]},
    }  # fmt: skip
    config = parse_config(data, source="bench", base_dir=folder, environ={})
    clock = Clock(CREATED)
    db = await Database.open(folder / "bench.db")
    try:
        conversations = build_conversations(config, clock, lambda: people,
                                      lambda: None)  # fmt: skip
        async with db.transaction() as session:
            created = await conversations.handle(
                session,
                Incoming(
                    ADMIN, "!bench", "!déploiement nouveau Suite Numérique 2027-03-01", direct=True
                ),
            )
            assert "créé" in str(created[0]), created
        schedule = conversations.rollout.schedule
        jobs = RolloutJobs(config, db, clock, conversations.survey, working_calendar(config),
                           schedule, lambda: people, lambda: None)  # fmt: skip
        clock.moment = WAVE_DAY
        started = time.perf_counter()
        await jobs.check()
        opened = time.perf_counter() - started
        chance = random.Random(agents)
        async with db.transaction() as session:
            (wave,) = await session.rollout.waves(1)
            for user in people:
                agent = await session.agents.get(user)
                assert agent is not None
                ratings = [(c.key, chance.randint(3, 9)) for c in conversations.survey.criteria]
                await session.rollout.save_ratings(wave.id, agent.id, ratings)
                if chance.random() < 0.2:
                    idea = chance.choice(["Lent le matin", "Agenda à améliorer", "Formation ?"])
                    await session.rollout.add_comment(1, wave.id, agent.id, idea, WAVE_DAY)
        started = time.perf_counter()
        async with db.read() as session:
            plan = await session.rollout.latest()
            assert plan is not None
            trend = await rollout_feedback(session, scoring_spec(config, conversations.survey),
                                           plan)  # fmt: skip
        trend_chat(trend, "Retours", "fr")
        reported = time.perf_counter() - started
        async with db.read() as session:
            queued = len(await session.letters.undelivered(limit=agents + 100))
        return opened, reported, queued
    finally:
        await db.close()


def bare_inserts(folder: Path, agents: int) -> float:
    """The same number of rows of the same shape, with no logic: the floor."""
    with sqlite3.connect(folder / "bare.db") as db:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE r (wave INTEGER, agent INTEGER, state TEXT, at TEXT,"
                   " PRIMARY KEY (wave, agent))")  # fmt: skip
        db.execute("CREATE TABLE n (id INTEGER PRIMARY KEY, cause TEXT UNIQUE, user TEXT,"
                   " content TEXT, at TEXT)")  # fmt: skip
        body = "x" * 600  # about the size of the two messages of a wave, as JSON
        started = time.perf_counter()
        db.executemany("INSERT INTO r VALUES (1, ?, '{}', 'now')", [(n,) for n in range(agents)])
        db.executemany(
            "INSERT INTO n (cause, user, content, at) VALUES (?, ?, ?, 'now')",
            [(f"wave:{n}", f"@agent{n}:bench.example", body) for n in range(agents)],
        )
        db.commit()
        return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # the steps skipped by jumping to D+7 are "missed"
    print(f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
          f"{platform.machine()}; {args.agents} agents, {args.repeat} runs")  # fmt: skip
    waves, trends, bares = [], [], []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            opened, reported, queued = asyncio.run(one_wave(Path(tmp), args.agents))
            bares.append(bare_inserts(Path(tmp), args.agents))
        assert queued >= args.agents, queued  # one per agent, and the owners' reminders
        waves.append(opened)
        trends.append(reported)
    best_wave, best_bare = min(waves), min(bares)
    print(f"bare inserts (floor)      best {best_bare * 1000:7.0f} ms")
    print(f"wave opened (RolloutJobs) best {best_wave * 1000:7.0f} ms, median "
          f"{statistics.median(waves) * 1000:.0f} ms, {best_wave / best_bare:.1f}x the floor, "
          f"{args.agents / best_wave:,.0f} agents/s")  # fmt: skip
    print(f"trend (!rapport retours)  best {min(trends) * 1000:7.0f} ms, median "
          f"{statistics.median(trends) * 1000:.0f} ms")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
