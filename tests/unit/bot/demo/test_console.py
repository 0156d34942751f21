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
# The bot's answers to the manager in phase 2, as it sends them (narrow no-break spaces).
NEEDS = (
    "Besoins — campagne n° 1 «\u202fOutils\u202f»\n"
    "Une suite candidate doit couvrir chaque besoin.\n\nBESOINS\n"
    "• visioconférence — Besoin\u202f: utilisé · Meilleur outil actuel\u202f: Microsoft Teams"
    " · Note\u202f: 5,8/10 · Points faibles (la barre à franchir)\u202f: coût\n"
    "• gestion de projet — Besoin\u202f: jugé nécessaire (à acquérir) · Meilleur outil "
    "actuel\u202f: — · Note\u202f: — · Points faibles (la barre à franchir)\u202f: —\n\n"
    "Comparez les suites candidates avec !choix comparer."
)
COMPARISON = (
    "Suites candidates — besoins de la campagne n° 1\n\nSUITES CANDIDATES\n"
    "• Suite Alpha (fictive) — Besoins couverts\u202f: 9/9 · Éditeur\u202f: Éditeur Alpha "
    "(fictif), France · Hébergement\u202f: en France · Coût annuel estimé\u202f: "
    "858\u202f€ HT/an\n"
    "• Suite Bêta (fictive) — Besoins couverts\u202f: ⚠️ 7/9 — manque\u202f: gestion de "
    "projet · Éditeur\u202f: Beta GmbH (fictive), UE (DE) · Coût annuel estimé\u202f: prix "
    "non communiqué\n\nUn administrateur enregistre la suite retenue avec !choix retenir."
)
RECOMMENDATION = (
    "Suite recommandée\u202f: Suite Alpha (fictive) (8,8/10) — couvre 9/9 besoins, prise en "
    "main 7,6/10 par 10 pilotes."
)
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
    console.choice_begins(tmp_path / "suites.toml")
    console.campaign_closes("La campagne n° 1 est fermée.")
    console.needs(NEEDS)
    console.comparison(COMPARISON)
    console.trial_opens("!essai ouvrir alpha, beta", "Essai n° 1 ouvert\u202f: Suite Alpha.")
    console.pilots_answer(1, "@vous:harmonie.localhost")
    console.pilot_says("agent1", "Bonjour", "Quels modules avez-vous essayés\u202f?")
    console.pilot_done("agent1", 9)
    console.trial_status("Essai n° 1 (ouvert)\u202f: Suite Alpha, Suite Bêta")
    console.trial_closed("Essai n° 1 fermé.")
    console.recommendation(RECOMMENDATION, tmp_path / "config.toml")
    console.decision("!choix retenir alpha motif", "C'est noté\u202f: Suite Alpha.")
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
    from bot.demo import run, stage

    monkeypatch.setattr(stage, "LocalHomeserver", BrokenHomeserver)
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


def test_the_needs_are_told_one_a_line_without_the_tables_labels(tmp_path: Path) -> None:
    out = io.StringIO()

    DemoConsole(out).needs(NEEDS)

    lines = out.getvalue().splitlines()
    assert "L'encadrante écrit « !choix besoins » : 2 besoins (catégorie — besoin" in lines[1]
    assert lines[-2:] == [
        "  visioconférence — utilisé · Microsoft Teams · 5,8/10",
        "  gestion de projet — jugé nécessaire (à acquérir) · — · —",
    ]


def test_the_comparison_keeps_each_suites_coverage_and_cost(tmp_path: Path) -> None:
    out = io.StringIO()

    DemoConsole(out).comparison(COMPARISON)

    told = out.getvalue()
    assert "  Suite Alpha (fictive) — Besoins couverts\u202f: 9/9 · Coût annuel estimé\u202f: " \
        "858\u202f€ HT/an\n" in told  # fmt: skip
    assert flat(told).endswith(
        " Suite Bêta (fictive) — Besoins couverts\u202f: ⚠️ 7/9 — manque\u202f: gestion de "
        "projet · Coût annuel estimé\u202f: prix non communiqué "
    )
    assert "Éditeur" not in told


def test_long_lines_of_the_bot_are_wrapped_never_at_a_narrow_no_break_space() -> None:
    out = io.StringIO()

    DemoConsole(out).recommendation(RECOMMENDATION + " Suite Bêta (fictive) n'est pas "
                                    "retenue\u202f: elle ne couvre pas «\u202fgestion de "
                                    "projet\u202f».", Path("config.toml"))  # fmt: skip

    lines = out.getvalue().splitlines()
    quoted = [line for line in lines if line.startswith("  ")]
    assert len(quoted) > 1 and all(len(line) <= 92 for line in lines)
    assert quoted[0].startswith("  Suite recommandée\u202f: ")
    assert all(line.startswith("    ") for line in quoted[1:])
    assert not any(line.endswith("\u202f") or line.lstrip().startswith(("\u202f", ":", "»"))
                   for line in quoted)  # fmt: skip
    assert flat("\n".join(quoted)).startswith(" " + RECOMMENDATION)


def test_phase_2_tells_the_watcher_they_are_a_pilot_and_shows_the_verdict(tmp_path: Path) -> None:
    text = story(tmp_path, None)

    phase = text.split("Phase 2, « choisir »", 1)[1].split("ÉVOLUTION DES RETOURS", 1)[0]
    assert str(tmp_path / "suites.toml") in phase
    assert "« !campagne fermer »" in phase  # phase 2 starts from a closed evaluation
    assert "Vous (@vous:harmonie.localhost) faites aussi partie du groupe pilote" in flat(phase)
    assert "  agent1 « Bonjour » → Quels modules avez-vous essayés\u202f?\n" in phase
    assert RECOMMENDATION in flat(phase)
    assert f"harmonie report --config {tmp_path / 'config.toml'} --choice" in phase
    assert "avec son motif :\n  « !choix retenir alpha motif »\n  C'est noté\u202f: Suite Alpha." \
        in phase  # fmt: skip


def test_a_long_answer_of_the_bot_to_a_pilot_is_cut_to_one_line() -> None:
    out = io.StringIO()

    DemoConsole(out).pilot_says("agent1", "1 3", "Noté : " + "visioconférence, " * 20)

    [line] = out.getvalue().splitlines()
    assert line.startswith("  agent1 « 1 3 » → Noté : visioconférence, ")
    assert len(line) == 92 and line.endswith("…")


def flat(text: str) -> str:
    """`text` with its line breaks and indents as single spaces (narrow no-break spaces kept)."""
    return re.sub(r"[ \n]+", " ", text)


@pytest.mark.parametrize("rollout", [False, True], ids=["choice", "rollout"])
def test_after_the_choice_the_watcher_is_told_what_waits_and_how_to_try_a_trial(
    rollout: bool,
) -> None:
    out = io.StringIO()
    admin, manager, watcher = ACCOUNTS[0], ACCOUNTS[1], ACCOUNTS[2]

    DemoConsole(out).next_steps_after_choice(
        URL, watcher, admin, manager, "Suite Alpha (fictive)", "!essai ouvrir alpha, beta",
        rollout=rollout,
    )  # fmt: skip

    told = flat(out.getvalue())
    assert f"connectez-vous avec {watcher.user_id} (mot de passe {watcher.password})" in told
    assert f"({admin.user_id}, mot de passe {admin.password})" in told
    assert "« !essai ouvrir alpha, beta », puis, revenu sur votre compte, écrivez « Bonjour »" \
        in told  # fmt: skip
    assert f"En encadrante ({manager.user_id}, mot de passe {manager.password})" in told
    # what the bot says to their first message (checked on the real demo)
    closed = "il vous répondra que la campagne d'évaluation est close"
    feedback = "Un questionnaire de retours sur Suite Alpha (fictive) vous y attend"
    assert (feedback in told, closed in told) == (rollout, not rollout)
    assert ("une fois vos retours donnés" in told) == rollout
    assert told.rstrip().endswith("Ctrl-C pour tout arrêter.")
