"""`harmonie demo`: a newcomer's first look, on a throwaway homeserver on this machine.

Starts Synapse on 127.0.0.1, registers the bot, a manager, an administrator and a few
agents, runs the bot, has one simulated agent say `!aide` in an encrypted DM as a
self-check, then prints how to log in with any Matrix client. Ctrl-C stops it all.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import secrets
import shutil
import signal
from dataclasses import asdict, dataclass
from pathlib import Path

from . import logs, runner
from .config import Config, parse_config
from .homeserver import LocalHomeserver, RegisteredUser, port_is_free
from .simulated import SimulatedAgent

log = logging.getLogger(__name__)

MARKER = "demo.json"


@dataclass(frozen=True)
class DemoAccount:
    role: str
    user_id: str
    password: str


def run_demo(state: Path, port: int, agents: int, exit_after: float | None) -> int:
    """The `harmonie demo` command; returns the exit code."""
    logs.configure("WARNING")
    state = state.resolve()
    _fresh_state(state)
    return asyncio.run(_run(state, port, agents, exit_after))


async def _run(state: Path, port: int, agents: int, exit_after: float | None) -> int:
    server = LocalHomeserver(state / "homeserver", port=port if port_is_free(port) else None)
    print(f"Démarrage d'un serveur Matrix local (Synapse) sur {server.url} …", flush=True)
    await asyncio.to_thread(server.start)
    try:
        return await _with_server(server, state, agents, exit_after)
    finally:
        await asyncio.to_thread(server.stop)
        print("Serveur arrêté. À bientôt !")


async def _with_server(
    server: LocalHomeserver, state: Path, agents: int, exit_after: float | None
) -> int:
    bot_password = secrets.token_urlsafe(12)
    await asyncio.to_thread(server.register_user, "harmonie", bot_password, inhibit_login=True)
    accounts = [
        await _register(server, "admin", "dsi"),
        await _register(server, "manager", "encadrante"),
        *[await _register(server, "agent", f"agent{n}") for n in range(1, agents + 1)],
    ]
    config = _demo_config(server, state, bot_password, accounts)
    bot_id = config.matrix.user_id
    _write_summary(state, server, bot_id, accounts)

    bot = await runner.build(config)
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopping.set)
    task = asyncio.create_task(bot.run())
    try:
        await _wait_ready_or_failed(bot.ready, task)
        reply = await _self_check(server, state, bot_id, accounts[-1])
        _print_welcome(server, bot_id, accounts, reply, state)
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(exit_after):
                await stopping.wait()
    finally:
        print("\nArrêt du bot …", flush=True)
        bot.stop()
        await asyncio.gather(task, return_exceptions=True)
        await runner.close(bot)
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)
    return 0


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
    data = {
        "matrix": {
            "homeserver": server.url,
            "user_id": f"@harmonie:{server.server_name}",
            "password": bot_password,
            "device_name": "Harmonie (démo)",
            "store_path": "bot/store",
        },
        "storage": {"path": "bot/harmonie.db"},
        "organisation": {
            "name": "Commune de Démonstration",
            "admins": [a.user_id for a in accounts if a.role == "admin"],
            "managers": [a.user_id for a in accounts if a.role == "manager"],
            "services": ["Direction générale", "Ressources humaines", "Services techniques"],
        },
    }
    return parse_config(data, source="demo", base_dir=state, environ={})


async def _self_check(
    server: LocalHomeserver, state: Path, bot_id: str, account: DemoAccount
) -> str:
    """One simulated agent opens an encrypted DM and asks for help, as a person would."""
    agent = SimulatedAgent(server.url, account.user_id, account.password, state / "agent-store")
    try:
        await agent.start(device_name="auto-test de la démo")
        room_id = await agent.open_direct_room(bot_id, within=60)
        await agent.send(room_id, "!aide")
        messages = await agent.wait_for_messages(bot_id, 2, room_id, within=60)
        return messages[-1].body
    finally:
        await agent.close()


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


def _print_welcome(
    server: LocalHomeserver,
    bot_id: str,
    accounts: list[DemoAccount],
    reply: str,
    state: Path,
) -> None:
    first_line = reply.splitlines()[0] if reply else ""
    width = max(len(a.user_id) for a in accounts)
    rows = "\n".join(f"  {a.role:<8} {a.user_id:<{width}}  {a.password}" for a in accounts)
    print(
        f"""
Harmonie est prêt. / Harmonie is ready.

  Serveur Matrix (homeserver) : {server.url}
  Bot                         : {bot_id}

Auto-test : un agent simulé a ouvert une conversation chiffrée et écrit « !aide ».
  Réponse du bot : « {first_line} … »

Comptes de démonstration (aussi dans {state / MARKER}) :
  rôle     identifiant{" " * max(0, width - 11)}  mot de passe
{rows}

Pour essayer à la main : ouvrez un client Matrix (Element Desktop, par exemple),
choisissez le serveur {server.url}, connectez-vous avec un compte ci-dessus,
démarrez une discussion avec {bot_id} et écrivez « !aide ».

Ctrl-C pour tout arrêter.""",
        flush=True,
    )
