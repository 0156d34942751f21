"""The stage every `harmonie demo` story plays on: a throwaway homeserver on this machine
and a fresh state folder (`stage`), the demo's accounts, its configuration file and the
summary of both for the person (`register`, `write_toml`, `write_summary`), and the bot run
with simulated people while a story is told, then until Ctrl-C (`serve`).

The stories are `bot.demo.run` (one commune: the method) and `bot.demo.structure`.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import logging
import os
import secrets
import shutil
import signal
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import asdict
from pathlib import Path

from bot import logs
from bot import wiring as runner
from bot.config import Config
from bot.demo.console import DemoAccount, DemoConsole
from bot.demo.homeserver import HomeserverError, LocalHomeserver, RegisteredUser, port_is_free
from bot.demo.rollout import DemoClock
from bot.demo.simulated import SimulatedAgent
from bot.e2ee.identity import RECOVERY_FILE
from bot.matrix.sync import Harmonie

log = logging.getLogger(__name__)

MARKER = "demo.json"
LOG_FILE = "demo.log"
CONFIG_FILE = "config.toml"
console = DemoConsole()  # stdout, for the person running the demo

# What the simulated people do once the bot is ready: given the bot, and the simulated
# people by short name (the localpart of their Matrix ID).
Show = Callable[[Harmonie, dict[str, SimulatedAgent]], Awaitable[None]]


def stage(state: Path, port: int, play: Callable[[LocalHomeserver, Path], Awaitable[int]]) -> int:
    """A demo on a throwaway homeserver: a fresh state folder and log file, Synapse started
    on `port` (another if busy) for `play` (given the server and the resolved folder) and
    stopped after it; the exit code (1 after an unexpected error, told on the console and
    logged with its traceback)."""
    state = state.resolve()
    _fresh_state(state)
    logs.configure("INFO", file=state / LOG_FILE)
    try:
        return asyncio.run(_run(state, port, play))
    except HomeserverError:
        raise  # said by the command line, with the end of Synapse's output
    except Exception as exc:
        _failed(exc, state)
        return 1


def _failed(exc: Exception, state: Path) -> None:
    log.error("the demo stopped on an unexpected error", exc_info=exc)
    console.failed(exc, state / LOG_FILE)


async def _run(
    state: Path, port: int, play: Callable[[LocalHomeserver, Path], Awaitable[int]]
) -> int:
    server = LocalHomeserver(state / "homeserver", port=port if port_is_free(port) else None)
    console.starting(server.url, state / LOG_FILE, server.log_path)
    await asyncio.to_thread(server.start)
    try:
        return await play(server, state)
    finally:
        await asyncio.to_thread(server.stop)
        console.stopped()


async def serve(
    server: LocalHomeserver,
    state: Path,
    config: Config,
    simulated: list[DemoAccount],
    show: Show,
    exit_after: float | None,
    clock: DemoClock | None = None,
) -> int:
    """Run the bot of `config` and log the `simulated` accounts in; once the bot is ready,
    `show` tells the story; then everything runs until Ctrl-C, or for `exit_after`
    seconds. The exit code (1 after an unexpected error, told on the console)."""
    bot_id = config.matrix.user_id
    console.bot_starting(bot_id)
    bot = await runner.build(config, clock)
    bot.console = io.StringIO()  # the demo's recovery key is throwaway: not shown
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopping.set)
    task = asyncio.create_task(bot.run())
    people = _simulated(server, state, simulated)
    try:
        shown = asyncio.create_task(_when_ready(bot, task, people, show), name="demo")
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


async def _when_ready(
    bot: Harmonie, task: asyncio.Task[None], people: dict[str, SimulatedAgent], show: Show
) -> None:
    """The bot ready (its recovery key told), the simulated people logged in, the story."""
    await _wait_ready_or_failed(bot.ready, task)
    console.ready(await _recovery_key(bot.config.matrix.store_path / RECOVERY_FILE))
    await asyncio.gather(*(person.start() for person in people.values()))
    await show(bot, people)


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


async def register_bot(server: LocalHomeserver) -> str:
    """The bot's account (it logs in by itself); its password."""
    password = secrets.token_urlsafe(12)
    await asyncio.to_thread(server.register_user, "harmonie", password, inhibit_login=True)
    return password


async def register(server: LocalHomeserver, role: str, localpart: str) -> DemoAccount:
    """A demo account, with a password a person can type."""
    password = f"{localpart}-{secrets.token_hex(3)}"
    user: RegisteredUser = await asyncio.to_thread(
        server.register_user, localpart, password, inhibit_login=True
    )
    return DemoAccount(role, user.user_id, password)


def write_toml(
    path: Path, data: Mapping[str, Mapping[str, object]], notes: Mapping[str, str] | None = None
) -> None:
    """The demo's configuration as a file, so that `harmonie report` can read it offline."""
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)  # holds the bot's password
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(toml_text(data, notes or {}))


def toml_text(data: Mapping[str, Mapping[str, object]], notes: Mapping[str, str]) -> str:
    """`data` as TOML: a table per section, a mapping inside one as its sub-table
    (`[organisations.kerbihan]`); `notes`: comments, each above the key (dotted, as
    "structure.benchmark_threshold") or the table it is about."""
    lines: list[str] = []

    def table(name: str, values: Mapping[str, object]) -> None:
        lines.extend(f"# {line}" for line in notes.get(name, "").splitlines())
        tables = [(f"{name}.{k}", v) for k, v in values.items() if isinstance(v, Mapping)]
        keys = [(k, v) for k, v in values.items() if not isinstance(v, Mapping)]
        if keys or not tables:  # a table of tables only needs no header of its own
            lines.append(f"[{name}]")
            for key, value in keys:
                lines.extend(f"# {line}" for line in notes.get(f"{name}.{key}", "").splitlines())
                lines.append(f"{key} = {json.dumps(value, ensure_ascii=False)}")
            lines.append("")
        for inner, inner_values in tables:
            table(inner, inner_values)

    for section, values in data.items():
        table(section, values)
    return "\n".join(lines)


def _simulated(
    server: LocalHomeserver, state: Path, accounts: list[DemoAccount]
) -> dict[str, SimulatedAgent]:
    """A simulated person for each account, by short name (its localpart)."""
    people = {}
    for account in accounts:
        name = short_name(account.user_id)
        people[name] = SimulatedAgent(
            server.url, account.user_id, account.password, state / "simulated" / name
        )
    return people


def short_name(user_id: str) -> str:
    """@kerbihan.dsi:harmonie.localhost → kerbihan.dsi"""
    return user_id.split(":")[0][1:]


def _fresh_state(state: Path) -> None:
    """The demo is throwaway: wipe a previous demo's folder, and nothing else."""
    if state.exists():
        if not (state / MARKER).exists() and any(state.iterdir()):
            raise SystemExit(f"{state} exists and is not a Harmonie demo folder: choose --state")
        shutil.rmtree(state)
    state.mkdir(parents=True)
    (state / MARKER).write_text("{}", encoding="utf-8")


def write_summary(
    state: Path,
    server: LocalHomeserver,
    bot_id: str,
    accounts: list[DemoAccount],
    more: Mapping[str, object] | None = None,
) -> None:
    """demo.json: the homeserver, the bot and every account with its password (and `more`),
    for the person to read."""
    summary = {
        "homeserver": server.url,
        "server_name": server.server_name,
        "bot": bot_id,
        "accounts": [asdict(a) for a in accounts],
        **(more or {}),
    }
    path = state / MARKER
    path.write_text(json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")
    os.chmod(path, 0o600)
