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
then rolls the retained suite out (`bot.demo.rollout`).

The console tells this story to a person (`bot.demo.console`); log lines go to the demo's
log file.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import logging
import os
import random
import secrets
import shutil
import signal
from dataclasses import asdict, dataclass
from pathlib import Path

from bot import logs
from bot import wiring as runner
from bot.config import Config, parse_config
from bot.demo.choice import ChoiceStory
from bot.demo.console import DemoAccount, DemoConsole
from bot.demo.homeserver import HomeserverError, LocalHomeserver, RegisteredUser, port_is_free
from bot.demo.rollout import DemoClock, RolloutStory
from bot.demo.script import evaluation_messages
from bot.demo.simulated import SimulatedAgent, say
from bot.e2ee.identity import RECOVERY_FILE
from bot.matrix.sync import Harmonie

log = logging.getLogger(__name__)

MARKER = "demo.json"
LOG_FILE = "demo.log"
CONFIG_FILE = "config.toml"
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
    state = state.resolve()
    if not EXAMPLE_CATALOGUE.exists():
        raise SystemExit(
            f"{EXAMPLE_CATALOGUE} is missing: run the demo from a clone of the repository "
            "(pip install -e .[server])"
        )
    _fresh_state(state)
    logs.configure("INFO", file=state / LOG_FILE)
    story = Story(choice=choice or rollout, rollout=rollout)
    try:
        return asyncio.run(_run(state, port, agents, exit_after, story))
    except HomeserverError:
        raise  # said by the command line, with the end of Synapse's output
    except Exception as exc:
        _failed(exc, state)
        return 1


def _failed(exc: Exception, state: Path) -> None:
    log.error("the demo stopped on an unexpected error", exc_info=exc)
    console.failed(exc, state / LOG_FILE)


@dataclass(frozen=True)
class Story:
    """How far the demo goes after the evaluation."""

    choice: bool = False  # phase 2: the needs, a pilot trial, the decision
    rollout: bool = False  # then phase 3, the rollout of the retained suite


async def _run(state: Path, port: int, agents: int, exit_after: float | None, story: Story) -> int:
    server = LocalHomeserver(state / "homeserver", port=port if port_is_free(port) else None)
    console.starting(server.url, state / LOG_FILE, server.log_path)
    await asyncio.to_thread(server.start)
    try:
        return await _with_server(server, state, agents, exit_after, story)
    finally:
        await asyncio.to_thread(server.stop)
        console.stopped()


async def _with_server(
    server: LocalHomeserver, state: Path, agents: int, exit_after: float | None, story: Story
) -> int:
    bot_password = secrets.token_urlsafe(12)
    await asyncio.to_thread(server.register_user, "harmonie", bot_password, inhibit_login=True)
    accounts = [
        await _register(server, "admin", "dsi"),
        await _register(server, "manager", "encadrante"),
        await _register(server, "agent", "vous"),  # for the person trying it by hand
        *[await _register(server, "simulated", f"agent{n}") for n in range(1, agents + 1)],
    ]
    config = _demo_config(server, state, bot_password, accounts)
    bot_id = config.matrix.user_id
    _write_summary(state, server, bot_id, accounts)
    console.accounts(accounts, server.url, state / MARKER)

    console.bot_starting(bot_id)
    clock = DemoClock() if story.rollout else None
    bot = await runner.build(config, clock)
    bot.console = io.StringIO()  # the demo's recovery key is throwaway: not shown
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopping.set)
    task = asyncio.create_task(bot.run())
    people = _simulated(server, state, accounts)
    try:
        shown = asyncio.create_task(
            _show(server, state, bot, task, clock, people, accounts, story), name="demo"
        )
        interrupted = asyncio.create_task(stopping.wait())
        await asyncio.wait({shown, interrupted}, return_when=asyncio.FIRST_COMPLETED)
        if not shown.done():  # Ctrl-C while the simulated people are still at it
            shown.cancel()
            await asyncio.gather(shown, return_exceptions=True)
        else:
            shown.result()  # raises what went wrong
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(exit_after):
                    await interrupted
        interrupted.cancel()
    except Exception as exc:  # told before the stop that follows
        _failed(exc, state)
        return 1
    finally:
        console.stopping()
        bot.stop()
        await asyncio.gather(task, return_exceptions=True)
        await asyncio.gather(*(person.close() for person in people.values()))
        await runner.close(bot)
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)
    return 0


async def _show(
    server: LocalHomeserver,
    state: Path,
    bot: Harmonie,
    task: asyncio.Task[None],
    clock: DemoClock | None,
    people: dict[str, SimulatedAgent],
    accounts: list[DemoAccount],
    story: Story,
) -> None:
    """What the newcomer watches: the bot ready, the evaluation, the report, maybe the
    choice of a suite and its rollout, then what to do next."""
    await _wait_ready_or_failed(bot.ready, task)
    console.ready(await _recovery_key(bot.config.matrix.store_path / RECOVERY_FILE))
    await asyncio.gather(*(person.start() for person in people.values()))
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


async def _recovery_key(path: Path, within: float = 15) -> Path | None:
    """The file of the recovery key the bot writes when it sets up cross-signing, just after
    it is ready; None if it does not come (the story then goes on without it)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not await asyncio.to_thread(path.exists):
        if loop.time() > deadline:
            return None
        await asyncio.sleep(0.1)
    return path


async def _wait_ready_or_failed(ready: asyncio.Event, task: asyncio.Task[None]) -> None:
    waiter = asyncio.create_task(ready.wait())
    await asyncio.wait({waiter, task}, return_when=asyncio.FIRST_COMPLETED)
    if task.done():
        waiter.cancel()
        task.result()  # raises what stopped the bot
        raise RuntimeError("the bot stopped before it was ready")


async def _register(server: LocalHomeserver, role: str, localpart: str) -> DemoAccount:
    password = f"{localpart}-{secrets.token_hex(3)}"
    user: RegisteredUser = await asyncio.to_thread(
        server.register_user, localpart, password, inhibit_login=True
    )
    return DemoAccount(role, user.user_id, password)


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
    _write_toml(state / CONFIG_FILE, data)
    return parse_config(data, source="demo", base_dir=state, environ={})


def _write_toml(path: Path, data: dict[str, dict[str, object]]) -> None:
    """The demo's configuration as a file, so that `harmonie report` can read it offline."""
    lines = []
    for section, values in data.items():
        lines.append(f"[{section}]")
        lines.extend(
            f"{key} = {json.dumps(value, ensure_ascii=False)}" for key, value in values.items()
        )
        lines.append("")
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)  # holds the bot's password
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines))


def _simulated(
    server: LocalHomeserver, state: Path, accounts: list[DemoAccount]
) -> dict[str, SimulatedAgent]:
    """The administrator, the manager and the simulated agents, by short name."""
    people = {}
    for account in accounts:
        if account.role in ("admin", "manager", "simulated"):
            name = account.user_id.split(":")[0][1:]
            people[name] = SimulatedAgent(
                server.url, account.user_id, account.password, state / "simulated" / name
            )
    return people


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
            _evaluate(agent, bot_id, evaluation_messages(survey, random.Random(n)))
            for n, agent in enumerate(simulated)
        )
    )
    console.status(await say(admin, bot_id, room_id, "!campagne statut"))
    report = await say(admin, bot_id, room_id, "!rapport")
    console.report(report, DEMO_THRESHOLD, config)


async def _evaluate(agent: SimulatedAgent, bot_id: str, messages: list[str]) -> None:
    await agent.wait_for(lambda: bool(agent.messages_from(bot_id)), within=120)
    room_id = agent.messages_from(bot_id)[0].room_id
    await agent.wait_for_messages(bot_id, 4, room_id)  # invitation, notices, first question
    for message in messages:
        await say(agent, bot_id, room_id, message)
    console.agent_done(agent.user_id.split(":")[0][1:], len(messages))


def _fresh_state(state: Path) -> None:
    """The demo is throwaway: wipe a previous demo's folder, and nothing else."""
    if state.exists():
        if not (state / MARKER).exists() and any(state.iterdir()):
            raise SystemExit(f"{state} exists and is not a Harmonie demo folder: choose --state")
        shutil.rmtree(state)
    state.mkdir(parents=True)
    (state / MARKER).write_text("{}", encoding="utf-8")


def _write_summary(
    state: Path, server: LocalHomeserver, bot_id: str, accounts: list[DemoAccount]
) -> None:
    summary = {
        "homeserver": server.url,
        "server_name": server.server_name,
        "bot": bot_id,
        "accounts": [asdict(a) for a in accounts],
    }
    path = state / MARKER
    path.write_text(json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")
    os.chmod(path, 0o600)
