"""The demo's console speaks to a person: French, a story, no log lines (they go to a file)."""

from __future__ import annotations

import io
import logging
import re
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot import logs
from bot.demo.console import DemoAccount, DemoConsole
from bot.e2ee import identity

URL = "http://127.0.0.1:8008"
ACCOUNTS = [
    DemoAccount("admin", "@dsi:harmonie.localhost", "dsi-1"),
    DemoAccount("manager", "@encadrante:harmonie.localhost", "encadrante-2"),
    DemoAccount("agent", "@vous:harmonie.localhost", "vous-3"),
    DemoAccount("simulated", "@agent1:harmonie.localhost", "agent1-4"),
]
LOG_LINE = re.compile(r"\b(DEBUG|INFO|WARNING|ERROR|CRITICAL)\b")
# Words of the English log and console lines the demo used to show.
ENGLISH = re.compile(r"\b(the|is|its|ready|set up|copy|somewhere|delete|file)\b")


@pytest.fixture
def restored_logging() -> Iterator[None]:
    """logs.configure replaces the root handlers: give the next tests pytest's back."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    for handler in root.handlers:
        handler.close()
    root.handlers[:] = handlers
    root.setLevel(level)
    logging.captureWarnings(False)


def story(tmp_path: Path, recovery_key: Path | None) -> str:
    """The console of a whole demo, told in the order `bot.demo.run` tells it."""
    out = io.StringIO()
    console = DemoConsole(out)
    console.starting(URL, tmp_path / "demo.log", tmp_path / "homeserver" / "homeserver.log")
    console.accounts(ACCOUNTS, URL, tmp_path / "demo.json")
    console.bot_starting("@harmonie:harmonie.localhost")
    console.ready(recovery_key)
    console.self_check("Commandes disponibles\u202f:\n• !aide")
    console.campaign_opens("Outils collaboratifs 2027", 1)
    console.agent_done("agent1", 21)
    console.status("Campagne n° 1 «\u202fOutils collaboratifs 2027\u202f» (ouverte)")
    console.report("Rapport — campagne n° 1", 3, tmp_path / "config.toml")
    console.trend("ÉVOLUTION DES RETOURS")
    console.next_steps(URL, ACCOUNTS[2])
    console.stopping()
    console.stopped()
    return out.getvalue()


def test_a_bot_warning_goes_to_the_demo_log_file_not_to_the_console(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], restored_logging: None
) -> None:
    log = tmp_path / "demo.log"
    logs.configure("INFO", file=log)

    # What the bot logs when it sets up cross-signing: the English line the demo showed.
    identity._announce("EsTc 1234", tmp_path, io.StringIO())
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.warn("a library's deprecation", DeprecationWarning, stacklevel=1)
    logging.getLogger("bot.demo").info("a routine line")

    out, err = capfd.readouterr()
    assert (out, err) == ("", "")
    text = log.read_text(encoding="utf-8")
    assert "WARNING bot.e2ee.identity: cross-signing set up" in text
    assert "INFO bot.demo: a routine line" in text
    assert "a library's deprecation" in text
    assert "EsTc 1234" not in text  # the recovery key itself is never logged


def test_without_a_file_the_log_goes_to_stderr_as_the_bot_runs_it(
    capfd: pytest.CaptureFixture[str], restored_logging: None
) -> None:
    logs.configure("INFO")

    logging.getLogger("bot.wiring").warning("stopped before the end of the current step")

    out, err = capfd.readouterr()
    assert out == ""
    assert "WARNING bot.wiring: stopped before the end of the current step" in err


def test_the_story_is_in_french_without_log_lines(tmp_path: Path) -> None:
    text = story(tmp_path, tmp_path / "bot" / "store" / "recovery-key.txt")

    assert not LOG_LINE.search(text), LOG_LINE.search(text)
    assert not ENGLISH.search(text), ENGLISH.search(text)
    assert text.count(str(tmp_path / "demo.log")) == 1  # the log file is named once
    assert "Harmonie est prêt." in text
    assert text.rstrip().endswith("Serveur arrêté. À bientôt !")


def test_the_accounts_table_names_each_role_in_french(tmp_path: Path) -> None:
    text = story(tmp_path, None)

    for role, account in zip(
        ("administrateur", "encadrante", "vous (agent)", "agent simulé"), ACCOUNTS, strict=True
    ):
        row = next(line for line in text.splitlines() if account.user_id in line)
        assert row.split() == [*role.split(), account.user_id, account.password]


def test_the_recovery_key_is_told_as_what_to_do_in_production_when_there_is_one(
    tmp_path: Path,
) -> None:
    key = tmp_path / "bot" / "store" / "recovery-key.txt"

    told = story(tmp_path, key)
    untold = story(tmp_path, None)

    assert str(key) in told and "en production, copiez-la en lieu sûr" in told
    assert "récupération" not in untold


def test_what_to_do_next_gives_the_watchers_account_and_how_to_stop(tmp_path: Path) -> None:
    text = story(tmp_path, None)

    after = text.split("À vous !", 1)[1]
    assert "@vous:harmonie.localhost (mot de passe vous-3)" in after
    assert URL in after
    assert "Ctrl-C pour tout arrêter." in after


class BrokenHomeserver:
    """A Synapse process that fails to start with an error the demo did not foresee."""

    def __init__(self, state_dir: Path, *, port: int | None = None) -> None:
        self.url = f"http://127.0.0.1:{port}"
        self.log_path = state_dir / "homeserver.log"

    def start(self) -> None:
        raise OSError(28, "No space left on device")

    def stop(self) -> None:
        pass


def test_an_unexpected_error_is_told_in_french_with_its_details_in_the_log(
    tmp_path: Path,
    capfd: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    restored_logging: None,
) -> None:
    from bot.demo import run

    monkeypatch.setattr(run, "LocalHomeserver", BrokenHomeserver)
    state = tmp_path / "demo"

    code = run.run_demo(state, 8008, agents=0, exit_after=0)

    out, err = capfd.readouterr()
    assert code == 1
    assert err == ""
    assert out.startswith("Démarrage d'un serveur Matrix local (Synapse)")
    assert "La démonstration s'arrête sur une erreur inattendue (OSError)." in out
    assert f"Le détail est dans {state / 'demo.log'} :" in out
    assert out.rstrip().endswith("joignez ce fichier si vous signalez le problème.")
    log = (state / "demo.log").read_text(encoding="utf-8")
    assert "Traceback" in log and "No space left on device" in log
