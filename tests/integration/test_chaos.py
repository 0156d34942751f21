"""Chaos while agents answer: the bot killed at random, the homeserver gone for 20 s, the
database locked or the disk full. Every agent finishes, what is stored is exactly what each
one sent, and no agent receives a bot message twice.

The moments are random but seeded (SEED), and tied to the agents' progress rather than to
the clock, so that every kill lands mid-run however fast or slow the machine is.
"""

from __future__ import annotations

import asyncio
import random
import resource
import signal
import sqlite3
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import pytest

from bot.demo.homeserver import LocalHomeserver
from bot.demo.simulated import ReceivedMessage, SimulatedAgent
from tests.integration.evaluation_script import EXPECTED, FIRST_HALF, SECOND_HALF, replies_to
from tests.integration.test_evaluation import open_campaign, stored_answers, wait_for_invitation
from tests.support.harness import BotProcess, new_agent, new_bot

pytestmark = pytest.mark.integration

AGENTS = 20
SCRIPT = FIRST_HALF + SECOND_HALF
TURNS = AGENTS * len(SCRIPT)
KILLS = 10
OUTAGE_AGENTS = 10  # enough to be mid-conversation everywhere; the suite stays short
SEED = 20261129
REPLAY_FAILED = "could not store a sync batch, replaying it later"


class Progress:
    """How many turns the agents have completed, and a way to wait for a given count."""

    def __init__(self) -> None:
        self.done = 0
        self._changed = asyncio.Condition()

    async def step(self) -> None:
        async with self._changed:
            self.done += 1
            self._changed.notify_all()

    async def reach(self, count: int) -> None:
        async with self._changed:
            await self._changed.wait_for(lambda: self.done >= count)


class Run:
    """A bot, an administrator and twenty agents on one homeserver, ready to evaluate."""

    def __init__(self, bot: BotProcess, admin: SimulatedAgent, agents: list[SimulatedAgent]):
        self.bot = bot
        self.admin = admin
        self.agents = agents
        self.progress = Progress()
        self.rooms: dict[str, str] = {}
        self.before_first_answer: dict[str, int] = {}

    async def open(self) -> None:
        """The campaign opened and every invitation (up to the first question) received."""
        await asyncio.gather(self.admin.start(), *(a.start() for a in self.agents))
        await open_campaign(self.admin, self.bot)
        for agent in self.agents:
            self.rooms[agent.user_id] = await wait_for_invitation(agent, self.bot, within=180)
            self.before_first_answer[agent.user_id] = len(self._from_bot(agent))

    async def evaluate(self, agent: SimulatedAgent, script: list[str] = SCRIPT) -> None:
        """The script, each message sent once, whatever happens to the bot."""
        room_id = self.rooms[agent.user_id]
        for message in script:
            before = len(self._from_bot(agent))
            await agent.send(room_id, message)
            count = before + replies_to(message)
            await agent.wait_for(lambda n=count: len(self._from_bot(agent)) >= n, within=180)
            await self.progress.step()

    async def check(self, apologies: int = 0) -> None:
        """Each agent's answers stored exactly; each bot message received once, in order
        (besides `apologies` for a failed write)."""
        sequences = []
        for agent in self.agents:
            assert stored_answers(self.bot.db_path, agent.user_id) == EXPECTED, agent.user_id
            room_id = self.rooms[agent.user_id]
            # Per-room order: a late duplicate of anything would come before this answer.
            await agent.send(room_id, "!sentinelle")
            await agent.wait_for(
                lambda a=agent: any("!sentinelle" in m.body for m in self._from_bot(a)),
                within=120,
            )
            bodies = [m.body for m in self._from_bot(agent)]
            first = self.before_first_answer[agent.user_id]
            expected = first + sum(replies_to(message) for message in SCRIPT) + 1 + apologies
            assert len(bodies) == expected, (agent.user_id, bodies[first:])
            sequences.append(bodies[first:])
        # The dialog is the same for everyone: any loss, double or swap shows as a difference.
        assert all(sequence == sequences[0] for sequence in sequences)

    def _from_bot(self, agent: SimulatedAgent) -> list[ReceivedMessage]:
        return agent.messages_from(self.bot.user_id, self.rooms.get(agent.user_id))


def _run(
    server: LocalHomeserver,
    folder: Path,
    closing: list[SimulatedAgent | BotProcess],
    agents: int = AGENTS,
) -> Run:
    admin = new_agent(server, folder / "agents", "dsi")
    people = [new_agent(server, folder / "agents") for _ in range(agents)]
    # Production waits for a late room key (the harness's defaults are for other tests).
    bot = new_bot(
        server,
        folder / "bot",
        admins=[admin.user_id],
        agents=[a.user_id for a in people],
        key_request_after=5,
        resend_request_after=20,
    )
    closing.extend([bot, admin, *people])
    return Run(bot, admin, people)


@pytest.fixture
def own_homeserver(tmp_path: Path) -> Iterator[LocalHomeserver]:
    with LocalHomeserver(tmp_path / "own") as server:
        yield server


async def _evaluate_while(run: Run, trouble: Awaitable[None]) -> None:
    """All agents evaluate while `trouble` happens; both must finish."""
    await asyncio.gather(trouble, *(run.evaluate(agent) for agent in run.agents))


async def test_bot_killed_ten_times_at_random_while_twenty_agents_answer(
    homeserver: LocalHomeserver, tmp_path: Path, closing: list[SimulatedAgent | BotProcess]
) -> None:
    run = _run(homeserver, tmp_path, closing)
    await run.bot.start()
    await run.open()
    run.bot.kill()  # every life from now on ends in a SIGKILL
    rng = random.Random(SEED)
    moments = iter(sorted(rng.sample(range(1, TURNS - AGENTS), KILLS)))
    # How each life of the bot ends: killed from outside at a random moment (None), or
    # killing itself at a random pass of a step where a crash would lose or double
    # something without its guards (see bot/probes/faults.py).
    deaths: list[str | None] = [None] * 4 + ["after-store"] * 3 + ["after-send"] * 3
    rng.shuffle(deaths)

    async def kill_at_random_moments() -> None:
        for death, moment in zip(deaths, moments, strict=True):
            await run.bot.start(wait_ready=False, crash_at=death, crash_on_pass=rng.randint(1, 10))
            process = run.bot.process
            assert process is not None
            last_chance = TURNS - AGENTS  # armed but never reached: kill it before the end
            while process.poll() is None:
                if run.progress.done >= (moment if death is None else last_chance):
                    await asyncio.sleep(rng.uniform(0, 0.4))
                    process.kill()
                await asyncio.sleep(0.02)
            assert process.wait() == -signal.SIGKILL
            run.bot.process = None
        await run.bot.start(wait_ready=False)

    await _evaluate_while(run, kill_at_random_moments())

    await run.check()
    assert "Traceback" not in run.bot.log_text(since_start=False)


async def test_homeserver_gone_for_twenty_seconds_while_agents_answer(
    own_homeserver: LocalHomeserver, tmp_path: Path, closing: list[SimulatedAgent | BotProcess]
) -> None:
    run = _run(own_homeserver, tmp_path, closing, agents=OUTAGE_AGENTS)
    await run.bot.start()
    await run.open()

    async def outage() -> None:
        await run.progress.reach(OUTAGE_AGENTS * len(SCRIPT) // 2)
        await asyncio.to_thread(own_homeserver.stop)
        await asyncio.sleep(20)
        await asyncio.to_thread(own_homeserver.start)

    await _evaluate_while(run, outage())

    await run.check()
    assert run.bot.process is not None and run.bot.process.poll() is None  # never died
    log = run.bot.log_text()
    assert "sync failed" in log or "sleeping" in log  # it noticed, and backed off
    assert "Traceback" not in log


def _lock_database(bot: BotProcess) -> Callable[[], None]:
    """Another process holds the write lock, as a stuck backup or sqlite3 shell would."""
    holder = sqlite3.connect(bot.db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")

    def release() -> None:
        holder.execute("ROLLBACK")
        holder.close()

    return release


def _fill_disk(bot: BotProcess) -> Callable[[], None]:
    """No file of the bot's may grow any more: what a full disk does to its writes."""
    assert bot.process is not None
    pid = bot.process.pid
    _, hard = resource.prlimit(pid, resource.RLIMIT_FSIZE)
    resource.prlimit(pid, resource.RLIMIT_FSIZE, (0, hard))

    def release() -> None:
        resource.prlimit(pid, resource.RLIMIT_FSIZE, (hard, hard))

    return release


def _snapshot(db_path: Path) -> tuple[object, ...]:
    """What a handled message changes: the dialog, the answers, the replies, the events."""
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=0) as db:
        return tuple(
            db.execute(query).fetchall()
            for query in (
                "SELECT agent_id, state FROM participations ORDER BY agent_id",
                "SELECT count(*) FROM category_answers",
                "SELECT count(*) FROM ratings",
                "SELECT count(*) FROM outbox",
                "SELECT count(*) FROM processed_events",
            )
        )


@pytest.mark.parametrize("trouble", [_lock_database, _fill_disk], ids=["locked", "disk-full"])
async def test_a_write_that_fails_is_apologised_for_then_done_once_storage_is_back(
    trouble: Callable[[BotProcess], Callable[[], None]],
    homeserver: LocalHomeserver,
    tmp_path: Path,
    closing: list[SimulatedAgent | BotProcess],
) -> None:
    run = _run(homeserver, tmp_path, closing, agents=1)
    await run.bot.start()
    await run.open()
    agent, bot = run.agents[0], run.bot
    room_id = run.rooms[agent.user_id]
    # The first answer sets up the encrypted session, so that the failing write is ours.
    await run.evaluate(agent, SCRIPT[:1])
    before = len(run._from_bot(agent))
    stored_before = _snapshot(bot.db_path)

    release = trouble(bot)
    try:
        event_id = await agent.send(room_id, SCRIPT[1])
        await agent.wait_for(lambda: len(run._from_bot(agent)) > before, within=60)

        # Replays of the batch keep failing meanwhile (after 1, 2, 4 s… plus the lock's
        # wait): one apology all the same.
        if trouble is _fill_disk:
            # Not even the log can grow: the replays after 1, 2 and 4 s are given their time.
            await asyncio.sleep(8)
        else:
            # A failed write leaves no other trace than the log.
            def replayed_twice() -> bool:
                log = bot.log_text()
                stored_not = [line for line in log.splitlines() if "could not store" in line]
                named = any(event_id in line for line in stored_not)
                return named and log.count(REPLAY_FAILED) >= 2

            await bot.wait_until(replayed_twice, "replayed twice", within=90)
        assert bot.process is not None and bot.process.poll() is None
        stored_during = _snapshot(bot.db_path)
    finally:
        release()

    apology = run._from_bot(agent)[before].body
    assert "je n'arrive pas à enregistrer votre message" in apology
    assert "inutile de le renvoyer" in apology
    assert stored_during == stored_before  # nothing half-written
    # The message is handled once storage is back, without being sent again.
    answered = before + 1 + replies_to(SCRIPT[1])
    await agent.wait_for(lambda: len(run._from_bot(agent)) >= answered, within=120)
    await run.evaluate(agent, SCRIPT[2:])
    await run.check(apologies=1)
    assert bot.process is not None and bot.process.poll() is None
