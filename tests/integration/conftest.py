"""One real Synapse for the whole integration run, and factories for bots and agents."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest

from bot.demo.homeserver import LocalHomeserver, synapse_available
from bot.demo.simulated import SimulatedAgent
from tests.support.harness import BotProcess, new_agent, new_bot


@pytest.fixture(scope="session")
def homeserver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalHomeserver]:
    if not synapse_available():
        pytest.fail("matrix-synapse is not installed: pip install -e '.[test]'")
    with LocalHomeserver(tmp_path_factory.mktemp("synapse")) as server:
        yield server


@pytest.fixture
def make_bot(homeserver: LocalHomeserver, tmp_path: Path) -> Iterator[Callable[..., BotProcess]]:
    bots: list[BotProcess] = []

    def factory(**options: object) -> BotProcess:
        bot = new_bot(homeserver, tmp_path / f"bot{len(bots)}", **options)
        bots.append(bot)
        return bot

    yield factory
    for bot in bots:
        if bot.process is not None:
            bot.kill()


@pytest.fixture
async def make_agent(
    homeserver: LocalHomeserver, tmp_path: Path
) -> AsyncIterator[Callable[..., SimulatedAgent]]:
    agents: list[SimulatedAgent] = []

    def factory(prefix: str = "agent") -> SimulatedAgent:
        agent = new_agent(homeserver, tmp_path / "agents", prefix)
        agents.append(agent)
        return agent

    yield factory
    for agent in agents:
        await agent.close()


@pytest.fixture
async def closing() -> AsyncIterator[list[SimulatedAgent | BotProcess]]:
    """Agents and bots made by hand (on a homeserver of the test's own): closed after."""
    things: list[SimulatedAgent | BotProcess] = []
    yield things
    for thing in things:
        if isinstance(thing, SimulatedAgent):
            await thing.close()
        elif thing.process is not None:
            thing.kill()
