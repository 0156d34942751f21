"""The catalogue of candidate suites: the shipped example loads, and every mistake an
administrator can make is named by file and key, with the closest right word."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from bot.catalogue import load_catalogue, parse_catalogue
from bot.config import ConfigError
from conversations.survey import DEFAULT_CATEGORIES
from scoring.suites import Accessibility, Deployment, Distribution, Hosting

EXAMPLE = Path(__file__).resolve().parents[3] / "suites.example.toml"
CATEGORIES = [category.key for category in DEFAULT_CATEGORIES]


def suite(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "key": "alpha",
        "name": "Suite Alpha",
        "publisher": "Éditeur Alpha",
        "publisher_country": "FR",
        "hosting": "france",
        "support": {"where": "Rennes", "in_french": True},
        "modules": {"visioconference": "Alpha Visio"},
    }
    data.update(changes)
    return data


def problems_of(*suites: dict[str, Any]) -> list[str]:
    with pytest.raises(ConfigError) as error:
        parse_catalogue({"suites": list(suites)}, source="suites.toml", categories=CATEGORIES)
    return [str(problem) for problem in error.value.problems]


def test_the_shipped_example_loads_with_three_fictitious_suites() -> None:
    suites = load_catalogue(EXAMPLE, CATEGORIES)

    assert [s.key for s in suites] == ["alpha", "beta", "gamma"]
    assert all("fictive" in s.name for s in suites)
    alpha = suites[0]
    assert alpha.hosting is Hosting.FRANCE
    assert alpha.support.where == "Rennes" and alpha.support.in_french
    assert alpha.support.country == "FR"
    assert alpha.price_per_user_month == Decimal("6.5")
    assert alpha.module_for("ged") == "Alpha Documents"
    assert suites[1].price_per_user_month is None
    assert suites[2].module_for("sondage") is None


def test_where_pilots_try_a_suite_is_read_as_written_and_optional() -> None:
    suites = load_catalogue(EXAMPLE, CATEGORIES)
    assert suites[0].trial_access == "https://essai.alpha.example — compte créé par la DSI"
    assert all(s.trial_access.startswith("https://") and ".example" in s.trial_access
               for s in suites)  # fmt: skip

    (written,) = parse_catalogue(
        {"suites": [suite(trial_access="  https://a.example\n  compte créé par la DSI ")]},
        source="suites.toml",
        categories=CATEGORIES,
    )
    (left_out,) = parse_catalogue({"suites": [suite()]}, source="s.toml", categories=CATEGORIES)
    assert written.trial_access == "https://a.example compte créé par la DSI"
    assert left_out.trial_access == ""


def test_the_buyers_headings_of_the_example_load() -> None:
    alpha, beta, gamma = load_catalogue(EXAMPLE, CATEGORIES)

    assert alpha.distribution is Distribution.FREE_SOFTWARE
    assert alpha.deployment == (Deployment.ON_PREMISES, Deployment.CLOUD)
    assert alpha.purchasing == ("UGAP",)
    assert alpha.accessibility is Accessibility.PARTIALLY_COMPLIANT
    assert alpha.economic_model.startswith("abonnement par agent et par mois")
    assert "formats ouverts" in alpha.reversibility
    assert beta.distribution is Distribution.HYBRID and beta.deployment == (Deployment.CLOUD,)
    assert beta.purchasing == () and beta.accessibility is None  # none lists it; not stated
    assert gamma.distribution is Distribution.PROPRIETARY
    assert gamma.purchasing is None  # not stated
    assert gamma.accessibility is Accessibility.NOT_COMPLIANT


def test_the_buyers_headings_are_optional_and_read_tidily() -> None:
    (silent,) = parse_catalogue({"suites": [suite()]}, source="s.toml", categories=CATEGORIES)
    (written,) = parse_catalogue(
        {
            "suites": [
                suite(
                    distribution="hybride",
                    deployment=["cloud", "sur_site", "cloud"],
                    economic_model="  abonnement\n  par agent ",
                    purchasing=["UGAP", " UGAP ", "CAIH"],
                    accessibility="non_conforme",
                    reversibility=" export   ODF ",
                )
            ]
        },
        source="s.toml",
        categories=CATEGORIES,
    )

    assert (silent.distribution, silent.deployment, silent.economic_model) == (None, (), "")
    assert (silent.purchasing, silent.accessibility, silent.reversibility) == (None, None, "")
    assert written.distribution is Distribution.HYBRID
    assert written.deployment == (Deployment.ON_PREMISES, Deployment.CLOUD)  # once each
    assert written.economic_model == "abonnement par agent"
    assert written.purchasing == ("UGAP", "CAIH")
    assert written.accessibility is Accessibility.NOT_COMPLIANT
    assert written.reversibility == "export ODF"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"distribution": "Libre"},
         "suites.toml: suites.distribution: entry 1: expected 'libre', 'proprietaire' or "
         "'hybride'"),
        ({"distribution": "propriétaire"},
         "suites.toml: suites.distribution: entry 1: expected 'libre', 'proprietaire' or "
         "'hybride'"),
        ({"accessibility": "conforme"},
         "suites.toml: suites.accessibility: entry 1: expected 'totale', 'partielle' or "
         "'non_conforme'"),
        # the suite's entry, then the item of its list: not "entry 2"
        ({"deployment": ["cloud", "on-premise"]},
         "suites.toml: suites.deployment: entry 1, item 2: expected 'sur_site' or 'cloud'"),
        ({"deployment": "cloud"},
         'suites.toml: suites.deployment: entry 1: expected a list, e.g. ["a", "b"]'),
        ({"purchasing": ["UGAP", " "]},
         "suites.toml: suites.purchasing: entry 1, item 2: must not be empty"),
        ({"economic_model": 12},
         'suites.toml: suites.economic_model: entry 1: expected a text string in quotes, '
         'e.g. "..."'),
    ],
)  # fmt: skip
def test_a_wrong_value_of_a_buyers_heading_names_the_allowed_ones(
    changes: dict[str, Any], expected: str
) -> None:
    assert problems_of(suite(**changes)) == [expected]


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("distribtion", "distribution"),
        ("deploiement", "deployment"),
        ("economic-model", "economic_model"),
        ("purchase", "purchasing"),
        ("accessibilite", "accessibility"),
        ("reversibilite", "reversibility"),
    ],
)
def test_a_typo_in_a_buyers_heading_names_the_key_it_probably_meant(typed: str, meant: str) -> None:
    assert problems_of(suite(**{typed: "x"})) == [
        f"suites.toml: suites.{typed}: entry 1: unknown key (did you mean '{meant}'?)"
    ]


def test_a_typo_in_a_key_is_named_with_the_key_it_probably_meant() -> None:
    typed = suite(hostng="france")
    del typed["hosting"]

    assert problems_of(typed) == [
        "suites.toml: suites.hosting: entry 1: required key is missing",
        "suites.toml: suites.hostng: entry 1: unknown key (did you mean 'hosting'?)",
    ]


def test_a_category_the_survey_does_not_have_is_refused_with_the_closest_one() -> None:
    assert problems_of(suite(modules={"visio-conference": "Alpha Visio"})) == [
        "suites.toml: suites.modules.visio-conference: entry 1: not a category of the survey"
        " (did you mean 'visioconference'?)"
    ]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"hosting": "usa"}, "suites.hosting: entry 1: expected 'france', 'eu' or 'outside_eu'"),
        ({"publisher_country": "France"}, "two-letter country code in capitals"),
        ({"key": "Suite Alpha"}, 'use lower-case letters, digits, "-" or "_"'),
        ({"price_per_user_month": -1}, "suites.price_per_user_month: entry 1: must be at least 0"),
        ({"price_per_user_month": "cher"}, "expected a number"),
        ({"name": "  "}, "suites.name: entry 1: must not be empty"),
    ],
)
def test_a_wrong_value_is_explained_without_being_repeated(
    changes: dict[str, Any], expected: str
) -> None:
    [problem] = problems_of(suite(**changes))

    assert expected in problem
    for value in changes.values():
        if isinstance(value, str) and value.strip():
            assert value not in problem.split(": ", 2)[-1]


def test_two_suites_with_one_key_are_refused() -> None:
    assert problems_of(suite(), suite(name="Autre")) == [
        "suites.toml: suites.key: entry 2: this key is already used"
    ]


def test_an_empty_catalogue_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "suites.toml"
    path.write_text("# nothing yet\n", encoding="utf-8")

    with pytest.raises(ConfigError, match=r"suites.toml: suites: missing section \[\[suites\]\]"):
        load_catalogue(path, CATEGORIES)


def test_a_missing_file_and_a_toml_error_are_said_plainly(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="file not found"):
        load_catalogue(tmp_path / "absent.toml", CATEGORIES)
    broken = tmp_path / "broken.toml"
    broken.write_text("[[suites]]\nkey = \n", encoding="utf-8")
    with pytest.raises(ConfigError, match="TOML syntax error at line 2"):
        load_catalogue(broken, CATEGORIES)
