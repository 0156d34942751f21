"""The administrator's command line: each plausible mistake ends in one clear message and an
exit code (2 for what was typed, 1 for a file of the bot that cannot be used), never in a
traceback. Real files in tmp_path, a real database, `main` called in-process."""

from __future__ import annotations

import asyncio
import csv
import io
import os
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.cli import main
from storage import Database
from tests.support.postgres import PostgresServer

CONFIG = """\
[matrix]
homeserver = "https://matrix.example.org"
user_id = "@bot:example.org"
password = "pw"

[storage]
path = "harmonie.db"

[organisation]
name = "Commune de Test"
timezone = "Europe/Paris"
agents = ["@agent1:example.org"]
services = ["Accueil", "Finances"]
"""


def install(tmp_path: Path, text: str = CONFIG) -> Path:
    """A configuration file whose database is tmp_path/harmonie.db."""
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def with_campaigns(tmp_path: Path, url: str | None = None) -> Path:
    """The installation with a closed campaign 1 and an open campaign 2, six agents of
    « Accueil » invited to the second; on PostgreSQL at `url` if given."""

    async def fill() -> None:
        db = await Database.open(url or tmp_path / "harmonie.db")
        try:
            async with db.transaction() as session:
                first = await session.campaigns.open(
                    "Outils 2026", "@dsi:example.org", None, datetime(2026, 1, 5, 9, tzinfo=UTC)
                )
                await session.campaigns.close(first.id, datetime(2026, 2, 2, 23, 30, tzinfo=UTC))
                second = await session.campaigns.open(
                    "Outils 2027",
                    "@dsi:example.org",
                    date(2027, 1, 29),
                    datetime(2027, 1, 4, 8, tzinfo=UTC),
                )
                now = datetime(2027, 1, 4, 9, tzinfo=UTC)
                for n in range(6):
                    agent = await session.agents.get_or_create(f"@a{n}:example.org", now)
                    await session.participations.ensure(second.id, agent.id, now)
                    await session.participations.mark_invited(second.id, agent.id, "!r", now)
                    await session.participations.save_state(
                        second.id, agent.id, "{}", "Accueil", started=False, finished=False, now=now
                    )
        finally:
            await db.close()

    asyncio.run(fill())
    if url is None:
        return install(tmp_path)
    return install(tmp_path, CONFIG.replace('path = "harmonie.db"', f'url = "{url}"'))


def empty_database(tmp_path: Path) -> Path:
    async def create() -> None:
        db = await Database.open(tmp_path / "harmonie.db")
        await db.close()

    asyncio.run(create())
    return install(tmp_path)


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    """`harmonie *argv`: its exit code, stdout and stderr."""
    try:
        code = main([str(arg) for arg in argv])
    except SystemExit as exit_:  # argparse's own usage errors
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


class Recorder:
    """Stands for something the command must not reach (the bot connecting to Matrix, a
    real Synapse): counts its calls, or raises `error`."""

    def __init__(self, error: BaseException | None = None) -> None:
        self.error = error
        self.calls = 0

    def __call__(self, *args: object) -> int:
        self.calls += 1
        if self.error is not None:
            raise self.error
        return 0


@pytest.fixture
def bot_run(monkeypatch: pytest.MonkeyPatch) -> Iterator[Recorder]:
    """`harmonie run` up to the point where the bot would connect; the process's umask,
    which it sets as the bot does, is put back."""
    fake = Recorder()

    async def connect(config: object) -> int:
        return fake(config)

    monkeypatch.setattr("bot.wiring.run", connect)
    previous = os.umask(0o022)
    os.umask(previous)
    yield fake
    os.umask(previous)


# --- report: --output ------------------------------------------------------------------------


def test_report_reads_a_postgresql_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], postgres: PostgresServer
) -> None:
    config = with_campaigns(tmp_path, asyncio.run(postgres.new_database()))

    code, out, err = run(capsys, "report", "--config", config)

    assert (code, err) == (0, "")
    assert out.startswith("# Rapport — campagne n°\xa02 «\u202fOutils 2027\u202f»")
    assert "| Total | 6 |" in out
    assert not (tmp_path / "harmonie.db").exists()  # nothing went to a SQLite file


def test_an_unreachable_postgresql_is_named_without_its_password(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = "postgresql://harmonie:s3cret@127.0.0.1:1/harmonie"
    config = install(tmp_path, CONFIG.replace('path = "harmonie.db"', f'url = "{url}"'))

    code, out, err = run(capsys, "report", "--config", config)

    assert (code, out) == (1, "")
    assert err.startswith(
        "harmonie report: cannot open the database postgresql://harmonie:***@127.0.0.1:1/harmonie: "
    )
    assert err.endswith(f"(see storage.url in {config})\n")
    assert "s3cret" not in err


def test_report_into_a_folder_that_does_not_exist_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = with_campaigns(tmp_path)
    output = tmp_path / "nonexistent" / "dir" / "r.csv"

    code, out, err = run(
        capsys, "report", "--config", config, "--format", "csv", "--output", output
    )

    assert code == 2
    assert err == f"harmonie report: --output {output}: there is no folder {output.parent}\n"
    assert out == ""


def test_report_onto_a_folder_asks_for_a_file_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = with_campaigns(tmp_path)
    folder = tmp_path / "reports"
    folder.mkdir()

    code, _, err = run(capsys, "report", "--config", config, "--output", folder)

    assert code == 2
    assert err == (
        f"harmonie report: --output {folder} is a folder: give a file name, "
        f"e.g. {folder / 'report.md'}\n"
    )
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("fmt", ["ods", "png"])
def test_a_binary_format_without_output_is_refused_before_any_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    config = install(tmp_path)  # no database yet: the command line is wrong first

    code, out, err = run(capsys, "report", "--config", config, "--format", fmt)

    assert code == 2
    assert err == f"harmonie report: --format {fmt} needs --output FILE\n"
    assert out == ""


# --- report: --campaign, --service, --category -----------------------------------------------


def test_an_unknown_campaign_lists_the_campaigns_there_are(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = with_campaigns(tmp_path)

    code, out, err = run(capsys, "report", "--config", config, "--campaign", "99")

    assert code == 2
    assert err.splitlines() == [
        "harmonie report: unknown campaign: 99; the campaigns are:",
        "  1  Outils 2026  closed, 2026-01-05 to 2026-02-03",  # 00:30 in Paris
        "  2  Outils 2027  open, since 2027-01-04, until 2027-01-29",
    ]
    assert out == ""


def test_an_unknown_campaign_in_a_database_without_any_says_there_is_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = empty_database(tmp_path)

    code, _, err = run(capsys, "report", "--config", config, "--campaign", "3")

    assert code == 2
    assert err == "harmonie report: no campaign 3: there is no campaign in the database\n"


def test_an_unknown_service_names_the_configured_services(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = with_campaigns(tmp_path)

    code, out, err = run(capsys, "report", "--config", config, "--service", "xyz")

    assert code == 2
    assert err.splitlines() == [
        "harmonie report: unknown service: xyz; the services are:",
        "  Accueil",
        "  Finances",
    ]
    assert out == ""


def test_an_unknown_service_when_none_is_configured_says_where_they_are_listed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with_campaigns(tmp_path)
    config = install(tmp_path, CONFIG.replace('services = ["Accueil", "Finances"]\n', ""))

    code, _, err = run(capsys, "report", "--config", config, "--service", "Accueil")

    assert code == 2
    assert err == (
        "harmonie report: unknown service: Accueil "
        "(no service is listed in organisation.services)\n"
    )


def test_a_service_typed_in_another_case_is_the_configured_one_as_in_the_chat(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = with_campaigns(tmp_path)

    code, out, _ = run(capsys, "report", "--config", config, "--service", " accueil ")

    assert code == 0
    assert "Accueil" in out


def test_a_mistyped_service_is_named_even_before_the_bot_has_made_its_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = install(tmp_path)

    code, _, err = run(capsys, "report", "--config", config, "--service", "Acceuil")

    assert code == 2
    assert err.startswith("harmonie report: unknown service: Acceuil; the services are:")


def test_an_unknown_category_lists_the_categories_by_number(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = with_campaigns(tmp_path)

    code, out, err = run(capsys, "report", "--config", config, "--category", "fax")

    assert code == 2
    lines = err.splitlines()
    assert lines[0] == "harmonie report: unknown category: fax; give a number or a name:"
    assert lines[1:3] == ["  1  visioconférence", "  2  messagerie instantanée"]
    assert len(lines) == 10  # the nine default categories
    assert out == ""


# --- report: the database --------------------------------------------------------------------


def test_a_database_file_that_is_not_a_database_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = install(tmp_path)
    (tmp_path / "harmonie.db").write_text("these are not the rows you are looking for\n" * 50)

    code, _, err = run(capsys, "report", "--config", config)

    assert code == 1
    assert err == (
        f"harmonie report: cannot open the database {tmp_path / 'harmonie.db'}: "
        f"file is not a database (see storage.path in {config})\n"
    )


def test_a_database_path_that_is_a_folder_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = install(tmp_path)
    (tmp_path / "harmonie.db").mkdir()

    code, _, err = run(capsys, "report", "--config", config)

    assert code == 1
    assert err == (
        f"harmonie report: the database {tmp_path / 'harmonie.db'} is a folder: "
        f"see storage.path in {config}\n"
    )


def test_a_database_from_a_newer_harmonie_is_left_alone_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = empty_database(tmp_path)

    async def from_the_future() -> None:
        db = await Database.open(tmp_path / "harmonie.db")
        async with db.transaction() as session:
            await session.conn.execute("INSERT INTO schema_version (version) VALUES (999)")
        await db.close()

    asyncio.run(from_the_future())

    code, _, err = run(capsys, "report", "--config", config)

    assert code == 1
    assert err.startswith(f"harmonie report: the database {tmp_path / 'harmonie.db'} ")
    assert "schema version 999 is newer" in err
    assert err.endswith(": install the Harmonie that wrote it\n")


# --- run: what it opens before connecting ----------------------------------------------------


def test_run_with_a_store_path_that_is_a_file_says_so_before_connecting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], bot_run: Recorder
) -> None:
    (tmp_path / "store").write_text("", encoding="utf-8")
    text = CONFIG.replace('password = "pw"\n', 'password = "pw"\nstore_path = "store"\n')
    config = install(tmp_path, text)

    code, _, err = run(capsys, "run", "--config", config)

    assert code == 1
    assert err == (
        f"harmonie run: the store folder {tmp_path / 'store'} is a file: "
        f"see matrix.store_path in {config}\n"
    )
    assert bot_run.calls == 0


def test_run_with_a_store_path_inside_a_file_says_so_before_connecting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], bot_run: Recorder
) -> None:
    (tmp_path / "state").write_text("", encoding="utf-8")
    config = install(tmp_path)  # the store is state/store by default

    code, _, err = run(capsys, "run", "--config", config)

    assert code == 1
    assert err.startswith(f"harmonie run: cannot create the store folder {tmp_path / 'state'}")
    assert err.endswith(f"(see matrix.store_path in {config})\n")
    assert bot_run.calls == 0


def test_run_with_a_database_that_is_not_one_says_so_before_connecting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], bot_run: Recorder
) -> None:
    config = install(tmp_path)
    (tmp_path / "harmonie.db").write_text("not SQLite\n" * 200)

    code, _, err = run(capsys, "run", "--config", config)

    assert code == 1
    assert err == (
        f"harmonie run: cannot open the database {tmp_path / 'harmonie.db'}: "
        f"file is not a database (see storage.path in {config})\n"
    )
    assert bot_run.calls == 0


# --- check-config ----------------------------------------------------------------------------


def test_check_config_warns_when_no_agent_would_ever_be_invited(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nobody = install(tmp_path, CONFIG.replace('agents = ["@agent1:example.org"]\n', ""))

    code, out, _ = run(capsys, "check-config", "--config", nobody)

    assert code == 0  # usable: the people can be added later
    assert out.splitlines()[0] == f"Configuration OK: {nobody}"
    assert out.splitlines()[-1] == (
        "Warning: no agent will be invited to a campaign: list them in organisation.agents "
        "or give organisation.agents_room (until then, only those who write !évaluer to the "
        "bot take part)"
    )

    text = CONFIG.replace('agents = ["@agent1:example.org"]', 'agents_room = "#agents:example.org"')
    code, out, _ = run(capsys, "check-config", "--config", install(tmp_path, text))

    assert code == 0
    assert "Warning" not in out


# --- demo: its arguments, Synapse, Ctrl-C ----------------------------------------------------


@pytest.fixture
def demo(monkeypatch: pytest.MonkeyPatch) -> Recorder:
    fake = Recorder()
    monkeypatch.setattr("bot.demo.run.run_demo", fake)
    return fake


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--port", "70000", "expected a number from 1 to 65535"),
        ("--port", "0", "expected a number from 1 to 65535"),
        ("--agents", "-1", "expected 0 or more"),
        ("--exit-after", "-5", "expected a number of seconds, zero or more"),
        ("--exit-after", "nan", "expected a number of seconds, zero or more"),
    ],
)
def test_demo_refuses_an_impossible_number(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    demo: Recorder,
    option: str,
    value: str,
    message: str,
) -> None:
    code, _, err = run(capsys, "demo", "--state", tmp_path / "demo", option, value)

    assert code == 2
    assert err.splitlines()[-1] == f"harmonie demo: error: argument {option}: {message}"
    assert demo.calls == 0


def test_demo_with_a_state_that_is_a_file_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], demo: Recorder
) -> None:
    state = install(tmp_path)

    code, _, err = run(capsys, "demo", "--state", state)

    assert code == 2
    assert err == f"harmonie demo: --state {state} is a file, not a folder\n"
    assert demo.calls == 0
    assert state.read_text(encoding="utf-8") == CONFIG


def test_demo_with_a_state_that_cannot_be_created_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], demo: Recorder
) -> None:
    state = install(tmp_path) / "demo"

    code, _, err = run(capsys, "demo", "--state", state)

    assert code == 2
    assert err.startswith(f"harmonie demo: cannot create the folder {state}: ")  # Not a directory
    assert len(err.splitlines()) == 1
    assert demo.calls == 0


def test_demo_without_synapse_says_what_to_install(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.demo.homeserver import HomeserverError

    missing = HomeserverError("Synapse (matrix-synapse) is not installed: pip install …")
    monkeypatch.setattr("bot.demo.run.run_demo", Recorder(missing))

    code, _, err = run(capsys, "demo", "--state", tmp_path / "demo")

    assert code == 1
    assert err == "harmonie demo: Synapse (matrix-synapse) is not installed: pip install …\n"


@pytest.mark.parametrize(
    ("options", "rollout", "choice"),
    [
        ([], False, False),  # the evaluation
        (["--choix"], False, True),  # then phase 2
        (["--rollout"], True, True),  # the whole method: the rollout of the suite retained
        (["--choix", "--rollout"], True, True),
    ],
)
def test_the_demo_goes_as_far_as_asked_and_the_rollout_comes_after_the_choice(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    options: list[str],
    rollout: bool,
    choice: bool,
) -> None:
    calls: list[tuple[object, ...]] = []
    monkeypatch.setattr("bot.demo.run.run_demo", lambda *args: calls.append(args) or 0)

    code, _, _ = run(capsys, "demo", "--state", tmp_path / "demo", "--agents", "4", *options)

    assert code == 0
    assert calls == [((tmp_path / "demo"), 8008, 4, None, rollout, choice)]


def test_the_demo_has_ten_agents_unless_told(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[object, ...]] = []
    monkeypatch.setattr("bot.demo.run.run_demo", lambda *args: calls.append(args) or 0)

    code, _, _ = run(capsys, "demo", "--state", tmp_path / "demo")

    assert code == 0
    assert calls == [((tmp_path / "demo"), 8008, 10, None, False, False)]


@pytest.mark.parametrize(
    ("options", "agents"),
    [([], 4), (["--agents", "6"], 6)],  # in each of the three communes
)
def test_the_structure_demo_has_four_agents_a_commune_unless_told(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    demo: Recorder,
    options: list[str],
    agents: int,
) -> None:
    calls: list[tuple[object, ...]] = []
    monkeypatch.setattr(
        "bot.demo.structure.run_structure_demo", lambda *args: calls.append(args) or 0
    )

    code, _, _ = run(capsys, "demo", "--structure", "--state", tmp_path / "demo", *options)

    assert code == 0
    assert calls == [((tmp_path / "demo"), 8008, agents, None)]
    assert demo.calls == 0  # not the single commune's demo


@pytest.mark.parametrize("option", ["--choix", "--rollout"])
def test_the_structure_demo_goes_without_the_methods_next_phases(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    demo: Recorder,
    option: str,
) -> None:
    structure = Recorder()
    monkeypatch.setattr("bot.demo.structure.run_structure_demo", structure)

    code, _, err = run(capsys, "demo", "--structure", option, "--state", tmp_path / "demo")

    assert code == 2
    assert err.startswith("usage: harmonie demo ")
    assert err.splitlines()[-1] == (
        "harmonie demo: error: --structure shows a structure's communes and their "
        "comparison, not the method's next phases: leave out --choix and --rollout"
    )
    assert (demo.calls, structure.calls) == (0, 0)
    assert not (tmp_path / "demo").exists()


def test_ctrl_c_ends_a_command_quietly_with_the_shells_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bot.demo.run.run_demo", Recorder(KeyboardInterrupt()))

    code, _, err = run(capsys, "demo", "--state", tmp_path / "demo")

    assert code == 130
    assert err == "harmonie demo: interrupted\n"


# --- report --choice --------------------------------------------------------------------------

EXAMPLE_SUITES = Path(__file__).resolve().parents[3] / "suites.example.toml"


def test_the_choice_report_without_a_catalogue_says_which_key_to_set(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = empty_database(tmp_path)

    code, out, err = run(capsys, "report", "--config", config, "--choice")

    assert code == 1 and out == ""
    assert err.startswith("harmonie report: no catalogue of suites: ")
    assert "choice.catalogue" in err


def test_the_choice_report_as_csv_has_every_candidate_before_any_trial(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty_database(tmp_path)
    config = install(tmp_path, CONFIG + f'\n[choice]\ncatalogue = "{EXAMPLE_SUITES}"\n')

    code, out, err = run(capsys, "report", "--config", config, "--choice", "--format", "csv")

    assert (code, err) == (0, "")
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff")), delimiter=";"))
    names = {row[0] for row in rows if row}
    assert {"Suite Alpha (fictive)", "Suite Bêta (fictive)", "Suite Gamma (fictive)"} <= names


def test_the_choice_report_refuses_a_campaign_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = empty_database(tmp_path)

    code, _, err = run(capsys, "report", "--config", config, "--choice", "--campaign", "1")

    assert code == 2 and "--choice reads the latest trial" in err


# --- report --organisation ---------------------------------------------------------------------

STRUCTURE = """\
[matrix]
homeserver = "https://matrix.example.org"
user_id = "@bot:example.org"
password = "pw"

[storage]
path = "harmonie.db"

[structure]
name = "Centre de gestion"

[organisations.kerbihan]
name = "Commune de Kerbihan"
services = ["Accueil"]

[organisations.hohwiller]
name = "Commune de Hohwiller"
services = ["Finances"]
"""


def with_two_communes(tmp_path: Path, text: str = STRUCTURE) -> Path:
    """A structure's installation: Kerbihan's campaign 1 « Outils Kerbihan » (six agents
    of its « Accueil »), then Hohwiller's campaign 2 « Secret Hohwiller » (six of its
    « Finances »), both open."""

    async def fill() -> None:
        db = await Database.open(tmp_path / "harmonie.db")
        now = datetime(2027, 1, 4, 9, tzinfo=UTC)
        try:
            for key, title, service in [("kerbihan", "Outils Kerbihan", "Accueil"),
                                        ("hohwiller", "Secret Hohwiller", "Finances")]:  # fmt: skip
                async with db.scoped(key, "@bot:example.org").transaction() as session:
                    campaign = await session.campaigns.open(title, "@dsi:example.org", None, now)
                    for n in range(6):
                        agent = await session.agents.get_or_create(f"@{key}{n}:example.org", now)
                        await session.participations.ensure(campaign.id, agent.id, now)
                        await session.participations.mark_invited(campaign.id, agent.id, "!r", now)
                        await session.participations.save_state(
                            campaign.id, agent.id, "{}", service, started=False, finished=False,
                            now=now,
                        )  # fmt: skip
        finally:
            await db.close()

    asyncio.run(fill())
    return install(tmp_path, text)


def test_a_structures_report_is_the_named_organisations_and_none_of_anothers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = with_two_communes(tmp_path)

    code, out, err = run(capsys, "report", "--config", config, "--organisation", "kerbihan")

    assert (code, err) == (0, "")
    assert out.startswith("# Rapport — campagne n°\xa01 «\u202fOutils Kerbihan\u202f»")
    assert "| Accueil | 6 |" in out and "Hohwiller" not in out and "Finances" not in out

    code, out, err = run(capsys, "report", "--config", config, "--organisation", "hohwiller")

    assert code == 0
    assert out.startswith("# Rapport — campagne n°\xa02 «\u202fSecret Hohwiller\u202f»")
    assert "| Finances | 6 |" in out and "Kerbihan" not in out


def test_another_organisations_campaign_or_service_is_unknown_to_the_one_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = with_two_communes(tmp_path)
    kerbihan = ["report", "--config", config, "--organisation", "kerbihan"]

    code, out, err = run(capsys, *kerbihan, "--campaign", "2")

    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "harmonie report: unknown campaign: 2; the campaigns are:",
        "  1  Outils Kerbihan  open, since 2027-01-04",
    ]

    code, _, err = run(capsys, *kerbihan, "--service", "Finances")  # its own services only

    assert code == 2
    assert err.splitlines() == [
        "harmonie report: unknown service: Finances; the services are:",
        "  Accueil",
    ]


def test_a_structures_report_without_an_organisation_lists_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = with_two_communes(tmp_path)

    code, out, err = run(capsys, "report", "--config", config)

    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "harmonie report: this configuration serves several organisations: give "
        "--organisation with one of them:",
        "  kerbihan   Commune de Kerbihan",
        "  hohwiller  Commune de Hohwiller",
    ]


def test_a_mistyped_organisation_is_offered_the_closest_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = install(tmp_path, STRUCTURE)  # no database yet: what was typed is wrong first

    code, _, err = run(capsys, "report", "--config", config, "--organisation", "kerbian")

    assert code == 2
    assert err.splitlines()[0] == (
        "harmonie report: unknown organisation: kerbian (did you mean 'kerbihan'?); "
        "the organisations are:"
    )
    _, _, err = run(capsys, "report", "--config", config, "--organisation", "plouzane")
    assert err.splitlines()[0] == (
        "harmonie report: unknown organisation: plouzane; the organisations are:"
    )
    assert not (tmp_path / "harmonie.db").exists()


@pytest.mark.parametrize("key", ["default", "test"])
def test_a_single_communes_report_refuses_the_organisation_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], key: str
) -> None:
    config = with_campaigns(tmp_path)

    code, out, err = run(capsys, "report", "--config", config, "--organisation", key)

    assert (code, out) == (2, "")
    assert err == (
        "harmonie report: --organisation is for a structure's configuration, with "
        f"[organisations.<key>] tables; {config} has one [organisation]: leave the option out\n"
    )


def test_the_choice_report_of_a_structure_is_one_organisations_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = STRUCTURE.replace(
        "[structure]", f'[choice]\ncatalogue = "{EXAMPLE_SUITES}"\n\n[structure]'
    )
    config = with_two_communes(tmp_path, text)

    code, _, err = run(capsys, "report", "--config", config, "--choice")
    assert code == 2 and "give --organisation with one of them" in err

    code, out, err = run(
        capsys, "report", "--config", config, "--choice", "--organisation", "hohwiller"
    )
    assert (code, err) == (0, "")
    assert "Suite Alpha (fictive)" in out
