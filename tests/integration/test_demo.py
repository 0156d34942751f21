"""`harmonie demo --choix` and `--rollout`, as a newcomer runs them: a throwaway homeserver,
the evaluation, the choice of a suite by a pilot trial, then (with --rollout) weeks of
rollout of that suite on the demo's clock, and a clean stop; its console tells it in
French, in the order it happens, and its log lines go to the demo's log file. And
`--structure`: three communes served by one bot, compared."""

from __future__ import annotations

import json
import re
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.demo.structure import COMMUNES, STRUCTURE
from conversations.survey import DEFAULT_SURVEY

pytestmark = pytest.mark.integration

REPO_ROOT = Path(__file__).resolve().parents[2]
LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d [\d:,]+ (DEBUG|INFO|WARNING|ERROR|CRITICAL) ", re.M)
AGENTS = 4
ALPHA = "Suite Alpha (fictive)"
PHASE_2 = [
    "Phase 2, « choisir »",
    "L'administrateur clôt l'évaluation (« !campagne fermer »)",
    "« !choix besoins »",
    "« !choix comparer »",
    "L'administrateur ouvre un essai pilote : « !essai ouvrir alpha, beta »",
    "faites aussi partie du groupe pilote",
    "  agent1 « ",
    "a répondu au questionnaire de l'essai",
    "« !essai statut »",
    "« !essai fermer »",
    "« !rapport choix »",
    "L'administrateur retient une suite, avec son motif :\n  « !choix retenir alpha ",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def demo(state: Path, *options: str) -> str:
    """Run the demo to its end; its console."""
    run = subprocess.run(
        [sys.executable, "-m", "bot", "demo", *options, "--agents", str(AGENTS),
         "--state", str(state), "--port", str(free_port()), "--exit-after", "0"],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=400, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    # a person reads the console: no log line on it, the log file named once
    assert run.stderr == ""
    assert not LOG_LINE.search(run.stdout), LOG_LINE.search(run.stdout)
    assert run.stdout.count(str(state / "demo.log")) == 1
    assert run.stdout.rstrip().endswith("Serveur arrêté. À bientôt !")
    return run.stdout


def flat(text: str) -> str:
    """The console with its wrapped lines joined (narrow no-break spaces kept)."""
    return re.sub(r"[ \n]+", " ", text)


def in_order(out: str, story: list[str]) -> None:
    where = [out.find(step) for step in story]
    assert -1 not in where and where == sorted(where), list(zip(story, where, strict=True))


def rows(state: Path, query: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(state / "bot" / "harmonie.db") as db:
        return list(db.execute(query))


def check_the_choice(state: Path, out: str) -> None:
    """Phase 2 ran a pilot trial to a recorded decision."""
    phase = flat(out.split("Phase 2, « choisir »", 1)[1].split("À vous !", 1)[0])
    # the needs and each suite's coverage and yearly cost, for the demo's 5 agents
    assert "Suite Alpha (fictive) — Besoins couverts\u202f: " in phase
    assert "Coût annuel estimé\u202f: 390\u202f€\u00a0HT/an" in phase  # 6,50 € × 12 × 5
    # the simulated pilots answer every question; the watcher is invited, and does not
    assert phase.count("a répondu au questionnaire de l'essai") == AGENTS
    assert " Essai n°\u00a01 fermé (" in phase
    assert f"{AGENTS} pilotes ont terminé sur {AGENTS + 1}" in phase
    # the recommendation line, as the manager reads it
    assert f" Suite recommandée\u202f: {ALPHA} (" in phase
    # the decision, recorded with the recommendation it was taken on
    [(suite, name, reason, by, recommendation)] = rows(
        state, "SELECT suite, suite_name, reason, decided_by, recommendation "
        "FROM choice_decisions",
    )  # fmt: skip
    assert (suite, name, by) == ("alpha", ALPHA, "@dsi:harmonie.localhost")
    assert reason == "recommandée à l'issue de l'essai pilote"
    assert isinstance(recommendation, str) and recommendation.startswith("Suite recommandée")
    assert f"C'est noté\u202f: {ALPHA} est la suite retenue." in phase
    # every simulated pilot finished; what they wrote is stored, and never in the log
    [(finished, invited)] = rows(state, "SELECT COUNT(finished_at), COUNT(invited_at) "
                                        "FROM trial_pilots")  # fmt: skip
    assert (finished, invited) == (AGENTS, AGENTS + 1)  # the watcher invited too
    comments = [body for (body,) in rows(state, "SELECT body FROM trial_comments")]
    assert comments and rows(state, "SELECT COUNT(*) FROM trial_ratings")[0][0] > 0
    log = (state / "demo.log").read_text(encoding="utf-8")
    assert not [body for body in comments if body in log]
    # the catalogue, for the person to read
    assert (state / "suites.toml").read_text(encoding="utf-8") == (
        REPO_ROOT / "suites.example.toml"
    ).read_text(encoding="utf-8")


def test_the_rollout_demo_is_the_whole_method_and_rolls_the_retained_suite_out(
    tmp_path: Path,
) -> None:
    """One run of the whole method (`--rollout` implies `--choix`): a demo costs half a
    minute, so phase 2 is checked on this run rather than on one of its own."""
    state = tmp_path / "demo"

    out = demo(state, "--rollout")
    check_the_choice(state, out)

    log = (state / "demo.log").read_text(encoding="utf-8")
    assert "WARNING bot.e2ee.identity: cross-signing set up" in log
    assert f"clé de\n  récupération est dans {state / 'bot' / 'store' / 'recovery-key.txt'}" in out
    # in the order things happen: evaluation, choice, rollout
    in_order(out, [
        "Démarrage d'un serveur Matrix local",
        "Comptes de démonstration",
        "Démarrage du bot @harmonie:",
        "Harmonie est prêt.",
        "Auto-test : l'administrateur écrit « !aide »",
        "L'administrateur ouvre la campagne d'évaluation",
        "agent1 a terminé son évaluation",
        "État de la campagne",
        "« !rapport »",
        *PHASE_2,
        "Déploiement accéléré",
        "« !rapport retours »",
        "À vous !",
        "Arrêt du bot",
        "Serveur arrêté.",
    ])  # fmt: skip
    # the report as the manager reads it: each figure after its header, one row a line
    report = out.split("« !rapport »", 1)[1].split("Hors ligne", 1)[0]
    assert "PARTICIPATION\n• " in report
    assert "• Total — Invités\u202f: 5 · Commencé\u202f: 4 · Terminé\u202f: 4" in report
    table = [line for line in report.splitlines() if " · " in line]
    assert table and all(line.startswith("• ") and "\u202f: " in line for line in table), table
    # the rollout is of the suite retained: the plan names it, and every reminder
    [(decided,)] = rows(state, "SELECT suite_name FROM choice_decisions")
    assert rows(state, "SELECT suite FROM rollout_plans") == [(decided,)]
    assert decided == ALPHA
    assert f"Déploiement accéléré de {ALPHA}, la suite retenue" in out
    assert "dsi écrit : !deploiement nouveau 20" in out  # no suite named
    assert "Suite Numérique" not in out
    # the bot's sentences have French spacing (U+202F), the demo's own lines plain spaces
    assert f"encadrante reçoit : Rappel — déploiement de {ALPHA}\u202f: l'étape 1" in out
    assert "encadrante ← bot : Merci\u202f! L'étape 1" in out
    assert f"dsi reçoit : Déploiement de {ALPHA}\u202f: l'étape 2 «\u202fcommuniquer\u202f»" in out
    assert f"agent1 reçoit : Rappel\u202f: une formation à {ALPHA}" in out
    assert out.count("Cela fait ") == 2  # D+7 and D+30, shown for the first agent
    trend = out.split("ÉVOLUTION DES RETOURS", 1)[1]
    assert "1 · " in trend and "2 · " in trend and " / 5 · " in trend  # 4 answered, 5 asked
    assert "+" in trend.splitlines()[3]  # the second wave went better
    assert "déjà marquée" not in out  # nobody marks a step done twice
    assert out.count("dsi reçoit") == 1  # only step 2, left undone, is escalated


def test_the_structure_demo_compares_three_communes_served_by_one_bot(tmp_path: Path) -> None:
    """`--structure`: three communes' campaigns at once, each manager's report and position,
    the staff's comparison naming the three; one run, as a newcomer sees it."""
    state = tmp_path / "demo"

    out = demo(state, "--structure")

    in_order(out, [
        "Serveur prêt. Comptes de démonstration",
        "benchmark_threshold = 2 : une note n'est comparée que si au moins 2 communes",
        "Harmonie est prêt.",
        "Les 3 communes évaluent leurs outils en même temps",
        *(f"{c.name} — « !rapport », vu par son encadrante" for c in COMMUNES),
        *(f"{c.name} — « !rapport comparaison », vu par son encadrante" for c in COMMUNES),
        f"L'équipe du {STRUCTURE} demande à son tour",
        "À vous !",
        "Arrêt du bot",
    ])  # fmt: skip
    assert "tests/integration/test_structure.py" in out  # PostgreSQL, several processes
    assert out.count(" a terminé son évaluation (") == 3 * AGENTS
    staff = flat(out.split("demande à son tour", 1)[1].split("À vous !", 1)[0])
    summary = staff.split("Et, de chaque catégorie,", 1)[1]
    categories = [c.name("fr")[:1].upper() + c.name("fr")[1:] for c in DEFAULT_SURVEY.categories]
    for commune in COMMUNES:
        # its report: a score for the tool of each category it equipped everyone with
        report = flat(section(out, f"{commune.name} — « !rapport », vu par son encadrante :"))
        for tool in commune.habits.values():
            assert re.search(rf"— {re.escape(tool)} — note globale \d+,\d/10", report), tool
        assert f"participation : Invités\u202f: {AGENTS} · Commencé\u202f: {AGENTS} · " in report
        # its manager's position in each category, among the two others, as the staff rank it
        heading = f"{commune.name} — « !rapport comparaison », vu par son encadrante :"
        position = flat(section(out, heading))
        assert position.startswith(f"Votre commune parmi les communes comparables — {commune.name}")
        for category in categories:
            mine = re.search(rf"• {re.escape(category)}\u202f: (\d+,\d)/10, (.+?) \(2 communes\)",
                             position)  # fmt: skip
            ranked = re.search(rf"{re.escape(category)} — [^—]*?{re.escape(commune.name)} "
                               r"(\d+,\d) \((\d) sur 3\)", summary)  # fmt: skip
            assert mine and ranked, (commune.key, category)
            assert mine.group(1) == ranked.group(1)
            assert mine.group(2).startswith(RANKED[int(ranked.group(2))]), (mine, ranked)
        # and nothing of the others by name
        for other in COMMUNES:
            if other is not commune:
                short = other.name.removeprefix("Commune de ").split("-")[0]
                assert short not in position, (commune.key, other.key)
    # the staff's comparison: every commune named, in the first message's table too
    assert f"Comparaison des communes — {STRUCTURE}" in staff
    assert "3 communes ont des résultats publiés." in staff
    for commune in COMMUNES:
        assert f"• {commune.name} — Répondants\u202f: {AGENTS} · Note globale\u202f: " in staff
        assert summary.count(f"{commune.name} ") == len(categories)
    # each manager's !rapport froze the commune's release and the scores compared
    assert rows(state, "SELECT key, name FROM organisations ORDER BY key") == sorted(
        (c.key, c.name) for c in COMMUNES
    )
    assert sorted(rows(state, "SELECT organisation FROM benchmark_scores")) == sorted(
        (c.key,) for c in COMMUNES
    )
    assert rows(state, "SELECT COUNT(*) FROM report_releases") == [(3,)]
    # the staff's account, for the person at the keyboard, printed and in demo.json
    accounts = json.loads((state / "demo.json").read_text(encoding="utf-8"))["accounts"]
    [vous] = [a for a in accounts if a["role"] == "staff"]
    assert vous["user_id"] == "@vous:harmonie.localhost"
    assert f"connectez-vous avec {vous['user_id']} (mot de passe {vous['password']})" in flat(out)
    config = (state / "config.toml").read_text(encoding="utf-8")
    assert "\nbenchmark_threshold = 2\n" in config
    assert "[organisations.hohwiller.calendar]\nalsace_moselle = true" in config


# A manager's position, by the rank the staff read for the same commune (no two equal).
RANKED = {1: "au-dessus de toutes", 2: "au-dessus de 50\u202f%", 3: "au niveau le plus bas"}


def section(out: str, heading: str) -> str:
    """What the console quotes under `heading`, to the next blank line."""
    return out.split(heading, 1)[1].split("\n\n", 1)[0].strip()
