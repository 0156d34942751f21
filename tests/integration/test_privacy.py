"""Privacy by design on the real Synapse: the notice, `!mesdonnees`, `!oublier`, logs that
tell no message and no secret, and files readable by their owner only."""

from __future__ import annotations

import asyncio
import json
import secrets
import sqlite3
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.demo.simulated import SimulatedAgent
from tests.integration.evaluation_script import FIRST_HALF, SECOND_HALF, replies_to
from tests.integration.test_evaluation import open_campaign, say, wait_for_invitation
from tests.support.harness import BotProcess

pytestmark = pytest.mark.integration

RETENTION_DAYS = 120  # not the default (365): the notice must read the configuration
CONTROLLER = "Mairie de Test, déléguée à la protection des données"

# The first category (visioconférence) as two agents type it: another tool, the four
# ratings at once (the ratings noted, then the next question: two replies), a problem.
ALPHA = ["autre AlphaConf", "8 6 9 7", "micro coupé Alpha-7731"]
BRAVO = ["autre BravoMeet", "2 3 4 1", "écran noir Bravo-4492"]
ALPHA_RATINGS = {"efficacite": 8, "cout": 6, "securite": 9, "assimilation": 7}


def configure(bot: BotProcess, anonymity_threshold: int = 5) -> None:
    """The harness's configuration, plus a [privacy] section and the anonymity threshold
    (which the harness has no option for)."""
    bot.write_config()
    config = bot.config_path.read_text(encoding="utf-8")
    assert config.count("[organisation]\n") == 1
    config = config.replace(
        "[organisation]\n", f"[organisation]\nanonymity_threshold = {anonymity_threshold}\n"
    )
    config += f'\n[privacy]\nretention_days = {RETENTION_DAYS}\ndata_controller = "{CONTROLLER}"\n'
    bot.config_path.write_text(config, encoding="utf-8")


async def answer_first_category(
    agent: SimulatedAgent, bot: BotProcess, room_id: str, messages: list[str]
) -> None:
    tool, ratings, problem = messages
    await say(agent, bot, room_id, tool)
    await say(agent, bot, room_id, ratings)
    assert "2/9" in await say(agent, bot, room_id, problem)  # on to the next category


def rows_of(db_path: Path, user_id: str) -> dict[str, int]:
    """How many rows each table holds for one agent (by their internal key)."""
    with sqlite3.connect(db_path) as db:
        found = db.execute("SELECT id FROM agents WHERE user_id = ?", (user_id,)).fetchone()
        if found is None:
            return {}
        counts = {"agents": 1}
        for table in ("participations", "category_answers", "ratings"):
            (count,) = db.execute(
                f"SELECT COUNT(*) FROM {table} WHERE agent_id = ?", (found[0],)
            ).fetchone()
            counts[table] = count
    return counts


def assert_is_the_notice(body: str) -> None:
    assert "Vos données" in body, body
    assert f"{RETENTION_DAYS} jours" in body, body
    assert CONTROLLER in body, body
    assert "!mesdonnées" in body and "!oublier" in body and "!confidentialité" in body, body


async def test_agents_are_told_what_becomes_of_their_data(
    make_bot: Callable[..., BotProcess], make_agent: Callable[..., SimulatedAgent]
) -> None:
    admin, newcomer, invited = make_agent("dsi"), make_agent(), make_agent()
    bot = make_bot(admins=[admin.user_id], agents=[invited.user_id])
    configure(bot)
    await bot.start()
    await asyncio.gather(admin.start(), newcomer.start(), invited.start())

    # An agent who opens a DM: one message, the welcome and the notice.
    room_id = await newcomer.open_direct_room(bot.user_id)
    (welcome,) = await newcomer.wait_for_messages(bot.user_id, 1, room_id)
    assert "Harmonie" in welcome.body
    assert_is_the_notice(welcome.body)

    # An agent invited by a campaign: the notice comes before the first question.
    await open_campaign(admin, bot)
    invited_room = await wait_for_invitation(invited, bot)
    bodies = [m.body for m in invited.messages_from(bot.user_id, invited_room)]
    notice_at = next(i for i, body in enumerate(bodies) if "Vos données" in body)
    question_at = next(i for i, body in enumerate(bodies) if "1/9" in body)
    assert "lance une évaluation" in bodies[0]
    assert 0 < notice_at < question_at, bodies
    assert_is_the_notice(bodies[notice_at])

    # And again, on request.
    again = await say(invited, bot, invited_room, "!confidentialite")
    assert again == bodies[notice_at]


async def test_my_data_is_a_file_of_my_answers_and_nothing_of_anyone_else(
    make_bot: Callable[..., BotProcess], make_agent: Callable[..., SimulatedAgent]
) -> None:
    admin, alpha, bravo = make_agent("dsi"), make_agent("alpha"), make_agent("bravo")
    bot = make_bot(admins=[admin.user_id], agents=[alpha.user_id, bravo.user_id])
    configure(bot)
    await bot.start()
    await asyncio.gather(admin.start(), alpha.start(), bravo.start())
    await open_campaign(admin, bot)
    rooms = await asyncio.gather(wait_for_invitation(alpha, bot), wait_for_invitation(bravo, bot))
    await asyncio.gather(
        answer_first_category(alpha, bot, rooms[0], ALPHA),
        answer_first_category(bravo, bot, rooms[1], BRAVO),
    )

    await say(alpha, bot, rooms[0], "!mesdonnees", replies=2)
    event = alpha.messages_from(bot.user_id, rooms[0])[-1]
    assert event.encrypted and event.content["msgtype"] == "m.file"
    assert "file" in event.content and "url" not in event.content  # an encrypted attachment
    raw = await alpha.download(event.content)
    data = json.loads(raw)

    assert data["agent"]["user_id"] == alpha.user_id
    assert [c["title"] for c in data["campaigns"]] == ["Outils 2027"]
    assert data["campaigns"][0]["conversation_state"] is not None
    (answer,) = data["answers"]
    assert answer["category"] == "visioconference"
    assert (answer["tool"], answer["other"]) == ("AlphaConf", 1)
    assert answer["ratings"] == ALPHA_RATINGS
    assert answer["problem"] == "micro coupé Alpha-7731"
    text = raw.decode("utf-8")
    for foreign in (bravo.user_id, "BravoMeet", "Bravo-4492", "écran noir"):
        assert foreign not in text, foreign


@dataclass
class TwoAnswered:
    """A campaign where Alpha and Bravo answered the first category, and a manager's DM."""

    bot: BotProcess
    alpha: SimulatedAgent
    alpha_room: str
    bravo: SimulatedAgent
    manager: SimulatedAgent
    manager_room: str


async def two_agents_answered(
    make_bot: Callable[..., BotProcess],
    make_agent: Callable[..., SimulatedAgent],
    alpha_says: list[str] = ALPHA,
) -> TwoAnswered:
    admin, manager = make_agent("dsi"), make_agent("encadrante")
    alpha, bravo = make_agent("alpha"), make_agent("bravo")
    bot = make_bot(
        admins=[admin.user_id], managers=[manager.user_id], agents=[alpha.user_id, bravo.user_id]
    )
    configure(bot, anonymity_threshold=1)  # so that two answers make a report
    await bot.start()
    await asyncio.gather(admin.start(), manager.start(), alpha.start(), bravo.start())
    await open_campaign(admin, bot)
    rooms = await asyncio.gather(wait_for_invitation(alpha, bot), wait_for_invitation(bravo, bot))
    await asyncio.gather(
        answer_first_category(alpha, bot, rooms[0], alpha_says),
        answer_first_category(bravo, bot, rooms[1], BRAVO),
    )
    manager_room = await manager.open_direct_room(bot.user_id)
    await manager.wait_for_messages(bot.user_id, 1, manager_room)
    return TwoAnswered(bot, alpha, rooms[0], bravo, manager, manager_room)


async def test_forget_erases_the_agent_after_confirmation_and_the_report_forgets_them(
    make_bot: Callable[..., BotProcess], make_agent: Callable[..., SimulatedAgent]
) -> None:
    case = await two_agents_answered(make_bot, make_agent)
    bot, alpha, bravo, manager = case.bot, case.alpha, case.bravo, case.manager
    report_before = await say(manager, bot, case.manager_room, "!rapport")
    stored = rows_of(bot.db_path, alpha.user_id)
    bravo_rows = rows_of(bot.db_path, bravo.user_id)
    assert stored == {"agents": 1, "participations": 1, "category_answers": 1, "ratings": 4}
    assert "AlphaConf" in report_before and "BravoMeet" in report_before
    assert "Total — Invités : 2 · Commencé : 2 · Terminé : 0" in report_before.replace(
        "\u202f", " "
    )

    asked = await say(alpha, bot, case.alpha_room, "!oublier")
    assert "!oublier confirmer" in asked
    assert rows_of(bot.db_path, alpha.user_id) == stored  # nothing erased yet
    done = await say(alpha, bot, case.alpha_room, "!oublier confirmer")
    report_after = await say(manager, bot, case.manager_room, "!rapport")

    assert "effacé vos réponses à 1 campagne (1 catégorie), 0 enquête de retour" in done
    assert rows_of(bot.db_path, alpha.user_id) == {}
    with sqlite3.connect(bot.db_path) as db:
        (bravo_id,) = db.execute(
            "SELECT id FROM agents WHERE user_id = ?", (bravo.user_id,)
        ).fetchone()
        others = {
            table: db.execute(
                f"SELECT COUNT(*) FROM {table} WHERE agent_id != ?", (bravo_id,)
            ).fetchone()[0]
            for table in ("participations", "category_answers", "ratings")
        }
        audit = db.execute("SELECT actor, action, details FROM audit_log").fetchall()
    assert others == {"participations": 0, "category_answers": 0, "ratings": 0}
    assert rows_of(bot.db_path, bravo.user_id) == bravo_rows
    assert ("-", "oublier", "") in audit  # that an erasure happened, not who or what
    assert not any(alpha.user_id in " ".join(row) for row in audit)
    assert "AlphaConf" not in report_after and "Alpha-7731" not in report_after
    assert "BravoMeet" in report_after
    assert "Total — Invités : 1 · Commencé : 1 · Terminé : 0" in report_after.replace("\u202f", " ")


async def test_forget_leaves_no_copy_of_the_agents_answers_in_the_database(
    make_bot: Callable[..., BotProcess], make_agent: Callable[..., SimulatedAgent]
) -> None:
    case = await two_agents_answered(make_bot, make_agent)
    bot, alpha = case.bot, case.alpha
    assert "Alpha-7731" in await say(case.manager, bot, case.manager_room, "!rapport")
    await say(alpha, bot, case.alpha_room, "!oublier confirmer")

    with sqlite3.connect(bot.db_path) as db:
        tables = [
            name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        copies = [
            (table, str(row)[:120])
            for table in tables
            for row in db.execute(f"SELECT * FROM {table}")
            if any(word in str(row) for word in ("Alpha-7731", "AlphaConf"))
        ]
    assert copies == []


def files_holding(folder: Path, word: str) -> list[str]:
    """The files under `folder` whose bytes hold `word` in UTF-8, read as they are on disk."""
    needle = word.encode()
    return sorted(
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if path.is_file() and needle in path.read_bytes()
    )


async def test_forget_leaves_no_file_of_the_running_bot_holding_the_agents_words(
    make_bot: Callable[..., BotProcess], make_agent: Callable[..., SimulatedAgent]
) -> None:
    """As it was found: grep the state folder (database, WAL, crypto store) for a word
    only that agent wrote, with the bot still running."""
    problem, comment = f"zorglub{secrets.token_hex(4)}", f"quenelle{secrets.token_hex(4)}"
    case = await two_agents_answered(
        make_bot, make_agent, ["autre AlphaConf", "8 6 9 7", f"micro coupé {problem}"]
    )
    bot, alpha, room = case.bot, case.alpha, case.alpha_room
    # Copies of the agent's words: a report quoting the problem, sent to the manager; a
    # comment and its acknowledgement; the agent's data file.
    assert problem in await say(case.manager, bot, case.manager_room, "!rapport")
    assert "Merci" in await say(alpha, bot, room, f"!avis {comment} : le wifi décroche")
    await say(alpha, bot, room, "!mesdonnees", replies=2)
    assert "!oublier confirmer" in await say(alpha, bot, room, "!oublier")
    state = bot.folder / "state"
    assert files_holding(state, problem) and files_holding(state, comment)  # the check sees

    assert "C'est fait" in await say(alpha, bot, room, "!oublier confirmer")

    assert bot.process is not None and bot.process.poll() is None  # still running
    assert files_holding(state, problem) == []
    assert files_holding(state, comment) == []
    assert files_holding(bot.folder, problem) == files_holding(bot.folder, comment) == []
    assert "harmonie.db" in files_holding(state, "Bravo-4492")  # the other agent's answer stays


async def test_the_log_of_a_whole_evaluation_holds_no_message_and_no_secret(
    make_bot: Callable[..., BotProcess], make_agent: Callable[..., SimulatedAgent]
) -> None:
    admin, agent = make_agent("dsi"), make_agent()
    bot = make_bot(admins=[admin.user_id], agents=[agent.user_id])
    await bot.start()
    await asyncio.gather(admin.start(), agent.start())
    await open_campaign(admin, bot)
    room_id = await wait_for_invitation(agent, bot)
    problem = "la visio Zéphyr-5819 coupe chaque matin"
    feedback = "!avis Quartz-2207 : le wifi du troisième étage décroche"
    script = [problem if m == "trop lent" else m for m in FIRST_HALF + SECOND_HALF]
    for message in script:
        await say(agent, bot, room_id, message, replies_to(message))
    assert "Merci" in await say(agent, bot, room_id, feedback)
    await bot.wait_for_log("cross-signing set up")  # the recovery key is written by then

    log = bot.log_text(since_start=False)
    sent = [m for m in [*script, feedback] if len(m) >= 7 and m != "valider"]
    assert problem in sent and "pour partager les congés" in sent
    for body in [*sent, "Zéphyr-5819", "Quartz-2207"]:
        assert body not in log, body
    with sqlite3.connect(bot.db_path) as db:
        (token,) = db.execute("SELECT access_token FROM credentials").fetchone()
    recovery_key = (bot.folder / "state" / "store" / "recovery-key.txt").read_text().strip()
    pickle_key = (bot.folder / "state" / "store" / "pickle.key").read_text().strip()
    for name, secret in [
        ("password", bot.password),
        ("access token", token),
        ("recovery key", recovery_key),
        ("recovery key without spaces", recovery_key.replace(" ", "")),
        ("pickle key", pickle_key),
    ]:
        assert len(secret) >= 12 and secret not in log, name


async def test_database_and_store_are_readable_by_their_owner_only(
    make_bot: Callable[..., BotProcess], make_agent: Callable[..., SimulatedAgent]
) -> None:
    agent = make_agent()
    bot = make_bot()
    await bot.start()
    await agent.start()
    room_id = await agent.open_direct_room(bot.user_id)
    await agent.wait_for_messages(bot.user_id, 1, room_id)
    await say(agent, bot, room_id, "!aide")  # the database has been written to
    await bot.wait_for_log("cross-signing set up")  # the store holds its keys and recovery key

    state, store = bot.folder / "state", bot.folder / "state" / "store"
    database = [
        p for p in (bot.db_path, state / "harmonie.db-wal", state / "harmonie.db-shm") if p.exists()
    ]
    assert bot.db_path in database
    modes = {p.relative_to(bot.folder).as_posix(): mode_of(p) for p in database}
    modes |= {"state": mode_of(state), "state/store": mode_of(store)}
    for path in store.rglob("*"):
        modes[path.relative_to(bot.folder).as_posix()] = mode_of(path)
    expected = {
        name: 0o700 if (bot.folder / name).is_dir() else 0o600 for name in modes
    }  # fmt: skip
    assert any(name.endswith("recovery-key.txt") for name in modes)
    assert {name: oct(mode) for name, mode in modes.items()} == {
        name: oct(mode) for name, mode in expected.items()
    }


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)
