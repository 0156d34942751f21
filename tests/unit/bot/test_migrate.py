"""`harmonie migrate`, as the structure's administrator types it: two communes have each
lived the whole method on their own SQLite file, through the bot's own handlers and jobs
(a campaign all agents answered, its report frozen, a pilot trial, the decision, a rollout
plan with its training, reminders, escalations and a feedback wave, letters, the bot's
login, DMs and outbox); each is moved into one real PostgreSQL and read back through the
same handlers, the same jobs and `harmonie report --organisation`, with the same results.
Run twice, killed half-way, refused when it would mix data."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import sys
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import asyncpg
import pytest

from bot.config import Config, load_config
from bot.handlers.context import Incoming, Outgoing
from bot.handlers.dispatch import Conversations
from bot.jobs.rollout import RolloutJobs
from bot.jobs.workdays import working_calendar
from bot.wiring import conversations as build_conversations
from conversations.formatting import Attachment, Reply
from conversations.trial_plan import TrialModule, TrialPlan, TrialSuite
from conversations.trial_state import dump_plan
from storage import DEFAULT_TENANT, Credentials, Database, OutgoingMessage
from tests.support.kit import Counter, SettableClock, readable
from tests.support.postgres import PostgresServer
from tests.unit.bot.test_cli import run

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE_SUITES = ROOT / "suites.example.toml"
PARIS = ZoneInfo("Europe/Paris")
NOVEMBER = datetime(2026, 11, 16, 10, 0, tzinfo=PARIS)  # a Monday
FEBRUARY = datetime(2027, 2, 15, 10, 0, tzinfo=PARIS)  # the rollout plan is made
LAST_DAY = datetime(2027, 4, 2, 16, 0, tzinfo=PARIS)  # where the history ends
LATER = datetime(2027, 4, 21, 16, 0, tzinfo=PARIS)  # wave 2 (D+30)
PLAN = TrialPlan(
    (
        TrialSuite("alpha", "Suite Alpha", (TrialModule("visioconference", "Alpha Visio"),
                                            TrialModule("agenda", "Alpha Agenda"))),
        TrialSuite("beta", "Suite Bêta", (TrialModule("visioconference", "Beta Meet"),)),
    ),
    NOVEMBER.date() + timedelta(days=18),
)  # fmt: skip
PILOT_ANSWERS = ["tous", "8 7 9", "6", "nsp", "5", "Très simple à prendre en main.", "aucun", "RAS"]


@dataclass(frozen=True)
class Commune:
    """A commune, its people and its bot account."""

    key: str
    name: str
    bot: str
    admin: str
    manager: str
    agents: list[str] = field(default_factory=list)

    @property
    def pilots(self) -> list[str]:
        return self.agents[:3]

    def settings(self) -> str:
        """Its keys of [organisation] (or of [organisations.<key>])."""
        agents = ", ".join(f'"{agent}"' for agent in self.agents)
        return (
            f'name = "{self.name}"\nadmins = ["{self.admin}"]\nmanagers = ["{self.manager}"]\n'
            f'agents = [{agents}]\nservices = ["Accueil"]\n'
        )

    def pilots_list(self) -> str:
        return "pilots = [" + ", ".join(f'"{pilot}"' for pilot in self.pilots) + "]\n"

    def config(self, folder: Path, database: Path) -> Path:
        """Its own configuration, on its own SQLite file."""
        path = folder / f"{self.key}.toml"
        path.write_text(
            f'[matrix]\nhomeserver = "https://matrix.example.org"\nuser_id = "{self.bot}"\n'
            f'password = "pw"\n\n[storage]\npath = "{database}"\n\n'
            f"[organisation]\n{self.settings()}\n"
            f'[choice]\ncatalogue = "{EXAMPLE_SUITES}"\n{self.pilots_list()}',
            encoding="utf-8",
        )
        return path


KERBIHAN = Commune(
    "kerbihan", "Commune de Kerbihan", "@harmonie-kerbihan:example.org",
    "@yann:example.org", "@anne:example.org", [f"@k{n}:example.org" for n in range(6)],
)  # fmt: skip
HOHWILLER = Commune(
    "hohwiller", "Commune de Hohwiller", "@harmonie-hohwiller:example.org",
    "@thomas:example.org", "@claire:example.org", [f"@h{n}:example.org" for n in range(6)],
)  # fmt: skip
STRUCTURE_BOT = "@harmonie-cdg:example.org"


def structure_config(folder: Path, url: str) -> Path:
    """The structure's configuration, both communes on PostgreSQL."""
    text = (
        f'[matrix]\nhomeserver = "https://matrix.example.org"\nuser_id = "{STRUCTURE_BOT}"\n'
        f'password = "pw"\n\n[storage]\nurl = "{url}"\n\n'
        '[structure]\nname = "Centre de gestion"\n\n'
        f'[choice]\ncatalogue = "{EXAMPLE_SUITES}"\n'
    )
    for commune in (KERBIHAN, HOHWILLER):
        text += f"\n[organisations.{commune.key}]\n{commune.settings()}"
        text += f"\n[organisations.{commune.key}.choice]\n{commune.pilots_list()}"
    path = folder / "structure.toml"
    path.write_text(text, encoding="utf-8")
    return path


class Desk:
    """A commune's handlers and rollout jobs on a database, as `harmonie run` builds them."""

    def __init__(self, config: Config, db: Database, clock: SettableClock) -> None:
        self.config, self.db, self.clock = config, db, clock
        people = list(config.organisation.agents)
        pilots = list(config.choice.pilots)
        self.chat: Conversations = build_conversations(
            config, clock, lambda: people, Counter(), pilots=lambda: pilots
        )
        self.jobs = RolloutJobs(
            config, db, clock, self.chat.survey, working_calendar(config),
            self.chat.rollout.schedule, lambda: people, Counter(),
        )  # fmt: skip

    async def say(self, sender: str, body: str) -> list[Outgoing]:
        room = f"!dm-{sender[1:].split(':')[0]}:example.org"
        async with self.db.transaction() as session:
            return await self.chat.handle(session, Incoming(sender, room, body, True))

    async def every_morning(self, first: datetime, last: datetime) -> int:
        """The bot running without a break: its jobs at 09:00 and 16:00 every day."""
        ran, day = 0, first
        while day <= last:
            for hour in (9, 16):
                self.clock.moment = day.replace(hour=hour, minute=0)
                ran += await self.jobs.check()
            day += timedelta(days=1)
        return ran


def dm(user_id: str) -> str:
    return f"!dm-{user_id[1:].split(':')[0]}:example.org"


async def live_the_whole_method(commune: Commune, config_path: Path) -> None:
    """What the commune's bot wrote in its database, from the first campaign to the first
    feedback wave, as its handlers and jobs write it."""
    config = load_config(config_path)
    opened = await Database.open(config.storage.path)
    desk = Desk(config, opened.scoped(DEFAULT_TENANT, commune.bot), SettableClock(NOVEMBER))
    admin, manager, agents = commune.admin, commune.manager, commune.agents
    try:
        await desk.say(admin, f"!campagne ouvrir Outils {commune.name}")
        for n, agent in enumerate(agents):
            problem = "le son coupe quand on partage l'écran" if n == 2 else "rien"
            answers = ["1", "1", f"{4 + n} 6 9 7", problem] + ["1", "8 6 9 7", "rien"] * 8
            for body in ["!évaluer", *answers, "valider"]:
                await desk.say(agent, body)
        await desk.say(admin, "!campagne fermer")
        await desk.say(manager, "!rapport")  # freezes the release
        async with desk.db.transaction() as session:
            now = desk.clock.now()
            trial = await session.trials.open(["alpha", "beta"], admin, PLAN.closes_on, now,
                                              plan=dump_plan(PLAN))  # fmt: skip
            for pilot in commune.pilots:
                agent = await session.agents.get_or_create(pilot, now)
                await session.trials.ensure_pilot(trial.id, agent.id)
                await session.trials.mark_invited(trial.id, agent.id, dm(pilot), now)
                await session.trials.mark_asked(trial.id, agent.id, now)
        for pilot in commune.pilots:
            for body in PILOT_ANSWERS:
                await desk.say(pilot, body)
        await desk.say(admin, "!essai fermer")
        await desk.say(admin, "!choix retenir alpha parce que les pilotes l'ont préférée")
        desk.clock.moment = FEBRUARY
        await desk.say(admin, "!deploiement nouveau 2027-03-22")
        await desk.say(manager, "!formation 16/03/2027 14h30 Salle du conseil")
        await desk.every_morning(FEBRUARY, datetime(2027, 3, 8, tzinfo=PARIS))
        await desk.say(manager, "!etape 1 fait")
        await desk.every_morning(datetime(2027, 3, 9, tzinfo=PARIS), LAST_DAY - timedelta(days=3))
        for n, agent in enumerate(agents):  # wave 1 opened on 30 March
            await desk.say(agent, f"{5 + n % 4} 6 9 7")
            await desk.say(agent, "L'agenda partagé plante le lundi" if n == 1 else "rien")
        await desk.say(agents[4], "!avis Il faudrait une formation à la visio")
        await desk.every_morning(LAST_DAY - timedelta(days=2), LAST_DAY)
        # What the Matrix edge writes: the login, the sync token, DMs, events, the outbox.
        async with desk.db.transaction() as session:
            now = desk.clock.now()
            await session.credentials.save(Credentials(commune.bot, "DEVICE", "token"), NOVEMBER)
            await session.sync.record_first_start(NOVEMBER)
            await session.sync.save_next_batch("s1234_5678")
            for agent in agents:
                await session.direct_rooms.remember(agent, dm(agent), NOVEMBER)
                await session.events.mark_processed(f"$hello-{agent}", dm(agent), NOVEMBER)
                await session.room_devices.record_writer(dm(agent), agent, f"curve-{agent}", now)
            await session.outbox.add("$hello", [OutgoingMessage(dm(admin), {"body": "1"})], now)
            sent = await session.outbox.unsent()
            await session.outbox.mark_sent(sent[0].id, "$sent", now)
            later = [OutgoingMessage(dm(manager), {"body": f"{n}"}) for n in (2, 3)]
            await session.outbox.add("$again", later, now)
            letters = await session.letters.undelivered()
            await session.letters.mark_delivered(letters[0].id, now)
    finally:
        await opened.close()


@dataclass(frozen=True)
class Lived:
    """Each commune's configuration on its own SQLite file, as it was at the end of its
    history (copied afresh for each test)."""

    folder: Path

    def copy(self, commune: Commune, to: Path) -> tuple[Path, Path]:
        """(its configuration, its database) in `to`."""
        database = to / f"{commune.key}.db"
        shutil.copy(self.folder / f"{commune.key}.db", database)
        return commune.config(to, database), database


@pytest.fixture(scope="module")
def lived(tmp_path_factory: pytest.TempPathFactory) -> Lived:
    folder = tmp_path_factory.mktemp("communes")
    for commune in (KERBIHAN, HOHWILLER):
        asyncio.run(
            live_the_whole_method(commune, commune.config(folder, folder / f"{commune.key}.db"))
        )
    return Lived(folder)


def migrate(
    capsys: pytest.CaptureFixture[str], source: Path, url: str, key: str
) -> tuple[int, str, str]:
    return run(capsys, "migrate", "--from", source, "--to", url, "--organisation", key)


READS = [
    ("manager", "!rapport"), ("manager", "!rapport retours"), ("manager", "!rapport choix"),
    ("manager", "!choix besoins"), ("manager", "!choix comparer"),
    ("manager", "!déploiement statut"), ("admin", "!campagne statut"),
    ("admin", "!essai statut"), ("agent", "!mesréponses"), ("agent", "!mesdonnées"),
]  # fmt: skip


def everything_in(replies: list[Outgoing]) -> str:
    parts = []
    for reply in replies:
        if isinstance(reply, Reply):
            parts += [reply.plain, reply.html or ""]
        elif isinstance(reply, Attachment):
            parts += [reply.filename, reply.data.decode("utf-8", "replace")]
    return readable("\n".join(parts))


async def what_they_read(commune: Commune, config: Config, db: Database) -> dict[str, object]:
    """What the commune's people read from its data, through its handlers; what its bot
    has still to send; the jobs that already ran."""
    desk = Desk(config, db, SettableClock(LAST_DAY))
    people = {"manager": commune.manager, "admin": commune.admin, "agent": commune.agents[2]}
    seen: dict[str, object] = {}
    for who, command in READS:
        seen[command] = everything_in(await desk.say(people[who], command))
    async with db.read() as session:
        seen["outbox"] = [(e.txn_id, e.room_id, e.content) for e in await session.outbox.unsent()]
        seen["letters"] = [
            (le.cause, le.user_id, le.contents) for le in await session.letters.undelivered()
        ]
        seen["jobs"] = await session.rollout.claimed("plan:")
        seen["sync"] = await session.sync.next_batch()
        seen["login"] = await session.credentials.get()
    seen["jobs run again"] = await desk.every_morning(LAST_DAY, LAST_DAY)
    # Then the bot goes on: three weeks of jobs (escalations, wave 2 at D+30).
    seen["jobs run later"] = await desk.every_morning(LAST_DAY + timedelta(days=1), LATER)
    async with db.read() as session:
        seen["letters later"] = [letter.cause for letter in await session.letters.undelivered()]
    return seen


async def read_both(
    commune: Commune, config_path: Path, url: str
) -> tuple[dict[str, object], dict[str, object]]:
    """What its people read on its SQLite file, and in PostgreSQL as its organisation."""
    config = load_config(config_path)
    sqlite = await Database.open(config.storage.path)
    shared = await Database.open(url)
    try:
        before = await what_they_read(commune, config, sqlite.scoped(DEFAULT_TENANT, commune.bot))
        after = await what_they_read(commune, config, shared.scoped(commune.key, commune.bot))
    finally:
        await sqlite.close()
        await shared.close()
    return before, after


# --- moved, read back, moved again ------------------------------------------------------------


def test_a_whole_commune_moved_reads_back_the_same_through_its_handlers_and_jobs(
    lived: Lived, tmp_path: Path, capsys: pytest.CaptureFixture[str], postgres: PostgresServer
) -> None:
    config, database = lived.copy(KERBIHAN, tmp_path)
    url = asyncio.run(postgres.new_database())

    code, out, err = migrate(capsys, database, url, "kerbihan")

    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == f"Moved {database} into {url} as the organisation kerbihan."
    assert lines[1] == (
        f"Bot: {KERBIHAN.bot} (its login, sync token, DMs and outbox moved with it: "
        "give it the same store folder)."
    )
    table = {line.split()[0]: line.split()[1:] for line in lines[4:] if line.startswith("  ")}
    assert table["agents"] == ["6", "6", "0"]
    assert table["ratings"] == ["216", "216", "0"]  # 6 agents, 9 categories, 4 criteria
    assert table["trial_ratings"] == ["18", "18", "0"]
    assert table["choice_decisions"] == ["1", "1", "0"]
    assert table["credentials"] == ["1", "1", "0"]
    assert table["outbox"] == ["3", "3", "0"]
    assert "Campaign and trial numbers are unchanged." in lines
    assert lines[-1].startswith("Done: ") and lines[-1].endswith(" rows moved in one transaction.")
    before, after = asyncio.run(read_both(KERBIHAN, config, url))
    for _, command in READS:
        assert after[command] == before[command], command
    assert "Kerbihan" in str(after["!rapport"]) and "le son coupe" in str(after["!rapport"])
    assert "Suite Alpha" in str(after["!rapport choix"])
    assert after["outbox"] == before["outbox"] and len(after["outbox"]) == 2  # type: ignore[arg-type]
    assert after["letters"] == before["letters"] and after["letters"]
    assert after["jobs"] == before["jobs"] and after["jobs"]
    assert after["jobs run again"] == before["jobs run again"] == 0
    assert after["jobs run later"] == before["jobs run later"] != 0
    assert after["letters later"] == before["letters later"]
    assert after["sync"] == "s1234_5678"
    assert after["login"] == Credentials(KERBIHAN.bot, "DEVICE", "token")

    # The report of the command line: the commune's own file, and the structure's.
    _, alone, _ = run(capsys, "report", "--config", config)
    _, shared, _ = run(capsys, "report", "--config", structure_config(tmp_path, url),
                       "--organisation", "kerbihan")  # fmt: skip
    assert shared == alone and alone.startswith("# Rapport — campagne n°\xa01")


def test_run_again_it_finds_everything_there_and_writes_nothing(
    lived: Lived, tmp_path: Path, capsys: pytest.CaptureFixture[str], postgres: PostgresServer
) -> None:
    _, database = lived.copy(KERBIHAN, tmp_path)
    url = asyncio.run(postgres.new_database())
    assert migrate(capsys, database, url, "kerbihan")[0] == 0

    code, out, err = migrate(capsys, database, url, "kerbihan")

    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == (
        f"Nothing to do: the organisation kerbihan in {url} already holds what {database} "
        "holds (moved before). Nothing was written."
    )
    assert lines[1].split() == ["table", "in", "the", "source", "moved", "already", "there"]
    assert lines[2].split() == ["agents", "6", "0", "6"]
    assert lines[-1] == "  (and 1 table empty in both)"  # campaign_snapshots: none purged
    assert not any(line.startswith("Done") for line in lines)


def test_a_second_commune_moves_beside_the_first_each_reading_its_own(
    lived: Lived, tmp_path: Path, capsys: pytest.CaptureFixture[str], postgres: PostgresServer
) -> None:
    first, first_database = lived.copy(KERBIHAN, tmp_path)
    second, second_database = lived.copy(HOHWILLER, tmp_path)
    url = asyncio.run(postgres.new_database())
    assert migrate(capsys, first_database, url, "kerbihan")[0] == 0

    code, out, _ = migrate(capsys, second_database, url, "hohwiller")

    assert code == 0
    assert "Numbers changed (for !rapport campagne=… and --campaign): campaign 1 is now 2, " \
        "trial 1 is now 2." in out.splitlines()  # fmt: skip
    structure = structure_config(tmp_path, url)
    for commune, config, number in [(KERBIHAN, first, 1), (HOHWILLER, second, 2)]:
        _, alone, _ = run(capsys, "report", "--config", config)
        _, shared, _ = run(capsys, "report", "--config", structure,
                           "--organisation", commune.key)  # fmt: skip
        title, *body = shared.splitlines()
        assert title == f"# Rapport — campagne n°\xa0{number} «\u202fOutils {commune.name}\u202f»"
        assert body == alone.splitlines()[1:]
        _, choice_alone, _ = run(capsys, "report", "--config", config, "--choice")
        _, choice_shared, _ = run(capsys, "report", "--config", structure,
                                  "--organisation", commune.key, "--choice")  # fmt: skip
        assert choice_shared.replace(f"n°\xa0{number}", "n°\xa01") == choice_alone
    before, after = asyncio.run(read_both(HOHWILLER, second, url))

    def renumbered(cause: str) -> str:  # its plan 1 is plan 2 there, its training 1 too
        return cause.replace("plan:1:training:1", "plan:2:training:2").replace("plan:1:", "plan:2:")

    assert after["jobs"] == {renumbered(job) for job in before["jobs"]}  # type: ignore[attr-defined]
    assert after["jobs run again"] == before["jobs run again"] == 0
    assert after["letters"] == [(renumbered(c), user, contents)
                                for c, user, contents in before["letters"]]  # type: ignore[attr-defined]  # fmt: skip
    assert after["jobs run later"] == before["jobs run later"] != 0
    assert after["letters later"] == [renumbered(c) for c in before["letters later"]]  # type: ignore[attr-defined]
    assert {f"plan:2:wave:2:{agent}" for agent in HOHWILLER.agents} <= set(after["letters later"])  # type: ignore[arg-type]
    for command in ("!rapport retours", "!déploiement statut", "!mesréponses"):
        assert after[command] == before[command], command
    for command in ("!essai statut", "!choix besoins", "!rapport"):  # they show its number
        assert after[command] == str(before[command]).replace("n° 1", "n° 2"), command

    async def a_new_campaign() -> int:
        shared = await Database.open(url)
        try:
            desk = Desk(load_config(second), shared.scoped("hohwiller", HOHWILLER.bot),
                        SettableClock(LATER))  # fmt: skip
            await desk.say(HOHWILLER.admin, "!campagne ouvrir Outils 2028")
            async with desk.db.read() as session:
                campaign = await session.campaigns.current()
        finally:
            await shared.close()
        assert campaign is not None
        return campaign.id

    assert asyncio.run(a_new_campaign()) == 3  # after both communes' campaigns


# --- killed half-way ---------------------------------------------------------------------------


async def test_a_run_killed_half_way_leaves_nothing_and_the_next_one_does_it_all(
    lived: Lived, tmp_path: Path, postgres: PostgresServer
) -> None:
    _, database = lived.copy(KERBIHAN, tmp_path)
    url = await postgres.new_database()
    await (await Database.open(url)).close()
    command = [sys.executable, "-m", "bot", "migrate", "--from", str(database), "--to", url,
               "--organisation", "kerbihan"]  # fmt: skip
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    holder = await asyncpg.connect(url)
    watcher = await asyncpg.connect(url)
    try:
        # Readers pass, writers of trials wait: the move stops there, its agents, campaigns,
        # answers, plans written but not committed.
        await holder.execute("BEGIN; LOCK TABLE trials IN SHARE MODE")
        process = await asyncio.create_subprocess_exec(
            *command, env=environment, cwd=ROOT,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        waiting = None
        for _ in range(600):
            waiting = await watcher.fetchval(
                "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                " AND query LIKE 'INSERT INTO trials%'"
            )
            if waiting is not None or process.returncode is not None:
                break
            await asyncio.sleep(0.1)
        assert waiting is not None, await process.communicate()
        written = await watcher.fetchval(
            "SELECT COUNT(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation"
            " WHERE l.pid = $1 AND l.mode = 'RowExclusiveLock'"
            " AND c.relname IN ('agents', 'campaigns', 'ratings', 'rollout_plans')",
            waiting,
        )
        process.send_signal(signal.SIGKILL)
        await process.wait()
        await holder.execute("COMMIT")
        for _ in range(300):
            if not await watcher.fetchval("SELECT 1 FROM pg_stat_activity WHERE pid = $1", waiting):
                break
            await asyncio.sleep(0.1)
        left = await watcher.fetchval("SELECT COUNT(*) FROM agents")
        logins = await watcher.fetchval("SELECT COUNT(*) FROM credentials")
    finally:
        await holder.close()
        await watcher.close()
    assert written == 4  # it had written into them, uncommitted
    assert (left, logins) == (0, 0)

    again = await asyncio.create_subprocess_exec(
        *command, env=environment, cwd=ROOT,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await again.communicate()
    assert (again.returncode, err) == (0, b"")
    assert out.decode().splitlines()[-1].startswith("Done: ")
    third = await asyncio.create_subprocess_exec(
        *command, env=environment, cwd=ROOT, stdout=asyncio.subprocess.PIPE
    )
    out, _ = await third.communicate()
    assert third.returncode == 0 and "Nothing to do" in out.decode()


# --- refused, nothing written ------------------------------------------------------------------


def test_a_second_commune_under_the_first_ones_key_is_refused(
    lived: Lived, tmp_path: Path, capsys: pytest.CaptureFixture[str], postgres: PostgresServer
) -> None:
    _, first = lived.copy(KERBIHAN, tmp_path)
    _, second = lived.copy(HOHWILLER, tmp_path)
    url = asyncio.run(postgres.new_database())
    assert migrate(capsys, first, url, "kerbihan")[0] == 0

    code, out, err = migrate(capsys, second, url, "kerbihan")

    assert (code, out) == (3, "")
    assert err.startswith(
        "harmonie migrate: refused, nothing written: the destination already holds other "
        "data for the organisation kerbihan, in agents (6 there, 6 in the source), campaigns "
        "(1 there, 1 in the source), participations (6 there, 6 in the source), "
        "category_answers (54 there, 54 in the source), 13 more tables: two communes' "
        "histories are never merged."
    )
    assert err.endswith("otherwise choose another --organisation\n")


def test_an_agent_already_in_another_organisation_is_refused(
    lived: Lived, tmp_path: Path, capsys: pytest.CaptureFixture[str], postgres: PostgresServer
) -> None:
    _, database = lived.copy(KERBIHAN, tmp_path)
    url = asyncio.run(postgres.new_database())
    assert migrate(capsys, database, url, "kerbihan")[0] == 0

    code, _, err = migrate(capsys, database, url, "plouzane")  # the same people, another key

    assert code == 3
    assert err == (
        "harmonie migrate: refused, nothing written: 6 of the source's agents are agents of "
        "another organisation in the destination: @k0:example.org (kerbihan), @k1:example.org "
        "(kerbihan), @k2:example.org (kerbihan), @k3:example.org (kerbihan), @k4:example.org "
        "(kerbihan) and 1 more; a person belongs to one organisation\n"
    )


def test_a_file_that_is_not_a_harmonie_database_is_named_and_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], postgres: PostgresServer
) -> None:
    photos = tmp_path / "photos.db"
    photos.write_bytes(b"SQLite format 3\x00" + b"\x00" * 4000)
    before = photos.read_bytes()
    url = asyncio.run(postgres.new_database())

    code, out, err = migrate(capsys, photos, url, "kerbihan")

    assert (code, out) == (1, "")
    assert err.startswith(f"harmonie migrate: nothing written: {photos} is not a Harmonie database")
    assert photos.read_bytes() == before


def test_an_unreachable_server_is_named_without_its_password(
    lived: Lived, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, database = lived.copy(KERBIHAN, tmp_path)

    code, out, err = migrate(capsys, database, "postgresql://cdg:s3cret@127.0.0.1:1/harmonie", "k")

    assert (code, out) == (1, "")
    assert err.startswith(
        "harmonie migrate: cannot use the database postgresql://cdg:***@127.0.0.1:1/harmonie: "
    )
    assert err.endswith("; nothing written\n")
    assert "s3cret" not in err


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--from", "nowhere.db", "--to", "postgresql://h/db"],
         "harmonie migrate: --from nowhere.db: there is no such file"),
        (["--from", "x.db", "--to", "mysql://cdg:s3cret@h/db"],
         "argument --to: expected postgresql://user@host/database, not 'mysql://cdg:***@h/db'"),
        (["--from", "x.db", "--to", "postgresql://h/db", "--organisation", "Kerbihan"],
         "argument --organisation: expected a key of lower-case letters, digits and -"),
    ],
)  # fmt: skip
def test_what_was_typed_wrong_is_a_usage_error(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    options: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)

    code, out, err = run(capsys, "migrate", *options)

    assert (code, out) == (2, "")
    assert message in err and "s3cret" not in err
