"""`harmonie demo --rollout`, as a newcomer runs it: a throwaway homeserver, the evaluation,
then weeks of rollout on the demo's clock, and a clean stop; its console tells it in French,
in the order it happens, and its log lines go to the demo's log file."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

REPO_ROOT = Path(__file__).resolve().parents[2]
LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d [\d:,]+ (DEBUG|INFO|WARNING|ERROR|CRITICAL) ", re.M)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_the_rollout_demo_shows_reminders_an_escalation_two_waves_and_the_trend(
    tmp_path: Path,
) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "bot", "demo", "--rollout", "--agents", "4",
         "--state", str(tmp_path / "demo"), "--port", str(free_port()), "--exit-after", "0"],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=400, check=False,
    )  # fmt: skip
    out = run.stdout
    state = tmp_path / "demo"

    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    # a person reads the console: no log line on it, the log file named once
    assert run.stderr == ""
    assert not LOG_LINE.search(out), LOG_LINE.search(out)
    assert out.count(str(state / "demo.log")) == 1
    log = (state / "demo.log").read_text(encoding="utf-8")
    assert "WARNING bot.e2ee.identity: cross-signing set up" in log
    assert f"clé de\n  récupération est dans {state / 'bot' / 'store' / 'recovery-key.txt'}" in out
    # in the order things happen
    story = [
        "Démarrage d'un serveur Matrix local",
        "Comptes de démonstration",
        "Démarrage du bot @harmonie:",
        "Harmonie est prêt.",
        "Auto-test : l'administrateur écrit « !aide »",
        "L'administrateur ouvre la campagne d'évaluation",
        "agent1 a terminé son évaluation",
        "État de la campagne",
        "« !rapport »",
        "Déploiement accéléré",
        "« !rapport retours »",
        "À vous !",
        "Arrêt du bot",
        "Serveur arrêté.",
    ]
    where = [out.find(step) for step in story]
    assert -1 not in where and where == sorted(where), list(zip(story, where, strict=True))
    assert "Déploiement accéléré" in out
    # the report as the manager reads it: each figure after its header, one row a line
    report = out.split("« !rapport »", 1)[1].split("Hors ligne", 1)[0]
    assert "PARTICIPATION\n• " in report
    assert "• Total — Invités\u202f: 5 · Commencé\u202f: 4 · Terminé\u202f: 4" in report
    rows = [line for line in report.splitlines() if " · " in line]
    assert rows and all(line.startswith("• ") and "\u202f: " in line for line in rows), rows
    # the bot's sentences have French spacing (U+202F), the demo's own lines plain spaces
    assert "encadrante reçoit : Rappel — déploiement de Suite Numérique\u202f: l'étape 1" in out
    assert "encadrante ← bot : Merci\u202f! L'étape 1" in out
    assert (
        "dsi reçoit : Déploiement de Suite Numérique\u202f: l'étape 2 «\u202fcommuniquer\u202f»"
        in out
    )
    assert "agent1 reçoit : Rappel\u202f: une formation à Suite Numérique" in out
    assert out.count("Cela fait ") == 2  # D+7 and D+30, shown for the first agent
    trend = out.split("ÉVOLUTION DES RETOURS", 1)[1]
    assert "1 · " in trend and "2 · " in trend and " / 5 · " in trend  # 4 answered, 5 asked
    assert "+" in trend.splitlines()[3]  # the second wave went better
    assert "déjà marquée" not in out  # nobody marks a step done twice
    assert out.count("dsi reçoit") == 1  # only step 2, left undone, is escalated
    assert out.rstrip().endswith("Serveur arrêté. À bientôt !")
