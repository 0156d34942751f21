"""What the demo's phase 2 reads in the bot's answers: the recommendation line of
`!rapport choix`, and the suite it names, which the administrator then retains."""

from __future__ import annotations

from pathlib import Path

from bot.catalogue import load_catalogue
from bot.demo.choice import recommendation_in, recommended_suite
from conversations.survey import DEFAULT_SURVEY

EXAMPLE = Path(__file__).resolve().parents[4] / "suites.example.toml"
SUITES = load_catalogue(EXAMPLE, [c.key for c in DEFAULT_SURVEY.categories])
# `!rapport choix` as the bot sends it (narrow no-break spaces before the colons).
REPORT = (
    "Choix de la suite — essai n° 1\n"
    "Suite recommandée\u202f: Suite Alpha (fictive) (9,1/10) — couvre 9/9 besoins, prise en "
    "main 8,3/10 par 4 pilotes, support à Rennes. Suite Bêta (fictive) n'est pas retenue\u202f: "
    "elle ne couvre pas «\u202fgestion de projet\u202f».\n"
    "Pilotes ayant répondu\u202f: 4 (invités\u202f: 5).\n\n"
    "SUITES CANDIDATES\n• Suite Alpha (fictive) — Besoins couverts\u202f: 9/9"
)
TIE = (
    "Choix de la suite — essai n° 1\n"
    "Pas de suite recommandée\u202f: Suite Alpha (fictive) et Suite Bêta (fictive) sont à "
    "égalité (7,0/10)\u202f; le choix revient à l'administrateur.\n"
)


def test_the_recommendation_line_is_found_in_the_report() -> None:
    assert recommendation_in(REPORT) == REPORT.splitlines()[1]
    assert recommendation_in(TIE).startswith("Pas de suite recommandée")
    assert recommendation_in("Choix de la suite — avant tout essai") == ""


def test_the_suite_recommended_is_the_one_the_line_names_first() -> None:
    suite = recommended_suite(recommendation_in(REPORT), SUITES)

    assert suite is not None and suite.key == "alpha"  # not Bêta, named after it


def test_without_a_recommendation_no_suite_is_taken_from_the_line() -> None:
    assert recommended_suite(recommendation_in(TIE), SUITES) is None
    assert recommended_suite("", SUITES) is None
