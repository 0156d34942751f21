"""The structure demo's console: the bot's long answers cut to what tells the story (a
commune's ranking, each commune's score and rank for the staff), the manager's position
whole but for its introduction, and the rest in French with every account to log in."""

from __future__ import annotations

import io
import re
from pathlib import Path

from bot.demo.console import DemoAccount
from bot.demo.structure import People
from bot.demo.structure_console import (
    StructureConsole,
    participation,
    ranking,
    standings,
)
from scoring.benchmark import Figure, OrganisationScores, organisation_benchmark, staff_benchmark
from scoring.benchmark_render import organisation_message, staff_message
from scoring.records import CategorySpec, CriterionSpec, ScoringSpec

URL = "http://127.0.0.1:8008"
STRUCTURE = "Centre de gestion de Démonstration"
NNBSP = "\u202f"
# The head and the end of a commune's `!rapport`, as the bot sends it (narrow no-break spaces).
REPORT = (
    "Rapport — campagne n° 1 «\u202fOutils collaboratifs 2027\u202f»\n\n"
    "CLASSEMENT\n"
    "• visioconférence — Visio Tchap — Répondants\u202f: 4 · Note globale\u202f: 6,6 · "
    "Rang (catégorie)\u202f: 1 · Efficacité / coût / sécurité / assimilation par les "
    "équipes\u202f: 4,2 / 8,5 / 9,8 / 4,0\n"
    "• messagerie instantanée — Tchap — Répondants\u202f: 4 · Note globale\u202f: 7,8 · "
    "Rang (catégorie)\u202f: 1 · Efficacité / coût / sécurité / assimilation par les "
    "équipes\u202f: 7,5 / 9,0 / 8,8 / 6,0\n\n"
    "MANQUES\n"
    "• visioconférence — Répondants\u202f: 4 · Sans outil\u202f: 0 · Verdict\u202f: —\n\n"
    "PARTICIPATION\n"
    "• Direction générale — Invités\u202f: moins de 3 · Commencé\u202f: moins de 3\n"
    "• Total — Invités\u202f: 4 · Commencé\u202f: 4 · Terminé\u202f: 4"
)
SPEC = ScoringSpec(
    categories=(
        CategorySpec("visioconference", "visioconférence"),
        CategorySpec("ged", "gestion électronique des documents (GED)"),
    ),
    criteria=(CriterionSpec("efficacite", "efficacité", 1.0), CriterionSpec("cout", "coût", 1.0)),
    anonymity_threshold=3,
    problem_threshold=5.0,
)
NAMES = ["visioconférence", "gestion électronique des documents (GED)"]


def scores(key: str, name: str, visio: float, ged: float | None) -> OrganisationScores:
    """A commune's scores, each criterion as its category's; no GED score when `ged` is None."""
    figures = [Figure("visioconference", c, visio, 4) for c in (None, "efficacite", "cout")]
    if ged is not None:
        figures += [Figure("ged", c, ged, 4) for c in (None, "efficacite", "cout")]
    return OrganisationScores(key, name, tuple(figures), 3)


COMMUNES = [
    scores("kerbihan", "Commune de Kerbihan", 6.6, None),
    scores("hohwiller", "Commune de Hohwiller-sur-Moder", 5.3, 6.7),
    scores("saint-aubin", "Commune de Saint-Aubin-des-Prés", 5.8, 6.4),
]


def staff_replies() -> list[str]:
    """The staff's comparison as the bot sends it when it does not fit one message: one
    category a message."""
    benchmark = staff_benchmark(SPEC, COMMUNES, 2)
    return [staff_message(benchmark, STRUCTURE, "fr", [c.key])[0] for c in SPEC.categories]


def account(role: str, localpart: str) -> DemoAccount:
    return DemoAccount(role, f"@{localpart}:harmonie.localhost", f"{localpart}-1")


def test_a_communes_report_is_cut_to_its_ranking_and_its_participation() -> None:
    assert ranking(REPORT) == [
        "visioconférence — Visio Tchap — note globale 6,6/10",
        "messagerie instantanée — Tchap — note globale 7,8/10",
    ]
    assert participation(REPORT) == (
        f"participation : Invités{NNBSP}: 4 · Commencé{NNBSP}: 4 · Terminé{NNBSP}: 4"
    )


def test_a_report_without_results_yet_has_no_ranking_to_show() -> None:
    assert ranking("Rapport — campagne n° 1\n\nPARTICIPATION\n• Total — Invités\u202f: 4") == []


def test_the_staffs_comparison_gives_each_category_its_communes_highest_first() -> None:
    assert standings(staff_replies(), NAMES) == [
        "Visioconférence — Commune de Kerbihan 6,6 (1 sur 3) · Commune de Saint-Aubin-des-Prés "
        "5,8 (2 sur 3) · Commune de Hohwiller-sur-Moder 5,3 (3 sur 3)",
        # compared among two: Kerbihan has no score there, and says so rather than a rank
        "Gestion électronique des documents (GED) — Commune de Hohwiller-sur-Moder 6,7 (1 sur 2)"
        " · Commune de Saint-Aubin-des-Prés 6,4 (2 sur 2)",
    ]


def test_the_staffs_comparison_in_one_message_reads_the_same() -> None:
    whole = staff_message(staff_benchmark(SPEC, COMMUNES, 2), STRUCTURE, "fr")[0]

    assert standings([whole], NAMES) == standings(staff_replies(), NAMES)


def test_a_manager_reads_their_position_whole_but_for_the_introduction_told_once() -> None:
    benchmark = organisation_benchmark(SPEC, COMMUNES, "saint-aubin", 2)
    reply, _ = organisation_message(benchmark)
    out = io.StringIO()

    StructureConsole(out).position("Commune de Saint-Aubin-des-Prés", reply, 2)

    shown = out.getvalue()
    assert "Chaque note de votre commune est située" in reply
    assert "Chaque note de votre commune est située" not in shown
    assert f"• Visioconférence{NNBSP}: 5,8/10, au-dessus de 50{NNBSP}% des communes" in shown
    assert "pas assez de communes comparables" in shown  # GED: one other only
    assert "Kerbihan" not in shown and "Hohwiller" not in shown


def test_the_story_names_every_account_to_log_in_with_and_the_threshold_of_two(
    tmp_path: Path,
) -> None:
    staff = account("staff", "vous")
    cast = [
        ("Commune de Kerbihan", People(account("admin", "kerbihan.dsi"),
         account("manager", "kerbihan.encadrante"),
         (account("simulated", "kerbihan.agent1"), account("simulated", "kerbihan.agent4")))),
    ]  # fmt: skip
    out = io.StringIO()
    console = StructureConsole(out)

    console.structure_accounts(STRUCTURE, staff, cast, URL, tmp_path / "demo.json")
    console.configuration(tmp_path / "config.toml", 3, 2, 3)
    console.staff_comparison(STRUCTURE, staff.user_id, staff_replies(), NAMES)
    console.structure_next_steps(URL, staff, [("Commune de Kerbihan", cast[0][1].manager)])

    text = out.getvalue()
    assert re.search(r"vous \(équipe\) +@vous:harmonie.localhost +vous-1", text)
    assert re.search(r"encadrante +@kerbihan.encadrante:harmonie.localhost +kerbihan", text)
    assert "agents simulés  @kerbihan.agent1:harmonie.localhost … @kerbihan.agent4" in text
    assert "benchmark_threshold = 2 : une note n'est comparée que si au moins 2 communes" in text
    assert "tests/integration/test_structure.py" in text  # PostgreSQL, several processes
    assert "Le bot lui répond\nen 2 messages, un par catégorie" in text
    after = text.split("À vous !", 1)[1]
    assert "@vous:harmonie.localhost (mot de passe vous-1)" in after
    assert (
        "@kerbihan.encadrante:harmonie.localhost\n    (mot de passe kerbihan.encadrante-1)" in after
    )
    assert all(len(line) <= 92 for line in text.splitlines() if str(tmp_path) not in line)
