"""`harmonie demo`: a newcomer's first look, on a throwaway homeserver on this machine.

Starts Synapse on 127.0.0.1, registers the bot, an administrator, a manager, simulated
agents and one agent account for the person watching; the simulated administrator opens
a campaign from its encrypted DM, the simulated agents answer the whole evaluation with
varied answers, and the demo prints the campaign's status and how to log in with any
Matrix client (the watcher's invitation is waiting there). The watcher's account is shown
at the start too: logging in before the invitation or after it both work (a client logged
in after asks the bot for the keys of what it missed). Ctrl-C stops it all.

The whole method, when asked: `--choix` goes on with phase 2 (`bot.demo.choice`: the
needs, the candidate suites of a copy of suites.example.toml, a pilot trial answered by
the simulated agents, the recommendation, the decision); `--rollout`, which implies it,
then rolls the retained suite out (`bot.demo.rollout`). `--structure` tells another story
on the same stage (`bot.demo.stage`): a structure serving three communes
(`bot.demo.structure`).

The console tells this story to a person (`bot.demo.console`); log lines go to the demo's
log file.
"""

from __future__ import annotations

import asyncio
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

from bot.config import Config, parse_config
from bot.demo.choice import ChoiceStory
from bot.demo.console import DemoAccount, DemoConsole
from bot.demo.homeserver import LocalHomeserver
from bot.demo.rollout import DemoClock, RolloutStory
from bot.demo.script import evaluation_messages
from bot.demo.simulated import SimulatedAgent, say
from bot.demo.stage import (
    CONFIG_FILE,
    MARKER,
    register,
    register_bot,
    serve,
    short_name,
    stage,
    write_summary,
    write_toml,
)
from bot.matrix.sync import Harmonie

CATALOGUE_FILE = "suites.toml"  # a copy of the shipped example, for the person to read
EXAMPLE_CATALOGUE = Path(__file__).resolve().parents[2] / "suites.example.toml"
DEMO_THRESHOLD = 3
CAMPAIGN = "Outils collaboratifs 2027"
console = DemoConsole()  # stdout, for the person running the demo


def run_demo(
    state: Path,
    port: int,
    agents: int,
    exit_after: float | None,
    rollout: bool = False,
    choice: bool = False,
) -> int:
    """The `harmonie demo` command; returns the exit code (1 after an unexpected error,
    told on the console and logged with its traceback). `rollout` implies `choice`: the
    rollout is of the suite retained in phase 2."""
    if not EXAMPLE_CATALOGUE.exists():
        raise SystemExit(
            f"{EXAMPLE_CATALOGUE} is missing: run the demo from a clone of the repository "
            "(pip install -e .[server])"
        )
    story = Story(choice=choice or rollout, rollout=rollout)

    async def play(server: LocalHomeserver, state: Path) -> int:
        return await _with_server(server, state, agents, exit_after, story)

    return stage(state, port, play)


@dataclass(frozen=True)
class Story:
    """How far the demo goes after the evaluation."""

    choice: bool = False  # phase 2: the needs, a pilot trial, the decision
    rollout: bool = False  # then phase 3, the rollout of the retained suite


async def _with_server(
    server: LocalHomeserver, state: Path, agents: int, exit_after: float | None, story: Story
) -> int:
    bot_password = await register_bot(server)
    accounts = [
        await register(server, "admin", "dsi"),
        await register(server, "manager", "encadrante"),
        await register(server, "agent", "vous"),  # for the person trying it by hand
        *[await register(server, "simulated", f"agent{n}") for n in range(1, agents + 1)],
    ]
    config = _demo_config(server, state, bot_password, accounts)
    write_summary(state, server, config.matrix.user_id, accounts)
    console.accounts(accounts, server.url, state / MARKER)
    clock = DemoClock() if story.rollout else None
    simulated = [a for a in accounts if a.role in ("admin", "manager", "simulated")]

    async def show(bot: Harmonie, people: dict[str, SimulatedAgent]) -> None:
        await _show(server, state, bot, clock, people, accounts, story)

    return await serve(server, state, config, simulated, show, exit_after, clock)


async def _show(
    server: LocalHomeserver,
    state: Path,
    bot: Harmonie,
    clock: DemoClock | None,
    people: dict[str, SimulatedAgent],
    accounts: list[DemoAccount],
    story: Story,
) -> None:
    """What the newcomer watches: the evaluation, the report, maybe the choice of a suite
    and its rollout, then what to do next."""
    await _campaign(people, bot, state / CONFIG_FILE)
    admin, manager = people["dsi"], people["encadrante"]
    simulated = [p for name, p in people.items() if name not in ("dsi", "encadrante")]
    watcher = next(a for a in accounts if a.role == "agent")
    if not story.choice:
        console.next_steps(server.url, watcher)
        return
    choice = ChoiceStory(
        bot,
        admin,
        manager,
        simulated,
        watcher.user_id,
        state / CATALOGUE_FILE,
        state / CONFIG_FILE,
        console,
    )
    decision = await choice.run()
    if clock is not None:
        rollout = RolloutStory(bot, clock, admin, manager, simulated, decision, console)
        console.trend(await rollout.run())
    console.next_steps_after_choice(
        server.url,
        watcher,
        next(a for a in accounts if a.role == "admin"),
        next(a for a in accounts if a.role == "manager"),
        decision.suite_name,
        choice.trial_command,
        rollout=clock is not None,
    )


def _demo_config(
    server: LocalHomeserver, state: Path, bot_password: str, accounts: list[DemoAccount]
) -> Config:
    shutil.copyfile(EXAMPLE_CATALOGUE, state / CATALOGUE_FILE)
    data: dict[str, dict[str, object]] = {
        "matrix": {
            "homeserver": server.url,
            "user_id": f"@harmonie:{server.server_name}",
            "password": bot_password,
            "device_name": "Harmonie (démo)",
            "store_path": "bot/store",
        },
        "storage": {"path": "bot/harmonie.db"},
        "campaign": {"invite_interval_seconds": 0.1},
        "organisation": {
            "name": "Commune de Démonstration",
            "admins": [a.user_id for a in accounts if a.role == "admin"],
            "managers": [a.user_id for a in accounts if a.role == "manager"],
            "agents": [a.user_id for a in accounts if a.role in ("agent", "simulated")],
            "services": ["Direction générale", "Ressources humaines", "Services techniques"],
            # lowered so that a demo of a dozen agents shows figures (the default is 5)
            "anonymity_threshold": DEMO_THRESHOLD,
            # the demo shows its results while the campaign is open, for you to answer too;
            # the default waits for the close (docs/privacy.md)
            "live_results": True,
        },
        "choice": {
            "catalogue": CATALOGUE_FILE,  # beside the configuration
            # the simulated agents, and you: your client receives the trial's invitation
            "pilots": [a.user_id for a in accounts if a.role in ("simulated", "agent")],
        },
    }
    write_toml(state / CONFIG_FILE, data)
    return parse_config(data, source="demo", base_dir=state, environ={})


async def _campaign(people: dict[str, SimulatedAgent], bot: Harmonie, config: Path) -> None:
    """The administrator checks the bot and opens a campaign; the simulated agents answer it
    in full; the administrator reads its status and its report."""
    bot_id = bot.config.matrix.user_id
    admin = people["dsi"]
    simulated = [p for name, p in people.items() if name not in ("dsi", "encadrante")]
    room_id = await admin.open_direct_room(bot_id, within=60)
    await admin.wait_for_messages(bot_id, 1, room_id)
    console.self_check(await say(admin, bot_id, room_id, "!aide"))
    console.campaign_opens(CAMPAIGN, len(simulated))
    await say(admin, bot_id, room_id, f"!campagne ouvrir {CAMPAIGN}")
    survey = bot.conversations.survey
    await asyncio.gather(
        *(
            evaluate(agent, bot_id, evaluation_messages(survey, random.Random(n)))
            for n, agent in enumerate(simulated)
        )
    )
    console.status(await say(admin, bot_id, room_id, "!campagne statut"))
    report = await say(admin, bot_id, room_id, "!rapport")
    console.report(report, DEMO_THRESHOLD, config)


async def evaluate(agent: SimulatedAgent, bot_id: str, messages: list[str]) -> None:
    """One simulated agent: their invitation awaited, then each message of their evaluation,
    each waiting for the bot's answer."""
    await agent.wait_for(lambda: bool(agent.messages_from(bot_id)), within=120)
    room_id = agent.messages_from(bot_id)[0].room_id
    await agent.wait_for_messages(bot_id, 4, room_id)  # invitation, notices, first question
    for message in messages:
        await say(agent, bot_id, room_id, message)
    console.agent_done(short_name(agent.user_id), len(messages))
