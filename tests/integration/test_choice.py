"""Phase 2 on the real Synapse: an admin opens a pilot trial of two suites; six pilots
(real E2EE clients) are invited by encrypted DM and answer in the forms agents type; the
manager's `!rapport choix` and `harmonie report --choice` give the figures computed here
from the script, a suite tried by fewer pilots than the threshold shows none, an agent
cannot read it, and the admin's decision is recorded."""

from __future__ import annotations

import asyncio
import csv
import io
import signal
from collections.abc import Callable

import pytest

from bot.demo.simulated import SimulatedAgent
from tests.integration.test_evaluation import say
from tests.integration.test_report import offline_report
from tests.support.harness import REPO_ROOT, BotProcess

pytestmark = pytest.mark.integration

CATALOGUE = REPO_ROOT / "suites.example.toml"
ALPHA, BETA = "Suite Alpha (fictive)", "Suite Bêta (fictive)"

# Each pilot's conversation: (message, words the bot's last reply to it holds). Without an
# evaluation, every module a suite has is offered: Alpha's visio is 1 and its agenda 3,
# Bêta's visio 1. Ratings are (simplicité, efficacité, sécurité perçue).
SCRIPTS: list[list[tuple[str, str]]] = [
    [("Bonjour", "Quels modules"), ("1 et 3", "Alpha Visio"), ("8 7 9", "Alpha Agenda"),
     ("8/10 7 9", "Un commentaire"), ("Très simple à prendre en main.", "Quels modules"),
     ("1", "Beta Meet"), ("6 5 7", "Un commentaire"), ("RAS", "merci")],
    [("je suis prêt", "Quels modules"), ("visio et agenda", "Alpha Visio"),
     ("je dirais 7", "efficacité"), ("7", "sécurité"), ("8", "Alpha Agenda"),
     ("9 8 9", "Un commentaire"), ("RAS", "Quels modules"), ("1", "Beta Meet"),
     ("5 5 6", "Un commentaire"), ("rien à signaler", "merci")],
    [("Bonjour", "Quels modules"), ("1, 3", "Alpha Visio"), ("6 7 8", "Alpha Agenda"),
     ("7 nsp 8", "Un commentaire"), ("L'agenda est lent.", "Quels modules"),
     ("1", "Beta Meet"), ("7 6 6", "Un commentaire"), ("passer", "merci")],
    [("c'est fait", "Quels modules"), ("1 3", "Alpha Visio"), ("9 9 9", "Alpha Agenda"),
     ("nsp", "efficacité"), ("8", "sécurité"), ("8", "Un commentaire"),
     ("RAS", "Quels modules"), ("aucun", "Un commentaire"), ("RAS", "merci")],
    [("Bonjour", "Quels modules"), ("la visio et l'agenda", "Alpha Visio"),
     ("5 6 7", "Alpha Agenda"), ("6 6 6", "Un commentaire"), ("RAS", "Quels modules"),
     ("aucun", "Un commentaire"), ("RAS", "merci")],
    [("Bonjour", "Quels modules"), ("1 et 3", "Alpha Visio"), ("7,5 7 8", "Alpha Agenda"),
     ("8 8 7", "Un commentaire"), ("RAS", "Quels modules"), ("aucun", "Un commentaire"),
     ("RAS", "merci")],
]  # fmt: skip
# What those scripts say of Alpha, by hand: (visio, agenda) of each pilot; None: « nsp ».
ALPHA_RATINGS = [
    ((8, 7, 9), (8, 7, 9)),
    ((7, 7, 8), (9, 8, 9)),
    ((6, 7, 8), (7, None, 8)),
    ((9, 9, 9), (None, 8, 8)),
    ((5, 6, 7), (6, 6, 6)),
    ((7.5, 7, 8), (8, 8, 7)),
]


def mean_of(criterion: int) -> str:
    """Alpha's mean on one criterion over both modules and every pilot, as the report
    writes it (one decimal, a comma)."""
    values = [m[criterion] for pilot in ALPHA_RATINGS for m in pilot if m[criterion] is not None]
    return f"{sum(values) / len(values):.1f}".replace(".", ",")  # type: ignore[arg-type]


async def tell(
    agent: SimulatedAgent, bot: BotProcess, room_id: str, message: str, mark: str
) -> str:
    """Send one message and wait for the bot's reply holding `mark` (a reply may come in
    one message or two)."""
    before = len(agent.messages_from(bot.user_id, room_id))
    await agent.send(room_id, message)

    def answered() -> bool:
        fresh = agent.messages_from(bot.user_id, room_id)[before:]
        return any(mark.lower() in m.body.lower() for m in fresh)

    await agent.wait_for(answered, within=60)
    return "\n".join(m.body for m in agent.messages_from(bot.user_id, room_id)[before:])


async def test_a_pilot_trial_of_two_suites_from_the_invitations_to_the_decision(
    make_bot: Callable[..., BotProcess], make_agent: Callable[..., SimulatedAgent]
) -> None:
    admin, manager = make_agent("dsi"), make_agent("encadrante")
    pilots = [make_agent("pilote") for _ in range(6)]
    ids = [p.user_id for p in pilots]
    bot = make_bot(
        admins=[admin.user_id],
        managers=[manager.user_id],
        agents=ids,
        extra_sections=f'[choice]\ncatalogue = "{CATALOGUE}"\npilots = {ids!r}\n',
    )
    await bot.start()
    await asyncio.gather(admin.start(), manager.start(), *(p.start() for p in pilots))
    admin_room = await admin.open_direct_room(bot.user_id)
    await admin.wait_for_messages(bot.user_id, 1, admin_room)

    opened = await say(admin, bot, admin_room, "!essai ouvrir alpha, beta")
    assert "6" in opened and ALPHA in opened and BETA in opened, opened

    async def pilot(agent: SimulatedAgent, script: list[tuple[str, str]]) -> None:
        await agent.wait_for(
            lambda: any("groupe pilote" in m.body for m in agent.messages_from(bot.user_id)),
            within=90,
        )
        invitation = next(m for m in agent.messages_from(bot.user_id) if "groupe pilote" in m.body)
        assert invitation.encrypted
        for message, mark in script:
            await tell(agent, bot, invitation.room_id, message, mark)

    await asyncio.gather(*(pilot(p, s) for p, s in zip(pilots, SCRIPTS, strict=True)))

    status = await say(admin, bot, admin_room, "!essai statut")
    assert "6" in status and "@pilote" not in status  # counts, never names
    closed = await say(admin, bot, admin_room, "!essai fermer")
    assert "!rapport choix" in closed

    manager_room = await manager.open_direct_room(bot.user_id)
    await manager.wait_for_messages(bot.user_id, 1, manager_room)
    report = await say(manager, bot, manager_room, "!rapport choix")
    simplicity = mean_of(0)
    assert f"Suite recommandée : {ALPHA}" in report.replace("\u202f", " ")
    assert f"prise en main {simplicity}/10 par 6 pilotes" in report

    await say(manager, bot, manager_room, "!rapport choix csv")
    event = manager.messages_from(bot.user_id, manager_room)[-1]
    assert event.encrypted and "file" in event.content
    in_chat = (await manager.download(event.content)).decode("utf-8-sig")
    offline = offline_report(bot, "--choice", "--format", "csv").decode("utf-8-sig")
    for exported in (in_chat, offline):
        rows = {row[1]: row for row in csv.reader(io.StringIO(exported), delimiter=";")
                if len(row) > 12}  # fmt: skip
        header = rows["Suite"]
        alpha, beta = (dict(zip(header, rows[name], strict=True)) for name in (ALPHA, BETA))
        assert alpha["Simplicité de prise en main"] == simplicity
        assert alpha["Efficacité"] == mean_of(1)
        assert alpha["Sécurité perçue"] == mean_of(2)
        assert alpha["Pilotes"] == "6"
        # Three pilots tried Bêta: under the threshold of five, no figure at all.
        assert beta["Pilotes"].startswith("moins de")
        assert {beta[c] for c in ("Simplicité de prise en main", "Efficacité",
                                  "Sécurité perçue")} == {"—"}  # fmt: skip

    pilot_room = pilots[0].messages_from(bot.user_id)[0].room_id
    refusal = await say(pilots[0], bot, pilot_room, "!rapport choix")
    assert "réservée aux encadrants" in refusal

    decided = await say(admin, bot, admin_room, "!choix retenir alpha prise en main, support")
    assert ALPHA in decided
    [(suite, reason, recommendation)] = bot.query(
        "SELECT suite, reason, recommendation FROM choice_decisions"
    )
    assert (suite, reason) == ("alpha", "prise en main, support")
    assert recommendation.startswith(f"Suite recommandée\u202f: {ALPHA}")
    stored = bot.query("SELECT COUNT(DISTINCT agent_id) FROM trial_ratings WHERE suite = 'beta'")
    assert stored == [(3,)]


async def test_a_trial_invites_each_pilot_once_even_when_the_bot_is_killed_midway(
    make_bot: Callable[..., BotProcess], make_agent: Callable[..., SimulatedAgent]
) -> None:
    admin = make_agent("dsi")
    pilots = [make_agent("pilote") for _ in range(8)]
    ids = [p.user_id for p in pilots]
    bot = make_bot(
        admins=[admin.user_id],
        extra_sections=f'[choice]\ncatalogue = "{CATALOGUE}"\npilots = {ids!r}\n',
    )
    await bot.start(crash_at="after-room-created", crash_on_pass=4)
    await asyncio.gather(admin.start(), *(p.start() for p in pilots))
    room_id = await admin.open_direct_room(bot.user_id)
    await admin.wait_for_messages(bot.user_id, 1, room_id)
    await admin.send(room_id, "!essai ouvrir alpha, beta")
    assert await bot.wait_for_exit(within=120) == -signal.SIGKILL  # killed on the 4th DM
    await bot.start()

    def invited(agent: SimulatedAgent) -> list[str]:
        return [m.room_id for m in agent.messages_from(bot.user_id) if "groupe pilote" in m.body]

    await asyncio.gather(*(p.wait_for(lambda p=p: bool(invited(p)), within=120) for p in pilots))
    status = await say(admin, bot, room_id, "!essai statut")
    for pilot in pilots:
        assert len(invited(pilot)) == 1, pilot.user_id
        rooms_with_the_bot = [
            room for room in pilot.client.rooms.values() if bot.user_id in room.users
        ]
        assert len(rooms_with_the_bot) == 1, pilot.user_id  # no second DM after the crash
    assert "8 pilotes, dont 8 invités" in status.replace("\u202f", " ")
