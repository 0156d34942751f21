"""`harmonie demo`: a newcomer's first look, on a throwaway homeserver on this machine.

Starts Synapse on 127.0.0.1, registers the bot, an administrator, a manager, simulated
agents and one agent account for the person watching; the simulated administrator opens
a campaign from its encrypted DM, the simulated agents answer the whole evaluation with
varied answers, and the demo prints the campaign's status and how to log in with any
Matrix client (the watcher's invitation is waiting there). The watcher's account is shown
at the start too: logging in before the invitation or after it both work (a client logged
in after asks the bot for the keys of what it missed). Ctrl-C stops it all.
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
from bot.demo.homeserver import LocalHomeserver, RegisteredUser, port_is_free
from bot.demo.rollout import DemoClock, RolloutStory
from bot.demo.script import evaluation_messages
from bot.demo.simulated import SimulatedAgent
from bot.handlers.dispatch import Conversations
from bot.matrix.sync import Harmonie

log = logging.getLogger(__name__)

MARKER = "demo.json"
DEMO_THRESHOLD = 3


@dataclass(frozen=True)
class DemoAccount:
    role: str
    user_id: str
    password: str


def run_demo(
    state: Path, port: int, agents: int, exit_after: float | None, rollout: bool = False
) -> int:
    """The `harmonie demo` command; returns the exit code."""
    logs.configure("WARNING")
    state = state.resolve()
    _fresh_state(state)
    return asyncio.run(_run(state, port, agents, exit_after, rollout))


async def _run(state: Path, port: int, agents: int, exit_after: float | None, rollout: bool) -> int:
    server = LocalHomeserver(state / "homeserver", port=port if port_is_free(port) else None)
    print(f"Démarrage d'un serveur Matrix local (Synapse) sur {server.url} …", flush=True)
    await asyncio.to_thread(server.start)
    try:
        return await _with_server(server, state, agents, exit_after, rollout)
    finally:
        await asyncio.to_thread(server.stop)
        print("Serveur arrêté. À bientôt !")


async def _with_server(
    server: LocalHomeserver, state: Path, agents: int, exit_after: float | None, rollout: bool
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

    clock = DemoClock() if rollout else None
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
            _show(server, state, bot, task, clock, people, accounts), name="demo"
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
    finally:
        print("\nArrêt du bot …", flush=True)
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
) -> None:
    """What the newcomer watches: the evaluation, the report, and maybe the rollout."""
    bot_id = bot.config.matrix.user_id
    await _wait_ready_or_failed(bot.ready, task)
    _print_early_login(server, accounts)
    await asyncio.gather(*(person.start() for person in people.values()))
    help_reply, status, report = await _campaign(people, bot_id, bot.conversations)
    _print_report(report, state)
    if clock is not None:
        story = RolloutStory(
            bot,
            clock,
            people["dsi"],
            people["encadrante"],
            [p for name, p in people.items() if name not in ("dsi", "encadrante")],
        )
        _print_trend(await story.run())
    _print_welcome(server, bot_id, accounts, help_reply, status, state)


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
    }
    _write_toml(state / "config.toml", data)
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


async def _campaign(
    people: dict[str, SimulatedAgent], bot_id: str, conversations: Conversations
) -> tuple[str, str, str]:
    """The administrator opens a campaign; the simulated agents answer it in full."""
    admin = people["dsi"]
    simulated = [p for name, p in people.items() if name not in ("dsi", "encadrante")]
    room_id = await admin.open_direct_room(bot_id, within=60)
    await admin.wait_for_messages(bot_id, 1, room_id)
    help_reply = await _say(admin, bot_id, room_id, "!aide")
    print("L'administrateur ouvre une campagne d'évaluation …", flush=True)
    await _say(admin, bot_id, room_id, "!campagne ouvrir Outils collaboratifs 2027")
    survey = conversations.survey
    await asyncio.gather(
        *(
            _evaluate(agent, bot_id, evaluation_messages(survey, random.Random(n)))
            for n, agent in enumerate(simulated)
        )
    )
    status = await _say(admin, bot_id, room_id, "!campagne statut")
    report = await _say(admin, bot_id, room_id, "!rapport")
    return help_reply, status, report


async def _evaluate(agent: SimulatedAgent, bot_id: str, messages: list[str]) -> None:
    await agent.wait_for(lambda: bool(agent.messages_from(bot_id)), within=120)
    room_id = agent.messages_from(bot_id)[0].room_id
    await agent.wait_for_messages(bot_id, 4, room_id)  # invitation, notices, first question
    for message in messages:
        await _say(agent, bot_id, room_id, message)
    name = agent.user_id.split(":")[0]
    print(f"  {name} a terminé son évaluation ({len(messages)} messages).", flush=True)


async def _say(agent: SimulatedAgent, bot_id: str, room_id: str, message: str) -> str:
    before = len(agent.messages_from(bot_id, room_id))
    await agent.send(room_id, message)
    received = await agent.wait_for_messages(bot_id, before + 1, room_id, within=60)
    return received[before].body


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
    help_reply: str,
    status: str,
    state: Path,
) -> None:
    first_line = help_reply.splitlines()[0] if help_reply else ""
    width = max(len(a.user_id) for a in accounts)
    rows = "\n".join(f"  {a.role:<9} {a.user_id:<{width}}  {a.password}" for a in accounts)
    watcher = next(a for a in accounts if a.role == "agent")
    status_lines = "\n".join(f"  {line}" for line in status.splitlines())
    print(
        f"""
Harmonie est prêt. / Harmonie is ready.

  Serveur Matrix (homeserver) : {server.url}
  Bot                         : {bot_id}

Auto-test : l'administrateur a écrit « !aide » en conversation chiffrée.
  Réponse du bot : « {first_line} … »

État de la campagne, vu par l'administrateur (« !campagne statut ») :
{status_lines}

Comptes de démonstration (aussi dans {state / MARKER}) :
  rôle      identifiant{" " * max(0, width - 11)}  mot de passe
{rows}

Pour essayer à la main : ouvrez un client Matrix (Element Desktop, nheko…),
choisissez le serveur {server.url} et connectez-vous avec {watcher.user_id}
(mot de passe {watcher.password}). Acceptez l'invitation du bot : son message, la
notice de confidentialité et la première question s'affichent. Votre client, connecté
après l'envoi, demande au bot les clés de ces messages chiffrés et le bot les lui donne ;
si l'un d'eux reste illisible (« clé manquante »), écrivez « Bonjour » : le bot vous
renvoie la question en cours. Répondez ensuite comme un agent.
Écrivez comme vous en avez l'habitude (« je dirais 8 », « Tchap et WhatsApp », « RAS »).
Astuce : une catégorie en un message, l'outil, ses quatre notes et un problème éventuel,
par exemple « Teams 8 6 9 7 RAS ».

Ctrl-C pour tout arrêter.""",
        flush=True,
    )


def _print_early_login(server: LocalHomeserver, accounts: list[DemoAccount]) -> None:
    """The watcher may log in now, before the bot invites them: both orders work."""
    watcher = next(a for a in accounts if a.role == "agent")
    print(
        f"""
Votre compte d'agent : {watcher.user_id} (mot de passe {watcher.password}),
sur {server.url}. Connectez-vous dès maintenant avec un client Matrix, ou à la fin
de la démonstration : l'invitation du bot vous parviendra dans les deux cas.
""",
        flush=True,
    )


def _print_report(report: str, state: Path) -> None:
    print(
        f"""
Le rapport, tel qu'un encadrant le reçoit avec « !rapport » (seuil d'anonymat abaissé à
{DEMO_THRESHOLD} pour la démonstration ; 5 par défaut) :

{report}

Hors ligne, depuis la base : harmonie report --config {state / "config.toml"} --format md
(aussi --format csv, ods ou png avec --output FICHIER).""",
        flush=True,
    )


def _print_trend(trend: str) -> None:
    print(
        f"""
Les retours des agents, tels qu'un encadrant les reçoit avec « !rapport retours »
(aussi « !rapport retours csv » ou « ods ») :

{trend}""",
        flush=True,
    )
