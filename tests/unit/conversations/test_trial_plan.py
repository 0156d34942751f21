"""What a pilot trial asks (its plan, from the catalogue and the evaluation's needs) and
the day it asks it: pure rules shared by `!essai`, the invitations and the questions' job."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

import pytest

from conversations.calendar import WorkingCalendar
from conversations.rules import trial_ask_day
from conversations.survey import DEFAULT_CATEGORIES
from conversations.trial_plan import trial_plan
from scoring.suites import Hosting, Suite, Support

CATEGORIES = [c.key for c in DEFAULT_CATEGORIES]
CALENDAR = WorkingCalendar(timezone=ZoneInfo("Europe/Paris"))


@dataclass(frozen=True)
class OnTrial:
    suites: tuple[str, ...]
    closes_on: date | None = None


def suite(key: str, modules: dict[str, str]) -> Suite:
    # Written in another order than the survey's: the plan follows the survey.
    return Suite(
        key=key,
        name=f"Suite {key.title()}",
        publisher="Éditeur",
        publisher_country="FR",
        hosting=Hosting.FRANCE,
        support=Support("Rennes", True),
        modules=tuple(reversed(modules.items())),
    )


ALPHA = suite("alpha", {"visioconference": "A Visio", "sondage": "A Forms", "ged": "A Docs"})
BETA = suite("beta", {"messagerie": "B Chat", "ged": "B Drive"})


def modules(plan: object) -> list[tuple[str, list[tuple[str, str]]]]:
    return [(s.key, [(m.category, m.module) for m in s.modules]) for s in plan.suites]  # type: ignore[attr-defined]


def test_each_suite_is_asked_about_its_modules_for_the_needed_categories_in_survey_order() -> None:
    plan = trial_plan(
        OnTrial(("beta", "alpha")), [ALPHA, BETA], ["ged", "visioconference"], CATEGORIES
    )

    assert modules(plan) == [
        ("beta", [("ged", "B Drive")]),
        ("alpha", [("visioconference", "A Visio"), ("ged", "A Docs")]),
    ]
    assert [s.name for s in plan.suites] == ["Suite Beta", "Suite Alpha"]


def test_without_needs_every_category_a_suite_covers_is_asked() -> None:
    plan = trial_plan(OnTrial(("alpha",), date(2027, 1, 29)), [ALPHA, BETA], None, CATEGORIES)

    assert modules(plan) == [
        ("alpha", [("visioconference", "A Visio"), ("sondage", "A Forms"), ("ged", "A Docs")])
    ]
    assert plan.closes_on == date(2027, 1, 29)


def test_a_suite_covering_no_need_is_kept_with_nothing_to_rate() -> None:
    plan = trial_plan(OnTrial(("alpha", "beta")), [ALPHA, BETA], ["sondage"], CATEGORIES)

    assert modules(plan) == [("alpha", [("sondage", "A Forms")]), ("beta", [])]


def test_a_suite_gone_from_the_catalogue_keeps_its_place_under_its_key() -> None:
    plan = trial_plan(OnTrial(("alpha", "old")), [ALPHA], None, CATEGORIES)

    assert [(s.key, s.name, s.modules) for s in plan.suites][1] == ("old", "old", ())


@pytest.mark.parametrize(
    ("closes_on", "working_days", "asked_on"),
    [
        (date(2027, 1, 29), 3, date(2027, 1, 26)),  # Friday: the Tuesday before
        (date(2027, 1, 31), 3, date(2027, 1, 27)),  # Sunday: from the Friday before
        (date(2027, 1, 26), 3, date(2027, 1, 21)),  # Tuesday: across the weekend
        (date(2027, 4, 1), 3, date(2027, 3, 26)),  # Easter Monday 29 March is not counted
        (date(2027, 1, 29), 0, date(2027, 1, 29)),  # 0: on the last day
    ],
)
def test_the_questions_go_out_some_working_days_before_the_end(
    closes_on: date, working_days: int, asked_on: date
) -> None:
    assert trial_ask_day(closes_on, working_days, CALENDAR) == asked_on
